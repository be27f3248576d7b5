//! ioscope: a desktop explorer for networks of state-linked social-media accounts.
//!
//! Data flows one way: [`io`] reads archive files into a [`model::Dataset`], [`graph`]
//! builds the account network from it, [`layout`] places it, [`render`] draws it,
//! [`summary`] condenses it for people and for the command line, and the GUI ([`app`],
//! [`ui`]) shows it.

pub mod activity;
pub mod app;
pub mod cli;
pub mod command;
pub mod filter;
pub mod graph;
pub mod io;
pub mod jobs;
pub mod layout;
pub mod model;
pub mod render;
pub mod sample;
pub mod settings;
pub mod summary;
pub mod synth;
pub mod ui;
