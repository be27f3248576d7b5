//! The account table, as columns. An account is *core* (in a release: it has a row in a
//! users file or authored tweets in it) or *outside* (only referenced by core tweets).

use hashbrown::HashTable;
use rustc_hash::FxHashMap;

use super::interner::string_hash;

use super::ids::AccountIdx;

/// An account's id as the archive gives it: a number, or a hash for accounts that had
/// fewer than 5,000 followers at release time (any id that is not all digits).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccountId {
    Numeric(u64),
    Hashed(Box<str>),
}

impl AccountId {
    /// Classifies an id field: all digits (and fits 64 bits) → numeric, else hashed.
    /// Returns `None` for an empty field.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        if raw.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = raw.parse::<u64>()
        {
            return Some(Self::Numeric(n));
        }
        Some(Self::Hashed(raw.into()))
    }

    pub fn is_hashed(&self) -> bool {
        matches!(self, Self::Hashed(_))
    }
}

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Numeric(n) => write!(f, "{n}"),
            Self::Hashed(h) => f.write_str(h),
        }
    }
}

/// Whether an account is part of a release or only referenced by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Core,
    Outside,
}

/// The descriptive fields of an account, as read from a users file or a tweet row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub screen_name: Box<str>,
    pub display_name: Box<str>,
    pub reported_location: Box<str>,
    pub description: Box<str>,
    pub url: Box<str>,
    pub follower_count: Option<u32>,
    pub following_count: Option<u32>,
    /// Days since 1970-01-01.
    pub created_days: Option<i32>,
    /// Lower-cased account language as read (the table keeps it as a symbol).
    pub language: Box<str>,
}

/// All accounts, as columns indexed by [`AccountIdx`].
#[derive(Default, Debug)]
pub struct Accounts {
    ids: Vec<AccountId>,
    numeric_index: FxHashMap<u64, AccountIdx>,
    /// Accounts with hashed ids, found by [`string_hash`] of the id.
    hashed_index: HashTable<AccountIdx>,
    pub screen_name: Vec<Box<str>>,
    pub display_name: Vec<Box<str>>,
    pub reported_location: Vec<Box<str>>,
    pub description: Vec<Box<str>>,
    pub url: Vec<Box<str>>,
    pub follower_count: Vec<Option<u32>>,
    pub following_count: Vec<Option<u32>>,
    pub created_days: Vec<Option<i32>>,
    /// Symbol in [`super::Strings::languages`] (0 = unknown).
    pub language: Vec<u32>,
    /// Campaign index of core accounts (`u16::MAX` for outside accounts).
    campaign: Vec<u16>,
    has_profile: Vec<bool>,
}

const NO_CAMPAIGN: u16 = u16::MAX;

/// The hashed id of account `a`, if it has one.
fn hashed_id(ids: &[AccountId], a: AccountIdx) -> Option<&str> {
    match ids.get(a as usize) {
        Some(AccountId::Hashed(h)) => Some(h),
        _ => None,
    }
}

impl Accounts {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn id(&self, a: AccountIdx) -> &AccountId {
        &self.ids[a as usize]
    }

    pub fn ids(&self) -> &[AccountId] {
        &self.ids
    }

    /// Heap bytes held by the accounts' columns, profiles and indexes.
    pub fn heap_bytes(&self) -> u64 {
        use super::heap::{boxed_strs_bytes, vec_bytes};
        let hashed: u64 = self
            .ids
            .iter()
            .map(|id| match id {
                AccountId::Hashed(h) => h.len() as u64,
                AccountId::Numeric(_) => 0,
            })
            .sum();
        let texts = [
            &self.screen_name,
            &self.display_name,
            &self.reported_location,
            &self.description,
            &self.url,
        ];
        vec_bytes(&self.ids)
            + hashed
            + texts
                .iter()
                .map(|t| vec_bytes(t) + boxed_strs_bytes(t))
                .sum::<u64>()
            + vec_bytes(&self.follower_count)
            + vec_bytes(&self.following_count)
            + vec_bytes(&self.created_days)
            + vec_bytes(&self.language)
            + vec_bytes(&self.campaign)
            + vec_bytes(&self.has_profile)
            + (self.numeric_index.capacity() * (8 + 4 + 1)) as u64
            + (self.hashed_index.capacity() * (4 + 1)) as u64
    }

