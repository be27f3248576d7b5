//! Appending a dataset read apart to the one read before it: the files of a release read
//! in parallel are each read into a dataset of their own and appended in file order.
//! Accounts keep the numbering one reading in file order gives them (each found or added
//! in the appended dataset's order, which is the order they first appear in its files);
//! campaigns, languages, clients, hashtags and urls are renumbered into this dataset's
//! tables (a symbol is looked up when first used); tweets, their lists and texts or text
//! locations follow, then the load warnings.

use super::dataset::Dataset;
use super::ids::{AccountIdx, NO_ACCOUNT};
use super::interner::{Interner, Sym16};
use super::tweets::Tweets;

/// Why a dataset could not be appended.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum AppendError {
    /// A column could not grow.
    #[error("out of memory while joining the files")]
    OutOfMemory,
    /// An index would not fit its column.
    #[error("{0}")]
    TooLarge(&'static str),
}

/// `from`'s symbols renumbered into `to`, each interned when first asked for.
struct SymbolMap<'a> {
    from: &'a Interner,
    to: &'a mut Interner,
    /// `u32::MAX` for symbols not asked for yet.
    map: Vec<u32>,
}

impl<'a> SymbolMap<'a> {
    fn new(from: &'a Interner, to: &'a mut Interner) -> Self {
        Self {
            from,
            to,
            map: vec![u32::MAX; from.len()],
        }
    }

    fn get(&mut self, symbol: u32) -> u32 {
        let Some(slot) = self.map.get_mut(symbol as usize) else {
            return 0;
        };
        if *slot == u32::MAX {
            *slot = self.to.intern(self.from.resolve(symbol));
        }
        *slot
    }

    /// For the 16-bit columns: symbols past 65,535 read as unknown, as when loading.
    fn get16(&mut self, symbol: Sym16) -> Sym16 {
        Sym16::try_from(self.get(u32::from(symbol))).unwrap_or(0)
    }
}

impl Dataset {
    /// Appends `other`, read apart from files that come after this dataset's: the result
    /// is what reading all of them in order gives (up to the numbering of strings).
    pub fn append(&mut self, other: Dataset) -> Result<(), AppendError> {
        let Dataset {
            accounts,
            tweets,
            campaigns,
            strings,
            warnings,
            warning_count,
            text_sources,
            graph_file: _,
            ids_are_handles,
        } = other;
        let campaign_map: Vec<u16> = campaigns
            .iter()
            .map(|c| self.campaign_index(&c.name, &c.country))
            .collect();
        let campaign = |c: u16| campaign_map.get(usize::from(c)).copied().unwrap_or(c);
        let mut languages = SymbolMap::new(&strings.languages, &mut self.strings.languages);
        let account_map = self
            .accounts
            .absorb(accounts, campaign, |s| languages.get(s));
        if let (Some(mine), Some(theirs)) = (&mut self.text_sources, text_sources) {
            mine.try_reserve_exact(theirs.len())
                .map_err(|_| AppendError::OutOfMemory)?;
            mine.append(theirs)
                .ok_or(AppendError::TooLarge("more than 65,536 tweets files"))?;
        }
        let mut maps = Maps {
            account: &account_map,
            campaign: &campaign,
            languages,
            clients: SymbolMap::new(&strings.clients, &mut self.strings.clients),
            hashtags: SymbolMap::new(&strings.hashtags, &mut self.strings.hashtags),
            urls: SymbolMap::new(&strings.urls, &mut self.strings.urls),
        };
        append_tweets(&mut self.tweets, &tweets, &mut maps)?;
        self.warnings.extend(warnings);
        self.warning_count += warning_count;
        self.ids_are_handles |= ids_are_handles;
        Ok(())
    }
}

/// How the appended dataset's numbers become this one's.
struct Maps<'a, C> {
    account: &'a [AccountIdx],
    campaign: &'a C,
    languages: SymbolMap<'a>,
    clients: SymbolMap<'a>,
    hashtags: SymbolMap<'a>,
    urls: SymbolMap<'a>,
}

impl<C> Maps<'_, C> {
    fn account(&self, a: AccountIdx) -> AccountIdx {
        if a == NO_ACCOUNT {
            return NO_ACCOUNT;
        }
        self.account.get(a as usize).copied().unwrap_or(NO_ACCOUNT)
    }
}

