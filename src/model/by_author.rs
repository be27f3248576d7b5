//! The tweets of each account: an index built once per dataset, for the inspector.

use super::dataset::Dataset;
use super::ids::AccountIdx;

/// Tweets of each account, as a CSR over tweet indices (built once per dataset).
#[derive(Debug, Default)]
pub struct TweetsByAuthor {
    offsets: Vec<u32>,
    tweets: Vec<u32>,
}

impl TweetsByAuthor {
    /// Heap bytes held.
    pub fn heap_bytes(&self) -> u64 {
        super::heap::vec_bytes(&self.offsets) + super::heap::vec_bytes(&self.tweets)
    }

    pub fn build(ds: &Dataset) -> Self {
        let n = ds.accounts.len();
        let mut offsets = vec![0u32; n + 1];
        for &a in &ds.tweets.author {
            if let Some(o) = offsets.get_mut(a as usize + 1) {
                *o += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets[..n].to_vec();
        let mut tweets = vec![0u32; offsets[n] as usize];
        for (i, &a) in ds.tweets.author.iter().enumerate() {
            if let Some(slot) = fill.get_mut(a as usize) {
                tweets[*slot as usize] = i as u32;
                *slot += 1;
            }
        }
        Self { offsets, tweets }
    }

    pub fn of(&self, account: AccountIdx) -> &[u32] {
        let a = account as usize;
        match (self.offsets.get(a), self.offsets.get(a + 1)) {
            (Some(&s), Some(&e)) => &self.tweets[s as usize..e as usize],
            _ => &[],
        }
    }
}
