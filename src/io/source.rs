//! Where the bytes come from: plain files, gzip files (multi-member), zip archives (each
//! CSV entry), and in-memory zips (the bundled sample). Each readable CSV stream is an
//! [`Entry`]; progress is counted in on-disk (compressed) bytes.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::input::{Input, LoadError};
use crate::jobs::Progress;

/// The raw bytes behind an entry.
#[derive(Clone, Debug)]
pub enum Origin {
    /// A plain or gzip-compressed file (detected from its first bytes).
    File(PathBuf),
    /// Entry `index` of a zip file.
    ZipFile(PathBuf, usize),
    /// Entry `index` of a zip held in memory.
    ZipBytes(Arc<[u8]>, usize),
    /// Bytes held in memory (plain or gzip).
    Bytes(Arc<[u8]>),
}

/// One CSV stream to load.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Name for messages: the path, and `archive.zip:entry.csv` for zip entries.
    pub display: String,
    /// The file name the campaign is taken from (the entry name inside a zip).
    pub file_name: String,
    pub origin: Origin,
    /// Bytes on disk this entry accounts for (for progress).
    pub disk_bytes: u64,
    /// Uncompressed size when known (zip entries and plain files).
    pub plain_bytes: Option<u64>,
    /// Whether reading it inflates compressed bytes (gzip, a deflated zip entry).
    pub compressed: bool,
}

fn io_error(file: &str, e: impl std::fmt::Display) -> LoadError {
    LoadError::Io {
        file: file.to_owned(),
        reason: e.to_string(),
    }
}

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// True for zip entry names that hold CSV data, network files or JSON lines (media and
/// folders are skipped).
fn is_csv_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !lower.ends_with('/')
        && !lower.starts_with("__macosx/")
        && [
            ".csv",
            ".csv.gz",
            ".txt",
            ".gexf",
            ".graphml",
            ".tsv",
            ".gml",
            ".net",
            ".jsonl",
            ".jsonl.gz",
            ".ndjson",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

fn zip_entries<R: Read + Seek>(
    archive: R,
    display: &str,
    disk_bytes: u64,
    origin: impl Fn(usize) -> Origin,
) -> Result<Vec<Entry>, LoadError> {
    let zip = zip::ZipArchive::new(archive).map_err(|e| LoadError::Format {
        file: display.to_owned(),
        reason: format!("not a readable zip archive: {e}"),
    })?;
    let mut found = Vec::new();
    let mut total_compressed = 0u64;
    for index in 0..zip.len() {
        let entry = zip.by_index_data(index).map_err(|e| io_error(display, e))?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.is_dir() || !is_csv_name(&name) {
            continue;
        }
        total_compressed += entry.compressed_size();
        found.push((index, name, entry.compressed_size(), entry.size()));
    }
    if found.is_empty() {
        return Err(LoadError::Format {
            file: display.to_owned(),
            reason: "the zip archive holds no CSV file".to_owned(),
        });
    }
    let total_compressed = total_compressed.max(1);
    Ok(found
        .into_iter()
        .map(|(index, name, compressed, size)| Entry {
            display: format!("{display}:{name}"),
            file_name: name,
            origin: origin(index),
            disk_bytes: disk_bytes * compressed / total_compressed,
            plain_bytes: Some(size),
            compressed: compressed < size,
        })
        .collect())
}

/// The CSV streams of a path: the file itself, or each CSV entry of a zip.
/// The entries of every input, in order.
pub fn entries_of_inputs(inputs: &[Input]) -> Result<Vec<Entry>, LoadError> {
    let mut entries = Vec::new();
    for input in inputs {
        match input {
            Input::Path(p) => entries.extend(entries_of_path(p)?),
            Input::Bytes { name, bytes } => {
                entries.extend(entries_of_bytes(name, Arc::clone(bytes))?);
            }
        }
    }
    Ok(entries)
}

pub fn entries_of_path(path: &Path) -> Result<Vec<Entry>, LoadError> {
    let display = path.display().to_string();
    let mut file = File::open(path).map_err(|e| io_error(&display, e))?;
    let disk_bytes = file.metadata().map_err(|e| io_error(&display, e))?.len();
    let mut head = [0u8; 4];
    let n = read_up_to(&mut file, &mut head).map_err(|e| io_error(&display, e))?;
    if is_zip(&head[..n]) {
        file.rewind().map_err(|e| io_error(&display, e))?;
        let owned = path.to_path_buf();
        return zip_entries(BufReader::new(file), &display, disk_bytes, |i| {
            Origin::ZipFile(owned.clone(), i)
        });
    }
    Ok(vec![Entry {
        file_name: display.clone(),
        display,
        origin: Origin::File(path.to_path_buf()),
        disk_bytes,
        plain_bytes: (!is_gzip(&head[..n])).then_some(disk_bytes),
        compressed: is_gzip(&head[..n]),
    }])
}

/// The CSV streams of bytes in memory (a zip, a gzip file or a plain CSV).
pub fn entries_of_bytes(name: &str, bytes: Arc<[u8]>) -> Result<Vec<Entry>, LoadError> {
    let disk_bytes = bytes.len() as u64;
    if is_zip(&bytes) {
        let shared = Arc::clone(&bytes);
        return zip_entries(Cursor::new(&bytes[..]), name, disk_bytes, |i| {
            Origin::ZipBytes(Arc::clone(&shared), i)
        });
    }
    Ok(vec![Entry {
        display: name.to_owned(),
        file_name: name.to_owned(),
        plain_bytes: (!is_gzip(&bytes)).then_some(disk_bytes),
        compressed: is_gzip(&bytes),
        origin: Origin::Bytes(bytes),
        disk_bytes,
    }])
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Counts bytes read into the progress, scaled to the entry's on-disk share.
struct Counting<'p, R> {
    inner: R,
    progress: &'p Progress,
    /// On-disk bytes per byte read, in 1/65536 units.
    scale: u64,
    pending: u64,
    /// On-disk bytes added to the progress so far.
    counted: &'p Cell<u64>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pending += n as u64 * self.scale;
        if self.pending >= 1 << 36 || n == 0 {
            let bytes = self.pending >> 16;
            self.progress.add_done(bytes);
            self.counted.set(self.counted.get() + bytes);
            self.pending &= 0xffff;
        }
        Ok(n)
    }
}

