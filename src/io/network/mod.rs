//! Network files: GEXF, GraphML and CSV node/edge tables, detected from their content
//! ([`sniff`]), read whole (after gzip or zip) into a [`GraphFile`] and made a
//! [`Dataset`] whose accounts are the file's nodes ([`dataset_of`]). One reader per
//! format; [`builder`] holds what they share, [`xml`] the guarded XML reader.

pub mod builder;
pub mod gexf;
pub mod gml;
pub mod graphml;
pub mod graphology;
pub mod pajek;
pub mod tables;
pub mod xml;

use std::io::Read;

use builder::GraphBuilder;
use tables::TableKind;

use super::input::{LoadError, LoadOptions};
use super::source::Entry;
use crate::jobs::Progress;
use crate::model::campaign::campaign_from_file_name;
use crate::model::graph_file::{GraphFile, GraphFormat};
use crate::model::{AccountId, Dataset, Profile, country_for_campaign};

/// What a file is, from its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// A Twitter archive users or tweets file (or anything else CSV: the archive loader
    /// says what it lacks).
    Archive,
    Gexf,
    GraphMl,
    Graphology,
    Gml,
    Pajek,
    Table(TableKind),
}

/// The formats tried on a file, for the message when none fits.
pub const TRIED: &str = "a Twitter archive users or tweets CSV (a `userid` or `tweetid` \
    column), GEXF, GraphML, GML, Pajek, graphology JSON, a CSV edge table (`Source`, `Target`), a CSV node table (`Id`), \
    a plain edge list (.edgelist, .edges, .txt, .tsv), the FiveThirtyEight IRA tweets CSV, \
    NBC News tweets.csv and users.csv, and Twitter API v1.1/v2 JSON lines (twarc)";

/// Bytes read from the start of a file to tell its format.
pub const SNIFF_BYTES: usize = 8 << 10;

/// Extensions of plain edge lists (no header: source, target, weight), which CSV files
/// with two or three columns and no recognised header are not taken for.
const EDGE_LIST_EXTENSIONS: [&str; 6] = [".edgelist", ".edges", ".el", ".ncol", ".txt", ".tsv"];

/// The format of a file from its first bytes (decompressed) and its name.
pub fn sniff(head: &[u8], file_name: &str) -> Option<FileFormat> {
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let trimmed = text.trim_ascii_start();
    if trimmed.starts_with(b"<") {
        let lower = trimmed.to_ascii_lowercase();
        if memchr::memmem::find(&lower, b"<gexf").is_some() {
            return Some(FileFormat::Gexf);
        }
        if memchr::memmem::find(&lower, b"<graphml").is_some() {
            return Some(FileFormat::GraphMl);
        }
        return None;
    }
    if trimmed.starts_with(b"{")
        && (memchr::memmem::find(trimmed, b"\"nodes\"").is_some()
            || memchr::memmem::find(trimmed, b"\"edges\"").is_some())
    {
        return Some(FileFormat::Graphology);
    }
    if let Some(format) = text_network(trimmed) {
        return Some(format);
    }
    let name = file_name.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match tables::kind_of(text) {
        Some(TableKind::EdgeList)
            if !EDGE_LIST_EXTENSIONS.iter().any(|ext| name.ends_with(ext)) =>
        {
            Some(FileFormat::Archive)
        }
        Some(kind) => Some(FileFormat::Table(kind)),
        None => Some(FileFormat::Archive),
    }
}

/// GML (`graph [` after comments and header keys) or Pajek (`*Vertices` / `*Network`
/// first), from the first lines.
fn text_network(head: &[u8]) -> Option<FileFormat> {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('%'));
    let first = lines.next()?.to_ascii_lowercase();
    if first.starts_with("*vertices") || first.starts_with("*network") {
        return Some(FileFormat::Pajek);
    }
    // GML: `graph [` at the top level, perhaps after `Creator "…"` and `Version 1`.
    let mut line = first;
    for _ in 0..8 {
        let compact: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if compact.starts_with("graph [") || compact == "graph" || compact.starts_with("graph[") {
            return Some(FileFormat::Gml);
        }
        let key = compact.split(' ').next().unwrap_or("");
        if !matches!(key, "creator" | "version" | "comment") {
            return None;
        }
        line = lines.next()?.to_ascii_lowercase();
    }
    None
}

/// The first bytes of an entry, decompressed.
pub fn head_of(entry: &Entry) -> Result<Vec<u8>, LoadError> {
    entry.with_reader(&Progress::default(), |reader| {
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        reader
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| LoadError::Io {
                file: entry.display.clone(),
                reason: e.to_string(),
            })?;
        Ok(head)
    })
}

/// The whole of an entry, decompressed, counting progress.
fn bytes_of(entry: &Entry, progress: &Progress) -> Result<Vec<u8>, LoadError> {
    entry.with_reader(progress, |reader| {
        // A zip entry's size is what its header claims: a head start, never trusted whole.
        let expected = entry.plain_bytes.unwrap_or(entry.disk_bytes).min(1 << 30);
        let mut bytes = Vec::with_capacity(expected as usize);
        reader.read_to_end(&mut bytes).map_err(|e| LoadError::Io {
            file: entry.display.clone(),
            reason: e.to_string(),
        })?;
        Ok(bytes)
    })
}

