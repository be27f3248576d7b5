//! The plots' data as CSV, one row per bin and series (activity), per weekday and hour
//! (posting hours) or per bin (account creation), with dates as YYYY-MM-DD. Labels come
//! from the data (country and language names), so every cell is neutralised.

use super::neutralise;
use crate::analysis::activity::{Activity, Histogram, HourOfWeek};
use crate::model::time::format_days;

/// Weekday names, Monday first (the heatmap's rows).
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Writes rows of cells, each neutralised.
fn csv<'a>(header: &[&str], rows: impl Iterator<Item = Vec<String>> + 'a) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; a failure would leave the rows written so far.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| neutralise(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

/// Activity: `from,to,series,originals,retweets`, then the selection as its own series.
pub fn activity_csv(a: &Activity) -> Vec<u8> {
    let bins = a.edges.len().saturating_sub(1);
    let day = |b: usize| format_days(a.edges[b]);
    let until = |b: usize| format_days(a.edges[b + 1] - 1);
    let series = a.series.iter().flat_map(move |s| {
        (0..bins).map(move |b| {
            vec![
                day(b),
                until(b),
                s.label.clone(),
                s.originals.get(b).copied().unwrap_or(0).to_string(),
                s.retweets.get(b).copied().unwrap_or(0).to_string(),
            ]
        })
    });
    let selection = (0..bins)
        .filter(|_| a.selection.iter().any(|&n| n > 0))
        .map(move |b| {
            vec![
                day(b),
                until(b),
                "selected accounts".to_owned(),
                a.selection.get(b).copied().unwrap_or(0).to_string(),
                String::new(),
            ]
        });
    csv(
        &["from", "to", "series", "originals", "retweets"],
        series.chain(selection),
    )
}

/// Posting hours: `weekday,hour,tweets` in the heatmap's time zone.
pub fn hours_csv(hours: &HourOfWeek, time_zone: &str) -> Vec<u8> {
    let rows = hours.iter().enumerate().flat_map(move |(d, row)| {
        row.iter().enumerate().map(move |(h, n)| {
            vec![
                WEEKDAYS[d].to_owned(),
                format!("{h:02}:00"),
                n.to_string(),
                time_zone.to_owned(),
            ]
        })
    });
    csv(&["weekday", "hour", "tweets", "time_zone"], rows)
}

/// Account creation: `from,to,accounts`.
pub fn creation_csv(h: &Histogram) -> Vec<u8> {
    let rows = h.counts.iter().enumerate().map(|(b, n)| {
        vec![
            format_days(h.edges[b]),
            format_days(h.edges[b + 1] - 1),
            n.to_string(),
        ]
    });
    csv(&["from", "to", "accounts"], rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::activity::Series;

    fn rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
        csv::Reader::from_reader(bytes)
            .records()
            .collect::<Result<_, _>>()
            .expect("valid CSV")
    }

    #[test]
    fn activity_rows_add_up_and_hostile_labels_are_text() {
        let a = Activity {
            bin: None,
            edges: vec![18_000, 18_007, 18_014],
            series: vec![
                Series {
                    label: "=cmd|' /C calc'!A0".to_owned(),
                    originals: vec![3, 4],
                    retweets: vec![1, 0],
                },
                Series {
                    label: "Turkey".to_owned(),
                    originals: vec![0, 2],
                    retweets: vec![5, 5],
                },
            ],
            selection: vec![0, 1],
            total: 20,
        };
        let r = rows(&activity_csv(&a));
        assert_eq!(r.len(), 2 * 2 + 2);
        assert_eq!(&r[0][0], "2019-04-14");
        assert_eq!(&r[0][1], "2019-04-20");
        assert_eq!(&r[0][2], "'=cmd|' /C calc'!A0");
        let total: u64 = r[..4]
            .iter()
            .map(|row| row[3].parse::<u64>().unwrap_or(0) + row[4].parse::<u64>().unwrap_or(0))
            .sum();
        assert_eq!(total, a.total);
        assert_eq!(&r[5][2], "selected accounts");
        assert_eq!(&r[5][3], "1");
    }

    #[test]
    fn hours_and_creation() {
        let mut hours: HourOfWeek = [[0; 24]; 7];
        hours[6][23] = 9;
        let r = rows(&hours_csv(&hours, "Asia/Shanghai"));
        assert_eq!(r.len(), 7 * 24);
        assert_eq!(
            (&r[167][0], &r[167][1], &r[167][2]),
            ("Sunday", "23:00", "9")
        );
        let h = Histogram {
            bin: None,
            edges: vec![0, 31],
            counts: vec![4],
        };
        let r = rows(&creation_csv(&h));
        assert_eq!(
            (&r[0][0], &r[0][1], &r[0][2]),
            ("1970-01-01", "1970-01-31", "4")
        );
    }
}
