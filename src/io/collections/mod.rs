//! Tweet collections that are not Twitter's information-operations archives, read into
//! the same [`Dataset`] (so the same network, filters and plots apply):
//! the FiveThirtyEight/Clemson IRA tweets CSV and its re-splits ([`ira`]), the NBC News
//! troll-tweets `tweets.csv` and `users.csv` ([`nbc`]), and Twitter API v1.1 and v2
//! JSON lines as twarc writes them ([`twarc`]). Each is detected from its content.
//! Accounts named only by handle (mentions, `RT @name`) are resolved to accounts by id
//! or by case-folded screen name ([`Builder`]).

pub mod ira;
pub mod nbc;
pub mod twarc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::input::{LoadError, LoadOptions};
use super::source::Entry;
use crate::jobs::Progress;
use crate::model::{
    AccountId, AccountIdx, Dataset, ListItems, LoadWarning, Profile, TweetRow, Tweets,
};

/// A collection format, detected from a file's first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CollectionFormat {
    /// FiveThirtyEight/Clemson IRA tweets (`author`, `content`, `publish_date`, …).
    Ira,
    /// NBC News `tweets.csv` (`user_key`, `created_str`, `text`, …).
    NbcTweets,
    /// NBC News `users.csv` (`id`, `screen_name`, `followers_count`, …).
    NbcUsers,
    /// Twitter API v1.1 or v2 JSON, one tweet (or one v2 response page) per line.
    TwitterJson,
}

impl CollectionFormat {
    pub fn name(self) -> &'static str {
        match self {
            Self::Ira => "FiveThirtyEight IRA tweets",
            Self::NbcTweets => "NBC News tweets",
            Self::NbcUsers => "NBC News users",
            Self::TwitterJson => "Twitter API JSON lines",
        }
    }
}

/// What the loader tries for a collection, for the message about an unknown file.
pub const TRIED: &str = "the FiveThirtyEight IRA tweets CSV (`author`, `content`, \
    `publish_date`), NBC News tweets.csv (`user_key`, `text`) and users.csv \
    (`screen_name`, `followers_count`), Twitter API v1.1/v2 JSON lines (twarc)";

/// The header names of a CSV's first line, lower-cased (none when it is not CSV text).
fn header_names(head: &[u8]) -> Vec<String> {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(line);
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record
            .iter()
            .map(|f| f.trim().to_ascii_lowercase())
            .collect(),
        _ => Vec::new(),
    }
}

/// The collection format of a file from its first bytes, if it is one.
pub fn sniff(head: &[u8]) -> Option<CollectionFormat> {
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let trimmed = text.trim_ascii_start();
    if trimmed.starts_with(b"{") {
        return twarc::is_twitter_json(trimmed).then_some(CollectionFormat::TwitterJson);
    }
    let names = header_names(text);
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("author") && has("content") && has("publish_date") {
        return Some(CollectionFormat::Ira);
    }
    if has("user_key") && has("text") && (has("created_str") || has("created_at")) {
        return Some(CollectionFormat::NbcTweets);
    }
    if has("screen_name") && has("followers_count") && has("id") && !has("userid") {
        return Some(CollectionFormat::NbcUsers);
    }
    None
}

