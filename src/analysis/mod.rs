//! What the data says, as pure functions of a dataset, its network and a filter's
//! masks: the headline figures ([`summary`]), posting activity over time, posting hours
//! and account creation ([`activity`]), the inspector's digest of one account
//! ([`inspect`]) and finding an account ([`search`]). Nothing here knows about egui or
//! threads; the communities, centrality and coordination work belongs here too.

pub mod activity;
pub mod inspect;
pub mod search;
pub mod summary;
