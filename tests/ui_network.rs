//! The window on a network file: the file's positions, colours and sizes kept (its
//! layout waiting), a categorical attribute as a facet in the filter panel and as a
//! colouring, the network exported as GEXF and reopened as the same picture.

mod common;

use std::collections::BTreeMap;

use common::fixture;
use common::ui::{app, app_harness, settle, step_until};
use egui_kittest::kittest::Queryable as _;
use ioscope::export::network::NetworkFormat;
use ioscope::io::Input;
use ioscope::render::style::{ColorBy, SizeBy, Style};
use ioscope::state::command::Command;

/// Per node id: its canvas position, colour and radius, for the nodes drawn (not
/// filtered out).
fn picture(a: &ioscope::app::IoscopeApp) -> BTreeMap<String, ([f32; 2], [u8; 4], f32)> {
    let view = a.state.view.as_ref().expect("a view");
    let file = view.dataset.graph_file.as_ref().expect("a network file");
    view.scene
        .nodes
        .iter()
        .filter(|n| {
            !view
                .filtered_out
                .get(n.node as usize)
                .copied()
                .unwrap_or(false)
        })
        .map(|n| {
            let i = n.node as usize;
            (
                file.ids[i].to_string(),
                ([view.x[i], view.y[i]], n.color, view.radius[i]),
            )
        })
        .collect()
}

#[test]
fn a_gexf_opens_as_drawn_filters_by_facet_and_round_trips() {
    let dir = tempfile::tempdir().expect("dir");
    let path = fixture("network/facets.gexf");
    let mut h = app_harness(vec![Input::Path(path)], [1400.0, 900.0], true);
    step_until(&mut h, |a| a.state.view.is_some());
    settle(&mut h);
    {
        let a = app(&h);
        let view = a.state.view.as_ref().expect("view");
        assert!(
            !view.layout.is_running(),
            "the file's positions wait for Run layout"
        );
        assert_eq!(view.style.color_by, ColorBy::FileColors);
        assert_eq!(view.style.size_by, SizeBy::FileSizes);
        // Node n1 is at (-26.01, 20.78) in the file (y up), coloured B's blue.
        assert_eq!([view.x[1], view.y[1]], [-26.01, -20.78]);
        let blue = view
            .scene
            .nodes
            .iter()
            .find(|n| n.node == 1)
            .expect("node 1")
            .color;
        assert_eq!(blue, [60, 120, 230, 255]);
        assert!(view.radius[8] > view.radius[0], "sizes from the file");
        assert_eq!(view.legend.len(), 3, "{:?}", view.legend);
    }
    // The inspector lists an account's neighbours by the file's edge types (`link`).
    h.state_mut().as_mut().expect("app").apply(Command::Select {
        nodes: vec![0],
        add: false,
    });
    settle(&mut h);
    h.get_by_label("link (2)");
    h.get_by_label_contains("account 1");
    // A network file has no tweets: the Activity tab says so instead of plotting 1970.
    h.get_by_label("Activity").click();
    h.run_steps(2);
    h.get_by_label_contains("no tweets: there is no posting activity to plot");
    // A static network file has no time window to offer.
    assert!(h.query_by_label("Time window").is_none());
    // The numeric `score` is a range filter, spanning its values.
    h.get_by_label("score (range)").click();
    h.run_steps(2);
    h.get_by_label("values 0 to 12");
    // The party facet: untick B.
    h.get_by_label("B (3)").click();
    settle(&mut h);
    {
        let a = app(&h);
        let party = a
            .state
            .filter
            .attributes
            .get("party")
            .expect("a facet filter");
        assert_eq!(
            party.iter().map(String::as_str).collect::<Vec<_>>(),
            ["A", "C"]
        );
        let f = a.state.filtered.as_ref().expect("filtered");
        assert_eq!(f.shown_accounts, 6);
        assert!(!f.accounts[1] && f.accounts[0] && f.accounts[2]);
    }
    // Coloured by the party attribute, chosen in the toolbar.
    h.get_by_label("Colour").click();
    h.run_steps(2);
    // The facet's header is named `party` too: the menu's entry comes last.
    h.get_all_by_label("party")
        .last()
        .expect("the colouring is offered")
        .click();
    settle(&mut h);
    let before = {
        let a = app(&h);
        let view = a.state.view.as_ref().expect("view");
        assert_eq!(view.style.color_by, ColorBy::Attribute(0));
        let labels: Vec<&str> = view.legend.iter().map(|e| e.label.as_str()).collect();
        assert!(labels.contains(&"A") && labels.contains(&"C"), "{labels:?}");
        picture(a)
    };
    assert_eq!(before.len(), 6);
    // Exported as GEXF (what the filters show), then reopened: the same picture.
    let out = dir.path().join("shown.gexf");
    h.state_mut()
        .as_mut()
        .expect("app")
        .apply(Command::ExportNetworkTo {
            path: out.clone(),
            format: NetworkFormat::Gexf,
            filtered: true,
        });
    step_until(&mut h, |a| a.state.session_jobs.network_export.is_none());
    let message = app(&h).state.session_message.clone().unwrap_or_default();
    assert!(message.starts_with("Exported 6 accounts"), "{message}");
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.contains("title=\"party\"") && !text.contains("value=\"B\""));
    let a = h.state_mut().as_mut().expect("app");
    a.apply(Command::Open(vec![out]));
    assert!(
        a.state.confirm.is_some(),
        "the work on screen is not dropped unasked"
    );
    a.apply(Command::ConfirmDiscard);
    step_until(&mut h, |a| {
        a.state.view.as_ref().is_some_and(|v| v.node_count() == 6)
    });
    settle(&mut h);
    let a = app(&h);
    assert_eq!(
        a.state.view.as_ref().map(|v| v.style),
        Some(Style {
            color_by: ColorBy::FileColors,
            size_by: SizeBy::FileSizes,
            ..a.state.view.as_ref().expect("view").style
        })
    );
    let after = picture(a);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (id, (p, c, r)) in &before {
        let (q, d, s) = after[id];
        assert!(
            (p[0] - q[0]).abs() < 1e-3 && (p[1] - q[1]).abs() < 1e-3,
            "{id}: {p:?} {q:?}"
        );
        assert_eq!(*c, d, "{id}: colour");
        assert!((r - s).abs() < 1e-4, "{id}: radius {r} {s}");
    }
}