/// Loads collection files (all of one family: IRA CSVs, NBC tweets and users, or JSON
/// lines; the families can be mixed too, accounts are then matched by handle).
pub fn load(
    files: &[(Entry, CollectionFormat)],
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Dataset, LoadError> {
    let total: u64 = files.iter().map(|(e, _)| e.disk_bytes).sum();
    progress.set_total(total);
    let mut ds = Dataset {
        // Collections keep their texts: there is no archive file to read them back from.
        tweets: Tweets::with_text(),
        ..Dataset::default()
    };
    let mut builder = Builder::new(&mut ds);
    // Users files first: their profiles name the accounts the tweets refer to.
    let mut order: Vec<&(Entry, CollectionFormat)> = files.iter().collect();
    order.sort_by_key(|(_, f)| *f != CollectionFormat::NbcUsers);
    let mut done = 0;
    for (entry, format) in order {
        if progress.is_cancelled() {
            return Err(LoadError::Cancelled);
        }
        let mut file = FileWarnings::new(&entry.display);
        entry.with_reader(progress, |inner| {
            let reader = &mut Counted { inner, progress };
            match format {
                CollectionFormat::Ira => ira::read(reader, entry, &mut builder, &mut file),
                CollectionFormat::NbcTweets => {
                    nbc::read_tweets(reader, entry, &mut builder, &mut file)
                }
                CollectionFormat::NbcUsers => {
                    nbc::read_users(reader, entry, &mut builder, &mut file)
                }
                CollectionFormat::TwitterJson => {
                    twarc::read(reader, entry, options, progress, &mut builder, &mut file)
                }
            }
        })?;
        file.into_dataset(builder.ds);
        done += entry.disk_bytes;
        progress.set_done(done);
    }
    if ds.tweets.is_empty() && ds.accounts.is_empty() {
        let file = files
            .first()
            .map_or_else(String::new, |(e, _)| e.display.clone());
        return Err(LoadError::Empty { file });
    }
    Ok(ds)
}

/// Column positions of a CSV by header name (lower-cased).
#[derive(Clone)]
pub(crate) struct Names(Vec<String>);

impl Names {
    fn of(header: &csv::StringRecord) -> Self {
        Self(
            header
                .iter()
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
                .collect(),
        )
    }

    pub(crate) fn at(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|n| n == name)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The cell of column `name` in a record, as written (empty when absent).
    pub(crate) fn raw<'r>(&self, r: &'r csv::StringRecord, name: &str) -> &'r str {
        self.at(name).and_then(|i| r.get(i)).unwrap_or("")
    }

    /// [`Names::raw`], trimmed.
    pub(crate) fn cell<'r>(&self, r: &'r csv::StringRecord, name: &str) -> &'r str {
        self.raw(r, name).trim()
    }
}

/// Reads a CSV's records, calling `row` for each with its line; a row `row` refuses
/// is a warning, and so is an unreadable one (a broken quote ends the file: the reader
/// cannot find the next row). `header` checks the columns first.
pub(crate) fn each_record<C>(
    reader: &mut dyn std::io::Read,
    file: &str,
    warnings: &mut FileWarnings,
    header: impl FnOnce(&Names) -> Result<C, LoadError>,
    mut row: impl FnMut(&C, &csv::StringRecord) -> Result<(), String>,
) -> Result<(), LoadError> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let names = Names::of(csv.headers().map_err(|e| LoadError::Format {
        file: file.to_owned(),
        reason: format!("unreadable header line: {e}"),
    })?);
    let columns = header(&names)?;
    let mut record = csv::StringRecord::new();
    loop {
        let line = csv.position().line();
        match csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => {
                let fatal = !matches!(e.kind(), csv::ErrorKind::Utf8 { .. });
                warnings.warn(line, format!("{e}; row skipped"));
                if fatal {
                    return Ok(());
                }
                continue;
            }
        }
        if let Err(reason) = row(&columns, &record) {
            warnings.warn(line, reason);
        }
    }
}

/// A reader that counts the plain bytes it reads into the progress.
struct Counted<'r, 'p> {
    inner: &'r mut dyn std::io::Read,
    progress: &'p Progress,
}

impl std::io::Read for Counted<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.add_plain(n as u64);
        Ok(n)
    }
}

/// The warnings of one file: kept up to [`super::WARNINGS_KEPT_PER_FILE`], all counted.
pub(crate) struct FileWarnings {
    file: String,
    kept: Vec<LoadWarning>,
    count: u64,
}

impl FileWarnings {
    fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            kept: Vec::new(),
            count: 0,
        }
    }

    pub(crate) fn warn(&mut self, line: u64, reason: impl Into<String>) {
        self.count += 1;
        if self.kept.len() < super::WARNINGS_KEPT_PER_FILE {
            self.kept.push(LoadWarning {
                file: self.file.clone(),
                line,
                reason: reason.into(),
            });
        }
    }

    fn into_dataset(self, ds: &mut Dataset) {
        ds.warning_count += self.count;
        ds.warnings.extend(self.kept);
    }
}

/// Characters a Twitter handle may hold.
pub(crate) fn is_handle_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The `@handles` of a text, in order (an `@` after a letter, as in an e-mail address,
/// starts none).
pub(crate) fn mentioned_handles(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'@', &bytes[i..]) {
        let start = i + at + 1;
        let after_word = i + at > 0 && is_handle_byte(bytes[i + at - 1]);
        let len = bytes[start..]
            .iter()
            .take_while(|&&b| is_handle_byte(b))
            .count();
        if !after_word && (1..=50).contains(&len) {
            out.push(&text[start..start + len]);
        }
        i = start + len;
    }
    out
}

