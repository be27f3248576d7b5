//! The session file (`.ioscope`): what an analyst needs to come back to their work —
//! the dataset's files (path, size and CRC-32 each, so a moved or changed file is
//! noticed), the load options, the filter, styles, layout settings, positions and pins
//! (exact bits), the camera, the selection, the plots' settings and the saved views.
//!
//! Layout of versions 1 and 2 (2 adds the saved views, title and caption to the JSON:
//! a version-1 reader would drop them, so they are refused there):
//!
//! ```text
//! "IOSCOPE-SESSION\n"   16 bytes, the magic
//! version               u32, little-endian
//! gzip stream of:
//!   JSON length u32, the JSON of [`Session`] (everything but positions)
//!   node count n u32, then n × f32 x, n × f32 y (little-endian), ⌈n/8⌉ bytes of pins
//! ```
//!
//! The version stands before the compressed part, so a file from a newer ioscope is
//! refused with a clear message, never misread; older versions are migrated when read
//! ([`decode`]). gzip's CRC and length catch a truncated or corrupted file. Files are
//! written atomically ([`crate::io::atomic`]).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use crate::analysis::activity::{Bin, StackBy};
use crate::filter::{FilterMode, FilterSpec};
use crate::io::atomic::write_atomic;
use crate::layout::Params;
use crate::render::Style;

pub use super::views::{SavedCamera, SavedView};

/// The first bytes of every session file.
pub const MAGIC: &[u8; 16] = b"IOSCOPE-SESSION\n";
/// The version this build writes (and the newest it reads).
pub const VERSION: u32 = 2;
/// The file extension of sessions.
pub const EXTENSION: &str = "ioscope";
/// Bounds on what a file may claim, so that a hostile file cannot exhaust memory.
const MAX_JSON_BYTES: u32 = 256 << 20;
const MAX_NODES: u32 = 50_000_000;

/// One input file of the dataset, as it was when the session was saved.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SavedInput {
    pub path: PathBuf,
    pub bytes: u64,
    pub crc32: u32,
}

/// Node positions and pins (node i at `x[i]`, `y[i]`), kept bit for bit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Positions {
    pub x: Vec<f32>,
    pub y: Vec<f32>,
    pub pinned: Vec<bool>,
}

impl Positions {
    /// Whether both are the same bits (NaN included).
    pub fn same_bits(&self, other: &Self) -> bool {
        let bits = |v: &[f32]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        bits(&self.x) == bits(&other.x)
            && bits(&self.y) == bits(&other.y)
            && self.pinned == other.pinned
    }
}

/// Everything a session keeps.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Session {
    pub inputs: Vec<SavedInput>,
    /// The dataset is the bundled sample (and `inputs` is empty).
    pub bundled_sample: bool,
    /// Load options: tweet texts kept, campaign → country overrides.
    pub keep_text: bool,
    pub countries: BTreeMap<String, String>,
    pub filter: FilterSpec,
    pub filter_mode: FilterMode,
    pub style: Style,
    pub layout: Params,
    /// `None`: fit the network (auto-fit on).
    pub camera: Option<SavedCamera>,
    /// Selected nodes, in the order they were selected.
    pub selection: Vec<u32>,
    pub activity_bin: Option<Bin>,
    pub activity_stack: StackBy,
    pub time_zone: String,
    /// Saved views, in presentation order (format 2 on).
    pub views: Vec<SavedView>,
    /// The canvas's title and caption.
    pub title: String,
    pub caption: String,
    #[serde(skip)]
    pub positions: Positions,
}

/// What is wrong with a session file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionProblem {
    #[error("the file is empty")]
    Empty,
    #[error("this is not an ioscope session file")]
    NotASession,
    #[error(
        "the session was written by a newer ioscope (format {found}; this one reads up to {supported}): update ioscope to open it"
    )]
    NewerVersion { found: u32, supported: u32 },
    #[error("the file is cut short (truncated): it was not saved completely")]
    Truncated,
    #[error("the file is corrupted: {0}")]
    Corrupted(String),
    #[error("the session's contents are invalid: {0}")]
    Invalid(String),
    #[error("{0}")]
    Io(String),
}

/// A session file that could not be read or written, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {problem}")]
pub struct SessionError {
    pub file: String,
    pub problem: SessionProblem,
}

