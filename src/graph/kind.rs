//! The kinds of interaction an edge stands for, and the counts that describe a network.

/// The kind of interaction behind an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    Retweet,
    Reply,
    Mention,
    Quote,
}

impl EdgeKind {
    pub const ALL: [Self; 4] = [Self::Retweet, Self::Reply, Self::Mention, Self::Quote];

    pub fn label(self) -> &'static str {
        match self {
            Self::Retweet => "retweet",
            Self::Reply => "reply",
            Self::Mention => "mention",
            Self::Quote => "quote",
        }
    }
}

/// Counts describing the network.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphStats {
    /// Distinct directed account pairs, over all kinds.
    pub distinct_pairs: u64,
    /// Distinct directed account pairs of each kind ([`EdgeKind::ALL`] order).
    pub pairs_by_kind: [u64; 4],
    /// Interactions (tweets, or mentions) of each kind.
    pub interactions_by_kind: [u64; 4],
}
