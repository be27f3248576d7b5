//! Parsing one chunk of a Twitter archive users or tweets file into chunk-local tables
//! (accounts, strings and tweets numbered locally, so chunks parse in parallel without
//! sharing), then merging chunks into the [`Dataset`] in file order (so indices do not
//! depend on the number of threads).

use super::input::{Omitted, TextsKept};
use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::columns::{Col, FileKind, Header};
#[cfg(target_arch = "x86_64")]
use super::csv_scan::Avx2;
use super::csv_scan::{Fields, RecordError, RecordParser, is_blank};
use super::fields::{for_each_list_item, lang_string, parse_count, parse_u64};
use crate::model::{
    AccountId, AccountIdx, Dataset, Interner, ListItems, Profile, TweetKind, TweetRow, Tweets,
    interner::string_hash,
    time::{parse_date_days, parse_minutes},
};

/// An account id as bytes of the chunk, before it is known globally.
#[derive(Clone, Debug)]
enum LocalId<'a> {
    Numeric(u64),
    /// A hashed id as text, with its [`string_hash`] (computed by the parallel parsers,
    /// not at merge time).
    Hashed(Cow<'a, str>, u64),
}

/// No record describes this account (it is only referenced).
const NO_ROW: usize = usize::MAX;

/// Accounts seen in one chunk. Hashed ids borrow the chunk's bytes.
#[derive(Default)]
struct LocalAccounts<'a> {
    numeric: FxHashMap<u64, u32>,
    hashed: FxHashMap<&'a [u8], u32>,
    ids: Vec<LocalId<'a>>,
    /// Offset of the first record that describes the account (a users-file row or a
    /// tweet it wrote); its profile is only read at merge time, and only when the
    /// dataset has none yet.
    first_row: Vec<usize>,
}

impl<'a> LocalAccounts<'a> {
    /// Room for `n` accounts of each kind of id, so that a chunk's tables seldom grow.
    fn with_capacity(n: usize) -> Self {
        Self {
            numeric: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            hashed: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            ids: Vec::with_capacity(n),
            first_row: Vec::with_capacity(n),
        }
    }

    fn get(&mut self, raw: &'a [u8]) -> Option<u32> {
        let raw = raw.trim_ascii();
        if raw.is_empty() {
            return None;
        }
        if let Some(n) = parse_u64(raw) {
            if let Some(&i) = self.numeric.get(&n) {
                return Some(i);
            }
            let i = self.push(LocalId::Numeric(n));
            self.numeric.insert(n, i);
            return Some(i);
        }
        if let Some(&i) = self.hashed.get(raw) {
            return Some(i);
        }
        let text = lossy(raw);
        let key = string_hash(&text);
        let i = self.push(LocalId::Hashed(text, key));
        self.hashed.insert(raw, i);
        Some(i)
    }

    fn push(&mut self, id: LocalId<'a>) -> u32 {
        self.ids.push(id);
        self.first_row.push(NO_ROW);
        u32::try_from(self.ids.len() - 1).unwrap_or(u32::MAX)
    }
}

/// Strings seen in one chunk, numbered locally (borrowed from the chunk when possible),
/// as text with its [`string_hash`]: the parallel parsers check and hash them, so the
/// merge only interns.
#[derive(Default)]
struct LocalStrings<'a> {
    map: FxHashMap<Cow<'a, [u8]>, u32>,
    strings: Vec<(Cow<'a, str>, u64)>,
}

impl<'a> LocalStrings<'a> {
    /// Room for `n` strings, so that a chunk's table seldom grows.
    fn with_capacity(n: usize) -> Self {
        Self {
            map: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            strings: Vec::with_capacity(n),
        }
    }

    fn intern(&mut self, s: Cow<'a, [u8]>) -> u32 {
        if let Some(&i) = self.map.get(s.as_ref()) {
            return i;
        }
        let i = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        let text = match &s {
            Cow::Borrowed(bytes) => lossy(bytes),
            Cow::Owned(bytes) => Cow::Owned(lossy(bytes).into_owned()),
        };
        let key = string_hash(&text);
        self.strings.push((text, key));
        self.map.insert(s, i);
        i
    }