    /// Finds an account by id.
    pub fn find(&self, id: &AccountId) -> Option<AccountIdx> {
        match id {
            AccountId::Numeric(n) => self.numeric_index.get(n).copied(),
            AccountId::Hashed(h) => self.find_hashed(h),
        }
    }

    /// Finds an account by a hashed id, without allocating.
    pub fn find_hashed(&self, hash: &str) -> Option<AccountIdx> {
        self.find_hashed_with(hash, string_hash(hash))
    }

    /// [`Accounts::find_hashed`] with `key` = [`string_hash`]`(hash)` computed beforehand.
    pub fn find_hashed_with(&self, hash: &str, key: u64) -> Option<AccountIdx> {
        let ids = &self.ids;
        self.hashed_index
            .find(key, |&a| hashed_id(ids, a) == Some(hash))
            .copied()
    }

    /// The index of the account with a hashed id (`key` = [`string_hash`]`(hash)`),
    /// adding it (as an outside account without profile) when new.
    pub fn get_or_insert_hashed(&mut self, hash: &str, key: u64) -> AccountIdx {
        match self.find_hashed_with(hash, key) {
            Some(a) => a,
            None => self.push(AccountId::Hashed(hash.into()), key),
        }
    }

    /// Finds an account by the text of its id.
    pub fn find_str(&self, raw: &str) -> Option<AccountIdx> {
        AccountId::parse(raw).and_then(|id| self.find(&id))
    }

    /// The index of an account, adding it (as an outside account without profile) when new.
    pub fn get_or_insert(&mut self, id: AccountId) -> AccountIdx {
        if let Some(a) = self.find(&id) {
            return a;
        }
        let key = match &id {
            AccountId::Hashed(h) => string_hash(h),
            AccountId::Numeric(_) => 0,
        };
        self.push(id, key)
    }

    /// Adds an account known to be new (`key`: the hash of a hashed id).
    fn push(&mut self, id: AccountId, key: u64) -> AccountIdx {
        let a = AccountIdx::try_from(self.ids.len()).unwrap_or(AccountIdx::MAX - 1);
        match &id {
            AccountId::Numeric(n) => {
                self.numeric_index.insert(*n, a);
            }
            AccountId::Hashed(_) => {
                let ids = &self.ids;
                self.hashed_index
                    .insert_unique(key, a, |&b| hashed_id(ids, b).map_or(0, string_hash));
            }
        }
        self.ids.push(id);
        self.screen_name.push(Box::default());
        self.display_name.push(Box::default());
        self.reported_location.push(Box::default());
        self.description.push(Box::default());
        self.url.push(Box::default());
        self.follower_count.push(None);
        self.following_count.push(None);
        self.created_days.push(None);
        self.language.push(0);
        self.campaign.push(NO_CAMPAIGN);
        self.has_profile.push(false);
        a
    }

    /// Whether a profile (from a users file or a tweet row) was recorded.
    pub fn has_profile(&self, a: AccountIdx) -> bool {
        self.has_profile[a as usize]
    }

    /// Records a profile unless one is there already (the first one seen wins).
    pub fn set_profile_if_missing(&mut self, a: AccountIdx, p: Profile, language: u32) {
        if self.has_profile[a as usize] {
            return;
        }
        self.set_profile(a, p, language);
    }

    /// Records a profile, replacing any (a handle known before its account's profile).
    pub fn set_profile(&mut self, a: AccountIdx, p: Profile, language: u32) {
        let i = a as usize;
        self.has_profile[i] = true;
        self.screen_name[i] = p.screen_name;
        self.display_name[i] = p.display_name;
        self.reported_location[i] = p.reported_location;
        self.description[i] = p.description;
        self.url[i] = p.url;
        self.follower_count[i] = p.follower_count;
        self.following_count[i] = p.following_count;
        self.created_days[i] = p.created_days;
        self.language[i] = language;
    }

