//! The shapes of the synthetic releases (sizes, shares, office hours, languages,
//! creation bursts), the release files' headers, and the words texts are made of: tables.

/// The shape of one synthetic release.
pub struct ReleaseSpec {
    pub campaign: &'static str,
    pub core: usize,
    pub outside: usize,
    pub tweets: usize,
    pub communities: usize,
    pub retweet_share: f64,
    pub reply_share: f64,
    /// UTC offset of the operators' office, in hours.
    pub utc_offset_h: i32,
    /// Working hours (local) and whether weekends are quiet.
    pub office_hours: (i32, i32),
    pub weekdays_only: bool,
    pub first_day: (i32, u32, u32),
    pub last_day: (i32, u32, u32),
    /// Tweet languages with weights (mixed case on purpose).
    pub languages: &'static [(&'static str, f64)],
    pub account_languages: &'static [(&'static str, f64)],
    /// Days on which bursts of accounts were created, with the share of accounts.
    pub creation_bursts: &'static [((i32, u32, u32), f64)],
    pub zero_follower_share: f64,
    pub locations: &'static [&'static str],
    /// Unhashed-ids style: quoted Python-repr lists (2019+) or bare lists (2018 style).
    pub repr_lists: bool,
}

pub const RELEASES: [ReleaseSpec; 3] = [
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

pub const USERS_HEADER: [&str; 10] = [
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

pub const TWEETS_HEADER: [&str; 31] = [
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

pub const CLIENTS: [(&str, f64); 7] = [
    ("Twitter Web App", 0.3),
    ("Twitter for Android", 0.25),
    ("Twitter for iPhone", 0.2),
    ("Twitter Web Client", 0.1),
    ("TweetDeck", 0.08),
    ("Hootsuite Inc.", 0.04),
    ("Twitter for iPad", 0.03),
];

pub const ZH_CHARS: &str = "中国人民香港政府支持警察暴力反对自由美国世界经济发展社会和平安全团结繁荣祖国我们的是不了在有这个一大为上们来到说";
pub const EN_WORDS: &[&str] = &[
    "the", "people", "support", "police", "Hong", "Kong", "peace", "truth", "violence", "news",
    "world", "must", "stop", "riots", "freedom", "lies", "media", "china", "great", "future",
];
pub const TR_WORDS: &[&str] = &[
    "Türkiye", "millet", "güçlü", "lider", "birlik", "çok", "güzel", "başkan", "için", "şehit",
    "bayrak", "ülke", "büyük", "gelecek", "haber", "iş", "ağır", "ölüm",
];
pub const RU_WORDS: &[&str] = &[
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
pub const AR_WORDS: &[&str] = &["تركيا", "الشعب", "الحرية", "السلام", "الأخبار"];
pub const JA_WORDS: &[&str] = &["中国", "香港", "ニュース", "平和", "です"];
pub const HASHTAGS_ZH: &[&str] = &[
    "香港",
    "HongKong",
    "#China",
    "中国",
    "HKPolice",
    "StandWithHK",
    "武汉加油",
];
pub const HASHTAGS_TR: &[&str] = &[
    "Türkiye",
    "#BarışPınarı",
    "MilliBirlik",
    "AKParti",
    "YerliVeMilli",
];
pub const HASHTAGS_RU: &[&str] = &["Россия", "Крым", "новости", "#Донбасс", "Путин"];
pub const EMOJI: &[&str] = &["🇨🇳", "👍", "🔥", "🇹🇷", "❤️", "😂"];

/// Characters of hashed ids.
pub const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
