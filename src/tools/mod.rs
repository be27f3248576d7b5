//! Tools on top of the library: the command line ([`cli`]: one function per
//! subcommand), figures with no window ([`export`]), coordination networks
//! ([`coordination`]), communities ([`communities`]) and centrality
//! ([`centrality`]) of an [`edge_input`], the synthetic archive generator
//! ([`synth`]) and the benchmarks ([`bench`]). Nothing in the library imports them.

pub mod bench;
pub mod centrality;
pub mod cli;
pub mod communities;
pub mod convert;
pub mod coordination;
pub mod edge_input;
pub mod export;
pub mod synth;