/// The `#hashtags` of a text, in order.
pub(crate) fn text_hashtags(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        let after = &rest[at + 1..];
        let len: usize = after
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(after.len(), |(i, _)| i);
        let before_word = rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '&');
        if len > 0 && !before_word {
            out.push(&after[..len]);
        }
        rest = &after[len..];
    }
    out
}

/// The `http(s)://` links of a text, in order.
pub(crate) fn text_urls(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("http") {
        let tail = &rest[at..];
        if tail.starts_with("http://") || tail.starts_with("https://") {
            let len = tail
                .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
                .unwrap_or(tail.len());
            out.push(tail[..len].trim_end_matches(['.', ',', ')', ';', ':', '!', '?']));
            rest = &tail[len..];
        } else {
            rest = &tail[4..];
        }
    }
    out
}

/// The handle a retweet's text names (`RT @name: …`).
pub(crate) fn retweeted_handle(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("RT @")?;
    let len = rest.bytes().take_while(|&b| is_handle_byte(b)).count();
    (len > 0).then(|| &rest[..len])
}

/// One tweet as a collection gives it, before it is added.
#[derive(Default)]
pub(crate) struct NewTweet<'a> {
    pub id: u64,
    pub author: AccountIdx,
    pub campaign: u16,
    pub time: i32,
    pub lang: &'a str,
    pub client: &'a str,
    pub kind: u8,
    pub reply_to: Option<AccountIdx>,
    pub retweet_of: Option<AccountIdx>,
    pub ref_tweet: Option<u64>,
    pub reply_tweet: Option<u64>,
    pub likes: u32,
    pub retweets: u32,
    pub hashtags: Vec<&'a str>,
    pub urls: Vec<&'a str>,
    pub mentions: Vec<AccountIdx>,
    pub text: &'a str,
}

/// Adds accounts and tweets to a dataset, finding accounts by id or by handle.
pub(crate) struct Builder<'d> {
    pub ds: &'d mut Dataset,
    /// Case-folded screen name → account.
    handles: FxHashMap<Box<str>, AccountIdx>,
    /// Accounts whose profile is only the screen name a mention gave.
    placeholders: FxHashSet<AccountIdx>,
    scratch: (Vec<u32>, Vec<u32>),
}

impl<'d> Builder<'d> {
    pub fn new(ds: &'d mut Dataset) -> Self {
        Self {
            ds,
            handles: FxHashMap::default(),
            placeholders: FxHashSet::default(),
            scratch: (Vec::new(), Vec::new()),
        }
    }

    /// The account with this numeric id (added when new); its handle, when given,
    /// names it from now on.
    pub fn by_id(&mut self, id: u64, handle: Option<&str>) -> AccountIdx {
        let a = self.ds.accounts.get_or_insert(AccountId::Numeric(id));
        if let Some(h) = handle.map(str::trim).filter(|h| !h.is_empty()) {
            let key = h.trim_start_matches('@').to_lowercase().into_boxed_str();
            self.handles.entry(key).or_insert(a);
        }
        a
    }

    /// The account a handle names: the one with that screen name (case-folded) when
    /// known, else an account with the handle as its id.
    pub fn by_handle(&mut self, handle: &str) -> Option<AccountIdx> {
        let handle = handle.trim().trim_start_matches('@');
        if handle.is_empty() {
            return None;
        }
        let key = handle.to_lowercase();
        if let Some(&a) = self.handles.get(key.as_str()) {
            return Some(a);
        }
        self.ds.ids_are_handles = true;
        let a = self
            .ds
            .accounts
            .get_or_insert(AccountId::Hashed(key.clone().into_boxed_str()));
        self.handles.insert(key.into_boxed_str(), a);
        if !self.ds.accounts.has_profile(a) {
            self.ds.accounts.set_profile(
                a,
                Profile {
                    screen_name: handle.into(),
                    ..Profile::default()
                },
                0,
            );
            self.placeholders.insert(a);
        }
        Some(a)
    }

