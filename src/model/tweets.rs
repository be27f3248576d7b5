//! The tweet table, as columns. Without its text a tweet costs about 50 bytes plus its
//! list items (hashtags, urls, mentions: 4 bytes each, in one arena).

use super::ids::{AccountIdx, NO_ACCOUNT};
use super::interner::Sym16;
use super::time::Minutes;

/// What a tweet is, as bit flags (a reply can also quote).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TweetKind(pub u8);

impl TweetKind {
    pub const RETWEET: u8 = 1;
    pub const REPLY: u8 = 2;
    pub const QUOTE: u8 = 4;

    pub fn is_retweet(self) -> bool {
        self.0 & Self::RETWEET != 0
    }
    pub fn is_reply(self) -> bool {
        self.0 & Self::REPLY != 0
    }
    pub fn is_quote(self) -> bool {
        self.0 & Self::QUOTE != 0
    }
    /// "retweet", "reply", "quote" or "tweet".
    pub fn label(self) -> &'static str {
        if self.is_retweet() {
            "retweet"
        } else if self.is_reply() {
            "reply"
        } else if self.is_quote() {
            "quote"
        } else {
            "tweet"
        }
    }
}

/// One tweet as handed to [`Tweets::push`].
#[derive(Clone, Debug, Default)]
pub struct TweetRow {
    pub id: u64,
    pub author: AccountIdx,
    pub campaign: u16,
    pub time: Minutes,
    pub lang: Sym16,
    pub client: Sym16,
    pub kind: u8,
    pub reply_to: Option<AccountIdx>,
    pub retweet_of: Option<AccountIdx>,
    /// Id of the retweeted tweet (retweets) or of the quoted tweet (quotes).
    pub ref_tweet: Option<u64>,
    /// Id of the tweet replied to (replies whose file names it).
    pub reply_tweet: Option<u64>,
    pub like_count: u32,
    pub retweet_count: u32,
}

/// The list columns of one tweet: symbols of hashtags and urls, mentioned accounts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListItems<'a> {
    pub hashtags: &'a [u32],
    pub urls: &'a [u32],
    pub mentions: &'a [AccountIdx],
}

/// Each list holds at most this many items (more are dropped with a warning).
pub const MAX_LIST_ITEMS: usize = 1023;

/// All tweets, as columns.
#[derive(Debug, Clone)]
pub struct Tweets {
    pub id: Vec<u64>,
    pub author: Vec<AccountIdx>,
    pub campaign: Vec<u16>,
    pub time: Vec<Minutes>,
    pub lang: Vec<Sym16>,
    pub client: Vec<Sym16>,
    pub kind: Vec<u8>,
    /// `NO_ACCOUNT` when not a reply.
    pub reply_to: Vec<AccountIdx>,
    /// `NO_ACCOUNT` when not a retweet.
    pub retweet_of: Vec<AccountIdx>,
    /// 0 when none.
    pub ref_tweet: Vec<u64>,
    /// Id of the tweet replied to; 0 when none (or not in the file).
    pub reply_tweet: Vec<u64>,
    pub like_count: Vec<u32>,
    pub retweet_count: Vec<u32>,
    /// `list_offsets[i]..list_offsets[i + 1]` are tweet i's items in `list_items`: when
    /// non-empty, a header `nh << 20 | nu << 10 | nm` then hashtags, urls, mentions.
    pub list_offsets: Vec<u32>,
    pub list_items: Vec<u32>,
    /// Tweet texts, when loaded: `text_offsets[i]..text_offsets[i + 1]` in `text_bytes`
    /// (one string: each text is valid UTF-8 once, never checked again when read).
    pub text_offsets: Option<Vec<u64>>,
    pub text_bytes: String,
}

impl Default for Tweets {
    fn default() -> Self {
        Self {
            id: Vec::new(),
            author: Vec::new(),
            campaign: Vec::new(),
            time: Vec::new(),
            lang: Vec::new(),
            client: Vec::new(),
            kind: Vec::new(),
            reply_to: Vec::new(),
            retweet_of: Vec::new(),
            ref_tweet: Vec::new(),
            reply_tweet: Vec::new(),
            like_count: Vec::new(),
            retweet_count: Vec::new(),
            list_offsets: vec![0],
            list_items: Vec::new(),
            text_offsets: None,
            text_bytes: String::new(),
        }
    }
}

/// A column that can grow without aborting when memory is short.
trait Growable {
    fn amortised(&mut self, n: usize) -> Result<(), std::collections::TryReserveError>;
    fn exact(&mut self, n: usize) -> Result<(), std::collections::TryReserveError>;
}

impl<T> Growable for Vec<T> {
    fn amortised(&mut self, n: usize) -> Result<(), std::collections::TryReserveError> {
        self.try_reserve(n)
    }
    fn exact(&mut self, n: usize) -> Result<(), std::collections::TryReserveError> {
        self.try_reserve_exact(n)
    }
}

