//! [`Dataset`]: everything loaded from archive files (accounts, tweets, campaigns,
//! interned strings, the load's warnings).

use super::accounts::Accounts;
use super::campaign::Campaign;
use super::ids::AccountIdx;
use super::interner::Interner;
use super::tweets::Tweets;

/// A problem with one row (or a few rows) of an input file that was skipped or repaired.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LoadWarning {
    /// The file (and for archives, the entry) the row came from.
    pub file: String,
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// What was wrong and what was done about it.
    pub reason: String,
}

impl std::fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// Interned string tables shared by the tweet columns.
#[derive(Default, Debug)]
pub struct Strings {
    /// Lower-cased language codes (tweet and account languages).
    pub languages: Interner,
    /// Posting clients (`tweet_client_name`).
    pub clients: Interner,
    /// Hashtags, without a leading `#`.
    pub hashtags: Interner,
    /// URLs as they appear in the `urls` column.
    pub urls: Interner,
}

impl Strings {
    /// Heap bytes held by the four interners.
    pub fn heap_bytes(&self) -> u64 {
        self.languages.heap_bytes()
            + self.clients.heap_bytes()
            + self.hashtags.heap_bytes()
            + self.urls.heap_bytes()
    }
}

/// Everything loaded from one or more archive files.
#[derive(Default, Debug)]
pub struct Dataset {
    pub accounts: Accounts,
    pub tweets: Tweets,
    pub campaigns: Vec<Campaign>,
    pub strings: Strings,
    /// Warnings kept for the load report (at most a few hundred per file).
    pub warnings: Vec<LoadWarning>,
    /// Total number of warnings, including those not kept.
    pub warning_count: u64,
    /// Where each tweet's row is, when texts were not kept (read on demand).
    pub text_sources: Option<super::text_sources::TextSources>,
    /// The network as a network file gave it (GEXF, GraphML, CSV tables): its edges,
    /// node attributes, positions and colours. `None` for archives.
    pub graph_file: Option<super::graph_file::GraphFile>,
    /// Accounts named by their screen names (tweet collections that give no ids, such
    /// as the IRA CSV): such ids are not an archive's hashes.
    pub ids_are_handles: bool,
}

impl Dataset {
    /// The country of a core account, or `None` for outside accounts.
    pub fn account_country(&self, account: AccountIdx) -> Option<&str> {
        let campaign = self.accounts.campaign(account)?;
        self.campaigns
            .get(usize::from(campaign))
            .map(|c| c.country.as_str())
    }

    /// Index of a campaign by name, adding it (with its country) when new.
    pub fn campaign_index(&mut self, name: &str, country: &str) -> u16 {
        if let Some(i) = self.campaigns.iter().position(|c| c.name == name) {
            return u16::try_from(i).unwrap_or(u16::MAX);
        }
        self.campaigns.push(Campaign {
            name: name.to_owned(),
            country: country.to_owned(),
        });
        u16::try_from(self.campaigns.len() - 1).unwrap_or(u16::MAX)
    }
}