#[test]
fn a_dynamic_gexf_is_filtered_by_the_time_window_typed_in_the_panel() {
    let path = fixture("network/dynamic.gexf");
    let mut h = app_harness(vec![Input::Path(path)], [1400.0, 900.0], true);
    step_until(&mut h, |a| a.state.view.is_some());
    settle(&mut h);
    h.get_by_label_contains("Spells from 2020-01-01 to 2020-06-30 (3 nodes, 2 edges have them)");
    // The search field, then the window's `from` and `to`.
    for (field, date) in [(1, "2020-06-10"), (2, "2020-06-10")] {
        let input = h
            .get_all_by_role(egui::accesskit::Role::TextInput)
            .nth(field)
            .expect("a date field");
        input.click();
        input.type_text(date);
        h.run_steps(1);
        h.key_press(egui::Key::Enter);
        settle(&mut h);
    }
    let a = app(&h);
    let day = ioscope::model::time::parse_date_days(b"2020-06-10");
    assert_eq!((a.state.filter.from_day, a.state.filter.to_day), (day, day));
    let f = a.state.filtered.as_ref().expect("filtered");
    // Alive on 10 June 2020: b (its second spell), c (always), d (from May).
    assert_eq!(f.accounts, vec![false, true, true, true]);
    assert_eq!(f.shown_edges, 2, "b→c (from 5 June) and c→d");
}
