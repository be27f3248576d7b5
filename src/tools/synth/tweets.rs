//! The tweets file of a synthetic release: who posts (a few accounts post most), when
//! (office hours in the operators' time zone, quiet weekends where so), in which
//! language, and what each tweet does: retweet a community member or an outside
//! account, reply, quote a recent tweet, mention; hashtags, URLs, client, counts. Every
//! outside account is referenced at least once.
//!
//! Retweets and replies follow real cascades: they go to a tweet of the target (its
//! latest, or a new one), some minutes to days after it (log-normal delay, median
//! about five hours), so the retweets of one tweet cluster in time without landing in
//! the same minute by design. The planted coordinated groups' tweets
//! ([`super::planted`]) are spread among the organic ones. Draws happen in a fixed
//! order, so a seed always writes the same bytes.

use std::io::Write;

use rand::Rng;
use rand::rngs::SmallRng;

use super::CountingWriter;
use super::accounts::{Cumulative, SynthAccount, list_field, pick, text_in};
use super::planted::{Act, PlantedTweet};
use super::spec::{CLIENTS, HASHTAGS_RU, HASHTAGS_TR, HASHTAGS_ZH, ReleaseSpec, TWEETS_HEADER};
use crate::model::time::{days_from_civil, format_days, format_minutes};

/// Recent tweet ids kept for quotes.
const RECENT_TWEETS: usize = 4096;

/// What the tweets are drawn from, and what earlier tweets left behind.
struct Plan<'r> {
    spec: &'static ReleaseSpec,
    core: &'r [SynthAccount],
    outside: &'r [SynthAccount],
    tweets: usize,
    /// Who posts: a few accounts post most (Zipf-like).
    activity: Cumulative,
    /// Core accounts of each community, and the outside accounts around it.
    members: Vec<Vec<usize>>,
    outside_of: Vec<Vec<usize>>,
    /// Outside accounts of each community referenced so far (in order).
    outside_cursor: Vec<usize>,
    tweet_langs: Cumulative,
    clients: Cumulative,
    /// Each core account's latest tweet (id, minute), for retweets and replies.
    last_tweet_of: Vec<Option<(u64, i32)>>,
    /// The tweet each account (core accounts first, then outside ones) has spreading
    /// now: id, minute, and how many more retweets and replies it takes.
    live: Vec<Option<Live>>,
    recent: Vec<u64>,
    /// Outside accounts mentioned so far by the "every one at least once" rule.
    forced: usize,
}

/// What one tweet refers to, and its text.
#[derive(Default)]
struct Refs {
    /// The minute of the tweet this one retweets or replies to, when known.
    origin: Option<i32>,
    retweet_user: String,
    retweet_tweet: String,
    reply_user: String,
    reply_tweet: String,
    quoted: String,
    mentions: Vec<String>,
    text: String,
}

