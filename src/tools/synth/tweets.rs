//! The tweets file of a synthetic release: who posts (a few accounts post most), when
//! (office hours in the operators' time zone, quiet weekends where so), in which
//! language, and what each tweet does: retweet a community member or an outside
//! account, reply, quote a recent tweet, mention; hashtags, URLs, client, counts. Every
//! outside account is referenced at least once. Draws happen in a fixed order, so a
//! seed always writes the same bytes.

use std::io::Write;

use rand::Rng;
use rand::rngs::SmallRng;

use super::CountingWriter;
use super::accounts::{Cumulative, SynthAccount, list_field, pick, text_in};
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
    first_day: i32,
    last_day: i32,
    last_tweet_of: Vec<Option<u64>>,
    recent: Vec<u64>,
    /// Outside accounts mentioned so far by the "every one at least once" rule.
    forced: usize,
}

/// What one tweet refers to, and its text.
#[derive(Default)]
struct Refs {
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
    ) -> Self {
        let n_core = core.len();
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
            activity: Cumulative::new(
                (0..n_core).map(|i| 1.0 / ((i % 997) as f64 + 1.0).powf(0.9)),
            ),
            members,
            outside_of,
            outside_cursor: vec![0usize; communities],
            tweet_langs: Cumulative::new(spec.languages.iter().map(|l| l.1)),
            clients: Cumulative::new(CLIENTS.iter().map(|c| c.1)),
            first_day: days_from_civil(spec.first_day.0, spec.first_day.1, spec.first_day.2),
            last_day: days_from_civil(spec.last_day.0, spec.last_day.1, spec.last_day.2),
            last_tweet_of: vec![None; n_core],
            recent: Vec::new(),
            forced: 0,
        }
    }

    /// The minute (UTC) of a tweet: a day in range (a weekday, mostly, where weekends
    /// are quiet), mostly in local office hours.
    fn minute(&self, rng: &mut SmallRng) -> i32 {
        let spec = self.spec;
        let mut day = rng.random_range(self.first_day..=self.last_day);
        if spec.weekdays_only && rng.random_bool(0.9) {
            // 1970-01-01 was a Thursday: weekday 0 = Monday.
            while (day + 3).rem_euclid(7) >= 5 {
                day = rng.random_range(self.first_day..=self.last_day);
            }
        }
        let local_minute = if rng.random_bool(0.85) {
            rng.random_range(spec.office_hours.0 * 60..spec.office_hours.1 * 60)
        } else {
            rng.random_range(0..1440)
        };
        day * 1440 + local_minute - spec.utc_offset_h * 60
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

    /// A retweet of a community member (its last tweet when known) or of an outside
    /// account.
    fn retweet(&mut self, rng: &mut SmallRng, author_i: usize, tweet_id: u64, lang: &str) -> Refs {
        let mut refs = Refs::default();
        let c = self.core[author_i].community;
        let to_core = rng.random_bool(0.5) || self.outside.is_empty();
        let target_id = if to_core {
            let m = &self.members[c];
            let k = m[(rng.random::<f64>().powi(3) * m.len() as f64) as usize % m.len()];
            if let Some(id) = self.last_tweet_of[k] {
                refs.retweet_tweet = id.to_string();
            }
            self.core[k].id.clone()
        } else {
            match self.next_outside(rng, c) {
                Some(j) => self.outside[j].id.clone(),
                None => self.core[author_i].id.clone(),
            }
        };
        if refs.retweet_tweet.is_empty() {
            refs.retweet_tweet = (tweet_id - rng.random_range(1..1_000_000u64)).to_string();
        }
        let body = text_in(rng, lang, 20, 120);
        refs.text = format!("RT @{}: {}", &target_id[..target_id.len().min(12)], body);
        refs.mentions.push(target_id.clone());
        refs.retweet_user = target_id;
        refs
    }

    /// An original tweet: a reply (to an outside account or a member), a quote of a
    /// recent tweet, or neither; with a few mentions.
    fn original(
        &mut self,
        rng: &mut SmallRng,
        c: usize,
        roll: f64,
        tweet_id: u64,
        lang: &str,
    ) -> Refs {
        let mut refs = Refs::default();
        let spec = self.spec;
        if roll < spec.retweet_share + spec.reply_share {
            let target = if rng.random_bool(0.6) {
                self.next_outside(rng, c)
                    .map(|j| self.outside[j].id.clone())
            } else {
                None
            };
            refs.reply_user = target.unwrap_or_else(|| {
                let m = &self.members[c];
                self.core[m[rng.random_range(0..m.len())]].id.clone()
            });
            refs.reply_tweet = (tweet_id - rng.random_range(1..100_000u64)).to_string();
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
    fn remember(&mut self, rng: &mut SmallRng, author_i: usize, tweet_id: u64) {
        self.last_tweet_of[author_i] = Some(tweet_id);
        if self.recent.len() < RECENT_TWEETS {
            self.recent.push(tweet_id);
        } else {
            let k = rng.random_range(0..self.recent.len());
            self.recent[k] = tweet_id;
        }
    }

    /// Tweet number `t`, as the 31 fields of a tweets-file row.
    fn row(&mut self, rng: &mut SmallRng, t: usize) -> (usize, u64, Vec<String>) {
        let spec = self.spec;
        let author_i = self.activity.draw(rng);
        let c = self.core[author_i].community;
        let minute = self.minute(rng);
        let tweet_id =
            1_000_000_000_000_000_000u64 + (u64::try_from(minute).unwrap_or(0) << 22) + t as u64;
        let lang = *pick(rng, spec.languages, &self.tweet_langs);
        let roll: f64 = rng.random();
        let mut refs = if roll < spec.retweet_share {
            self.retweet(rng, author_i, tweet_id, lang)
        } else {
            self.original(rng, c, roll, tweet_id, lang)
        };
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
        (author_i, tweet_id, values)
    }
}

/// Writes the tweets file of a release; returns the bytes written.
pub fn write(
    spec: &'static ReleaseSpec,
    rng: &mut SmallRng,
    core: &[SynthAccount],
    outside: &[SynthAccount],
    tweets: usize,
    out: &mut dyn Write,
) -> std::io::Result<u64> {
    let mut plan = Plan::new(spec, core, outside, tweets);
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(CountingWriter::new(out));
    w.write_record(TWEETS_HEADER)?;
    for t in 0..tweets {
        let (author_i, tweet_id, record) = plan.row(rng, t);
        w.write_record(&record)?;
        plan.remember(rng, author_i, tweet_id);
    }
    w.flush()?;
    Ok(w.get_ref().count)
}
