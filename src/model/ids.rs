//! Account indices.

/// Index of an account in [`super::Accounts`] (and of its node in the social graph).
pub type AccountIdx = u32;
/// Marks "no account" in account-valued tweet columns.
pub const NO_ACCOUNT: AccountIdx = u32::MAX;
