//! Handing work to other tools: the plots' data as CSV ([`plots`]), with every cell a
//! spreadsheet would read as a formula neutralised ([`neutralise`]); the canvas as SVG
//! ([`svg`]) and PDF ([`pdf`]); the plots as SVG and PNG figures ([`plot_svg`]); the
//! network as GEXF, GraphML and CSV tables for Gephi, R and Python ([`network`]).

pub mod network;
pub mod pdf;
pub mod plot_svg;
pub mod plots;
pub mod svg;

use std::borrow::Cow;

/// A cell made safe for spreadsheets: one starting with `=`, `+`, `-`, `@` (or a tab or
/// carriage return, which some spreadsheets skip before them) gets a leading `'`, so it
/// is read as text, never run as a formula (CSV injection).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_become_text() {
        for cell in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            let safe = super::neutralise(cell);
            assert!(safe.starts_with('\''), "{cell}");
            assert_eq!(&safe[1..], cell);
        }
        for cell in ["China", "", "12", "2020-01-01", "#hashtag", "中国"] {
            assert_eq!(super::neutralise(cell), cell);
        }
    }
}
