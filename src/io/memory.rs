//! How much memory a load may take: the machine's available memory, the cgroup's limit
//! and the process's address-space limit (`ulimit -v`), whichever leaves least, read
//! from `/proc` and `/sys` (Linux; elsewhere nothing is known and nothing is refused).

use std::path::Path;

/// Room left for a load, and what sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Room {
    /// Bytes that can still be allocated.
    pub bytes: u64,
    /// What bounds it, for messages.
    pub bound: Bound,
}

/// What bounds the memory a load may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// The memory the machine has available (`MemAvailable`).
    Machine,
    /// The control group's memory limit.
    Cgroup,
    /// The process's address-space limit (`ulimit -v`).
    AddressSpace,
    /// The ceiling the user set (`--memory-limit`).
    Chosen,
}

impl Bound {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Machine => "available on this machine",
            Self::Cgroup => "left under this session's memory limit (cgroup)",
            Self::AddressSpace => "left under the address-space limit (ulimit -v)",
            Self::Chosen => "the memory limit set for loading (--memory-limit)",
        }
    }
}

/// The lesser of the machine's room and `limit` (a ceiling the user chose), if any.
pub fn within(machine: Option<Room>, limit: Option<u64>) -> Option<Room> {
    let chosen = limit.map(|bytes| Room {
        bytes,
        bound: Bound::Chosen,
    });
    [machine, chosen]
        .into_iter()
        .flatten()
        .min_by_key(|r| r.bytes)
}

/// The room left now: the least of what each bound leaves, or `None` when none is known.
pub fn room() -> Option<Room> {
    let machine = meminfo_available().map(|bytes| Room {
        bytes,
        bound: Bound::Machine,
    });
    let cgroup = cgroup_room().map(|bytes| Room {
        bytes,
        bound: Bound::Cgroup,
    });
    let address = address_space_room().map(|bytes| Room {
        bytes,
        bound: Bound::AddressSpace,
    });
    [machine, cgroup, address]
        .into_iter()
        .flatten()
        .min_by_key(|r| r.bytes)
}

/// `MemAvailable` of `/proc/meminfo`.
fn meminfo_available() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    kib_field(&text, "MemAvailable:")
}

/// The value of a `Name:   123 kB` line, in bytes.
fn kib_field(text: &str, name: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(name))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// `memory.max - memory.current` of this process's cgroup (v2), when it has a limit,
/// its reclaimable page cache counted as room.
fn cgroup_room() -> Option<u64> {
    let own = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    // cgroup v2: a single line "0::/path".
    let path = own.lines().find_map(|l| l.strip_prefix("0::"))?;
    let dir = Path::new("/sys/fs/cgroup").join(path.trim_start_matches('/'));
    let max = std::fs::read_to_string(dir.join("memory.max")).ok()?;
    let max: u64 = max.trim().parse().ok()?; // "max" = no limit
    let current: u64 = std::fs::read_to_string(dir.join("memory.current"))
        .ok()?
        .trim()
        .parse()
        .ok()?;
    // The group's page cache it can drop (files read) is room too.
    let reclaimable = std::fs::read_to_string(dir.join("memory.stat"))
        .ok()
        .and_then(|stat| {
            stat.lines()
                .find_map(|l| l.strip_prefix("inactive_file "))
                .and_then(|v| v.trim().parse::<u64>().ok())
        })
        .unwrap_or(0);
    Some(max.saturating_sub(current.saturating_sub(reclaimable)))
}

/// Address space the allocator and threads reserve beyond what they use (thread heaps'
/// segments, stacks): measured, a load of 150 MB needs a limit of 1 GB.
pub const ADDRESS_SPACE_RESERVE: u64 = 512 << 20;

/// The address-space limit (`ulimit -v`) minus the process's virtual size and
/// [`ADDRESS_SPACE_RESERVE`].
fn address_space_room() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    let soft: u64 = line
        .trim_start_matches("Max address space")
        .split_whitespace()
        .next()?
        .parse()
        .ok()?; // "unlimited" = no limit
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let size = kib_field(&status, "VmSize:")?;
    Some(
        soft.saturating_sub(size)
            .saturating_sub(ADDRESS_SPACE_RESERVE),
    )
}

/// Bytes as people read them: `1.4 GB`, `820 MB`.
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else {
        format!("{:.0} MB", (b / 1e6).max(1.0))
    }
}

/// What would fit when the load as asked does not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    /// The same files, texts left out.
    WithoutTexts { bytes: u64 },
    /// The users files and the tweets files that fit, in order (texts as asked).
    SomeFiles { files: Vec<String>, bytes: u64 },
    /// The most recent tweets that fit: those posted in `[from, to)` (minutes, UTC).
    DateWindow { from: i32, to: i32, bytes: u64 },
}

impl std::fmt::Display for Offer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WithoutTexts { bytes } => {
                write!(f, "load them without texts (about {})", human(*bytes))
            }
            Self::DateWindow { from, bytes, .. } => write!(
                f,
                "load only the tweets from {} on (about {})",
                crate::model::time::format_days(from.div_euclid(24 * 60)),
                human(*bytes)
            ),
            Self::SomeFiles { files, bytes } => write!(
                f,
                "load only {} (about {})",
                files
                    .iter()
                    .map(|p| file_name(p))
                    .collect::<Vec<_>>()
                    .join(", "),
                human(*bytes)
            ),
        }
    }
}

/// The last part of a path, for short messages.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Why a load will not fit, and what would.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge {
    pub needed: u64,
    pub room: Room,
    pub offers: Vec<Offer>,
}

impl TooLarge {
    /// The first sentence: what is needed and what is left.
    pub fn headline(&self) -> String {
        format!(
            "These files need about {} of memory, and {} is {}.",
            human(self.needed),
            human(self.room.bytes),
            self.room.bound.describe()
        )
    }
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "not enough memory: these files need about {}, and {} is {}",
            human(self.needed),
            human(self.room.bytes),
            self.room.bound.describe()
        )?;
        if self.offers.is_empty() {
            write!(f, "; close other programs, or open fewer or smaller files")
        } else {
            let offers: Vec<String> = self.offers.iter().map(Offer::to_string).collect();
            write!(f, "; what fits: {}", offers.join("; or "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kib_fields_are_read_in_bytes() {
        let text = "MemTotal:       24683628 kB\nMemAvailable:   20000000 kB\n";
        assert_eq!(kib_field(text, "MemAvailable:"), Some(20_000_000 * 1024));
        assert_eq!(kib_field(text, "SwapTotal:"), None);
    }

    #[test]
    fn this_machine_has_some_room() {
        // Linux always has /proc/meminfo.
        let room = room().expect("room");
        assert!(room.bytes > 0);
    }

    #[test]
    fn sizes_read_as_people_do() {
        assert_eq!(human(1_400_000_000), "1.4 GB");
        assert_eq!(human(820_000_000), "820 MB");
        assert_eq!(human(10), "1 MB");
    }
}
