//! Heap bytes held by columns, for the memory figures (`bench load`).

/// Bytes a vector holds on the heap (its capacity, used or not).
pub fn vec_bytes<T>(v: &Vec<T>) -> u64 {
    (v.capacity() * std::mem::size_of::<T>()) as u64
}

/// Bytes boxed strings hold on the heap.
pub fn boxed_strs_bytes(v: &[Box<str>]) -> u64 {
    v.iter().map(|s| s.len() as u64).sum()
}
