//! Times as integers: tweet times in minutes since the Unix epoch (UTC), dates in days.
//! Parsing is hand-written for the two formats of the archives because it sits on the
//! loader's hot path; conversion uses Howard Hinnant's civil-date algorithms.

/// Minutes since 1970-01-01 00:00 UTC.
pub type Minutes = i32;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i32::try_from(month).unwrap_or(1);
    let d = i32::try_from(day).unwrap_or(1);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (days since 1970-01-01).
pub fn civil_from_days(days: i32) -> CivilDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i32::from(month <= 2);
    CivilDate { year, month, day }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Parses `YYYY-MM-DD` (anything after the date, such as a time, is ignored) into days.
pub fn parse_date_days(s: &[u8]) -> Option<i32> {
    let s = trim(s);
    if s.len() < 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&s[0..4])?).ok()?;
    let month = digits(&s[5..7])?;
    let day = digits(&s[8..10])?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// Parses `YYYY-MM-DD HH:MM` (optionally `:SS`, ignored; or `T` as separator) into minutes.
pub fn parse_minutes(s: &[u8]) -> Option<Minutes> {
    let s = trim(s);
    let days = parse_date_days(s)?;
    let (hour, minute) = if s.len() >= 16 && (s[10] == b' ' || s[10] == b'T') && s[13] == b':' {
        (digits(&s[11..13])?, digits(&s[14..16])?)
    } else if s.len() == 10 {
        (0, 0)
    } else {
        return None;
    };
    if hour > 23 || minute > 59 {
        return None;
    }
    let total = i64::from(days) * 1440 + i64::from(hour) * 60 + i64::from(minute);
    Minutes::try_from(total).ok()
}

fn trim(s: &[u8]) -> &[u8] {
    s.trim_ascii()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// `YYYY-MM-DD HH:MM` of a minute count.
pub fn format_minutes(m: Minutes) -> String {
    let days = m.div_euclid(1440);
    let rem = m.rem_euclid(1440);
    format!("{} {:02}:{:02}", format_days(days), rem / 60, rem % 60)
}

/// `YYYY-MM-DD` of a day count.
pub fn format_days(days: i32) -> String {
    let d = civil_from_days(days);
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// Month number (year * 12 + month - 1) of a minute count, for per-month bins.
pub fn month_index(m: Minutes) -> i32 {
    let d = civil_from_days(m.div_euclid(1440));
    d.year * 12 + i32::try_from(d.month).unwrap_or(1) - 1
}

/// `YYYY-MM` of a month number from [`month_index`].
pub fn format_month(index: i32) -> String {
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_centuries() {
        for days in (-200_000..200_000).step_by(37) {
            let d = civil_from_days(days);
            assert_eq!(days_from_civil(d.year, d.month, d.day), days);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2020, 3, 1), 18_322);
    }

    #[test]
    fn parses_archive_formats() {
        assert_eq!(parse_minutes(b"1970-01-02 01:05"), Some(1440 + 65));
        assert_eq!(
            parse_minutes(b"2020-05-31 23:59:59"),
            parse_minutes(b"2020-05-31 23:59")
        );
        assert_eq!(
            format_minutes(parse_minutes(b"2019-08-30 08:07").unwrap()),
            "2019-08-30 08:07"
        );
        assert_eq!(
            parse_date_days(b"2017-08-30").map(format_days).as_deref(),
            Some("2017-08-30")
        );
        assert_eq!(parse_minutes(b"2019-02-29 10:00"), None);
        assert_eq!(parse_minutes(b"2019-13-01 10:00"), None);
        assert_eq!(parse_minutes(b"2019-12-01 24:00"), None);
        assert_eq!(parse_minutes(b"yesterday"), None);
        assert_eq!(parse_minutes(b""), None);
        assert_eq!(
            format_month(month_index(parse_minutes(b"2020-02-29 12:00").unwrap())),
            "2020-02"
        );
    }
}
