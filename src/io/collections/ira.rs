//! The IRA tweets FiveThirtyEight published with Clemson University (`IRAhandle_tweets_N.csv`:
//! `external_author_id, author, content, region, language, publish_date, …, post_type,
//! account_type, retweet, account_category, …, tweet_id, …, tco1_step1…`), and the
//! re-splits of it that circulate (fewer columns, ISO dates, `post_type` `R`/`Q`).
//!
//! Accounts are their handles (`author`, case-folded: the external ids of these files
//! are rounded in many copies); each is a core account of the campaign named by its
//! `account_category` (RightTroll, LeftTroll, NewsFeed, …), country Russia. A retweet's
//! author is the handle of its `RT @name:`; mentions and hashtags come from the text,
//! links from the `tco…_step1` columns or else the text. Language names (`English`)
//! become codes (`en`); `region` is the account's reported location.

use std::io::Read;

use super::{Builder, FileWarnings, Names, NewTweet, each_record};
use crate::io::input::LoadError;
use crate::io::source::Entry;
use crate::model::{Profile, TweetKind, time::parse_minutes};

/// The country of every IRA campaign.
pub const COUNTRY: &str = "Russia";

/// A language name as the IRA files write it, as a code (names it does not know are
/// kept, lower-cased; codes are kept as they are).
pub fn language_code(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    let code = match lower.as_str() {
        "english" => "en",
        "russian" => "ru",
        "german" => "de",
        "ukrainian" => "uk",
        "italian" => "it",
        "serbian" => "sr",
        "arabic" => "ar",
        "french" => "fr",
        "spanish" => "es",
        "uzbek" => "uz",
        "bulgarian" => "bg",
        "macedonian" => "mk",
        "romanian" => "ro",
        "farsi (persian)" | "farsi" | "persian" => "fa",
        "japanese" => "ja",
        "dutch" => "nl",
        "norwegian" => "no",
        "swedish" => "sv",
        "finnish" => "fi",
        "estonian" => "et",
        "latvian" => "lv",
        "lithuanian" => "lt",
        "polish" => "pl",
        "czech" => "cs",
        "slovak" => "sk",
        "croatian" => "hr",
        "slovenian" => "sl",
        "albanian" => "sq",
        "hungarian" => "hu",
        "greek" => "el",
        "turkish" => "tr",
        "hebrew" => "he",
        "vietnamese" => "vi",
        "thai" => "th",
        "korean" => "ko",
        "chinese" | "simplified chinese" => "zh-cn",
        "traditional chinese" => "zh-tw",
        "pashto" => "ps",
        "hindi" => "hi",
        "urdu" => "ur",
        "tagalog (filipino)" | "tagalog" | "filipino" => "tl",
        "indonesian" => "id",
        "malay" => "ms",
        "kurdish" => "ku",
        "somali" => "so",
        "icelandic" => "is",
        "catalan" => "ca",
        "portuguese" => "pt",
        "kazakh" => "kk",
        "belarusian" => "be",
        "azerbaijani" => "az",
        "armenian" => "hy",
        "georgian" => "ka",
        "bengali" => "bn",
        "tamil" => "ta",
        "danish" => "da",
        "language undefined" | "undefined" | "unknown" | "" => "und",
        _ => return lower,
    };
    code.to_owned()
}

/// `M/D/YYYY H:MM` (the original files, no zero padding, 24-hour clock) or ISO
/// `YYYY-MM-DD HH:MM[:SS]` (re-splits), as minutes since 1970.
pub fn parse_date(raw: &str) -> Option<i32> {
    let raw = raw.trim();
    if let Some(m) = parse_minutes(raw.as_bytes()) {
        return Some(m);
    }
    let (date, time) = raw.split_once(' ').unwrap_or((raw, "0:00"));
    let mut d = date.split('/');
    let month: u32 = d.next()?.parse().ok()?;
    let day: u32 = d.next()?.parse().ok()?;
    let year: i32 = d.next()?.parse().ok()?;
    if d.next().is_some() {
        return None;
    }
    let mut t = time.trim().split(':');
    let hour: u32 = t.next()?.parse().ok()?;
    let minute: u32 = t.next().unwrap_or("0").parse().ok()?;
    let iso = format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}");
    parse_minutes(iso.as_bytes())
}

/// Positions of the columns this reader uses.
struct Columns {
    author: usize,
    content: usize,
    region: Option<usize>,
    language: Option<usize>,
    date: usize,
    following: Option<usize>,
    followers: Option<usize>,
    post_type: Option<usize>,
    retweet: Option<usize>,
    category: Option<usize>,
    tweet_id: Option<usize>,
    links: Vec<usize>,
}