    /// Symbols of these strings in a global interner.
    fn to_global(&self, global: &mut Interner) -> Vec<u32> {
        self.strings
            .iter()
            .map(|(s, key)| global.intern_hashed(s, *key))
            .collect()
    }
}

/// Bytes as text, invalid UTF-8 replaced (checked with SIMD first: it almost never is).
fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Interns a language code lower-cased (`zh-CN` and `zh-cn` are one language).
fn intern_lang<'a>(langs: &mut LocalStrings<'a>, raw: &'a [u8]) -> u32 {
    let raw = raw.trim_ascii();
    if raw.is_empty() {
        return u32::MAX;
    }
    if raw.iter().any(u8::is_ascii_uppercase) {
        langs.intern(Cow::Owned(raw.to_ascii_lowercase()))
    } else {
        langs.intern(Cow::Borrowed(raw))
    }
}

/// Why a chunk could not be merged.
#[derive(Debug)]
pub enum MergeError {
    Data(String),
    /// A column could not grow.
    OutOfMemory,
}

/// What one chunk of a file became. Borrows the chunk's bytes until merged (carried
/// with them between threads as a [`yoke::Yoke`], which needs the borrow covariant).
#[derive(yoke::Yokeable)]
pub struct Chunk<'a> {
    /// What is kept of the texts (retweets' left out by headless analyses that never
    /// read them).
    text: TextsKept,
    buf: &'a [u8],
    header: &'a Header,
    accounts: LocalAccounts<'a>,
    langs: LocalStrings<'a>,
    clients: LocalStrings<'a>,
    hashtags: LocalStrings<'a>,
    urls: LocalStrings<'a>,
    tweets: Tweets,
    /// Chunk-local language and client symbols of each tweet (`u32::MAX` = none).
    local_lang: Vec<u32>,
    local_client: Vec<u32>,
    /// Problems: offset of the record in the chunk, and the reason.
    pub warnings: Vec<(usize, String)>,
    /// Offset of each tweet's record in the chunk, when texts are not kept (to find
    /// them again in the file).
    row_starts: Vec<u32>,
    /// Tweets posted outside `[from, to)` are skipped.
    window: Option<(i32, i32)>,
    /// Parts of the records not read.
    omit: Omitted,
}

struct Row<'r, 'a> {
    buf: &'a [u8],
    fields: &'r Fields,
    header: &'r Header,
}

impl<'a> Row<'_, 'a> {
    #[inline]
    fn raw(&self, col: Col) -> &'a [u8] {
        self.fields.raw(self.buf, self.header.at(col))
    }

    /// Text of a column, unescaped; invalid UTF-8 is replaced (and reported).
    fn text(&self, col: Col, bad_utf8: &mut bool) -> Box<str> {
        let bytes = self.fields.unescaped(self.buf, self.header.at(col));
        match String::from_utf8_lossy(&bytes) {
            Cow::Borrowed(s) => s.into(),
            Cow::Owned(s) => {
                *bad_utf8 = true;
                s.into()
            }
        }
    }

    /// [`Row::text`] borrowed from the block when it needs no unescaping or repair
    /// (tweet texts: no copy before the column's own).
    fn text_cow(&self, col: Col, bad_utf8: &mut bool) -> Cow<'a, str> {
        match self.fields.unescaped(self.buf, self.header.at(col)) {
            Cow::Borrowed(bytes) => match simdutf8::basic::from_utf8(bytes) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => {
                    *bad_utf8 = true;
                    Cow::Owned(String::from_utf8_lossy(bytes).into_owned())
                }
            },
            Cow::Owned(bytes) => match String::from_utf8(bytes) {
                Ok(s) => Cow::Owned(s),
                Err(e) => {
                    *bad_utf8 = true;
                    Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned())
                }
            },
        }
    }

    fn profile(&self, bad_utf8: &mut bool) -> Profile {
        Profile {
            screen_name: self.text(Col::ScreenName, bad_utf8),
            display_name: self.text(Col::DisplayName, bad_utf8),
            reported_location: self.text(Col::Location, bad_utf8),
            description: self.text(Col::Description, bad_utf8),
            url: self.text(Col::ProfileUrl, bad_utf8),
            follower_count: parse_count(self.raw(Col::Followers)),
            following_count: parse_count(self.raw(Col::Following)),
            created_days: parse_date_days(self.raw(Col::Created)),
            language: lang_string(self.raw(Col::AccountLang)).into(),
        }
    }
}

