//! A synthetic archive in the exact Twitter information-operations release format,
//! modelled on the June 2020 releases (`china_052020`, `turkey_052020`,
//! `russia_052020`): core accounts in communities, outside accounts they retweet and
//! mention, Beijing office hours for China, account-creation bursts, retweet-heavy
//! Turkey, hashed and unhashed ids, every list style. Deterministic for a seed.
//! `--scale 1` reproduces the seed's numbers (23,750 China core accounts with 150,000
//! outside accounts around them, 7,340 Turkey, 1,152 Russia, over a million tweets).

use std::io::Write;
use std::path::Path;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::model::time::{days_from_civil, format_days, format_minutes};

/// The shape of one synthetic release.
struct ReleaseSpec {
    campaign: &'static str,
    core: usize,
    outside: usize,
    tweets: usize,
    communities: usize,
    retweet_share: f64,
    reply_share: f64,
    /// UTC offset of the operators' office, in hours.
    utc_offset_h: i32,
    /// Working hours (local) and whether weekends are quiet.
    office_hours: (i32, i32),
    weekdays_only: bool,
    first_day: (i32, u32, u32),
    last_day: (i32, u32, u32),
    /// Tweet languages with weights (mixed case on purpose).
    languages: &'static [(&'static str, f64)],
    account_languages: &'static [(&'static str, f64)],
    /// Days on which bursts of accounts were created, with the share of accounts.
    creation_bursts: &'static [((i32, u32, u32), f64)],
    zero_follower_share: f64,
    locations: &'static [&'static str],
    /// Unhashed-ids style: quoted Python-repr lists (2019+) or bare lists (2018 style).
    repr_lists: bool,
}

const RELEASES: [ReleaseSpec; 3] = [
    ReleaseSpec {
        campaign: "china_052020",
        core: 23_750,
        outside: 150_000,
        tweets: 348_608,
        communities: 24,
        retweet_share: 0.35,
        reply_share: 0.12,
        utc_offset_h: 8,
        office_hours: (9, 18),
        weekdays_only: true,
        first_day: (2019, 6, 1),
        last_day: (2020, 4, 30),
        languages: &[
            ("zh", 0.42),
            ("zh-cn", 0.08),
            ("zh-CN", 0.06),
            ("zh-tw", 0.04),
            ("en", 0.25),
            ("und", 0.08),
            ("ja", 0.03),
            ("in", 0.02),
            ("ko", 0.02),
        ],
        account_languages: &[
            ("zh-cn", 0.45),
            ("zh-CN", 0.15),
            ("en", 0.25),
            ("zh-tw", 0.08),
            ("en-gb", 0.04),
            ("ja", 0.03),
        ],
        creation_bursts: &[
            ((2019, 8, 30), 0.12),
            ((2019, 8, 18), 0.09),
            ((2020, 1, 15), 0.05),
        ],
        zero_follower_share: 0.785,
        locations: &[
            "",
            "",
            "",
            "北京",
            "香港",
            "Hong Kong",
            "上海",
            "台北",
            "Beijing, China",
            "深圳",
        ],
        repr_lists: true,
    },
    ReleaseSpec {
        campaign: "turkey_052020",
        core: 7_340,
        outside: 9_000,
        tweets: 1_000_000,
        communities: 8,
        retweet_share: 0.75,
        reply_share: 0.08,
        utc_offset_h: 3,
        office_hours: (7, 24),
        weekdays_only: false,
        first_day: (2016, 1, 1),
        last_day: (2020, 3, 31),
        languages: &[("tr", 0.84), ("en", 0.08), ("und", 0.05), ("ar", 0.03)],
        account_languages: &[("tr", 0.85), ("en", 0.12), ("ar", 0.03)],
        creation_bursts: &[((2016, 7, 16), 0.08), ((2017, 4, 10), 0.05)],
        zero_follower_share: 0.35,
        locations: &[
            "",
            "",
            "Türkiye",
            "İstanbul",
            "Ankara",
            "İzmir",
            "Turkey",
            "Konya",
        ],
        repr_lists: true,
    },
    ReleaseSpec {
        campaign: "russia_052020",
        core: 1_152,
        outside: 2_500,
        tweets: 200_000,
        communities: 4,
        retweet_share: 0.45,
        reply_share: 0.15,
        utc_offset_h: 3,
        office_hours: (9, 21),
        weekdays_only: false,
        first_day: (2014, 1, 1),
        last_day: (2020, 2, 29),
        languages: &[("ru", 0.78), ("en", 0.1), ("uk", 0.05), ("und", 0.07)],
        account_languages: &[("ru", 0.8), ("en", 0.15), ("uk", 0.05)],
        creation_bursts: &[((2014, 3, 1), 0.1)],
        zero_follower_share: 0.3,
        locations: &[
            "",
            "Москва",
            "Россия",
            "Санкт-Петербург",
            "Moscow",
            "Донецк",
        ],
        repr_lists: false,
    },
];