/// The bytes of a session file.
pub fn encode(session: &Session) -> Result<Vec<u8>, SessionProblem> {
    let json = serde_json::to_vec(session).map_err(|e| SessionProblem::Invalid(e.to_string()))?;
    let p = &session.positions;
    let n = p.x.len();
    if p.y.len() != n || p.pinned.len() != n {
        return Err(SessionProblem::Invalid(format!(
            "{n} x, {} y and {} pins",
            p.y.len(),
            p.pinned.len()
        )));
    }
    let too_big = |what: &str| SessionProblem::Invalid(format!("too many {what}"));
    let json_len = u32::try_from(json.len()).map_err(|_| too_big("bytes of settings"))?;
    let nodes = u32::try_from(n).map_err(|_| too_big("nodes"))?;
    let mut body = Vec::with_capacity(json.len() + 8 + n * 9);
    body.extend_from_slice(&json_len.to_le_bytes());
    body.extend_from_slice(&json);
    body.extend_from_slice(&nodes.to_le_bytes());
    for v in p.x.iter().chain(&p.y) {
        body.extend_from_slice(&v.to_le_bytes());
    }
    let mut pins = vec![0u8; n.div_ceil(8)];
    for (i, _) in p.pinned.iter().enumerate().filter(|(_, pinned)| **pinned) {
        pins[i / 8] |= 1 << (i % 8);
    }
    body.extend_from_slice(&pins);
    let mut out = Vec::with_capacity(body.len() / 2 + 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    let mut gz = GzEncoder::new(out, Compression::fast());
    gz.write_all(&body)
        .map_err(|e| SessionProblem::Io(e.to_string()))?;
    gz.finish().map_err(|e| SessionProblem::Io(e.to_string()))
}

/// Reads the bytes of a session file, migrating older versions.
pub fn decode(bytes: &[u8]) -> Result<Session, SessionProblem> {
    if bytes.is_empty() {
        return Err(SessionProblem::Empty);
    }
    let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
        return Err(if MAGIC.starts_with(bytes) {
            SessionProblem::Truncated
        } else {
            SessionProblem::NotASession
        });
    };
    let Some((version, compressed)) = rest.split_first_chunk::<4>() else {
        return Err(SessionProblem::Truncated);
    };
    match u32::from_le_bytes(*version) {
        // Version 2 added views, title and caption to the JSON (absent in version 1,
        // so read as none); the layout is the same.
        1 | 2 => decode_v1(compressed),
        found if found > VERSION => Err(SessionProblem::NewerVersion {
            found,
            supported: VERSION,
        }),
        found => Err(SessionProblem::Invalid(format!("unknown format {found}"))),
    }
}

