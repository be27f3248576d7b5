//! The values inside Twitter archive fields: ids and counts as numbers, language codes,
//! and the list columns (hashtags, URLs, mentions) in each style the releases use.

use std::borrow::Cow;

/// An unsigned decimal (surrounding blanks allowed); `None` for anything else.
pub fn parse_u64(b: &[u8]) -> Option<u64> {
    let b = b.trim_ascii();
    if b.is_empty() || b.len() > 20 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut v: u64 = 0;
    for &c in b {
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some(v)
}

/// Counts may be empty, or written as floats by some exports (`12.0`).
pub fn parse_count(b: &[u8]) -> Option<u32> {
    let b = b.trim_ascii();
    let int = b.strip_suffix(b".0").unwrap_or(b);
    parse_u64(int).map(|v| u32::try_from(v).unwrap_or(u32::MAX))
}

/// Lower-cased language code of raw bytes, as a global string.
pub fn lang_string(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw.trim_ascii()).to_ascii_lowercase()
}

/// Calls `item` for each element of a list column: `[]`, empty, `[a, b]` (2018) or
/// `['a', 'b']` (Python repr, items may use either quote and backslash escapes).
pub fn for_each_list_item<'a>(raw: &'a [u8], mut item: impl FnMut(Cow<'a, [u8]>)) {
    let s = raw.trim_ascii();
    let s = s.strip_prefix(b"[").unwrap_or(s);
    let s = s.strip_suffix(b"]").unwrap_or(s);
    let mut i = 0;
    let mut scratch = Vec::new();
    while i < s.len() {
        while i < s.len() && (s[i] == b',' || s[i].is_ascii_whitespace()) {
            i += 1;
        }
        if i >= s.len() {
            break;
        }
        let q = s[i];
        if q == b'\'' || q == b'"' {
            i += 1;
            let start = i;
            let mut escaped = false;
            while i < s.len() && s[i] != q {
                if s[i] == b'\\' {
                    escaped = true;
                    i += 1;
                }
                i += 1;
            }
            let end = i.min(s.len());
            i = end + 1;
            if escaped {
                scratch.clear();
                let mut k = start;
                while k < end {
                    if s[k] == b'\\' && k + 1 < end {
                        k += 1;
                    }
                    scratch.push(s[k]);
                    k += 1;
                }
                item(Cow::Owned(std::mem::take(&mut scratch)));
            } else {
                item(Cow::Borrowed(&s[start..end]));
            }
        } else {
            let start = i;
            while i < s.len() && s[i] != b',' {
                i += 1;
            }
            let v = s[start..i].trim_ascii();
            if !v.is_empty() {
                item(Cow::Borrowed(v));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(raw: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_list_item(raw.as_bytes(), |b| {
            v.push(String::from_utf8_lossy(&b).into_owned());
        });
        v
    }

    #[test]
    fn list_styles() {
        assert!(items("").is_empty());
        assert!(items("[]").is_empty());
        assert_eq!(items("[2572896396]"), ["2572896396"]);
        assert_eq!(
            items("[http://example.org/a, http://b.org/?x=1]"),
            ["http://example.org/a", "http://b.org/?x=1"]
        );
        assert_eq!(items("['tag1', 'tag2']"), ["tag1", "tag2"]);
        assert_eq!(items("[\"it's\", 'a\\'b']"), ["it's", "a'b"]);
        assert_eq!(
            items("['comma, inside', '中国']"),
            ["comma, inside", "中国"]
        );
        assert_eq!(items("['unterminated"), ["unterminated"]);
    }

    #[test]
    fn counts_and_ids() {
        assert_eq!(parse_count(b""), None);
        assert_eq!(parse_count(b"12"), Some(12));
        assert_eq!(parse_count(b"12.0"), Some(12));
        assert_eq!(parse_count(b"99999999999"), Some(u32::MAX));
        assert_eq!(parse_u64(b"18446744073709551616"), None);
        assert_eq!(parse_u64(b" 42 "), Some(42));
    }
}