const USERS_HEADER: [&str; 10] = [
    "userid",
    "user_display_name",
    "user_screen_name",
    "user_reported_location",
    "user_profile_description",
    "user_profile_url",
    "follower_count",
    "following_count",
    "account_creation_date",
    "account_language",
];

const TWEETS_HEADER: [&str; 31] = [
    "tweetid",
    "userid",
    "user_display_name",
    "user_screen_name",
    "user_reported_location",
    "user_profile_description",
    "user_profile_url",
    "follower_count",
    "following_count",
    "account_creation_date",
    "account_language",
    "tweet_language",
    "tweet_text",
    "tweet_time",
    "tweet_client_name",
    "in_reply_to_userid",
    "in_reply_to_tweetid",
    "quoted_tweet_tweetid",
    "is_retweet",
    "retweet_userid",
    "retweet_tweetid",
    "latitude",
    "longitude",
    "quote_count",
    "reply_count",
    "like_count",
    "retweet_count",
    "hashtags",
    "urls",
    "user_mentions",
    "poll_choices",
];

const CLIENTS: [(&str, f64); 7] = [
    ("Twitter Web App", 0.3),
    ("Twitter for Android", 0.25),
    ("Twitter for iPhone", 0.2),
    ("Twitter Web Client", 0.1),
    ("TweetDeck", 0.08),
    ("Hootsuite Inc.", 0.04),
    ("Twitter for iPad", 0.03),
];

const ZH_CHARS: &str = "中国人民香港政府支持警察暴力反对自由美国世界经济发展社会和平安全团结繁荣祖国我们的是不了在有这个一大为上们来到说";
const EN_WORDS: &[&str] = &[
    "the", "people", "support", "police", "Hong", "Kong", "peace", "truth", "violence", "news",
    "world", "must", "stop", "riots", "freedom", "lies", "media", "china", "great", "future",
];
const TR_WORDS: &[&str] = &[
    "Türkiye", "millet", "güçlü", "lider", "birlik", "çok", "güzel", "başkan", "için", "şehit",
    "bayrak", "ülke", "büyük", "gelecek", "haber", "iş", "ağır", "ölüm",
];
const RU_WORDS: &[&str] = &[
    "Россия",
    "народ",
    "правда",
    "мир",
    "страна",
    "новости",
    "Украина",
    "запад",
    "власть",
    "сила",
    "будущее",
    "война",
    "история",
    "жизнь",
];
const AR_WORDS: &[&str] = &["تركيا", "الشعب", "الحرية", "السلام", "الأخبار"];
const JA_WORDS: &[&str] = &["中国", "香港", "ニュース", "平和", "です"];
const HASHTAGS_ZH: &[&str] = &[
    "香港",
    "HongKong",
    "#China",
    "中国",
    "HKPolice",
    "StandWithHK",
    "武汉加油",
];
const HASHTAGS_TR: &[&str] = &[
    "Türkiye",
    "#BarışPınarı",
    "MilliBirlik",
    "AKParti",
    "YerliVeMilli",
];
const HASHTAGS_RU: &[&str] = &["Россия", "Крым", "новости", "#Донбасс", "Путин"];
const EMOJI: &[&str] = &["🇨🇳", "👍", "🔥", "🇹🇷", "❤️", "😂"];

/// Cumulative weights for drawing by weight with a binary search.
struct Cumulative(Vec<f64>);

impl Cumulative {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut acc = 0.0;
        let mut v: Vec<f64> = weights
            .into_iter()
            .map(|w| {
                acc += w;
                acc
            })
            .collect();
        if acc > 0.0 {
            for x in &mut v {
                *x /= acc;
            }
        }
        Self(v)
    }

    fn draw(&self, rng: &mut SmallRng) -> usize {
        let u: f64 = rng.random();
        self.0
            .partition_point(|&c| c < u)
            .min(self.0.len().saturating_sub(1))
    }
}