impl Columns {
    fn of(names: &Names, file: &str) -> Result<Self, LoadError> {
        let at = |n: &str| names.at(n);
        let need = |n: &str| {
            at(n).ok_or_else(|| LoadError::MissingColumns {
                file: file.to_owned(),
                kind: "IRA tweets",
                missing: vec![n.to_owned()],
            })
        };
        Ok(Self {
            author: need("author")?,
            content: need("content")?,
            date: need("publish_date")?,
            region: at("region"),
            language: at("language"),
            following: at("following"),
            followers: at("followers"),
            post_type: at("post_type"),
            retweet: at("retweet"),
            category: at("account_category"),
            tweet_id: at("tweet_id"),
            links: names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.starts_with("tco") && n.ends_with("_step1"))
                .map(|(i, _)| i)
                .collect(),
        })
    }
}

/// Reads one IRA tweets file into the builder.
pub(crate) fn read(
    reader: &mut dyn Read,
    entry: &Entry,
    b: &mut Builder<'_>,
    warnings: &mut FileWarnings,
) -> Result<(), LoadError> {
    let file = &entry.display;
    each_record(
        reader,
        file,
        warnings,
        |names| Columns::of(names, file),
        |cols, record| row(record, cols, b),
    )
}

/// Adds one row.
fn row(r: &csv::StringRecord, c: &Columns, b: &mut Builder<'_>) -> Result<(), String> {
    let get = |i: Option<usize>| i.and_then(|i| r.get(i)).unwrap_or("").trim();
    let author_name = get(Some(c.author));
    let raw_date = get(Some(c.date));
    let time = parse_date(raw_date)
        .ok_or_else(|| format!("publish_date {raw_date:?} is not M/D/YYYY H:MM; row skipped"))?;
    let author = b
        .by_handle(author_name)
        .ok_or("author is empty; row skipped")?;
    let category = get(c.category);
    let campaign_name = if category.is_empty() { "IRA" } else { category };
    let campaign = b.ds.campaign_index(campaign_name, COUNTRY);
    b.ds.accounts.mark_core(author, campaign);
    let count = |i: Option<usize>| crate::io::fields::parse_count(get(i).as_bytes());
    b.profile(
        author,
        Profile {
            screen_name: author_name.into(),
            reported_location: get(c.region).into(),
            follower_count: count(c.followers),
            following_count: count(c.following),
            ..Profile::default()
        },
    );
    let text = r.get(c.content).unwrap_or("");
    let post_type = get(c.post_type).to_ascii_uppercase();
    let retweet = matches!(post_type.as_str(), "RETWEET" | "R") || get(c.retweet) == "1";
    let quote = matches!(post_type.as_str(), "QUOTE_TWEET" | "QUOTE" | "Q");
    let mut kind = 0;
    let retweet_of = if retweet {
        kind |= TweetKind::RETWEET;
        super::retweeted_handle(text).and_then(|h| b.by_handle(h))
    } else {
        None
    };
    if quote {
        kind |= TweetKind::QUOTE;
    }
    // A tweet that starts with a mention (not a retweet) answers that account.
    let reply_to = b.reply_by_opening(text, retweet);
    if reply_to.is_some() {
        kind |= TweetKind::REPLY;
    }
    let mentions = super::mentioned_handles(text)
        .into_iter()
        .filter_map(|h| b.by_handle(h))
        .collect();
    let mut urls: Vec<&str> = c
        .links
        .iter()
        .filter_map(|&i| r.get(i))
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .collect();
    if urls.is_empty() {
        urls = super::text_urls(text);
    }
    let id = get(c.tweet_id)
        .parse::<u64>()
        .ok()
        .or_else(|| get(c.tweet_id).parse::<f64>().ok().map(|v| v as u64))
        .unwrap_or_else(|| synthetic_id(b.ds.tweets.len()));
    let language = language_code(get(c.language));
    b.tweet(&NewTweet {
        id,
        author,
        campaign,
        time,
        lang: &language,
        kind,
        reply_to,
        retweet_of,
        hashtags: super::text_hashtags(text),
        urls,
        mentions,
        text,
        ..NewTweet::default()
    })
    .map_err(|e| e.to_string())
}

/// An id for a tweet its file gives none: its place in the load, above every real id.
pub fn synthetic_id(index: usize) -> u64 {
    (1u64 << 62) + index as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_the_original_files_and_of_resplits() {
        let iso = parse_minutes(b"2017-10-01 19:58").expect("iso");
        assert_eq!(parse_date("10/1/2017 19:58"), Some(iso));
        assert_eq!(parse_date("2017-10-01 19:58:00"), Some(iso));
        assert_eq!(
            parse_date("1/2/2016 0:05"),
            parse_minutes(b"2016-01-02 00:05")
        );
        assert_eq!(parse_date("13/1/2017 1:00"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn language_names_become_codes() {
        assert_eq!(language_code("English"), "en");
        assert_eq!(language_code("LANGUAGE UNDEFINED"), "und");
        assert_eq!(language_code("Farsi (Persian)"), "fa");
        assert_eq!(language_code("en"), "en");
        assert_eq!(language_code("Klingon"), "klingon");
    }
}