impl Growable for String {
    fn amortised(&mut self, n: usize) -> Result<(), std::collections::TryReserveError> {
        self.try_reserve(n)
    }
    fn exact(&mut self, n: usize) -> Result<(), std::collections::TryReserveError> {
        self.try_reserve_exact(n)
    }
}

/// Error when the list arena outgrows its 32-bit offsets.
#[derive(Debug, thiserror::Error)]
#[error("too many hashtags, urls and mentions for one dataset (over 4 billion)")]
pub struct ListArenaFull;

impl Tweets {
    /// An empty table that stores tweet texts.
    pub fn with_text() -> Self {
        Self {
            text_offsets: Some(vec![0]),
            ..Self::default()
        }
    }

    pub fn len(&self) -> usize {
        self.id.len()
    }

    /// Heap bytes of the fixed-size columns (one value per tweet each).
    pub fn column_bytes(&self) -> u64 {
        use super::heap::vec_bytes;
        vec_bytes(&self.id)
            + vec_bytes(&self.author)
            + vec_bytes(&self.campaign)
            + vec_bytes(&self.time)
            + vec_bytes(&self.lang)
            + vec_bytes(&self.client)
            + vec_bytes(&self.kind)
            + vec_bytes(&self.reply_to)
            + vec_bytes(&self.retweet_of)
            + vec_bytes(&self.ref_tweet)
            + vec_bytes(&self.reply_tweet)
            + vec_bytes(&self.like_count)
            + vec_bytes(&self.retweet_count)
            + vec_bytes(&self.list_offsets)
    }

    /// Heap bytes of the hashtags, urls and mentions (their symbols).
    pub fn list_bytes(&self) -> u64 {
        super::heap::vec_bytes(&self.list_items)
    }

    /// Heap bytes of the texts, when kept.
    pub fn text_bytes_held(&self) -> u64 {
        self.text_offsets.as_ref().map_or(0, super::heap::vec_bytes)
            + self.text_bytes.capacity() as u64
    }