fn pick<'a, T>(rng: &mut SmallRng, items: &'a [(T, f64)], cum: &Cumulative) -> &'a T {
    &items[cum.draw(rng)].0
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A base64-like hash of 41–44 characters, as the 2019+ releases use.
fn hash_id(rng: &mut SmallRng) -> String {
    let len = rng.random_range(40..=43);
    let mut s: String = (0..len)
        .map(|_| B64[rng.random_range(0..64)] as char)
        .collect();
    s.push('=');
    s
}

/// One account of the synthetic archive.
struct SynthAccount {
    id: String,
    screen_name: String,
    display_name: String,
    location: &'static str,
    description: String,
    url: String,
    followers: u32,
    following: u32,
    created: i32,
    language: &'static str,
    community: usize,
}

/// Word source for a tweet language.
fn words_for(lang: &str) -> Option<&'static [&'static str]> {
    match lang {
        "en" | "und" | "in" | "ko" => Some(EN_WORDS),
        "tr" => Some(TR_WORDS),
        "ru" | "uk" => Some(RU_WORDS),
        "ar" => Some(AR_WORDS),
        "ja" => Some(JA_WORDS),
        _ => None,
    }
}

fn text_in(rng: &mut SmallRng, lang: &str, min: usize, max: usize) -> String {
    let target = rng.random_range(min..=max);
    let mut s = String::with_capacity(target * 3);
    match words_for(&lang.to_ascii_lowercase()) {
        None => {
            let chars: Vec<char> = ZH_CHARS.chars().collect();
            for i in 0..target {
                s.push(chars[rng.random_range(0..chars.len())]);
                if i % 17 == 16 {
                    s.push('，');
                }
            }
        }
        Some(words) => {
            while s.chars().count() < target {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(words[rng.random_range(0..words.len())]);
            }
        }
    }
    // Quirks of real texts: quotes, commas, newlines, emoji.
    let roll: f64 = rng.random();
    if roll < 0.05 {
        s.push_str("\n\n“quoted” and \"double-quoted\", too");
    } else if roll < 0.1 {
        s.push(' ');
        s.push_str(EMOJI[rng.random_range(0..EMOJI.len())]);
    }
    s
}

fn make_account(
    rng: &mut SmallRng,
    spec: &ReleaseSpec,
    core: bool,
    community: usize,
    numeric_base: &mut u64,
    langs: &Cumulative,
) -> SynthAccount {
    let followers = if core {
        if rng.random_bool(spec.zero_follower_share) {
            0
        } else {
            (10f64.powf(rng.random_range(0.0..5.3))) as u32
        }
    } else {
        (10f64.powf(rng.random_range(0.5..6.0))) as u32
    };
    let (id, screen_name, display_name) = if followers < 5000 {
        let h = hash_id(rng);
        (h.clone(), h.clone(), h)
    } else {
        *numeric_base += rng.random_range(1..5_000_000u64);
        let name = format!(
            "{}_{}",
            &spec.campaign[..spec.campaign.find('_').unwrap_or(0)],
            *numeric_base % 100_000
        );
        let display = match spec.campaign.as_bytes().first() {
            Some(b'c') => format!("新闻{}", *numeric_base % 997),
            Some(b'r') => format!("Новости {}", *numeric_base % 997),
            _ => format!("Haber {}", *numeric_base % 997),
        };
        (numeric_base.to_string(), name, display)
    };
    let first = days_from_civil(2009, 1, 1);
    let last = days_from_civil(spec.last_day.0, spec.last_day.1, spec.last_day.2) - 30;
    let mut created = rng.random_range(first..last);
    if core {
        let u: f64 = rng.random();
        let mut acc = 0.0;
        for &((y, m, d), share) in spec.creation_bursts {
            acc += share;
            if u < acc {
                created = days_from_civil(y, m, d);
                break;
            }
        }
    }
    let language = pick(rng, spec.account_languages, langs);
    let description = if rng.random_bool(0.4) {
        String::new()
    } else {
        let mut d = text_in(rng, language, 10, 60);
        if rng.random_bool(0.1) {
            d.push_str("\nline two, with a comma");
        }
        d
    };
    SynthAccount {
        id,
        screen_name,
        display_name,
        location: spec.locations[rng.random_range(0..spec.locations.len())],
        description,
        url: if rng.random_bool(0.1) {
            "https://t.co/abc123".to_owned()
        } else {
            String::new()
        },
        followers,
        following: rng.random_range(0..3000),
        created,
        language,
        community,
    }
}

