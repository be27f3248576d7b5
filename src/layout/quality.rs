//! How good a layout is, as one number, and the edge-list format of the benchmarks.
//!
//! `quality` = mean Euclidean length of edges / mean distance between random node pairs
//! (lower = tighter clusters), the measure the peers in `../shared/peers` print.

use std::io::BufRead;

/// Mean edge length over the mean distance of `pairs` random node pairs drawn with a
/// seeded 64-bit LCG.
pub fn quality(x: &[f32], y: &[f32], edges: &[(u32, u32)], pairs: usize, seed: u64) -> f64 {
    let n = x.len();
    if n < 2 || edges.is_empty() {
        return f64::NAN;
    }
    let d = |a: usize, b: usize| {
        let (dx, dy) = (f64::from(x[a] - x[b]), f64::from(y[a] - y[b]));
        (dx * dx + dy * dy).sqrt()
    };
    let edge_mean = edges
        .iter()
        .map(|&(a, b)| d(a as usize, b as usize))
        .sum::<f64>()
        / edges.len() as f64;
    let mut s = seed;
    let mut next = || {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((s >> 33) as usize) % n
    };
    let pair_mean = (0..pairs).map(|_| d(next(), next())).sum::<f64>() / pairs as f64;
    edge_mean / pair_mean
}

/// Reads a tab- (or space-) separated edge list of 0-based node ids, one edge a line,
/// an optional third column as weight. Returns the node count (max id + 1) and edges.
/// A weighted edge: (source, target, weight).
pub type WeightedEdge = (u32, u32, f32);

pub fn read_edge_list(reader: impl BufRead) -> Result<(usize, Vec<WeightedEdge>), String> {
    let mut edges = Vec::new();
    let mut n = 0usize;
    for (line_no, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| format!("line {}: {e}", line_no + 1))?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split(['\t', ' ', ',']).filter(|s| !s.is_empty());
        let parse = |s: Option<&str>| -> Result<u32, String> {
            s.ok_or_else(|| format!("line {}: expected two node ids", line_no + 1))?
                .parse::<u32>()
                .map_err(|e| format!("line {}: {e}", line_no + 1))
        };
        let a = parse(parts.next())?;
        let b = parse(parts.next())?;
        let w = match parts.next() {
            Some(w) => w
                .parse::<f32>()
                .map_err(|e| format!("line {}: weight: {e}", line_no + 1))?,
            None => 1.0,
        };
        n = n.max(a as usize + 1).max(b as usize + 1);
        edges.push((a, b, w));
    }
    Ok((n, edges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_list_and_quality() {
        let (n, e) = read_edge_list("0\t1\n# c\n1 2 3.5\n\n".as_bytes()).unwrap();
        assert_eq!(n, 3);
        assert_eq!(e, vec![(0, 1, 1.0), (1, 2, 3.5)]);
        assert!(
            read_edge_list("0\tx\n".as_bytes())
                .unwrap_err()
                .contains("line 1")
        );
        // Two tight pairs far apart: edges much shorter than random pairs.
        let x = [0.0, 1.0, 1000.0, 1001.0];
        let y = [0.0; 4];
        let q = quality(&x, &y, &[(0, 1), (2, 3)], 10_000, 1);
        assert!(q < 0.01, "{q}");
    }
}
