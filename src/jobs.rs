//! Named background jobs: loading runs on its own thread, publishes progress through
//! shared atomics and its result over a channel; the UI thread only polls.

use std::sync::Arc;
use std::time::Instant;

use crossbeam_channel::{Receiver, TryRecvError};

use crate::filter::Evidence;
use crate::graph::{self, SocialGraph};
use crate::io::{self, Input, LoadError, LoadOptions, Progress};
use crate::model::{Dataset, TweetsByAuthor};
use crate::render::Network;
use crate::summary::Summary;

/// A dataset with everything derived from it that the views need.
pub struct Loaded {
    pub dataset: Arc<Dataset>,
    pub graph: Arc<SocialGraph>,
    /// The network as the canvas draws it (edges in level-of-detail order).
    pub network: Arc<Network>,
    /// The tweets behind each network edge, for filters.
    pub evidence: Arc<Evidence>,
    /// The tweets of each account, for the inspector.
    pub by_author: Arc<TweetsByAuthor>,
    pub summary: Summary,
    /// What was opened, for the title and the report.
    pub inputs: Vec<String>,
    pub seconds: f64,
}

/// Loads inputs and derives the network and summary: the whole pipeline, headless.
pub fn load_all(
    inputs: &[Input],
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Loaded, LoadError> {
    let start = Instant::now();
    let dataset = io::load(inputs, options, progress)?;
    if progress.is_cancelled() {
        return Err(LoadError::Cancelled);
    }
    let graph = graph::build(&dataset);
    let summary = Summary::new(&dataset, &graph);
    let network = Network::from_graph(&graph);
    let evidence = Evidence::build(&dataset, &network);
    let by_author = TweetsByAuthor::build(&dataset);
    Ok(Loaded {
        dataset: Arc::new(dataset),
        graph: Arc::new(graph),
        network: Arc::new(network),
        evidence: Arc::new(evidence),
        by_author: Arc::new(by_author),
        summary,
        inputs: inputs.iter().map(Input::name).collect(),
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// A load running in the background.
pub struct LoadJob {
    pub progress: Arc<Progress>,
    pub inputs: Vec<String>,
    result: Receiver<Result<Loaded, LoadError>>,
}

/// What polling a job found.
pub enum JobPoll {
    Running,
    Done(Box<Result<Loaded, LoadError>>),
}

impl LoadJob {
    /// Starts loading on a thread named `ioscope-load`; `on_done` runs when it finishes
    /// (the app passes a repaint request).
    pub fn start(
        inputs: Vec<Input>,
        options: LoadOptions,
        on_done: impl FnOnce() + Send + 'static,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = crossbeam_channel::bounded(1);
        let names = inputs.iter().map(Input::name).collect();
        let shared = Arc::clone(&progress);
        let spawned = std::thread::Builder::new()
            .name("ioscope-load".to_owned())
            .spawn(move || {
                let result = load_all(&inputs, &options, &shared);
                let _ = tx.send(result);
                on_done();
            });
        if let Err(e) = spawned {
            let (tx, rx2) = crossbeam_channel::bounded(1);
            let _ = tx.send(Err(LoadError::Io {
                file: String::new(),
                reason: format!("could not start the loader thread: {e}"),
            }));
            return Self {
                progress,
                inputs: names,
                result: rx2,
            };
        }
        Self {
            progress,
            inputs: names,
            result: rx,
        }
    }

    pub fn poll(&self) -> JobPoll {
        match self.result.try_recv() {
            Ok(r) => JobPoll::Done(Box::new(r)),
            Err(TryRecvError::Empty) => JobPoll::Running,
            Err(TryRecvError::Disconnected) => JobPoll::Done(Box::new(Err(LoadError::Io {
                file: String::new(),
                reason: "the loader thread stopped unexpectedly".to_owned(),
            }))),
        }
    }

    pub fn cancel(&self) {
        self.progress.cancel();
    }
}
