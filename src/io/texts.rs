//! Tweet texts read back from their files on demand, for datasets loaded without texts
//! (the largest releases): each tweet's row is found at its recorded offset and parsed
//! alone. Plain CSV files only; compressed files cannot be read at an offset.

use std::fs::File;
use std::path::PathBuf;

use super::csv_scan::{Fields, RecordParser};
use crate::model::text_sources::{SourceFile, TextSources};

/// First bytes read for a row; doubled until the row is whole.
const FIRST_READ: usize = 16 << 10;
/// A row longer than this is not read.
const MAX_ROW: usize = 64 << 20;

/// Each tweet with its text, or why it could not be read.
pub type ReadTexts = Vec<(u32, Result<String, String>)>;

/// The texts of `tweets`, each read from its file (or why it could not be).
pub fn read_texts(sources: &TextSources, tweets: &[u32]) -> ReadTexts {
    let mut open: Option<(PathBuf, File)> = None;
    tweets
        .iter()
        .map(|&t| {
            let text = match sources.location(t as usize) {
                None => Err("no file is recorded for this tweet".to_owned()),
                Some((file, offset)) => read_one(file, offset, &mut open),
            };
            (t, text)
        })
        .collect()
}

/// The text field of the row at `offset` of `source` (`open` keeps the last file open).
fn read_one(
    source: &SourceFile,
    offset: u64,
    open: &mut Option<(PathBuf, File)>,
) -> Result<String, String> {
    let Some(path) = &source.path else {
        return Err(format!(
            "{} is compressed: texts are read from plain CSV files only",
            source.display
        ));
    };
    if open.as_ref().is_none_or(|(p, _)| p != path) {
        let file = File::open(path).map_err(|e| format!("{}: {e}", source.display))?;
        *open = Some((path.clone(), file));
    }
    let Some((_, file)) = open.as_mut() else {
        return Err(format!("{}: not open", source.display));
    };
    let mut want = FIRST_READ;
    loop {
        let buf = super::source::read_piece(file, offset, want)
            .map_err(|e| format!("{}: {e}", source.display))?;
        let at_end = buf.len() < want;
        let mut parser = RecordParser::new(&buf);
        let mut fields = Fields::default();
        let whole = match parser.next_record(&mut fields) {
            Some((_, Ok(()))) => at_end || parser.position() < buf.len(),
            _ => at_end,
        };
        if whole {
            if fields.len() != source.width {
                return Err(format!(
                    "{}: the row at byte {offset} has changed since it was loaded",
                    source.display
                ));
            }
            let text = fields.unescaped(&buf, source.text_column);
            return Ok(String::from_utf8_lossy(&text).into_owned());
        }
        if want >= MAX_ROW {
            return Err(format!(
                "{}: the row at byte {offset} is longer than {} MiB",
                source.display,
                MAX_ROW >> 20
            ));
        }
        want *= 2;
    }
}
