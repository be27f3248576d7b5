//! The kinds of interaction an edge stands for, and the counts that describe a network.

/// The kind of interaction behind an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    Retweet,
    Reply,
    Mention,
    Quote,
    /// An edge a network file gave (GEXF, GraphML, CSV tables) whose type is none of
    /// the four above.
    Link,
}

impl EdgeKind {
    pub const ALL: [Self; 5] = [
        Self::Retweet,
        Self::Reply,
        Self::Mention,
        Self::Quote,
        Self::Link,
    ];
    /// The four kinds tweets make.
    pub const OF_TWEETS: [Self; 4] = [Self::Retweet, Self::Reply, Self::Mention, Self::Quote];
    pub const COUNT: usize = Self::ALL.len();

    /// The kind an edge type of a network file names (`retweet`, `RT`, `replies`, …),
    /// [`EdgeKind::Link`] for any other.
    pub fn of_type_name(name: &str) -> Self {
        match name.trim().to_ascii_lowercase().as_str() {
            "retweet" | "retweets" | "rt" => Self::Retweet,
            "reply" | "replies" => Self::Reply,
            "mention" | "mentions" => Self::Mention,
            "quote" | "quotes" => Self::Quote,
            _ => Self::Link,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Retweet => "retweet",
            Self::Reply => "reply",
            Self::Mention => "mention",
            Self::Quote => "quote",
            Self::Link => "link",
        }
    }
}

/// Counts describing the network.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphStats {
    /// Distinct directed account pairs, over all kinds.
    pub distinct_pairs: u64,
    /// Distinct directed account pairs of each kind ([`EdgeKind::ALL`] order).
    pub pairs_by_kind: [u64; EdgeKind::COUNT],
    /// Interactions (tweets, or mentions) of each kind.
    pub interactions_by_kind: [u64; EdgeKind::COUNT],
}
