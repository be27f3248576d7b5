//! Numbers and file lists as the panels write them.

/// File names (without folders) of a list of paths, the first two and a count.
pub fn short_list(paths: &[String]) -> String {
    let names: Vec<&str> = paths
        .iter()
        .map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p))
        .collect();
    match names.len() {
        0..=2 => names.join(", "),
        n => format!("{}, {} and {} more", names[0], names[1], n - 2),
    }
}

pub use crate::analysis::numbers::thousands;

/// A duration in seconds as a person says it: `45 s`, `3 min`, `2 h 5 min`, `3 days`.
pub fn duration(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86_400 if s % 3600 / 60 == 0 => format!("{} h", s / 3600),
        3600..86_400 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ if s < 2 * 86_400 => "1 day".to_owned(),
        _ => format!("{} days", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(23_750), "23,750");
        assert_eq!(super::thousands(1_003_335), "1,003,335");
        assert_eq!(super::duration(45), "45 s");
        assert_eq!(super::duration(180), "3 min");
        assert_eq!(super::duration(7500), "2 h 5 min");
        assert_eq!(super::duration(7200), "2 h");
        assert_eq!(super::duration(90_000), "1 day");
        assert_eq!(super::duration(3 * 86_400 + 5), "3 days");
        let paths = [
            "/a/x_users.csv".to_owned(),
            "b.zip".to_owned(),
            "/c/d.csv".to_owned(),
        ];
        assert_eq!(super::short_list(&paths[..2]), "x_users.csv, b.zip");
        assert_eq!(super::short_list(&paths), "x_users.csv, b.zip and 1 more");
    }
}
