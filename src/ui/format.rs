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

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(23_750), "23,750");
        assert_eq!(super::thousands(1_003_335), "1,003,335");
        let paths = [
            "/a/x_users.csv".to_owned(),
            "b.zip".to_owned(),
            "/c/d.csv".to_owned(),
        ];
        assert_eq!(super::short_list(&paths[..2]), "x_users.csv, b.zip");
        assert_eq!(super::short_list(&paths), "x_users.csv, b.zip and 1 more");
    }
}