/// Reads exactly `n` bytes of the decompressed stream. Memory grows with the bytes
/// actually there, not with what a (hostile) length field claims.
fn read_exact(gz: &mut impl Read, n: usize) -> Result<Vec<u8>, SessionProblem> {
    let mut buf = Vec::with_capacity(n.min(1 << 20));
    gz.take(n as u64)
        .read_to_end(&mut buf)
        .map_err(stream_problem)?;
    if buf.len() < n {
        return Err(SessionProblem::Truncated);
    }
    Ok(buf)
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(stream_problem)`
fn stream_problem(e: std::io::Error) -> SessionProblem {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => SessionProblem::Truncated,
        _ => SessionProblem::Corrupted(e.to_string()),
    }
}

fn read_u32(gz: &mut impl Read) -> Result<u32, SessionProblem> {
    let b = read_exact(gz, 4)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn decode_v1(compressed: &[u8]) -> Result<Session, SessionProblem> {
    let mut gz = GzDecoder::new(compressed);
    let json_len = read_u32(&mut gz)?;
    if json_len > MAX_JSON_BYTES {
        return Err(SessionProblem::Corrupted(format!(
            "{json_len} bytes of settings"
        )));
    }
    let json = read_exact(&mut gz, json_len as usize)?;
    let mut session: Session =
        serde_json::from_slice(&json).map_err(|e| SessionProblem::Invalid(e.to_string()))?;
    let n = read_u32(&mut gz)?;
    if n > MAX_NODES {
        return Err(SessionProblem::Corrupted(format!("{n} nodes")));
    }
    let n = n as usize;
    let floats = read_exact(&mut gz, n * 8)?;
    let f = |k: usize| {
        f32::from_le_bytes([
            floats[4 * k],
            floats[4 * k + 1],
            floats[4 * k + 2],
            floats[4 * k + 3],
        ])
    };
    let pins = read_exact(&mut gz, n.div_ceil(8))?;
    // The rest of the stream must be empty, and its checksum right.
    let mut tail = Vec::new();
    gz.read_to_end(&mut tail).map_err(stream_problem)?;
    if !tail.is_empty() {
        return Err(SessionProblem::Corrupted(format!(
            "{} bytes after the positions",
            tail.len()
        )));
    }
    session.positions = Positions {
        x: (0..n).map(f).collect(),
        y: (n..2 * n).map(f).collect(),
        pinned: (0..n).map(|i| pins[i / 8] & (1 << (i % 8)) != 0).collect(),
    };
    if session.selection.iter().any(|&s| s as usize >= n) && n > 0 {
        return Err(SessionProblem::Invalid(
            "the selection names a node the session has no position for".to_owned(),
        ));
    }
    Ok(session)
}

/// Saves a session atomically: the previous file stays whole if anything fails.
pub fn save(path: &Path, session: &Session) -> Result<(), SessionError> {
    let error = |problem| SessionError {
        file: path.display().to_string(),
        problem,
    };
    let bytes = encode(session).map_err(error)?;
    write_atomic(path, &bytes).map_err(|e| error(SessionProblem::Io(e.to_string())))
}

/// Opens a session file.
pub fn open(path: &Path) -> Result<Session, SessionError> {
    let error = |problem| SessionError {
        file: path.display().to_string(),
        problem,
    };
    let bytes = std::fs::read(path).map_err(|e| error(SessionProblem::Io(e.to_string())))?;
    decode(&bytes).map_err(error)
}

/// Whether a path names a session file (by its extension, or by its first bytes).
pub fn is_session_file(path: &Path) -> bool {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION))
    {
        return true;
    }
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == MAGIC)
}

/// Size and CRC-32 of a file, streamed.
pub fn fingerprint(path: &Path) -> std::io::Result<SavedInput> {
    let mut file = std::fs::File::open(path)?;
    let mut crc = flate2::Crc::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        crc.update(&buf[..n]);
    }
    Ok(SavedInput {
        path: path.to_path_buf(),
        bytes: crc.amount().into(),
        crc32: crc.sum(),
    })
}

/// How an input file compares with what the session saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputState {
    Same,
    /// Not where it was (moved or deleted).
    Missing,
    /// There, but its size or contents differ.
    Changed,
}

/// Checks each input of a session against the file system.
pub fn check_inputs(session: &Session) -> Vec<(PathBuf, InputState)> {
    session
        .inputs
        .iter()
        .map(|saved| {
            let state = match fingerprint(&saved.path) {
                Err(_) => InputState::Missing,
                Ok(now) if now.bytes == saved.bytes && now.crc32 == saved.crc32 => InputState::Same,
                Ok(_) => InputState::Changed,
            };
            (saved.path.clone(), state)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_session() -> Session {
        Session {
            inputs: vec![SavedInput {
                path: "a_tweets_csv_hashed.csv".into(),
                bytes: 10,
                crc32: 7,
            }],
            selection: vec![2, 0],
            positions: Positions {
                x: vec![1.0, f32::NAN, -0.0],
                y: vec![3.5, 1e-40, f32::INFINITY],
                pinned: vec![false, true, false],
            },
            ..Session::default()
        }
    }

    #[test]
    fn a_session_reads_back_bit_for_bit() {
        let s = sample_session();
        let back = decode(&encode(&s).expect("encode")).expect("decode");
        assert!(back.positions.same_bits(&s.positions));
        let (mut a, mut b) = (back, s);
        a.positions = Positions::default();
        b.positions = Positions::default();
        assert_eq!(a, b);
    }

    #[test]
    fn every_cut_and_flipped_byte_is_an_error_never_a_wrong_session() {
        let bytes = encode(&sample_session()).expect("encode");
        for cut in 0..bytes.len() {
            let got = decode(&bytes[..cut]);
            assert!(got.is_err(), "cut at {cut} read as a session");
        }
        for i in MAGIC.len() + 4..bytes.len() {
            let mut broken = bytes.clone();
            broken[i] ^= 0x5a;
            // A flipped byte in the compressed part is caught by gzip's checks (or
            // gives an error earlier); gzip's header has a few unchecked bytes (time,
            // flags), which change nothing read.
            if let Ok(s) = decode(&broken) {
                assert!(
                    s.positions.same_bits(&sample_session().positions),
                    "byte {i}"
                );
            }
        }
    }

    #[test]
    fn newer_versions_are_refused_by_name() {
        let mut bytes = encode(&sample_session()).expect("encode");
        bytes[16..20].copy_from_slice(&(VERSION + 1).to_le_bytes());
        assert_eq!(
            decode(&bytes),
            Err(SessionProblem::NewerVersion {
                found: VERSION + 1,
                supported: VERSION
            })
        );
        assert_eq!(decode(b""), Err(SessionProblem::Empty));
        assert_eq!(
            decode(b"userid,tweetid\n"),
            Err(SessionProblem::NotASession)
        );
        assert_eq!(decode(&MAGIC[..7]), Err(SessionProblem::Truncated));
    }
}