impl<'r> Plan<'r> {
    fn new(
        spec: &'static ReleaseSpec,
        core: &'r [SynthAccount],
        outside: &'r [SynthAccount],
        tweets: usize,
        quiet: &[usize],
    ) -> Self {
        let n_core = core.len();
        let mut weights: Vec<f64> = (0..n_core)
            .map(|i| 1.0 / ((i % 997) as f64 + 1.0).powf(0.9))
            .collect();
        for &q in quiet {
            if let Some(w) = weights.get_mut(q) {
                *w = 0.0;
            }
        }
        let communities = core.iter().map(|a| a.community).max().unwrap_or(0) + 1;
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); communities];
        for (i, a) in core.iter().enumerate() {
            members[a.community].push(i);
        }
        let mut outside_of: Vec<Vec<usize>> = vec![Vec::new(); communities];
        for (i, a) in outside.iter().enumerate() {
            outside_of[a.community % communities].push(i);
        }
        Self {
            spec,
            core,
            outside,
            tweets,
            activity: Cumulative::new(weights),
            members,
            outside_of,
            outside_cursor: vec![0usize; communities],
            tweet_langs: Cumulative::new(spec.languages.iter().map(|l| l.1)),
            clients: Cumulative::new(CLIENTS.iter().map(|c| c.1)),
            last_tweet_of: vec![None; n_core],
            live: vec![None; n_core + outside.len()],
            recent: Vec::new(),
            forced: 0,
        }
    }

    /// The minute (UTC) of a tweet: see [`office_minute`].
    fn minute(&self, rng: &mut SmallRng) -> i32 {
        office_minute(self.spec, rng)
    }

    /// Whether a UTC minute falls in the operators' office hours (on a weekday, where
    /// weekends are quiet).
    fn in_office(&self, minute: i32) -> bool {
        let spec = self.spec;
        let local = minute + spec.utc_offset_h * 60;
        let day = local.div_euclid(1440);
        let hour = local.rem_euclid(1440) / 60;
        (spec.office_hours.0..spec.office_hours.1).contains(&hour)
            && (!spec.weekdays_only || (day + 3).rem_euclid(7) < 5)
    }

    /// A minute some time after `origin`: a log-normal delay (median five hours, from
    /// minutes to weeks); one that falls outside office hours moves to a random minute
    /// of the next office day (the operators catch up in the morning).
    fn after(&self, rng: &mut SmallRng, origin: i32) -> i32 {
        let spec = self.spec;
        let (u1, u2): (f64, f64) = (rng.random_range(1e-12..1.0), rng.random());
        let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        let delay = (300f64.ln() + 1.6 * z).exp().clamp(1.0, 60.0 * 24.0 * 60.0);
        let at = origin + delay as i32;
        if self.in_office(at) {
            return at;
        }
        let offset = spec.utc_offset_h * 60;
        let local = at + offset;
        let mut day = local.div_euclid(1440);
        if local.rem_euclid(1440) >= spec.office_hours.0 * 60 {
            day += 1;
        }
        while spec.weekdays_only && (day + 3).rem_euclid(7) >= 5 {
            day += 1;
        }
        day * 1440 + rng.random_range(spec.office_hours.0 * 60..spec.office_hours.1 * 60) - offset
    }

    /// The tweet of account `target` (core accounts, then outside ones) that a retweet
    /// or reply goes to: the one spreading now until its cascade is full, then a new
    /// one (a core account's latest tweet in the file when it has one not yet spread,
    /// else one posted at an office-hours minute). Cascade sizes are heavy-tailed
    /// (median 2, a few dozen at most).
    fn cascade_tweet(&mut self, rng: &mut SmallRng, target: usize, t: usize) -> (u64, i32) {
        if let Some(live) = &mut self.live[target]
            && live.left > 0
        {
            live.left -= 1;
            return (live.id, live.minute);
        }
        let previous = self.live[target].as_ref().map(|l| l.id);
        let (id, minute) = match self.last_tweet_of.get(target).copied().flatten() {
            Some((id, minute)) if Some(id) != previous => (id, minute),
            _ => {
                let minute = self.minute(rng);
                (tweet_id(minute, t) + (1 << 21), minute)
            }
        };
        let u: f64 = rng.random_range(1e-9..1.0);
        let size = (1.5 / u.powf(0.6)).clamp(1.0, 40.0) as u32;
        self.live[target] = Some(Live {
            id,
            minute,
            left: size - 1,
        });
        (id, minute)
    }

    /// The next outside account around community `c`: every one once, in order, then
    /// by popularity.
    fn next_outside(&mut self, rng: &mut SmallRng, c: usize) -> Option<usize> {
        let pool = &self.outside_of[c];
        if pool.is_empty() {
            return None;
        }
        let cur = &mut self.outside_cursor[c];
        let j = if *cur < pool.len() {
            *cur += 1;
            pool[*cur - 1]
        } else {
            pool[(rng.random::<f64>().powi(2) * pool.len() as f64) as usize % pool.len()]
        };
        Some(j)
    }

    /// A retweet of a community member's latest tweet or of an outside account's
    /// current one.
    fn retweet(&mut self, rng: &mut SmallRng, author_i: usize, t: usize, lang: &str) -> Refs {
        let mut refs = Refs::default();
        let c = self.core[author_i].community;
        let to_core = rng.random_bool(0.5) || self.outside.is_empty();
        let target_id = if to_core {
            let m = &self.members[c];
            let k = m[(rng.random::<f64>().powi(2) * m.len() as f64) as usize % m.len()];
            let (id, minute) = self.cascade_tweet(rng, k, t);
            refs.retweet_tweet = id.to_string();
            refs.origin = Some(minute);
            self.core[k].id.clone()
        } else {
            match self.next_outside(rng, c) {
                Some(j) => {
                    let (id, minute) = self.cascade_tweet(rng, self.core.len() + j, t);
                    refs.retweet_tweet = id.to_string();
                    refs.origin = Some(minute);
                    self.outside[j].id.clone()
                }
                None => self.core[author_i].id.clone(),
            }
        };
        if refs.retweet_tweet.is_empty() {
            refs.retweet_tweet = (tweet_id(self.minute(rng), t) + (1 << 21)).to_string();
        }
        let body = text_in(rng, lang, 20, 120);
        refs.text = format!("RT @{}: {}", &target_id[..target_id.len().min(12)], body);
        refs.mentions.push(target_id.clone());
        refs.retweet_user = target_id;
        refs
    }

    /// An original tweet: a reply (to an outside account or a member), a quote of a
    /// recent tweet, or neither; with a few mentions.
    fn original(&mut self, rng: &mut SmallRng, c: usize, roll: f64, t: usize, lang: &str) -> Refs {
        let mut refs = Refs::default();
        let spec = self.spec;
        if roll < spec.retweet_share + spec.reply_share {
            let outside = if rng.random_bool(0.6) {
                self.next_outside(rng, c)
            } else {
                None
            };
            let (user, replied) = match outside {
                Some(j) => (
                    self.outside[j].id.clone(),
                    self.cascade_tweet(rng, self.core.len() + j, t),
                ),
                None => {
                    let m = &self.members[c];
                    let k = m[rng.random_range(0..m.len())];
                    (self.core[k].id.clone(), self.cascade_tweet(rng, k, t))
                }
            };
            refs.reply_tweet = replied.0.to_string();
            refs.origin = Some(replied.1);
            refs.reply_user = user;
            refs.mentions.push(refs.reply_user.clone());
        } else if rng.random_bool(0.04) && !self.recent.is_empty() {
            refs.quoted = self.recent[rng.random_range(0..self.recent.len())].to_string();
        }
        for _ in 0..rng.random_range(0..3u32) {
            if let Some(j) = self.next_outside(rng, c) {
                refs.mentions.push(self.outside[j].id.clone());
            }
        }
        refs.text = text_in(rng, lang, 30, 200);
        refs
    }

    /// Mentions every outside account at least once, spread over the file.
    fn force_outside_mentions(&mut self, t: usize, mentions: &mut Vec<String>) {
        let n_out = self.outside.len();
        while self.forced < n_out
            && (self.forced * self.tweets <= t * n_out || t + 1 == self.tweets)
        {
            mentions.push(self.outside[self.forced].id.clone());
            self.forced += 1;
        }
    }

    /// Remembers a tweet for retweets (its author's last) and quotes (a recent one).
    fn remember(&mut self, rng: &mut SmallRng, author_i: usize, tweet_id: u64, minute: i32) {
        self.last_tweet_of[author_i] = Some((tweet_id, minute));
        if self.recent.len() < RECENT_TWEETS {
            self.recent.push(tweet_id);
        } else {
            let k = rng.random_range(0..self.recent.len());
            self.recent[k] = tweet_id;
        }
    }

    /// An organic tweet: who, when, what.
    fn organic(&mut self, rng: &mut SmallRng, t: usize) -> Draft {
        let spec = self.spec;
        let author_i = self.activity.draw(rng);
        let c = self.core[author_i].community;
        let lang = *pick(rng, spec.languages, &self.tweet_langs);
        let roll: f64 = rng.random();
        let refs = if roll < spec.retweet_share {
            self.retweet(rng, author_i, t, lang)
        } else {
            self.original(rng, c, roll, t, lang)
        };
        let minute = match refs.origin {
            Some(origin) => self.after(rng, origin),
            None => self.minute(rng),
        };
        let tags_src = match spec.campaign.as_bytes().first() {
            Some(b'c') => HASHTAGS_ZH,
            Some(b'r') => HASHTAGS_RU,
            _ => HASHTAGS_TR,
        };
        // A third of tweets carry hashtags: the release's usual ones, or one of the
        // long tail of topical ones.
        let n_tags = if rng.random_bool(0.3) {
            rng.random_range(1..=2u32)
        } else {
            0
        };
        let tags: Vec<String> = (0..n_tags)
            .map(|_| {
                let tag = tags_src[rng.random_range(0..tags_src.len())];
                if rng.random_bool(0.5) {
                    tag.to_owned()
                } else {
                    format!(
                        "{}{}",
                        tag.trim_start_matches('#'),
                        rng.random_range(0..500u32)
                    )
                }
            })
            .collect();
        // Links: most are a tweet's own; some are popular pages many share over days.
        let urls: Vec<String> = if rng.random_bool(0.15) {
            let mut own = || -> String {
                let code: String = (0..10)
                    .map(|_| super::spec::B64[rng.random_range(0..62)] as char)
                    .collect();
                format!("https://t.co/{code}")
            };
            let mut v = vec![own()];
            if rng.random_bool(0.3) {
                let page = (rng.random::<f64>().powi(2) * 5000.0) as u32;
                v.push(format!("http://example.org/{}?p={page}", page % 37));
            }
            v
        } else {
            Vec::new()
        };
        Draft {
            author_i,
            minute,
            lang,
            refs,
            tags,
            urls,
        }
    }

    /// A planted tweet as a draft.
    fn planted(&mut self, rng: &mut SmallRng, p: &PlantedTweet) -> Draft {
        let spec = self.spec;
        let lang = *pick(rng, spec.languages, &self.tweet_langs);
        let mut refs = Refs::default();
        let (mut tags, mut urls) = (Vec::new(), Vec::new());
        match &p.act {
            Act::Retweet { user, tweet, text } => {
                refs.retweet_user = user.clone();
                refs.retweet_tweet = tweet.to_string();
                refs.mentions.push(user.clone());
                refs.text = text.clone();
            }
            Act::Reply { user, tweet } => {
                refs.reply_user = user.clone();
                refs.reply_tweet = tweet.to_string();
                refs.mentions.push(user.clone());
            }
            Act::Text(text) => refs.text = text.clone(),
            Act::Link(url) => urls.push(url.clone()),
            Act::Hashtags(t) => tags = t.clone(),
            Act::Scheduled => {}
        }
        if refs.text.is_empty() {
            refs.text = text_in(rng, lang, 30, 200);
        }
        Draft {
            author_i: p.author,
            minute: p.minute,
            lang,
            refs,
            tags,
            urls,
        }
    }

    /// Tweet number `t`, as the 31 fields of a tweets-file row.
    fn fields(&mut self, rng: &mut SmallRng, t: usize, draft: Draft) -> (u64, Vec<String>) {
        let spec = self.spec;
        let Draft {
            author_i,
            minute,
            lang,
            mut refs,
            tags,
            urls,
        } = draft;
        let id = tweet_id(minute, t);
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
        self.force_outside_mentions(t, &mut refs.mentions);
        let mention_refs: Vec<&str> = refs.mentions.iter().map(String::as_str).collect();
        let client = CLIENTS[self.clients.draw(rng)].0;
        let (lat, lon) = if rng.random_bool(0.01) {
            ("39.9042", "116.4074")
        } else {
            ("absent", "absent")
        };
        let empty_counts = rng.random_bool(0.05);
        let mut count = |max: u32| {
            if empty_counts {
                String::new()
            } else {
                ((rng.random::<f64>().powi(4) * f64::from(max)) as u32).to_string()
            }
        };
        let counts = [count(5), count(20), count(200), count(100)];
        let author = &self.core[author_i];
        let is_retweet = if refs.retweet_user.is_empty() {
            "false"
        } else if t.is_multiple_of(2) {
            "true"
        } else {
            "True"
        };
        let [c5, c20, c200, c100] = counts;
        let values = vec![
            id.to_string(),
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
            refs.text,
            format_minutes(minute),
            client.to_owned(),
            refs.reply_user,
            refs.reply_tweet,
            refs.quoted,
            is_retweet.to_owned(),
            refs.retweet_user,
            refs.retweet_tweet,
            lat.to_owned(),
            lon.to_owned(),
            c5,
            c20,
            c200,
            c100,
            list_field(&tags, true),
            list_field(&urls, spec.repr_lists),
            list_field(&mention_refs, false),
            String::new(),
        ];
        (id, values)
    }
}

