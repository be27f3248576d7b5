//! Writing a file so that a crash, a kill or a full disk never leaves it half written:
//! the bytes go to a temporary file beside the target, are flushed and synced, and the
//! temporary file is renamed over the target (atomic on one file system); the folder is
//! synced too, so that the rename itself survives a power cut. On any error the
//! temporary file is removed and the target is left as it was.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The temporary file a write to `target` goes through (hidden, beside it, unique to
/// this process).
fn temporary_for(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Replaces `target` with `bytes`, atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically(target, |w| w.write_all(bytes))
}

/// Replaces `target` with what `write` streams into it, atomically (buffered).
pub fn write_atomically(
    target: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = temporary_for(target);
    let written = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        write(&mut out)?;
        out.flush()?;
        let file = out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, target)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // The rename is durable once the folder is synced (where folders can be opened).
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("a.ioscope");
        write_atomic(&target, b"first").expect("write");
        write_atomic(&target, b"second").expect("write");
        assert_eq!(std::fs::read(&target).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("a.ioscope");
        write_atomic(&target, b"old").expect("write");
        // A folder in the way of the rename: the write fails, the old bytes stay.
        let blocked = dir.path().join("sub");
        std::fs::create_dir(&blocked).expect("dir");
        std::fs::write(blocked.join("x"), b"x").expect("file");
        assert!(write_atomic(&blocked, b"new").is_err());
        assert_eq!(std::fs::read(&target).expect("read"), b"old");
        assert!(!temporary_for(&blocked).exists());
    }
}