    /// Takes in the accounts of a table built apart (a later file read in parallel), as
    /// if their rows had been read after this table's: each account is found or added in
    /// `other`'s order, made core in its campaign (`campaign` renumbers `other`'s) where
    /// it is core there, and given `other`'s profile where it has none yet (`language`
    /// renumbers the profile's language symbol). Returns the index here of each of
    /// `other`'s accounts.
    pub fn absorb(
        &mut self,
        other: Accounts,
        campaign: impl Fn(u16) -> u16,
        mut language: impl FnMut(u32) -> u32,
    ) -> Vec<AccountIdx> {
        let Accounts {
            ids,
            screen_name,
            display_name,
            reported_location,
            description,
            url,
            follower_count,
            following_count,
            created_days,
            language: languages,
            campaign: campaigns,
            has_profile,
            ..
        } = other;
        let mut profiles = screen_name
            .into_iter()
            .zip(display_name)
            .zip(reported_location)
            .zip(description)
            .zip(url);
        let mut map = Vec::with_capacity(ids.len());
        for (i, id) in ids.into_iter().enumerate() {
            let a = self.get_or_insert(id);
            map.push(a);
            let ((((screen_name, display_name), reported_location), description), url) =
                profiles.next().unwrap_or_default();
            if let Some(&c) = campaigns.get(i)
                && c != NO_CAMPAIGN
            {
                self.mark_core(a, campaign(c));
            }
            if has_profile.get(i) == Some(&true) && !self.has_profile(a) {
                let profile = Profile {
                    screen_name,
                    display_name,
                    reported_location,
                    description,
                    url,
                    follower_count: follower_count.get(i).copied().flatten(),
                    following_count: following_count.get(i).copied().flatten(),
                    created_days: created_days.get(i).copied().flatten(),
                    language: Box::default(),
                };
                let symbol = language(languages.get(i).copied().unwrap_or(0));
                self.set_profile(a, profile, symbol);
            }
        }
        map
    }

    /// Makes an account core in a campaign (the first campaign wins).
    pub fn mark_core(&mut self, a: AccountIdx, campaign: u16) {
        let c = &mut self.campaign[a as usize];
        if *c == NO_CAMPAIGN {
            *c = campaign;
        }
    }

    pub fn role(&self, a: AccountIdx) -> Role {
        if self.campaign[a as usize] == NO_CAMPAIGN {
            Role::Outside
        } else {
            Role::Core
        }
    }

    /// Campaign index of a core account.
    pub fn campaign(&self, a: AccountIdx) -> Option<u16> {
        let c = *self.campaign.get(a as usize)?;
        (c != NO_CAMPAIGN).then_some(c)
    }

    /// Name to show for an account: its screen name, else its id.
    pub fn label(&self, a: AccountIdx) -> String {
        let name = &self.screen_name[a as usize];
        if name.is_empty() {
            self.ids[a as usize].to_string()
        } else {
            name.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_hashed_when_not_all_digits() {
        assert_eq!(AccountId::parse("123"), Some(AccountId::Numeric(123)));
        assert!(AccountId::parse("Ab3+/x==").is_some_and(|i| i.is_hashed()));
        assert!(AccountId::parse("12a").is_some_and(|i| i.is_hashed()));
        // Too long for 64 bits: still an id, kept as text.
        assert!(AccountId::parse("123456789012345678901234567890").is_some_and(|i| i.is_hashed()));
        assert_eq!(AccountId::parse("  "), None);
    }

    #[test]
    fn core_and_profile_first_wins() {
        let mut acc = Accounts::default();
        let a = acc.get_or_insert(AccountId::Numeric(5));
        assert_eq!(acc.get_or_insert(AccountId::Numeric(5)), a);
        assert_eq!(acc.role(a), Role::Outside);
        acc.mark_core(a, 2);
        acc.mark_core(a, 3);
        assert_eq!(acc.campaign(a), Some(2));
        let p = Profile {
            screen_name: "first".into(),
            ..Profile::default()
        };
        acc.set_profile_if_missing(a, p, 0);
        let q = Profile {
            screen_name: "second".into(),
            ..Profile::default()
        };
        acc.set_profile_if_missing(a, q, 0);
        assert_eq!(acc.label(a), "first");
    }
}