/// What a tweet refers to.
struct References {
    kind: u8,
    reply_to: Option<u32>,
    retweet_of: Option<u32>,
    ref_tweet: Option<u64>,
    reply_tweet: Option<u64>,
}

/// Reusable buffers for list columns.
#[derive(Default)]
struct ListScratch {
    hashtags: Vec<u32>,
    urls: Vec<u32>,
    mentions: Vec<u32>,
}

impl<'a> Chunk<'a> {
    fn new(buf: &'a [u8], header: &'a Header, text: TextsKept) -> Self {
        Self {
            buf,
            text,
            header,
            accounts: LocalAccounts::with_capacity(buf.len() / 1024),
            langs: LocalStrings::default(),
            clients: LocalStrings::default(),
            hashtags: LocalStrings::with_capacity(buf.len() / 4096),
            urls: LocalStrings::with_capacity(buf.len() / 4096),
            tweets: if text != TextsKept::None {
                Tweets::with_text()
            } else {
                Tweets::default()
            },
            local_lang: Vec::new(),
            local_client: Vec::new(),
            warnings: Vec::new(),
            row_starts: Vec::new(),
            window: None,
            omit: Omitted::default(),
        }
    }

    /// Parses every record of `buf`, which starts on a record boundary.
    pub fn parse(buf: &'a [u8], header: &'a Header, text: TextsKept) -> Self {
        Self::parse_within(buf, header, text, None, Omitted::default())
    }

    /// [`Chunk::parse`], keeping only tweets posted in `window` (`[from, to)` minutes)
    /// and leaving out the `omit`ted parts.
    pub fn parse_within(
        buf: &'a [u8],
        header: &'a Header,
        text: TextsKept,
        window: Option<(i32, i32)>,
        omit: Omitted,
    ) -> Self {
        let mut chunk = Self::new(buf, header, text);
        chunk.window = window;
        chunk.omit = omit;
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = Avx2::detect() {
            let mut parser = RecordParser::with_masks(buf, avx2);
            chunk.read_records(|fields| parser.next_record_avx2(fields));
            return chunk;
        }
        let mut parser = RecordParser::new(buf);
        chunk.read_records(|fields| parser.next_record(fields));
        chunk
    }

    /// Reads every record `next_record` finds into the chunk.
    #[inline(always)]
    fn read_records(
        &mut self,
        mut next_record: impl FnMut(&mut Fields) -> Option<(usize, Result<(), RecordError>)>,
    ) {
        let (buf, header, text) = (self.buf, self.header, self.text);
        let mut fields = Fields::default();
        let mut lists = ListScratch::default();
        while let Some((start, outcome)) = next_record(&mut fields) {
            if let Err(e) = outcome {
                self.warnings.push((start, e.reason().to_owned()));
                continue;
            }
            if is_blank(&fields, buf) {
                continue;
            }
            if fields.len() != header.width {
                self.warnings.push((
                    start,
                    format!(
                        "expected {} fields, found {}; row skipped",
                        header.width,
                        fields.len()
                    ),
                ));
                continue;
            }
            let row = Row {
                buf,
                fields: &fields,
                header,
            };
            let result = match header.kind {
                FileKind::Tweets => self.tweet_row(&row, start, &mut lists),
                FileKind::Users => self.user_row(&row, start),
            };
            if text == TextsKept::None && self.row_starts.len() < self.tweets.len() {
                self.row_starts
                    .push(u32::try_from(start).unwrap_or(u32::MAX));
            }
            if let Err(reason) = result {
                self.warnings.push((start, reason));
            }
        }
    }