fn list_field(items: &[&str], repr: bool) -> String {
    if items.is_empty() {
        return if repr { "[]".to_owned() } else { String::new() };
    }
    if repr {
        let quoted: Vec<String> = items.iter().map(|i| format!("'{i}'")).collect();
        format!("[{}]", quoted.join(", "))
    } else {
        format!("[{}]", items.join(", "))
    }
}

/// Figures of what was written, for messages.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SynthStats {
    pub core_accounts: usize,
    pub outside_accounts: usize,
    pub tweets: usize,
    pub bytes: u64,
}

/// Where the generator writes: a folder of CSV files, or one zip.
pub enum SynthTarget<'a> {
    Dir(&'a Path),
    Zip(&'a Path),
}

/// Writes a synthetic archive: per campaign a users file and a tweets file.
pub fn write_archive(
    target: &SynthTarget<'_>,
    seed: u64,
    scale: f64,
) -> std::io::Result<SynthStats> {
    let mut stats = SynthStats::default();
    match target {
        SynthTarget::Dir(dir) => {
            std::fs::create_dir_all(dir)?;
            for (k, spec) in RELEASES.iter().enumerate() {
                let mut files = Release::new(spec, seed.wrapping_add(k as u64 * 7919), scale);
                for (name, writer) in files.file_names() {
                    let f = std::fs::File::create(dir.join(&name))?;
                    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
                    stats.bytes += writer(&mut files, &mut w)?;
                    w.flush()?;
                }
                files.add_stats(&mut stats);
            }
        }
        SynthTarget::Zip(path) => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let f = std::fs::File::create(path)?;
            let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(f));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .compression_level(Some(9))
                .last_modified_time(zip::DateTime::default());
            for (k, spec) in RELEASES.iter().enumerate() {
                let mut files = Release::new(spec, seed.wrapping_add(k as u64 * 7919), scale);
                for (name, writer) in files.file_names() {
                    zip.start_file(name, options)
                        .map_err(std::io::Error::other)?;
                    stats.bytes += writer(&mut files, &mut zip)?;
                }
                files.add_stats(&mut stats);
            }
            zip.finish().map_err(std::io::Error::other)?.flush()?;
        }
    }
    Ok(stats)
}

type FileWriter = fn(&mut Release, &mut dyn Write) -> std::io::Result<u64>;

/// One release being generated.
struct Release {
    spec: &'static ReleaseSpec,
    rng: SmallRng,
    core: Vec<SynthAccount>,
    outside: Vec<SynthAccount>,
    tweets: usize,
}

impl Release {
    fn new(spec: &'static ReleaseSpec, seed: u64, scale: f64) -> Self {
        let mut rng = SmallRng::seed_from_u64(seed);
        let scaled = |n: usize| ((n as f64 * scale).round() as usize).max(1);
        let n_core = scaled(spec.core);
        let n_out = scaled(spec.outside);
        let communities = spec.communities.min(n_core).max(1);
        let langs = Cumulative::new(spec.account_languages.iter().map(|l| l.1));
        let mut numeric_base = 700_000_000u64 + seed % 1000 * 1_000_000_000;
        let core = (0..n_core)
            .map(|i| {
                make_account(
                    &mut rng,
                    spec,
                    true,
                    i % communities,
                    &mut numeric_base,
                    &langs,
                )
            })
            .collect();
        let outside = (0..n_out)
            .map(|i| {
                make_account(
                    &mut rng,
                    spec,
                    false,
                    i % communities,
                    &mut numeric_base,
                    &langs,
                )
            })
            .collect();
        Self {
            spec,
            rng,
            core,
            outside,
            tweets: scaled(spec.tweets),
        }
    }

    fn file_names(&self) -> [(String, FileWriter); 2] {
        [
            (
                format!("{}_users_csv_hashed.csv", self.spec.campaign),
                Self::write_users,
            ),
            (
                format!("{}_tweets_csv_hashed.csv", self.spec.campaign),
                Self::write_tweets,
            ),
        ]
    }

    fn add_stats(&self, stats: &mut SynthStats) {
        stats.core_accounts += self.core.len();
        stats.outside_accounts += self.outside.len();
        stats.tweets += self.tweets;
    }

