//! Finding an account by what an analyst types: an id or a screen name (any case, with
//! or without `@`), else the first account whose screen or display name contains it.

use crate::model::{AccountIdx, Accounts};

/// The account `text` names: its id or screen name exactly (any case), else the first
/// whose screen or display name contains it (any case). `None` for blank text.
pub fn find_account(accounts: &Accounts, text: &str) -> Option<AccountIdx> {
    let trimmed = text.trim();
    let needle = trimmed.trim_start_matches('@').to_lowercase();
    if needle.is_empty() {
        return None;
    }
    let a = accounts;
    let exact = a.find_str(trimmed).or_else(|| {
        (0..a.len())
            .find(|&i| a.screen_name[i].to_lowercase() == needle)
            .map(|i| i as AccountIdx)
    });
    exact.or_else(|| {
        (0..a.len())
            .find(|&i| {
                a.screen_name[i].to_lowercase().contains(&needle)
                    || a.display_name[i].to_lowercase().contains(&needle)
            })
            .map(|i| i as AccountIdx)
    })
}
