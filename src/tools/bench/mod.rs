//! The `ioscope bench` subcommands: each measures one part of the work and prints one
//! JSON object. [`load`], [`layout`], [`render`] (off-screen wgpu), [`export`] (a
//! picture at full detail), [`filter`] (the work of a filter change), [`frames`]
//! (the window's frames while it runs), [`coordination`] (every kind, with recall
//! and precision against planted groups) and [`convert`] (a network file read and
//! written).

pub mod convert;
pub mod coordination;
pub mod export;
pub mod filter;
pub mod frames;
pub mod layout;
pub mod load;
pub mod render;
pub mod settle;

/// The median of some measurements (NaN for none).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Peak resident memory of this process in bytes (Linux), if known.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// "1920x1080" → [1920, 1080].
pub fn parse_size(text: &str) -> Result<[u32; 2], String> {
    let bad = || format!("--size {text}: expected WIDTHxHEIGHT, e.g. 1920x1080");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let w: u32 = w.trim().parse().map_err(|_| bad())?;
    let h: u32 = h.trim().parse().map_err(|_| bad())?;
    if w == 0 || h == 0 {
        return Err(bad());
    }
    Ok([w, h])
}

#[cfg(test)]
mod tests {
    #[test]
    fn median_and_sizes() {
        assert_eq!(super::median(vec![3.0, 1.0, 2.0]), 2.0);
        assert!(super::median(Vec::new()).is_nan());
        assert_eq!(super::parse_size("1920x1080"), Ok([1920, 1080]));
        assert!(super::parse_size("0x10").is_err());
        assert!(super::parse_size("wide").is_err());
    }
}