    /// The account of an id column when it holds a number, else of a handle column.
    pub fn by_id_or_handle(&mut self, id: &str, handle: &str) -> Option<AccountIdx> {
        match id.trim().parse::<u64>() {
            Ok(id) => Some(self.by_id(id, Some(handle))),
            Err(_) => self.by_handle(handle),
        }
    }

    /// The account a tweet answers when the collection does not say: the first
    /// mention of a tweet that opens with one (not a retweet), as Twitter showed replies.
    pub fn reply_by_opening(&mut self, text: &str, retweet: bool) -> Option<AccountIdx> {
        let opening = text.trim_start();
        if retweet || !opening.starts_with('@') {
            return None;
        }
        mentioned_handles(opening)
            .first()
            .and_then(|h| self.by_handle(h))
    }

    /// Whether [`Builder::profile`] would record a profile for `a` (none yet, or only
    /// the screen name a mention gave): callers skip building one when not.
    pub fn wants_profile(&self, a: AccountIdx) -> bool {
        !self.ds.accounts.has_profile(a) || self.placeholders.contains(&a)
    }

    /// Records a profile: the first one seen wins over later ones, but not over the
    /// screen name alone that a mention gave.
    pub fn profile(&mut self, a: AccountIdx, mut profile: Profile) {
        if self.ds.accounts.has_profile(a) && !self.placeholders.remove(&a) {
            return;
        }
        let lang = self.ds.strings.languages.intern(&profile.language);
        profile.language = Box::default();
        self.ds.accounts.set_profile(a, profile, lang);
    }

    /// Adds a tweet.
    pub fn tweet(&mut self, t: &NewTweet<'_>) -> Result<(), LoadError> {
        let lang = self
            .ds
            .strings
            .languages
            .intern(&t.lang.to_ascii_lowercase());
        let client = if t.client.is_empty() {
            0
        } else {
            self.ds.strings.clients.intern(t.client)
        };
        let (hashtags, urls) = &mut self.scratch;
        hashtags.clear();
        urls.clear();
        for h in &t.hashtags {
            hashtags.push(self.ds.strings.hashtags.intern(h));
        }
        for u in &t.urls {
            urls.push(self.ds.strings.urls.intern(u));
        }
        let row = TweetRow {
            id: t.id,
            author: t.author,
            campaign: t.campaign,
            time: t.time,
            lang: u16::try_from(lang).unwrap_or(0),
            client: u16::try_from(client).unwrap_or(0),
            kind: t.kind,
            reply_to: t.reply_to,
            retweet_of: t.retweet_of,
            ref_tweet: t.ref_tweet,
            reply_tweet: t.reply_tweet,
            like_count: t.likes,
            retweet_count: t.retweets,
        };
        let lists = ListItems {
            hashtags,
            urls,
            mentions: &t.mentions,
        };
        self.ds
            .tweets
            .push(&row, lists, Some(t.text))
            .map_err(|e| LoadError::Data {
                file: String::new(),
                reason: e.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_hashtags_and_links_of_a_text() {
        let t = "RT @Ten_GOP: see @bob, mail a@b.com #MAGA #tag2!x https://t.co/x1. and http://e.org/a?b=1)";
        assert_eq!(mentioned_handles(t), vec!["Ten_GOP", "bob"]);
        assert_eq!(text_hashtags(t), vec!["MAGA", "tag2"]);
        assert_eq!(text_urls(t), vec!["https://t.co/x1", "http://e.org/a?b=1"]);
        assert_eq!(retweeted_handle(t), Some("Ten_GOP"));
        assert_eq!(retweeted_handle("see RT @x"), None);
        assert_eq!(text_hashtags("&#39; AT&T#x"), Vec::<&str>::new());
    }

    #[test]
    fn formats_are_told_from_their_first_lines() {
        assert_eq!(
            sniff(b"external_author_id,author,content,region,language,publish_date\n"),
            Some(CollectionFormat::Ira)
        );
        assert_eq!(
            sniff(b"user_id,user_key,created_at,created_str,text,tweet_id\n"),
            Some(CollectionFormat::NbcTweets)
        );
        assert_eq!(
            sniff(b"id,location,name,followers_count,screen_name\n"),
            Some(CollectionFormat::NbcUsers)
        );
        assert_eq!(sniff(b"tweetid,userid,tweet_time\n"), None);
        assert_eq!(sniff(b"Source,Target\n"), None);
    }
}
