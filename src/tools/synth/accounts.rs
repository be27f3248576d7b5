//! Drawing the accounts of a synthetic release and the texts they post: weighted
//! draws, hashed and numeric ids, names, profiles, creation dates (with bursts), texts
//! in the release's languages with the quirks of real ones.

use rand::Rng;
use rand::rngs::SmallRng;

use super::spec::{
    AR_WORDS, B64, EMOJI, EN_WORDS, JA_WORDS, RU_WORDS, ReleaseSpec, TR_WORDS, ZH_CHARS, ZH_COMMON,
};
use crate::model::time::days_from_civil;

/// Cumulative weights for drawing by weight with a binary search.
pub struct Cumulative(Vec<f64>);

impl Cumulative {
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Self {
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

    pub fn draw(&self, rng: &mut SmallRng) -> usize {
        let u: f64 = rng.random();
        self.0
            .partition_point(|&c| c < u)
            .min(self.0.len().saturating_sub(1))
    }
}

pub fn pick<'a, T>(rng: &mut SmallRng, items: &'a [(T, f64)], cum: &Cumulative) -> &'a T {
    &items[cum.draw(rng)].0
}

/// A base64-like hash of 41–44 characters, as the 2019+ releases use.
pub fn hash_id(rng: &mut SmallRng) -> String {
    let len = rng.random_range(40..=43);
    let mut s: String = (0..len)
        .map(|_| B64[rng.random_range(0..64)] as char)
        .collect();
    s.push('=');
    s
}

/// One account of the synthetic archive.
pub struct SynthAccount {
    pub id: String,
    pub screen_name: String,
    pub display_name: String,
    pub location: &'static str,
    pub description: String,
    pub url: String,
    pub followers: u32,
    pub following: u32,
    pub created: i32,
    pub language: &'static str,
    pub community: usize,
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

/// One of GB 2312's 3,755 common hanzi, at random.
pub fn common_hanzi(rng: &mut SmallRng) -> char {
    let line = ZH_COMMON[rng.random_range(0..ZH_COMMON.len())];
    let n = line.chars().count();
    line.chars()
        .nth(rng.random_range(0..n.max(1)))
        .unwrap_or('中')
}

/// A pseudo-word of the script of `words` (two to four syllables from its words'
/// letters), for the long tail of a language's vocabulary.
fn rare_word(rng: &mut SmallRng, words: &[&str]) -> String {
    let letters: Vec<char> = words.iter().flat_map(|w| w.chars()).collect();
    let len = rng.random_range(4..=9);
    (0..len)
        .map(|_| letters[rng.random_range(0..letters.len())])
        .collect()
}

/// A text in `lang` of `min..=max` characters: frequent words (or characters) with a
/// long tail of rare ones, as real vocabularies have, so two random texts are rarely
/// alike.
pub fn text_in(rng: &mut SmallRng, lang: &str, min: usize, max: usize) -> String {
    let target = rng.random_range(min..=max);
    let mut s = String::with_capacity(target * 3);
    match words_for(&lang.to_ascii_lowercase()) {
        None => {
            let chars: Vec<char> = ZH_CHARS.chars().collect();
            for i in 0..target {
                let c = if rng.random_bool(0.6) {
                    chars[rng.random_range(0..chars.len())]
                } else {
                    common_hanzi(rng)
                };
                s.push(c);
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
                if rng.random_bool(0.6) {
                    s.push_str(words[rng.random_range(0..words.len())]);
                } else {
                    s.push_str(&rare_word(rng, words));
                }
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

pub fn make_account(
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

pub fn list_field(items: &[&str], repr: bool) -> String {
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
