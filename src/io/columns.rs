//! The columns of the Twitter information-operations archive files, mapped by header name
//! (the column order differs between releases).

use super::csv_scan::Fields;
use super::input::LoadError;

/// Whether a file lists accounts or tweets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Users,
    Tweets,
}

/// Every column the loader reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Col {
    TweetId,
    UserId,
    DisplayName,
    ScreenName,
    Location,
    Description,
    ProfileUrl,
    Followers,
    Following,
    Created,
    AccountLang,
    TweetLang,
    Text,
    Time,
    Client,
    ReplyUser,
    ReplyTweet,
    QuotedTweet,
    IsRetweet,
    RetweetUser,
    RetweetTweet,
    LikeCount,
    RetweetCount,
    Hashtags,
    Urls,
    Mentions,
}

const COLUMN_NAMES: [(&str, Col); 26] = [
    ("tweetid", Col::TweetId),
    ("userid", Col::UserId),
    ("user_display_name", Col::DisplayName),
    ("user_screen_name", Col::ScreenName),
    ("user_reported_location", Col::Location),
    ("user_profile_description", Col::Description),
    ("user_profile_url", Col::ProfileUrl),
    ("follower_count", Col::Followers),
    ("following_count", Col::Following),
    ("account_creation_date", Col::Created),
    ("account_language", Col::AccountLang),
    ("tweet_language", Col::TweetLang),
    ("tweet_text", Col::Text),
    ("tweet_time", Col::Time),
    ("tweet_client_name", Col::Client),
    ("in_reply_to_userid", Col::ReplyUser),
    ("in_reply_to_tweetid", Col::ReplyTweet),
    ("quoted_tweet_tweetid", Col::QuotedTweet),
    ("is_retweet", Col::IsRetweet),
    ("retweet_userid", Col::RetweetUser),
    ("retweet_tweetid", Col::RetweetTweet),
    ("like_count", Col::LikeCount),
    ("retweet_count", Col::RetweetCount),
    ("hashtags", Col::Hashtags),
    ("urls", Col::Urls),
    ("user_mentions", Col::Mentions),
];

const ABSENT: usize = usize::MAX;

/// Where each known column sits in a file's records.
#[derive(Clone, Debug)]
pub struct Header {
    pub kind: FileKind,
    /// Number of fields in a record.
    pub width: usize,
    positions: [usize; COLUMN_NAMES.len()],
}

impl Header {
    /// Position of a column (`usize::MAX` when the file lacks it, which reads as empty).
    #[inline]
    pub fn at(&self, col: Col) -> usize {
        self.positions[col as usize]
    }

    pub fn has(&self, col: Col) -> bool {
        self.at(col) != ABSENT
    }

    /// Reads the header record of `file`.
    pub fn parse(fields: &Fields, buf: &[u8], file: &str) -> Result<Self, LoadError> {
        let names: Vec<String> = (0..fields.len())
            .map(|i| {
                String::from_utf8_lossy(&fields.unescaped(buf, i))
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_ascii_lowercase()
            })
            .collect();
        let mut positions = [ABSENT; COLUMN_NAMES.len()];
        for (i, name) in names.iter().enumerate() {
            if let Some((_, col)) = COLUMN_NAMES.iter().find(|(n, _)| n == name)
                && positions[*col as usize] == ABSENT
            {
                positions[*col as usize] = i;
            }
        }
        let has = |c: Col| positions[c as usize] != ABSENT;
        let kind = if has(Col::TweetId) || has(Col::Time) {
            FileKind::Tweets
        } else if has(Col::UserId) {
            FileKind::Users
        } else {
            let shown: Vec<&str> = names.iter().take(8).map(String::as_str).collect();
            return Err(LoadError::Format {
                file: file.to_owned(),
                reason: format!(
                    "not a file ioscope reads: the header has no `userid` or `tweetid` column \
                     (it starts with: {}); tried {}",
                    shown.join(", "),
                    super::network::TRIED
                ),
            });
        };
        let required: &[Col] = match kind {
            FileKind::Tweets => &[Col::TweetId, Col::UserId, Col::Time],
            FileKind::Users => &[Col::UserId],
        };
        let missing: Vec<String> = required
            .iter()
            .filter(|c| !has(**c))
            .filter_map(|c| {
                COLUMN_NAMES
                    .iter()
                    .find(|(_, k)| k == c)
                    .map(|(n, _)| (*n).to_owned())
            })
            .collect();
        if !missing.is_empty() {
            return Err(LoadError::MissingColumns {
                file: file.to_owned(),
                kind: match kind {
                    FileKind::Tweets => "tweets",
                    FileKind::Users => "users",
                },
                missing,
            });
        }
        Ok(Self {
            kind,
            width: names.len(),
            positions,
        })
    }
}