/// The minute (UTC) of a tweet of `spec`: a day in range (a weekday, mostly, where
/// weekends are quiet), mostly in local office hours.
pub fn office_minute(spec: &ReleaseSpec, rng: &mut SmallRng) -> i32 {
    let first_day = days_from_civil(spec.first_day.0, spec.first_day.1, spec.first_day.2);
    let last_day = days_from_civil(spec.last_day.0, spec.last_day.1, spec.last_day.2);
    let mut day = rng.random_range(first_day..=last_day);
    if spec.weekdays_only && rng.random_bool(0.9) {
        // 1970-01-01 was a Thursday: weekday 0 = Monday.
        while (day + 3).rem_euclid(7) >= 5 {
            day = rng.random_range(first_day..=last_day);
        }
    }
    let local_minute = if rng.random_bool(0.85) {
        rng.random_range(spec.office_hours.0 * 60..spec.office_hours.1 * 60)
    } else {
        rng.random_range(0..1440)
    };
    day * 1440 + local_minute - spec.utc_offset_h * 60
}

/// A tweet being spread: its id, minute, and the retweets and replies it still takes.
#[derive(Clone, Copy)]
struct Live {
    id: u64,
    minute: i32,
    left: u32,
}

/// A tweet before it becomes a row.
struct Draft {
    author_i: usize,
    minute: i32,
    lang: &'static str,
    refs: Refs,
    tags: Vec<String>,
    urls: Vec<String>,
}

