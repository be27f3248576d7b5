//! String interning: each distinct string is stored once and named by a small integer.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rustc_hash::FxBuildHasher;

/// A 16-bit symbol, as stored in the tweet columns (languages, clients).
pub type Sym16 = u16;

/// The hash [`Interner::intern_hashed`] expects, so that parsers can compute it in
/// parallel before interning on one thread.
pub fn string_hash(s: &str) -> u64 {
    FxBuildHasher.hash_one(s)
}

/// Stores each distinct string once. Symbol 0 is always the empty string, so that
/// "unknown" needs no `Option`.
#[derive(Debug, Clone)]
pub struct Interner {
    /// Symbols, found by the hash of their string.
    table: HashTable<u32>,
    strings: Vec<Box<str>>,
}

impl Default for Interner {
    fn default() -> Self {
        let mut interner = Self {
            table: HashTable::new(),
            strings: Vec::new(),
        };
        interner.intern("");
        interner
    }
}

impl Interner {
    /// The symbol of `s`, adding it when new.
    pub fn intern(&mut self, s: &str) -> u32 {
        self.intern_hashed(s, string_hash(s))
    }

    /// [`Interner::intern`] with `hash` = [`string_hash`]`(s)` computed beforehand.
    pub fn intern_hashed(&mut self, s: &str, hash: u64) -> u32 {
        let strings = &self.strings;
        let sym = u32::try_from(strings.len()).unwrap_or(u32::MAX);
        match self.table.entry(
            hash,
            |&i| strings.get(i as usize).is_some_and(|t| **t == *s),
            |&i| strings.get(i as usize).map_or(0, |t| string_hash(t)),
        ) {
            Entry::Occupied(found) => return *found.get(),
            Entry::Vacant(room) => {
                room.insert(sym);
            }
        }
        self.strings.push(s.into());
        sym
    }

    /// The symbol of `s` if it was interned.
    pub fn lookup(&self, s: &str) -> Option<u32> {
        let strings = &self.strings;
        self.table
            .find(string_hash(s), |&i| {
                strings.get(i as usize).is_some_and(|t| **t == *s)
            })
            .copied()
    }

    /// The string of a symbol (empty for an unknown symbol).
    pub fn resolve(&self, sym: u32) -> &str {
        self.strings.get(sym as usize).map_or("", |s| s)
    }

    /// Number of distinct strings, the empty string included.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Heap bytes held: the strings, their list and the hash table.
    pub fn heap_bytes(&self) -> u64 {
        super::heap::boxed_strs_bytes(&self.strings)
            + super::heap::vec_bytes(&self.strings)
            + (self.table.capacity() * (std::mem::size_of::<u32>() + 1)) as u64
    }

    /// Always false: the empty string is always present.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// All strings in symbol order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &str)> {
        self.strings
            .iter()
            .enumerate()
            .map(|(i, s)| (u32::try_from(i).unwrap_or(u32::MAX), &**s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable_and_empty_is_zero() {
        let mut i = Interner::default();
        assert_eq!(i.intern(""), 0);
        let a = i.intern("zh");
        let b = i.intern("en");
        assert_ne!(a, b);
        assert_eq!(i.intern("zh"), a);
        assert_eq!(i.resolve(b), "en");
        assert_eq!(i.lookup("en"), Some(b));
        assert_eq!(i.lookup("ru"), None);
        assert_eq!(i.len(), 3);
    }
}