/// Reads network files (one GEXF or GraphML file, or CSV node and edge tables: node
/// tables first) into a dataset.
pub fn load(
    entries: &[(Entry, FileFormat)],
    options: &LoadOptions,
    progress: &Progress,
) -> Result<Dataset, LoadError> {
    let total: u64 = entries.iter().map(|(e, _)| e.disk_bytes).sum();
    progress.set_total(total);
    let xml_files = entries
        .iter()
        .filter(|(_, f)| {
            matches!(
                f,
                FileFormat::Gexf
                    | FileFormat::GraphMl
                    | FileFormat::Graphology
                    | FileFormat::Gml
                    | FileFormat::Pajek
            )
        })
        .count();
    if xml_files > 0 && entries.len() > 1 {
        return Err(LoadError::Format {
            file: entries[0].0.display.clone(),
            reason: "a GEXF, GraphML, GML, Pajek or graphology file opens alone (it holds a whole network)"
                .to_owned(),
        });
    }
    let mut builder: Option<GraphBuilder> = None;
    let mut ordered: Vec<&(Entry, FileFormat)> = entries.iter().collect();
    // Node tables before edge tables, so that edges find their nodes' attributes.
    ordered.sort_by_key(|(_, f)| !matches!(f, FileFormat::Table(TableKind::Nodes)));
    for (entry, format) in ordered {
        if progress.is_cancelled() {
            return Err(LoadError::Cancelled);
        }
        let bytes = bytes_of(entry, progress)?;
        let display = entry.display.as_str();
        match format {
            FileFormat::Gexf => builder = Some(gexf::read(&bytes, display)?),
            FileFormat::GraphMl => builder = Some(graphml::read(&bytes, display)?),
            FileFormat::Graphology => builder = Some(graphology::read(&bytes, display)?),
            FileFormat::Gml => builder = Some(gml::read(&bytes, display)?),
            FileFormat::Pajek => builder = Some(pajek::read(&bytes, display)?),
            FileFormat::Table(TableKind::Nodes) => {
                let b = builder.get_or_insert_with(|| GraphBuilder::new(GraphFormat::Csv, display));
                tables::read_nodes(&bytes, display, b)?;
            }
            FileFormat::Table(kind) => {
                let b = builder.get_or_insert_with(|| GraphBuilder::new(GraphFormat::Csv, display));
                tables::read_edges(&bytes, display, *kind, b)?;
            }
            FileFormat::Archive => {
                return Err(LoadError::Format {
                    file: display.to_owned(),
                    reason: "an archive file cannot be opened with a network file".to_owned(),
                });
            }
        }
    }
    let builder = builder.ok_or(LoadError::NoInput)?;
    let campaign = entries
        .first()
        .map(|(e, _)| file_campaign(&e.file_name))
        .unwrap_or_default();
    let (file, warnings, count) = builder.finish();
    let mut ds = dataset_of(file, &campaign, options);
    ds.warnings = warnings;
    ds.warning_count = count;
    Ok(ds)
}

/// The campaign a network file's nodes get when no attribute names one: the archive
/// prefix of its name, or its name without extensions.
fn file_campaign(file_name: &str) -> String {
    let from_archive = campaign_from_file_name(file_name);
    if !from_archive.is_empty() {
        return from_archive;
    }
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    base.split('.').next().unwrap_or(base).to_owned()
}

/// A dataset whose accounts are the nodes of `file` (node i is account i): the label is
/// the screen name; attributes named `campaign`, `country`, `role` and `language` (or
/// `lang`) fill the account's campaign, country, role and language, so the existing
/// filters work on them. Nodes are core accounts unless `role` says `outside`.
pub fn dataset_of(file: GraphFile, campaign: &str, options: &LoadOptions) -> Dataset {
    let mut ds = Dataset::default();
    let find = |names: &[&str]| {
        names.iter().find_map(|n| {
            file.attributes
                .iter()
                .position(|a| a.name.eq_ignore_ascii_case(n))
        })
    };
    let campaign_at = find(&["campaign"]);
    let country_at = find(&["country"]);
    let role_at = find(&["role"]);
    let language_at = find(&["language", "lang", "account_language"]);
    let value = |column: Option<usize>, node: usize| {
        column
            .and_then(|c| file.attributes.get(c))
            .and_then(|a| a.get(node))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    for node in 0..file.node_count() {
        let a = ds
            .accounts
            .get_or_insert(AccountId::Hashed(file.ids[node].clone()));
        let label = file.labels.get(node).filter(|l| !l.is_empty());
        let language = value(language_at, node).unwrap_or("").to_ascii_lowercase();
        let profile = Profile {
            screen_name: label.cloned().unwrap_or_else(|| file.ids[node].clone()),
            display_name: label.cloned().unwrap_or_default(),
            language: language.as_str().into(),
            ..Profile::default()
        };
        let language = ds.strings.languages.intern(&language);
        ds.accounts.set_profile_if_missing(a, profile, language);
        if value(role_at, node).is_some_and(|r| r.eq_ignore_ascii_case("outside")) {
            continue;
        }
        let country_value = value(country_at, node);
        let name = value(campaign_at, node)
            .or(country_value)
            .unwrap_or(campaign)
            .to_owned();
        let country = match country_value {
            Some(c) => c.to_owned(),
            None => options
                .countries
                .get(&name)
                .cloned()
                .unwrap_or_else(|| country_for_campaign(&name).to_owned()),
        };
        let index = ds.campaign_index(&name, &country);
        ds.accounts.mark_core(a, index);
    }
    ds.graph_file = Some(file);
    ds
}
