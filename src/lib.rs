//! ioscope: a desktop explorer for networks of state-linked social-media accounts.
//!
//! Layers, each importing only those below it (a test, `tests/layers.rs`, guards this):
//!
//! [`jobs`] (background work) → [`model`] (columns, no I/O) → [`io`] (files → model)
//! → [`graph`] (the one account network, evidence index) → [`filter`] (a spec → masks)
//! → [`analysis`] (summary, activity, inspection, search: pure functions) → [`layout`]
//! (ForceAtlas2 engine, runner thread, a view's handle) → [`render`] (styling, GPU,
//! camera, hit index, level of detail) → [`export`] (data for other tools) → [`state`]
//! (runtime state, settings, commands, sessions, the load and derived-views jobs) →
//! [`ui`] (panels: read state, return commands) → [`app`] (poll jobs, draw panels,
//! apply commands). [`tools`] (command line,
//! synthetic archives, benchmarks) sits on top and only uses the library.

pub mod jobs;

pub mod model;

pub mod io;

pub mod graph;

pub mod filter;

pub mod analysis;

pub mod layout;

pub mod render;

pub mod export;

pub mod state;

pub mod ui;

pub mod app;

pub mod tools;
