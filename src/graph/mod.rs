//! The account network, the one graph every layer above works on: accounts are nodes;
//! directed, typed edges (retweet, reply, mention, quote) weighted by the number of
//! interactions behind them ([`Network`], built in parallel from the tweet columns by
//! radix sorting packed (source, target) keys), and the tweets behind each edge
//! ([`Evidence`], made in the same pass). [`interactions`] says which interactions a tweet makes; the
//! network hands itself to petgraph ([`Network::to_petgraph`]) where petgraph's
//! algorithms serve.

pub mod evidence;
pub mod interactions;
pub mod kind;
pub mod network;
pub mod radix;

pub use evidence::Evidence;
pub use interactions::{for_each_interaction, quoted_authors};
pub use kind::{EdgeKind, GraphStats};
pub use network::{Edge, Network};