    /// Room for `rows` more tweets with `items` more list items and `text` more text
    /// bytes, so a load that knows its size copies no column while it grows.
    pub fn reserve(&mut self, rows: usize, items: usize, text: usize) {
        self.id.reserve(rows);
        self.author.reserve(rows);
        self.campaign.reserve(rows);
        self.time.reserve(rows);
        self.lang.reserve(rows);
        self.client.reserve(rows);
        self.kind.reserve(rows);
        self.reply_to.reserve(rows);
        self.retweet_of.reserve(rows);
        self.ref_tweet.reserve(rows);
        self.reply_tweet.reserve(rows);
        self.like_count.reserve(rows);
        self.retweet_count.reserve(rows);
        self.list_offsets.reserve(rows);
        self.list_items.reserve(items);
        if let Some(offsets) = &mut self.text_offsets {
            offsets.reserve(rows);
            self.text_bytes.reserve(text);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// [`Tweets::reserve`], failing instead of aborting when memory is short (the
    /// amortised growth first, then exactly what is asked).
    pub fn try_reserve(
        &mut self,
        rows: usize,
        items: usize,
        text: usize,
    ) -> Result<(), std::collections::TryReserveError> {
        self.try_grow(rows, items, text, false)
    }

    /// Room for exactly this much more (a whole file, estimated from its first block):
    /// no doubling, so no capacity left unused.
    pub fn try_reserve_exact(
        &mut self,
        rows: usize,
        items: usize,
        text: usize,
    ) -> Result<(), std::collections::TryReserveError> {
        self.try_grow(rows, items, text, true)
    }

    fn try_grow(
        &mut self,
        rows: usize,
        items: usize,
        text: usize,
        exact: bool,
    ) -> Result<(), std::collections::TryReserveError> {
        let grow = |v: &mut dyn Growable, n: usize| {
            if exact {
                v.exact(n)
            } else {
                v.amortised(n).or_else(|_| v.exact(n))
            }
        };
        grow(&mut self.id, rows)?;
        grow(&mut self.author, rows)?;
        grow(&mut self.campaign, rows)?;
        grow(&mut self.time, rows)?;
        grow(&mut self.lang, rows)?;
        grow(&mut self.client, rows)?;
        grow(&mut self.kind, rows)?;
        grow(&mut self.reply_to, rows)?;
        grow(&mut self.retweet_of, rows)?;
        grow(&mut self.ref_tweet, rows)?;
        grow(&mut self.reply_tweet, rows)?;
        grow(&mut self.like_count, rows)?;
        grow(&mut self.retweet_count, rows)?;
        grow(&mut self.list_offsets, rows)?;
        grow(&mut self.list_items, items)?;
        if let Some(offsets) = &mut self.text_offsets {
            grow(offsets, rows)?;
            grow(&mut self.text_bytes, text)?;
        }
        Ok(())
    }

    /// Appends a tweet with its lists (each truncated to [`MAX_LIST_ITEMS`]) and text.
    pub fn push(
        &mut self,
        row: &TweetRow,
        lists: ListItems<'_>,
        text: Option<&str>,
    ) -> Result<(), ListArenaFull> {
        let nh = lists.hashtags.len().min(MAX_LIST_ITEMS);
        let nu = lists.urls.len().min(MAX_LIST_ITEMS);
        let nm = lists.mentions.len().min(MAX_LIST_ITEMS);
        if nh + nu + nm > 0 {
            let header = u32::try_from(nh << 20 | nu << 10 | nm).map_err(|_| ListArenaFull)?;
            self.list_items.push(header);
            self.list_items.extend_from_slice(&lists.hashtags[..nh]);
            self.list_items.extend_from_slice(&lists.urls[..nu]);
            self.list_items.extend_from_slice(&lists.mentions[..nm]);
        }
        let end = u32::try_from(self.list_items.len()).map_err(|_| ListArenaFull)?;
        self.list_offsets.push(end);
        self.id.push(row.id);
        self.author.push(row.author);
        self.campaign.push(row.campaign);
        self.time.push(row.time);
        self.lang.push(row.lang);
        self.client.push(row.client);
        self.kind.push(row.kind);
        self.reply_to.push(row.reply_to.unwrap_or(NO_ACCOUNT));
        self.retweet_of.push(row.retweet_of.unwrap_or(NO_ACCOUNT));
        self.ref_tweet.push(row.ref_tweet.unwrap_or(0));
        self.reply_tweet.push(row.reply_tweet.unwrap_or(0));
        self.like_count.push(row.like_count);
        self.retweet_count.push(row.retweet_count);
        if let Some(offsets) = &mut self.text_offsets {
            self.text_bytes.push_str(text.unwrap_or(""));
            offsets.push(self.text_bytes.len() as u64);
        }
        Ok(())
    }

    pub fn kind(&self, i: usize) -> TweetKind {
        TweetKind(self.kind[i])
    }

    /// The hashtags, urls and mentions of tweet `i`.
    pub fn lists(&self, i: usize) -> ListItems<'_> {
        let start = self.list_offsets[i] as usize;
        let end = self.list_offsets[i + 1] as usize;
        split_lists(&self.list_items[start..end])
    }

    /// The text of tweet `i` (empty when texts were not loaded).
    pub fn text(&self, i: usize) -> &str {
        let Some(offsets) = &self.text_offsets else {
            return "";
        };
        let (Ok(start), Ok(end)) = (usize::try_from(offsets[i]), usize::try_from(offsets[i + 1]))
        else {
            return "";
        };
        self.text_bytes.get(start..end).unwrap_or("")
    }
}

/// Splits one tweet's arena slice into its three lists.
pub fn split_lists(items: &[u32]) -> ListItems<'_> {
    let Some((&header, rest)) = items.split_first() else {
        return ListItems::default();
    };
    let nh = (header >> 20) as usize & 0x3ff;
    let nu = (header >> 10) as usize & 0x3ff;
    let nm = header as usize & 0x3ff;
    if nh + nu + nm != rest.len() {
        return ListItems::default();
    }
    ListItems {
        hashtags: &rest[..nh],
        urls: &rest[nh..nh + nu],
        mentions: &rest[nh + nu..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_text_round_trip() {
        let mut t = Tweets::with_text();
        let row = TweetRow {
            id: 7,
            author: 1,
            ..TweetRow::default()
        };
        t.push(&row, ListItems::default(), Some("hello")).unwrap();
        let lists = ListItems {
            hashtags: &[3, 4],
            urls: &[],
            mentions: &[9],
        };
        t.push(&row, lists, Some("世界")).unwrap();
        assert_eq!(t.lists(0), ListItems::default());
        assert_eq!(t.lists(1), lists);
        assert_eq!(t.text(0), "hello");
        assert_eq!(t.text(1), "世界");
        assert_eq!(t.reply_to[1], NO_ACCOUNT);
    }

    #[test]
    fn long_lists_are_truncated_not_corrupted() {
        let mut t = Tweets::default();
        let many: Vec<u32> = (0..2000).collect();
        let lists = ListItems {
            hashtags: &many,
            urls: &many,
            mentions: &many,
        };
        t.push(&TweetRow::default(), lists, None).unwrap();
        let got = t.lists(0);
        assert_eq!(got.hashtags.len(), MAX_LIST_ITEMS);
        assert_eq!(got.mentions.len(), MAX_LIST_ITEMS);
        assert_eq!(got.mentions[5], 5);
        assert_eq!(t.text(0), "");
    }
}
