//! Campaigns (releases) and the country each one is attributed to. The country is not a
//! column of the archives: it comes from the release name (`china_052020` → China).

/// One release of the archive, e.g. `china_052020`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Campaign {
    pub name: String,
    pub country: String,
}

/// Country name for unknown releases.
pub const UNKNOWN_COUNTRY: &str = "Unknown";

/// Release-name prefixes of the published releases and their attributed countries.
/// Longer prefixes come first so that `saudi_arabia` wins over shorter ones.
const COUNTRY_PREFIXES: &[(&str, &str)] = &[
    ("sa_eg_ae", "Saudi Arabia/Egypt/UAE"),
    ("egypt_uae", "Egypt/UAE"),
    ("ghana_nigeria", "Ghana/Nigeria"),
    ("saudi_arabia", "Saudi Arabia"),
    ("russian_linked", "Russia"),
    ("russia", "Russia"),
    ("russian", "Russia"),
    ("ira", "Russia"),
    ("gru", "Russia"),
    ("china", "China"),
    ("hongkong", "China"),
    ("turkey", "Turkey"),
    ("iran", "Iran"),
    ("venezuela", "Venezuela"),
    ("saudi", "Saudi Arabia"),
    ("egypt", "Egypt"),
    ("uae", "United Arab Emirates"),
    ("serbia", "Serbia"),
    ("ecuador", "Ecuador"),
    ("catalonia", "Spain"),
    ("spain", "Spain"),
    ("honduras", "Honduras"),
    ("indonesia", "Indonesia"),
    ("thailand", "Thailand"),
    ("cuba", "Cuba"),
    ("bangladesh", "Bangladesh"),
    ("ghana", "Ghana"),
    ("nigeria", "Nigeria"),
    ("armenia", "Armenia"),
    ("mexico", "Mexico"),
    ("uganda", "Uganda"),
    ("tanzania", "Tanzania"),
    ("philippines", "Philippines"),
];

/// The country attributed to a release name, or "Unknown".
pub fn country_for_campaign(campaign: &str) -> &'static str {
    let lower = campaign.to_ascii_lowercase();
    for (prefix, country) in COUNTRY_PREFIXES {
        if let Some(rest) = lower.strip_prefix(prefix)
            && (rest.is_empty()
                || rest.starts_with('_')
                || rest.starts_with(|c: char| c.is_ascii_digit()))
        {
            return country;
        }
    }
    UNKNOWN_COUNTRY
}

/// The campaign name of an archive file: the prefix before `_users` / `_tweets`, with
/// directories and extensions removed. Empty when the name has no such prefix.
pub fn campaign_from_file_name(path: &str) -> String {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = base.to_ascii_lowercase();
    for marker in ["_users", "_tweets"] {
        if let Some(pos) = lower.find(marker) {
            return base[..pos].to_owned();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campaign_and_country_from_release_names() {
        let cases = [
            (
                "data/china_052020_tweets_csv_hashed.csv",
                "china_052020",
                "China",
            ),
            (
                "turkey_052020_tweets_csv_unhashed_2009.csv.gz",
                "turkey_052020",
                "Turkey",
            ),
            ("ira_users_csv_hashed.csv", "ira", "Russia"),
            (
                "iran_201901_1_tweets_csv_hashed_1.csv",
                "iran_201901_1",
                "Iran",
            ),
            (
                "russian_linked_tweets_csv_hashed.csv",
                "russian_linked",
                "Russia",
            ),
            (
                "serbia_022020_tweets_csv_hashed_01.csv",
                "serbia_022020",
                "Serbia",
            ),
            (
                "saudi_arabia_112019_users_csv_hashed.csv",
                "saudi_arabia_112019",
                "Saudi Arabia",
            ),
            (
                "ghana_nigeria_032020_tweets_csv_hashed.csv",
                "ghana_nigeria_032020",
                "Ghana/Nigeria",
            ),
            ("032020_tweets_csv_hashed.csv", "032020", "Unknown"),
            (
                "C:\\x\\catalonia_201906_1_users_csv_hashed.csv",
                "catalonia_201906_1",
                "Spain",
            ),
        ];
        for (file, campaign, country) in cases {
            let c = campaign_from_file_name(file);
            assert_eq!(c, campaign, "{file}");
            assert_eq!(country_for_campaign(&c), country, "{file}");
        }
        assert_eq!(campaign_from_file_name("tweets.csv"), "");
        assert_eq!(country_for_campaign("iranian"), "Unknown");
        assert_eq!(country_for_campaign("irate_01"), "Unknown");
    }
}
