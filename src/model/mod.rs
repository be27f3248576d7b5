//! The in-memory dataset: accounts and tweets as compact columns, interned strings,
//! campaign table. No egui, no I/O: this is what every other module reads.

pub mod accounts;
pub mod append;
pub mod by_author;
pub mod campaign;
pub mod dataset;
pub mod graph_file;
pub mod heap;
pub mod ids;
pub mod interner;
pub mod text_sources;
pub mod time;
pub mod tweets;

pub use accounts::{AccountId, Accounts, Profile, Role};
pub use by_author::TweetsByAuthor;
pub use campaign::{Campaign, country_for_campaign};
pub use dataset::{Dataset, LoadWarning, Strings};
pub use ids::{AccountIdx, NO_ACCOUNT};
pub use interner::{Interner, Sym16};
pub use time::{CivilDate, Minutes};
pub use tweets::{ListItems, TweetKind, TweetRow, Tweets};