    fn user_row(&mut self, row: &Row<'_, 'a>, start: usize) -> Result<(), String> {
        let account = self
            .accounts
            .get(row.raw(Col::UserId))
            .ok_or("userid is empty; row skipped")?;
        let first = &mut self.accounts.first_row[account as usize];
        if *first != NO_ROW {
            return Err("duplicate userid; the first row is kept".to_owned());
        }
        *first = start;
        Ok(())
    }

    fn tweet_row(
        &mut self,
        row: &Row<'_, 'a>,
        start: usize,
        lists: &mut ListScratch,
    ) -> Result<(), String> {
        let id_raw = row.raw(Col::TweetId);
        let id = parse_u64(id_raw).ok_or_else(|| {
            format!(
                "tweetid {:?} is not a number; row skipped",
                String::from_utf8_lossy(id_raw)
            )
        })?;
        let time_raw = row.raw(Col::Time);
        let time = parse_minutes(time_raw).ok_or_else(|| {
            format!(
                "tweet_time {:?} is not YYYY-MM-DD HH:MM; row skipped",
                String::from_utf8_lossy(time_raw)
            )
        })?;
        if let Some((from, to)) = self.window
            && !(from..to).contains(&time)
        {
            return Ok(());
        }
        let author = self
            .accounts
            .get(row.raw(Col::UserId))
            .ok_or("userid is empty; row skipped")?;
        let first = &mut self.accounts.first_row[author as usize];
        if *first == NO_ROW {
            *first = start;
        }
        let lang = intern_lang(&mut self.langs, row.raw(Col::TweetLang));
        let client_raw = row.raw(Col::Client).trim_ascii();
        let client = if client_raw.is_empty() || self.omit.clients {
            u32::MAX
        } else {
            self.clients.intern(Cow::Borrowed(client_raw))
        };
        let refs = self.references(row);
        self.read_lists(row, lists);
        let mut bad_utf8 = false;
        let text = if self.tweets.text_offsets.is_none() {
            None
        } else if self.text == TextsKept::NotOfRetweets && TweetKind(refs.kind).is_retweet() {
            Some(Cow::Borrowed(""))
        } else {
            Some(row.text_cow(Col::Text, &mut bad_utf8))
        };
        let tweet = TweetRow {
            id,
            author,
            campaign: 0,
            time,
            // Local symbols are 32-bit until merged; they are narrowed then.
            lang: 0,
            client: 0,
            kind: refs.kind,
            reply_to: refs.reply_to,
            retweet_of: refs.retweet_of,
            ref_tweet: refs.ref_tweet,
            reply_tweet: refs.reply_tweet,
            like_count: parse_count(row.raw(Col::LikeCount)).unwrap_or(0),
            retweet_count: parse_count(row.raw(Col::RetweetCount)).unwrap_or(0),
        };
        let items = ListItems {
            hashtags: &lists.hashtags,
            urls: &lists.urls,
            mentions: &lists.mentions,
        };
        self.tweets
            .push(&tweet, items, text.as_deref())
            .map_err(|e| e.to_string())?;
        self.local_lang.push(lang);
        self.local_client.push(client);
        if bad_utf8 {
            return Err("invalid UTF-8 in the tweet text replaced with U+FFFD".to_owned());
        }
        Ok(())
    }

