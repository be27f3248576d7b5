//! The IRA tweets NBC News published after Twitter deleted them: `tweets.csv`
//! (`user_id, user_key, created_at` in epoch milliseconds, `created_str, retweet_count,
//! retweeted, favorite_count, text, tweet_id, source, hashtags, expanded_urls, posted,
//! mentions, retweeted_status_id, in_reply_to_status_id`) and `users.csv` (`id,
//! location, name, followers_count, statuses_count, time_zone, verified, lang,
//! screen_name, description, created_at, …, friends_count, …`).
//!
//! Users are read first (their ids and screen names); a tweet's author is its
//! `user_id`, or its `user_key` (a screen name: many rows have no id). Authors and the
//! users file's accounts are core accounts of one campaign, country Russia. Retweets
//! name their author in `RT @name:`; mentions, hashtags and links come from their list
//! columns (`["a", "b"]`), or the text when those are empty.

use std::borrow::Cow;
use std::io::Read;

use super::{Builder, FileWarnings, Names, NewTweet, each_record};
use crate::io::fields::for_each_list_item;
use crate::io::input::LoadError;
use crate::io::source::Entry;
use crate::model::{Profile, TweetKind, time::parse_minutes};

/// The campaign of the NBC News release.
pub const CAMPAIGN: &str = "IRA (NBC News)";

/// Reads `users.csv`.
pub(crate) fn read_users(
    reader: &mut dyn Read,
    entry: &Entry,
    b: &mut Builder<'_>,
    warnings: &mut FileWarnings,
) -> Result<(), LoadError> {
    let campaign = b.ds.campaign_index(CAMPAIGN, super::ira::COUNTRY);
    let names = |n: &Names| Ok(n.clone());
    each_record(reader, &entry.display, warnings, names, |names, r| {
        let get = |n: &str| names.cell(r, n);
        let handle = get("screen_name");
        let account = b
            .by_id_or_handle(get("id"), handle)
            .ok_or("neither an id nor a screen_name; row skipped")?;
        b.ds.accounts.mark_core(account, campaign);
        let count = |n: &str| crate::io::fields::parse_count(get(n).as_bytes());
        b.profile(
            account,
            Profile {
                screen_name: handle.into(),
                display_name: get("name").into(),
                reported_location: get("location").into(),
                description: get("description").into(),
                follower_count: count("followers_count"),
                following_count: count("friends_count"),
                created_days: super::twarc::parse_time(get("created_at"))
                    .map(|m| m.div_euclid(1440)),
                language: get("lang").to_ascii_lowercase().into(),
                ..Profile::default()
            },
        );
        Ok(())
    })
}

/// The items of a list cell (`["a", "b"]`), as text.
fn list(cell: &str) -> Vec<Cow<'_, str>> {
    let mut out = Vec::new();
    for_each_list_item(cell.as_bytes(), |item| {
        let text = match item {
            Cow::Borrowed(b) => String::from_utf8_lossy(b),
            Cow::Owned(b) => Cow::Owned(String::from_utf8_lossy(&b).into_owned()),
        };
        if !text.trim().is_empty() {
            out.push(text);
        }
    });
    out
}

/// Reads `tweets.csv`.
pub(crate) fn read_tweets(
    reader: &mut dyn Read,
    entry: &Entry,
    b: &mut Builder<'_>,
    warnings: &mut FileWarnings,
) -> Result<(), LoadError> {
    let campaign = b.ds.campaign_index(CAMPAIGN, super::ira::COUNTRY);
    let names = |n: &Names| Ok(n.clone());
    each_record(reader, &entry.display, warnings, names, |names, r| {
        let get = |n: &str| names.cell(r, n);
        let time = get("created_at")
            .parse::<i64>()
            .ok()
            .and_then(|ms| i32::try_from(ms.div_euclid(60_000)).ok())
            .or_else(|| parse_minutes(get("created_str").as_bytes()))
            .ok_or_else(|| {
                format!(
                    "neither created_at ({:?}) nor created_str ({:?}) is a time; row skipped",
                    get("created_at"),
                    get("created_str")
                )
            })?;
        let handle = get("user_key");
        let author = b
            .by_id_or_handle(get("user_id"), handle)
            .ok_or("neither a user_id nor a user_key; row skipped")?;
        b.ds.accounts.mark_core(author, campaign);
        if !handle.is_empty() {
            b.profile(
                author,
                Profile {
                    screen_name: handle.into(),
                    ..Profile::default()
                },
            );
        }
        let text = names.raw(r, "text");
        let retweet_id = get("retweeted_status_id").parse::<u64>().ok();
        let rt_handle = super::retweeted_handle(text);
        let retweet = retweet_id.is_some()
            || rt_handle.is_some()
            || get("retweeted").eq_ignore_ascii_case("true");
        let mut kind = 0;
        let mut retweet_of = None;
        if retweet {
            kind |= TweetKind::RETWEET;
            retweet_of = rt_handle.and_then(|h| b.by_handle(h));
        }
        let reply_tweet = get("in_reply_to_status_id").parse::<u64>().ok();
        let reply_to = b.reply_by_opening(text, retweet);
        if reply_to.is_some() || reply_tweet.is_some() {
            kind |= TweetKind::REPLY;
        }
        let listed_mentions = list(get("mentions"));
        let mentions = if listed_mentions.is_empty() {
            super::mentioned_handles(text)
                .into_iter()
                .filter_map(|h| b.by_handle(h))
                .collect()
        } else {
            listed_mentions
                .iter()
                .filter_map(|h| b.by_handle(h))
                .collect()
        };
        let listed_tags = list(get("hashtags"));
        let listed_urls = list(get("expanded_urls"));
        let hashtags: Vec<&str> = if listed_tags.is_empty() {
            super::text_hashtags(text)
        } else {
            listed_tags
                .iter()
                .map(|t| t.trim_start_matches('#'))
                .collect()
        };
        let urls: Vec<&str> = if listed_urls.is_empty() {
            super::text_urls(text)
        } else {
            listed_urls.iter().map(|u| &**u).collect()
        };
        let count = |n: &str| crate::io::fields::parse_count(get(n).as_bytes()).unwrap_or(0);
        let id = get("tweet_id")
            .parse::<u64>()
            .unwrap_or_else(|_| super::ira::synthetic_id(b.ds.tweets.len()));
        b.tweet(&NewTweet {
            id,
            author,
            campaign,
            time,
            client: super::twarc::client_name(get("source")),
            kind,
            reply_to,
            retweet_of,
            ref_tweet: retweet_id,
            reply_tweet,
            likes: count("favorite_count"),
            retweets: count("retweet_count"),
            hashtags,
            urls,
            mentions,
            text,
            ..NewTweet::default()
        })
        .map_err(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_cells() {
        assert_eq!(super::list(r#"["a", "b c"]"#), vec!["a", "b c"]);
        assert!(super::list("[]").is_empty());
        assert!(super::list("").is_empty());
    }
}