fn append_tweets<C: Fn(u16) -> u16>(
    t: &mut Tweets,
    other: &Tweets,
    maps: &mut Maps<'_, C>,
) -> Result<(), AppendError> {
    let text = other.text_bytes.len();
    t.try_reserve_exact(other.len(), other.list_items.len(), text)
        .map_err(|_| AppendError::OutOfMemory)?;
    t.id.extend_from_slice(&other.id);
    t.author
        .extend(other.author.iter().map(|&a| maps.account(a)));
    t.campaign
        .extend(other.campaign.iter().map(|&c| (maps.campaign)(c)));
    t.time.extend_from_slice(&other.time);
    t.lang
        .extend(other.lang.iter().map(|&s| maps.languages.get16(s)));
    t.client
        .extend(other.client.iter().map(|&s| maps.clients.get16(s)));
    t.kind.extend_from_slice(&other.kind);
    t.reply_to
        .extend(other.reply_to.iter().map(|&a| maps.account(a)));
    t.retweet_of
        .extend(other.retweet_of.iter().map(|&a| maps.account(a)));
    t.ref_tweet.extend_from_slice(&other.ref_tweet);
    t.reply_tweet.extend_from_slice(&other.reply_tweet);
    t.like_count.extend_from_slice(&other.like_count);
    t.retweet_count.extend_from_slice(&other.retweet_count);
    let too_many = AppendError::TooLarge("too many hashtags, urls and mentions (over 4 billion)");
    for i in 0..other.len() {
        let start = other.list_offsets.get(i).copied().unwrap_or(0) as usize;
        let lists = other.lists(i);
        if let Some(&header) = other.list_items.get(start)
            && (!lists.hashtags.is_empty() || !lists.urls.is_empty() || !lists.mentions.is_empty())
        {
            t.list_items.push(header);
            for &h in lists.hashtags {
                t.list_items.push(maps.hashtags.get(h));
            }
            for &u in lists.urls {
                t.list_items.push(maps.urls.get(u));
            }
            for &m in lists.mentions {
                t.list_items.push(maps.account(m));
            }
        }
        t.list_offsets
            .push(u32::try_from(t.list_items.len()).map_err(|_| too_many.clone())?);
    }
    match (&mut t.text_offsets, &other.text_offsets) {
        (Some(mine), Some(theirs)) => {
            let shift = t.text_bytes.len() as u64;
            mine.extend(theirs.iter().skip(1).map(|o| o + shift));
            t.text_bytes.push_str(&other.text_bytes);
        }
        // Texts read for one part and not the other: the other's read as empty.
        (Some(mine), None) => {
            let end = mine.last().copied().unwrap_or(0);
            mine.extend(std::iter::repeat_n(end, other.len()));
        }
        (None, _) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AccountId, Profile, Role};

    fn profile(name: &str, language: &str) -> Profile {
        Profile {
            screen_name: name.into(),
            language: language.into(),
            ..Profile::default()
        }
    }

    /// A dataset of one campaign with accounts `ids` (core when marked) and one tweet by
    /// each core account, in language `lang`, mentioning the next account.
    fn part(campaign: &str, ids: &[(&str, bool)], lang: &str) -> Dataset {
        let mut ds = Dataset::default();
        let c = ds.campaign_index(campaign, "Country");
        let accounts: Vec<AccountIdx> = ids
            .iter()
            .map(|(id, _)| ds.accounts.get_or_insert(AccountId::Hashed((*id).into())))
            .collect();
        let l = ds.strings.languages.intern(lang);
        let tag = ds.strings.hashtags.intern(&format!("{campaign}_tag"));
        for (i, &(id, core)) in ids.iter().enumerate() {
            if !core {
                continue;
            }
            let a = accounts[i];
            ds.accounts.mark_core(a, c);
            ds.accounts.set_profile(a, profile(id, lang), l);
            let t = &mut ds.tweets;
            t.id.push(t.id.len() as u64 + 100);
            t.author.push(a);
            t.campaign.push(c);
            t.time.push(i as i32);
            t.lang.push(l as u16);
            t.client.push(0);
            t.kind.push(0);
            t.reply_to.push(NO_ACCOUNT);
            t.retweet_of.push(accounts[(i + 1) % accounts.len()]);
            t.ref_tweet.push(0);
            t.reply_tweet.push(0);
            t.like_count.push(1);
            t.retweet_count.push(2);
            let mention = accounts[(i + 1) % accounts.len()];
            t.list_items.extend([1 << 20 | 1, tag, mention]);
            t.list_offsets.push(t.list_items.len() as u32);
        }
        ds
    }

    #[test]
    fn accounts_keep_their_first_campaign_and_profile_and_new_ones_follow() {
        let mut first = part("alpha", &[("a", true), ("b", false)], "en");
        let second = part("beta", &[("c", true), ("b", true), ("a", true)], "tr");
        first.append(second).expect("appends");
        let ids: Vec<String> = first
            .accounts
            .ids()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(ids, ["a", "b", "c"]);
        let campaign_of = |id: &str| {
            let a = first.accounts.find_str(id).expect("account");
            first.campaigns[usize::from(first.accounts.campaign(a).expect("core"))]
                .name
                .clone()
        };
        assert_eq!(campaign_of("a"), "alpha");
        assert_eq!(campaign_of("b"), "beta");
        assert_eq!(campaign_of("c"), "beta");
        let b = first.accounts.find_str("b").expect("b");
        assert_eq!(first.accounts.role(b), Role::Core);
        // "a" kept its first profile (language en); "b" took the later one (tr).
        let language = |id: &str| {
            let a = first.accounts.find_str(id).expect("account") as usize;
            first
                .strings
                .languages
                .resolve(first.accounts.language[a])
                .to_owned()
        };
        assert_eq!(language("a"), "en");
        assert_eq!(language("b"), "tr");
        assert_eq!(language("c"), "tr");
    }

    #[test]
    fn tweets_point_at_the_same_accounts_and_strings_after_the_join() {
        let mut first = part("alpha", &[("a", true), ("b", false)], "en");
        let second = part("beta", &[("c", true), ("b", true), ("a", true)], "tr");
        let expected: Vec<(u64, String, String, String, String, String)> = second
            .tweets
            .id
            .iter()
            .enumerate()
            .map(|(i, &id)| describe(&second, i, id))
            .collect();
        let before = first.tweets.len();
        first.append(second).expect("appends");
        assert_eq!(first.tweets.len(), before + expected.len());
        for (k, want) in expected.iter().enumerate() {
            let i = before + k;
            assert_eq!(&describe(&first, i, first.tweets.id[i]), want);
        }
        assert_eq!(first.tweets.list_offsets.len(), first.tweets.len() + 1);
    }

    /// A tweet with its numbers resolved: id, author, campaign, language, hashtag and
    /// mentioned account.
    fn describe(ds: &Dataset, i: usize, id: u64) -> (u64, String, String, String, String, String) {
        let t = &ds.tweets;
        let lists = t.lists(i);
        (
            id,
            ds.accounts.id(t.author[i]).to_string(),
            ds.campaigns[usize::from(t.campaign[i])].name.clone(),
            ds.strings
                .languages
                .resolve(u32::from(t.lang[i]))
                .to_owned(),
            ds.strings.hashtags.resolve(lists.hashtags[0]).to_owned(),
            ds.accounts.id(lists.mentions[0]).to_string()
                + "/"
                + &ds.accounts.id(t.retweet_of[i]).to_string(),
        )
    }

    #[test]
    fn texts_and_warnings_follow_and_a_symbol_unused_is_not_added() {
        let mut first = part("alpha", &[("a", true)], "en");
        first.tweets.text_offsets = Some(vec![0, 5]);
        first.tweets.text_bytes = "hello".to_owned();
        let mut second = part("beta", &[("a", true), ("d", true)], "fr");
        second.tweets.text_offsets = Some(vec![0, 3, 6]);
        second.tweets.text_bytes = "onetwo".to_owned();
        second.warning_count = 7;
        second.warnings.push(crate::model::LoadWarning {
            file: "beta_tweets.csv".to_owned(),
            line: 3,
            reason: "bad".to_owned(),
        });
        first.append(second).expect("appends");
        assert_eq!(first.tweets.text(0), "hello");
        assert_eq!(first.tweets.text(1), "one");
        assert_eq!(first.tweets.text(2), "two");
        assert_eq!(first.warning_count, 7);
        assert_eq!(first.warnings[0].line, 3);
        // "fr" is used by the second part's tweets, so it is added.
        assert!(first.strings.languages.lookup("fr").is_some());
        // A language only in a profile that is not taken ("a" has one) is not added.
        let mut third = part("gamma", &[("a", true)], "de");
        third.tweets = Tweets::default();
        first.append(third).expect("appends");
        assert!(first.strings.languages.lookup("de").is_none());
    }
}