    /// What a tweet row refers to: its kind, the replied-to and retweeted accounts and
    /// the tweet it retweets or quotes.
    #[inline]
    fn references(&mut self, row: &Row<'_, 'a>) -> References {
        let reply_to = self.accounts.get(row.raw(Col::ReplyUser));
        let retweet_user = self.accounts.get(row.raw(Col::RetweetUser));
        let quoted = parse_u64(row.raw(Col::QuotedTweet)).filter(|&q| q != 0);
        let is_retweet = if row.header.has(Col::IsRetweet) {
            row.raw(Col::IsRetweet)
                .trim_ascii()
                .eq_ignore_ascii_case(b"true")
        } else {
            retweet_user.is_some()
        };
        let mut kind = 0;
        if is_retweet {
            kind |= TweetKind::RETWEET;
        }
        if reply_to.is_some() {
            kind |= TweetKind::REPLY;
        }
        if quoted.is_some() {
            kind |= TweetKind::QUOTE;
        }
        References {
            kind,
            reply_to,
            retweet_of: if is_retweet { retweet_user } else { None },
            ref_tweet: if is_retweet {
                parse_u64(row.raw(Col::RetweetTweet)).or(quoted)
            } else {
                quoted
            },
            reply_tweet: parse_u64(row.raw(Col::ReplyTweet)).filter(|&r| r != 0),
        }
    }

    /// A tweet row's hashtags, URLs and mentions, interned chunk-locally into `lists`.
    #[inline]
    fn read_lists(&mut self, row: &Row<'_, 'a>, lists: &mut ListScratch) {
        lists.hashtags.clear();
        lists.urls.clear();
        lists.mentions.clear();
        let omit = self.omit;
        let hashtags = &mut self.hashtags;
        let tags_raw = if omit.hashtags {
            &[][..]
        } else {
            row.raw(Col::Hashtags)
        };
        for_each_list_item(tags_raw, |h| {
            let h = match h {
                Cow::Borrowed(b) => Cow::Borrowed(b.strip_prefix(b"#").unwrap_or(b)),
                Cow::Owned(b) => Cow::Owned(b.strip_prefix(b"#").unwrap_or(&b).to_vec()),
            };
            if !h.is_empty() {
                lists.hashtags.push(hashtags.intern(h));
            }
        });
        let urls = &mut self.urls;
        let urls_raw = if omit.urls {
            &[][..]
        } else {
            row.raw(Col::Urls)
        };
        for_each_list_item(urls_raw, |u| lists.urls.push(urls.intern(u)));
        let accounts = &mut self.accounts;
        let mentions_raw = if omit.mentions {
            &[][..]
        } else {
            row.raw(Col::Mentions)
        };
        for_each_list_item(mentions_raw, |m| {
            // Mentions are ids, which never need unescaping: borrow them from the chunk.
            if let Cow::Borrowed(m) = m
                && let Some(i) = accounts.get(m)
            {
                lists.mentions.push(i);
            }
        });
    }

    /// Reads the profile in the record at `offset` (re-split: this happens once per
    /// account, when the dataset first meets it).
    fn profile_at(&self, offset: usize, bad_utf8: &mut bool) -> Option<Profile> {
        let buf = self.buf.get(offset..)?;
        let mut fields = Fields::default();
        let (_, outcome) = RecordParser::new(buf).next_record(&mut fields)?;
        outcome.ok()?;
        let row = Row {
            buf,
            fields: &fields,
            header: self.header,
        };
        Some(row.profile(bad_utf8))
    }
}

/// Narrows a global symbol to the 16 bits of the tweet columns (the rare overflow
/// becomes "unknown").
fn sym16(sym: u32) -> u16 {
    u16::try_from(sym).unwrap_or(0)
}