/// `len` bytes at `offset` of `file` (fewer at its end).
pub fn read_piece(file: &mut File, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
    file.seek(std::io::SeekFrom::Start(offset))?;
    let mut piece = Vec::with_capacity(len);
    file.take(len as u64).read_to_end(&mut piece)?;
    Ok(piece)
}

/// Counts the bytes read through it.
struct CountingRead<'c, R> {
    inner: R,
    count: &'c std::cell::Cell<u64>,
}

impl<R: Read> Read for CountingRead<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// A reader that decompresses gzip (every member, several at once where there are
/// several) when the stream starts like gzip.
fn maybe_gunzip<'a, R: Read + 'a>(mut r: R) -> std::io::Result<Box<dyn Read + 'a>> {
    let mut head = [0u8; 2];
    let n = read_up_to(&mut r, &mut head)?;
    let chained = Cursor::new(head[..n].to_vec()).chain(r);
    if is_gzip(&head[..n]) {
        Ok(Box::new(super::gzip::MemberReader::new(chained)))
    } else {
        Ok(Box::new(chained))
    }
}

impl Entry {
    /// Its plain size: known for plain files and zip entries, four times the size on
    /// disk for gzip (the usual ratio of CSV) until read.
    pub fn plain_or_guess(&self) -> u64 {
        self.plain_bytes
            .unwrap_or(self.disk_bytes.saturating_mul(4))
    }

    /// Runs `f` on the entry's decompressed byte stream, counting progress. Once `f` has
    /// read it all, the entry counts its whole size on disk (what rounding left out), so
    /// entries read side by side each add their own share.
    pub fn with_reader<T>(
        &self,
        progress: &Progress,
        f: impl FnOnce(&mut dyn Read) -> Result<T, LoadError>,
    ) -> Result<T, LoadError> {
        let counted = Cell::new(0u64);
        let read = self.counted_reader(progress, &counted, f)?;
        progress.add_done(self.disk_bytes.saturating_sub(counted.get()));
        Ok(read)
    }

    fn counted_reader<T>(
        &self,
        progress: &Progress,
        counted: &Cell<u64>,
        f: impl FnOnce(&mut dyn Read) -> Result<T, LoadError>,
    ) -> Result<T, LoadError> {
        let err = |e: std::io::Error| io_error(&self.display, e);
        let unit = 1u64 << 16;
        match &self.origin {
            Origin::File(path) => {
                let file = File::open(path).map_err(err)?;
                let counted = Counting {
                    inner: file,
                    progress,
                    scale: unit,
                    pending: 0,
                    counted,
                };
                let mut reader = maybe_gunzip(counted).map_err(err)?;
                f(&mut reader)
            }
            Origin::Bytes(bytes) => {
                let counted = Counting {
                    inner: &bytes[..],
                    progress,
                    scale: unit,
                    pending: 0,
                    counted,
                };
                let mut reader = maybe_gunzip(counted).map_err(err)?;
                f(&mut reader)
            }
            Origin::ZipFile(path, index) => {
                let file = BufReader::new(File::open(path).map_err(err)?);
                self.with_zip_entry(file, *index, progress, counted, f)
            }
            Origin::ZipBytes(bytes, index) => {
                self.with_zip_entry(Cursor::new(&bytes[..]), *index, progress, counted, f)
            }
        }
    }

    /// The plain file on disk this entry is, when its rows can be found again by offset
    /// (not compressed, not in a zip or in memory).
    pub fn seekable_path(&self) -> Option<PathBuf> {
        let Origin::File(path) = &self.origin else {
            return None;
        };
        let mut head = [0u8; 2];
        let mut file = File::open(path).ok()?;
        let n = read_up_to(&mut file, &mut head).ok()?;
        (!is_gzip(&head[..n])).then(|| path.clone())
    }