    fn write_users(&mut self, out: &mut dyn Write) -> std::io::Result<u64> {
        let mut w = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(CountingWriter::new(out));
        w.write_record(USERS_HEADER)?;
        for a in &self.core {
            w.write_record([
                a.id.as_str(),
                &a.display_name,
                &a.screen_name,
                a.location,
                &a.description,
                &a.url,
                &a.followers.to_string(),
                &a.following.to_string(),
                &format_days(a.created),
                a.language,
            ])?;
        }
        w.flush()?;
        Ok(w.get_ref().count)
    }

    fn write_tweets(&mut self, out: &mut dyn Write) -> std::io::Result<u64> {
        let spec = self.spec;
        let rng = &mut self.rng;
        let n_core = self.core.len();
        let n_out = self.outside.len();
        let communities = self.core.iter().map(|a| a.community).max().unwrap_or(0) + 1;
        // Activity: a few accounts post most tweets (Zipf-like).
        let activity =
            Cumulative::new((0..n_core).map(|i| 1.0 / ((i % 997) as f64 + 1.0).powf(0.9)));
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); communities];
        for (i, a) in self.core.iter().enumerate() {
            members[a.community].push(i);
        }
        let mut outside_of: Vec<Vec<usize>> = vec![Vec::new(); communities];
        for (i, a) in self.outside.iter().enumerate() {
            outside_of[a.community % communities].push(i);
        }
        let mut outside_cursor = vec![0usize; communities];
        let tweet_langs = Cumulative::new(spec.languages.iter().map(|l| l.1));
        let clients = Cumulative::new(CLIENTS.iter().map(|c| c.1));
        let first = days_from_civil(spec.first_day.0, spec.first_day.1, spec.first_day.2);
        let last = days_from_civil(spec.last_day.0, spec.last_day.1, spec.last_day.2);
        let mut last_tweet_of: Vec<Option<u64>> = vec![None; n_core];
        let mut recent: Vec<u64> = Vec::new();
        let mut forced = 0usize;

        let mut w = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(CountingWriter::new(out));
        w.write_record(TWEETS_HEADER)?;
        let mut record: Vec<String> = vec![String::new(); TWEETS_HEADER.len()];
        for t in 0..self.tweets {
            let author_i = activity.draw(rng);
            let author = &self.core[author_i];
            let c = author.community;
            // Time: a day in range; local office hours; weekends quiet where so.
            let mut day = rng.random_range(first..=last);
            if spec.weekdays_only && rng.random_bool(0.9) {
                // 1970-01-01 was a Thursday: weekday 0 = Monday.
                while (day + 3).rem_euclid(7) >= 5 {
                    day = rng.random_range(first..=last);
                }
            }
            let local_minute = if rng.random_bool(0.85) {
                rng.random_range(spec.office_hours.0 * 60..spec.office_hours.1 * 60)
            } else {
                rng.random_range(0..1440)
            };
            let minute = day * 1440 + local_minute - spec.utc_offset_h * 60;
            let tweet_id = 1_000_000_000_000_000_000u64
                + (u64::try_from(minute).unwrap_or(0) << 22)
                + t as u64;
            let lang = *pick(rng, spec.languages, &tweet_langs);
            let roll: f64 = rng.random();
            let mut retweet_user = String::new();
            let mut retweet_tweet = String::new();
            let mut reply_user = String::new();
            let mut reply_tweet = String::new();
            let mut quoted = String::new();
            let mut mentions: Vec<String> = Vec::new();
            let mut next_outside = |rng: &mut SmallRng| -> Option<usize> {
                let pool = &outside_of[c];
                if pool.is_empty() {
                    return None;
                }
                let cur = &mut outside_cursor[c];
                // Every outside account is referenced at least once, then by popularity.
                let j = if *cur < pool.len() {
                    *cur += 1;
                    pool[*cur - 1]
                } else {
                    pool[(rng.random::<f64>().powi(2) * pool.len() as f64) as usize % pool.len()]
                };
                Some(j)
            };
            let text;
            if roll < spec.retweet_share {
                let to_core = rng.random_bool(0.5) || n_out == 0;
                let target_id = if to_core {
                    let m = &members[c];
                    let k = m[(rng.random::<f64>().powi(3) * m.len() as f64) as usize % m.len()];
                    if let Some(id) = last_tweet_of[k] {
                        retweet_tweet = id.to_string();
                    }
                    self.core[k].id.clone()
                } else {
                    match next_outside(rng) {
                        Some(j) => self.outside[j].id.clone(),
                        None => author.id.clone(),
                    }
                };
                if retweet_tweet.is_empty() {
                    retweet_tweet = (tweet_id - rng.random_range(1..1_000_000u64)).to_string();
                }
                let body = text_in(rng, lang, 20, 120);
                text = format!("RT @{}: {}", &target_id[..target_id.len().min(12)], body);
                mentions.push(target_id.clone());
                retweet_user = target_id;
            } else {
                if roll < spec.retweet_share + spec.reply_share {
                    let target = if rng.random_bool(0.6) {
                        next_outside(rng).map(|j| self.outside[j].id.clone())
                    } else {
                        None
                    };
                    reply_user = target.unwrap_or_else(|| {
                        self.core[members[c][rng.random_range(0..members[c].len())]]
                            .id
                            .clone()
                    });
                    reply_tweet = (tweet_id - rng.random_range(1..100_000u64)).to_string();
                    mentions.push(reply_user.clone());
                } else if rng.random_bool(0.04) && !recent.is_empty() {
                    quoted = recent[rng.random_range(0..recent.len())].to_string();
                }
                for _ in 0..rng.random_range(0..3u32) {
                    if let Some(j) = next_outside(rng) {
                        mentions.push(self.outside[j].id.clone());
                    }
                }
                text = text_in(rng, lang, 30, 200);
            }
            let tags_src = match spec.campaign.as_bytes().first() {
                Some(b'c') => HASHTAGS_ZH,
                Some(b'r') => HASHTAGS_RU,
                _ => HASHTAGS_TR,
            };
            let tags: Vec<&str> = (0..rng.random_range(0..3u32))
                .map(|_| tags_src[rng.random_range(0..tags_src.len())])
                .collect();
            let urls: Vec<&str> = if rng.random_bool(0.15) {
                vec!["https://t.co/xYz12AbC", "http://example.org/a?b=1"][..rng.random_range(1..=2)]
                    .to_vec()
            } else {
                Vec::new()
            };
            // Every outside account is referenced at least once, spread over the file.
            while forced < n_out && (forced * self.tweets <= t * n_out || t + 1 == self.tweets) {
                mentions.push(self.outside[forced].id.clone());
                forced += 1;
            }
            let mention_refs: Vec<&str> = mentions.iter().map(String::as_str).collect();
            let client = CLIENTS[clients.draw(rng)].0;
            let (lat, lon) = if rng.random_bool(0.01) {
                ("39.9042".to_owned(), "116.4074".to_owned())
            } else {
                ("absent".to_owned(), "absent".to_owned())
            };
            let empty_counts = rng.random_bool(0.05);
            let count = |rng: &mut SmallRng, max: u32| {
                if empty_counts {
                    String::new()
                } else {
                    ((rng.random::<f64>().powi(4) * f64::from(max)) as u32).to_string()
                }
            };
            let values = [
                tweet_id.to_string(),
                author.id.clone(),
                author.display_name.clone(),
                author.screen_name.clone(),
                author.location.to_owned(),
                author.description.clone(),
                author.url.clone(),
                author.followers.to_string(),
                author.following.to_string(),
                format_days(author.created),
                author.language.to_owned(),
                lang.to_owned(),
                text,
                format_minutes(minute),
                client.to_owned(),
                reply_user,
                reply_tweet,
                quoted,
                if retweet_user.is_empty() {
                    "false"
                } else if t % 2 == 0 {
                    "true"
                } else {
                    "True"
                }
                .to_owned(),
                retweet_user,
                retweet_tweet,
                lat,
                lon,
                count(rng, 5),
                count(rng, 20),
                count(rng, 200),
                count(rng, 100),
                list_field(&tags, true),
                list_field(&urls, spec.repr_lists),
                list_field(&mention_refs, false),
                String::new(),
            ];
            for (slot, v) in record.iter_mut().zip(values) {
                *slot = v;
            }
            w.write_record(&record)?;
            last_tweet_of[author_i] = Some(tweet_id);
            if recent.len() < 4096 {
                recent.push(tweet_id);
            } else {
                let k = rng.random_range(0..recent.len());
                recent[k] = tweet_id;
            }
        }
        w.flush()?;
        Ok(w.get_ref().count)
    }
}

struct CountingWriter<W> {
    inner: W,
    count: u64,
}

impl<W> CountingWriter<W> {
    fn new(inner: W) -> Self {
        Self { inner, count: 0 }
    }
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.count += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