impl Chunk<'_> {
    /// The times of the chunk's tweets.
    pub fn times(&self) -> &[i32] {
        &self.tweets.time
    }

    /// Accounts this chunk has a record of (users-file rows, or tweets' authors).
    pub fn accounts_described(&self) -> usize {
        self.accounts
            .first_row
            .iter()
            .filter(|&&r| r != NO_ROW)
            .count()
    }

    /// The tweets, list items and text bytes this chunk holds.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (
            self.tweets.len(),
            self.tweets.list_items.len(),
            self.tweets.text_bytes.len(),
        )
    }

    /// Looks up or adds the chunk's accounts (in order of first appearance), marks
    /// those it describes as core accounts of `campaign`, and reads the profiles the
    /// dataset has none for. Returns the global index of each local account.
    fn merge_accounts(
        &self,
        ds: &mut Dataset,
        campaign: u16,
        warnings: &mut Vec<(usize, String)>,
    ) -> Vec<AccountIdx> {
        let account_map: Vec<AccountIdx> = self
            .accounts
            .ids
            .iter()
            .map(|id| match id {
                LocalId::Numeric(n) => ds.accounts.get_or_insert(AccountId::Numeric(*n)),
                LocalId::Hashed(text, key) => ds.accounts.get_or_insert_hashed(text, *key),
            })
            .collect();
        for (local, &row) in self.accounts.first_row.iter().enumerate() {
            if row == NO_ROW {
                continue;
            }
            let global = account_map[local];
            ds.accounts.mark_core(global, campaign);
            if !self.omit.profiles && !ds.accounts.has_profile(global) {
                let mut bad_utf8 = false;
                if let Some(mut profile) = self.profile_at(row, &mut bad_utf8) {
                    let lang = ds.strings.languages.intern(&profile.language);
                    profile.language = Box::default();
                    ds.accounts.set_profile_if_missing(global, profile, lang);
                }
                if bad_utf8 {
                    warnings.push((
                        row,
                        "invalid UTF-8 in the account's profile replaced with U+FFFD".to_owned(),
                    ));
                }
            }
        }
        account_map
    }

    /// Merges this chunk into the dataset: accounts are looked up or added in order of
    /// first appearance, profiles read for accounts the dataset has none for, strings
    /// interned, and the tweet columns renumbered and appended. Problems found on the
    /// way are added to `warnings`.
    /// `located`: the file index and the stream offset of the chunk's first byte, to
    /// record where each tweet is when texts are not kept.
    pub fn merge_into(
        &self,
        ds: &mut Dataset,
        campaign: u16,
        located: Option<(u16, u64)>,
        warnings: &mut Vec<(usize, String)>,
    ) -> Result<(), MergeError> {
        let account_map = self.merge_accounts(ds, campaign, warnings);
        let tweets = &self.tweets;
        if tweets.is_empty() {
            return Ok(());
        }
        // The columns grow here if anywhere: a failure is a clean refusal, not an abort.
        let (rows, items, text) = self.sizes();
        ds.tweets
            .try_reserve(rows, items, text)
            .map_err(|_| MergeError::OutOfMemory)?;
        if let (Some(sources), Some((file, base))) = (&mut ds.text_sources, located) {
            sources
                .try_reserve(self.row_starts.len())
                .map_err(|_| MergeError::OutOfMemory)?;
            for &start in &self.row_starts {
                sources.push(file, base + u64::from(start));
            }
        }
        let lang_map = self.langs.to_global(&mut ds.strings.languages);
        let client_map = self.clients.to_global(&mut ds.strings.clients);
        let hashtag_map = self.hashtags.to_global(&mut ds.strings.hashtags);
        let url_map = self.urls.to_global(&mut ds.strings.urls);
        let acc = |a: u32| {
            account_map
                .get(a as usize)
                .copied()
                .unwrap_or(crate::model::NO_ACCOUNT)
        };
        let sym = |map: &[u32], s: u32| sym16(map.get(s as usize).copied().unwrap_or(0));
        let t = &mut ds.tweets;
        t.id.extend_from_slice(&tweets.id);
        t.author.extend(tweets.author.iter().map(|&a| acc(a)));
        t.campaign
            .extend(std::iter::repeat_n(campaign, tweets.len()));
        t.time.extend_from_slice(&tweets.time);
        t.lang
            .extend(self.local_lang.iter().map(|&s| sym(&lang_map, s)));
        t.client
            .extend(self.local_client.iter().map(|&s| sym(&client_map, s)));
        t.kind.extend_from_slice(&tweets.kind);
        t.reply_to.extend(tweets.reply_to.iter().map(|&a| acc(a)));
        t.retweet_of
            .extend(tweets.retweet_of.iter().map(|&a| acc(a)));
        t.ref_tweet.extend_from_slice(&tweets.ref_tweet);
        t.reply_tweet.extend_from_slice(&tweets.reply_tweet);
        t.like_count.extend_from_slice(&tweets.like_count);
        t.retweet_count.extend_from_slice(&tweets.retweet_count);
        let too_many =
            || MergeError::Data("too many hashtags, urls and mentions (over 4 billion)".to_owned());
        for i in 0..tweets.len() {
            let lists = tweets.lists(i);
            if lists != ListItems::default() {
                let start = tweets.list_offsets[i] as usize;
                t.list_items.push(tweets.list_items[start]);
                t.list_items.extend(
                    lists
                        .hashtags
                        .iter()
                        .map(|&h| hashtag_map.get(h as usize).copied().unwrap_or(0)),
                );
                t.list_items.extend(
                    lists
                        .urls
                        .iter()
                        .map(|&u| url_map.get(u as usize).copied().unwrap_or(0)),
                );
                t.list_items.extend(lists.mentions.iter().map(|&m| acc(m)));
            }
            t.list_offsets
                .push(u32::try_from(t.list_items.len()).map_err(|_| too_many())?);
        }
        if let (Some(dst), Some(src)) = (&mut t.text_offsets, &tweets.text_offsets) {
            let shift = t.text_bytes.len() as u64;
            dst.extend(src[1..].iter().map(|o| o + shift));
            t.text_bytes.push_str(&tweets.text_bytes);
        }
        Ok(())
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use std::io::Read;

    use super::*;

    /// The bundled sample's tweets file, with rows that break the quoting appended.
    fn sample_tweets() -> Vec<u8> {
        let zip = include_bytes!("../../assets/sample.zip");
        let mut archive =
            zip::ZipArchive::new(std::io::Cursor::new(&zip[..])).expect("the sample opens");
        let index = (0..archive.len())
            .find(|&i| {
                archive
                    .by_index_data(i)
                    .is_ok_and(|e| String::from_utf8_lossy(e.name_raw()).contains("tweets"))
            })
            .expect("the sample has a tweets file");
        let mut bytes = Vec::new();
        archive
            .by_index(index)
            .expect("the entry opens")
            .read_to_end(&mut bytes)
            .expect("the entry reads");
        bytes.extend(b"\"1\",\"a\"b\",\"c\"\nx\"y,\"2\"\n\"3\",\"4\"\n");
        bytes
    }

    /// The AVX2 build of the scan reads the chunk the portable one reads: the same
    /// tweets, accounts, warnings and row offsets.
    #[test]
    fn the_avx2_read_gives_the_portable_read() {
        let avx2 = Avx2::detect().expect("the test machine has AVX2, BMI1, BMI2, POPCNT, LZCNT");
        let bytes = sample_tweets();
        let mut parser = RecordParser::new(&bytes);
        let mut fields = Fields::default();
        let (_, outcome) = parser.next_record(&mut fields).expect("a header line");
        assert!(outcome.is_ok());
        let header = Header::parse(&fields, &bytes, "sample").expect("a tweets header");
        let data = &bytes[parser.position()..];
        for text in [TextsKept::None, TextsKept::All] {
            let mut portable = Chunk::new(data, &header, text);
            let mut parser = RecordParser::new(data);
            portable.read_records(|fields| parser.next_record(fields));
            let mut wide = Chunk::new(data, &header, text);
            let mut parser = RecordParser::with_masks(data, avx2);
            wide.read_records(|fields| parser.next_record_avx2(fields));
            assert!(portable.tweets.len() > 1000, "the sample has tweets");
            assert_eq!(portable.warnings.len(), 2, "{:?}", portable.warnings);
            assert_eq!(
                format!("{:?}", wide.tweets),
                format!("{:?}", portable.tweets)
            );
            assert_eq!(wide.warnings, portable.warnings);
            assert_eq!(wide.row_starts, portable.row_starts);
            assert_eq!(wide.accounts.ids.len(), portable.accounts.ids.len());
            assert_eq!(wide.local_lang, portable.local_lang);
        }
    }
}