    /// The first records of the entry (about `max_plain` bytes, cut at a record end)
    /// and its plain size: known for zip entries and plain files, and for gzip files
    /// estimated from the compression ratio of the sample.
    pub fn sample(&self, max_plain: usize) -> Result<(Vec<u8>, u64), LoadError> {
        let err = |e: std::io::Error| io_error(&self.display, e);
        let first_block = |reader: &mut dyn Read| -> Result<Vec<u8>, LoadError> {
            let mut blocks = super::csv_scan::BlockReader::with_block_size(reader, max_plain);
            match blocks.next_block() {
                Ok(Some(block)) => Ok(block.data().to_vec()),
                Ok(None) => Ok(Vec::new()),
                // A sample cut inside a huge record: the load itself will say more.
                Err(super::csv_scan::ScanError::RecordTooLarge { .. }) => Ok(Vec::new()),
                Err(super::csv_scan::ScanError::Io(e)) => Err(err(e)),
            }
        };
        if let Origin::File(path) = &self.origin {
            let consumed = std::cell::Cell::new(0u64);
            let file = File::open(path).map_err(err)?;
            let counted = CountingRead {
                inner: file,
                count: &consumed,
            };
            // A small buffer, so that what was consumed is close to what was decoded.
            let mut head = [0u8; 2];
            let mut counted = counted;
            let n = read_up_to(&mut counted, &mut head).map_err(err)?;
            let chained = Cursor::new(head[..n].to_vec()).chain(counted);
            if is_gzip(&head[..n]) {
                let mut reader =
                    flate2::read::MultiGzDecoder::new(BufReader::with_capacity(16 << 10, chained));
                let sample = first_block(&mut reader)?;
                let ratio = sample.len() as f64 / consumed.get().max(1) as f64;
                let plain = (self.disk_bytes as f64 * ratio.max(1.0)) as u64;
                let least = sample.len() as u64;
                return Ok((sample, plain.max(least)));
            }
            let mut reader = chained;
            let sample = first_block(&mut reader)?;
            return Ok((sample, self.disk_bytes));
        }
        let progress = Progress::default();
        let sample = self.with_reader(&progress, |reader| first_block(reader))?;
        // In-memory gzip inputs are small: assume the usual ratio of CSV.
        let plain = self.plain_or_guess();
        let least = sample.len() as u64;
        Ok((sample, plain.max(least)))
    }

    fn with_zip_entry<R: Read + Seek, T>(
        &self,
        archive: R,
        index: usize,
        progress: &Progress,
        counted: &Cell<u64>,
        f: impl FnOnce(&mut dyn Read) -> Result<T, LoadError>,
    ) -> Result<T, LoadError> {
        let mut zip = zip::ZipArchive::new(archive).map_err(|e| io_error(&self.display, e))?;
        let entry = zip
            .by_index(index)
            .map_err(|e| io_error(&self.display, e))?;
        let plain = self.plain_bytes.unwrap_or(0).max(1);
        let scale = (self.disk_bytes << 16) / plain;
        let counted = Counting {
            inner: entry,
            progress,
            scale,
            pending: 0,
            counted,
        };
        let mut reader = maybe_gunzip(counted).map_err(|e| io_error(&self.display, e))?;
        f(&mut reader)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_names_in_archives() {
        assert!(is_csv_name("china_052020_tweets_csv_hashed.csv"));
        assert!(is_csv_name("x/turkey_tweets_2009.csv.gz"));
        assert!(!is_csv_name("china_052020_hashed_001.zip"));
        assert!(!is_csv_name("media/photo.jpg"));
        assert!(!is_csv_name("__MACOSX/a.csv"));
    }

    #[test]
    fn gzip_files_and_deflated_zip_entries_count_as_compressed() {
        use std::io::Write;
        let csv = b"userid,tweetid\n".repeat(200);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&csv).expect("gzip in memory");
        let gz = gz.finish().expect("gzip in memory");
        let mut zipped = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, method) in [
            ("stored.csv", zip::CompressionMethod::Stored),
            ("deflated.csv", zip::CompressionMethod::Deflated),
        ] {
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            zipped.start_file(name, options).expect("zip in memory");
            zipped.write_all(&csv).expect("zip in memory");
        }
        let zipped = zipped.finish().expect("zip in memory").into_inner();
        let compressed = |name: &str, bytes: Vec<u8>| -> Vec<bool> {
            entries_of_bytes(name, bytes.into())
                .expect("readable")
                .iter()
                .map(|e| e.compressed)
                .collect()
        };
        assert_eq!(compressed("a.csv", csv.clone()), [false]);
        assert_eq!(compressed("a.csv.gz", gz), [true]);
        assert_eq!(compressed("a.zip", zipped), [false, true]);
    }
}
