//! What the data says, as pure functions of a dataset, its network and a filter's
//! masks: the headline figures ([`summary`]), posting activity over time, posting hours
//! and account creation ([`activity`]), the inspector's digest of one account
//! ([`inspect`]), coordination networks ([`coordination`], with the exact set-similarity
//! join of [`similarity`]; tested against a time-shuffled null model ([`significance`]),
//! weighed by TF-IDF ([`tfidf`]), all as the parameters ask in [`coordinated`]), communities
//! ([`communities`]), centrality ([`centrality`]) on the network of choice ([`subnetwork`]), finding an account ([`search`]) and numbers as text ([`numbers`]). Nothing here knows about egui or
//! threads; the communities, centrality and coordination work belongs here too.

pub mod activity;
pub mod centrality;
pub mod communities;
pub mod coordinated;
pub mod coordination;
pub mod inspect;
pub mod numbers;
pub mod search;
pub mod significance;
pub mod similarity;
pub mod subnetwork;
pub mod summary;
pub mod tfidf;