/// The id of tweet `t` of the file, posted at `minute`: ids grow with time, as
/// Twitter's do, within each run of 2^21 tweets; files longer than that (the June 2020
/// sizes) mark each run in the high bits, so that ids stay unique.
fn tweet_id(minute: i32, t: usize) -> u64 {
    1_000_000_000_000_000_000u64
        + ((t as u64 >> 21) << 58)
        + (u64::try_from(minute).unwrap_or(0) << 22)
        + (t as u64 % (1 << 21))
}

/// Writes the tweets file of a release (`tweets` rows in all, the planted ones spread
/// among the organic ones), each row to `outs[route(its minute)]`, each output with the
/// header; returns the bytes written. `quiet` accounts post only their planted tweets.
#[allow(clippy::too_many_arguments)]
pub fn write(
    spec: &'static ReleaseSpec,
    rng: &mut SmallRng,
    core: &[SynthAccount],
    outside: &[SynthAccount],
    tweets: usize,
    planted: &[PlantedTweet],
    quiet: &[usize],
    outs: &mut [&mut dyn Write],
    route: &dyn Fn(i32) -> usize,
) -> std::io::Result<u64> {
    let planted = &planted[..planted.len().min(tweets)];
    let mut plan = Plan::new(spec, core, outside, tweets, quiet);
    let mut writers = Vec::with_capacity(outs.len());
    for out in outs.iter_mut() {
        let mut w = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(CountingWriter::new(&mut **out));
        w.write_record(TWEETS_HEADER)?;
        writers.push(w);
    }
    if writers.is_empty() {
        return Ok(0);
    }
    let mut next_planted = 0;
    for t in 0..tweets {
        // Planted tweet k goes at about row k · tweets / planted.
        let draft = if next_planted < planted.len()
            && (next_planted * tweets <= t * planted.len()
                || tweets - t <= planted.len() - next_planted)
        {
            next_planted += 1;
            plan.planted(rng, &planted[next_planted - 1])
        } else {
            plan.organic(rng, t)
        };
        let (author_i, minute) = (draft.author_i, draft.minute);
        let (id, record) = plan.fields(rng, t, draft);
        let k = route(minute).min(writers.len() - 1);
        writers[k].write_record(&record)?;
        plan.remember(rng, author_i, id, minute);
    }
    let mut bytes = 0;
    for mut w in writers {
        w.flush()?;
        bytes += w.get_ref().count;
    }
    Ok(bytes)
}
