//! Saved views and presenting, driven headless with egui_kittest: build three views
//! from the Views tab (each a different filter and camera), present with F5, step
//! forward and back with the keys a clicker sends, and check at each step that the
//! camera flew (no jump cut) and ended exactly on the view's camera, with the view's
//! filter; then leave with Esc. The views survive a session round trip.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

mod common;

use common::ui::{AppHarness, app, app_harness, settle, step_until};
use egui::Key;
use egui_kittest::kittest::Queryable as _;
use ioscope::render::Camera;
use ioscope::ui::thousands;

fn camera(h: &AppHarness) -> Camera {
    app(h).state.view.as_ref().unwrap().camera
}

/// Waits until the flight and the fade are over and the filter has arrived.
fn arrive(h: &mut AppHarness) {
    step_until(h, |a| {
        a.state.flight.is_none() && a.state.fade.is_none() && !a.state.is_busy()
    });
}

/// The view on screen is exactly the i-th saved one: camera, filter, title.
fn assert_on_view(h: &AppHarness, i: usize) {
    let s = &app(h).state;
    let view = s.view.as_ref().unwrap();
    let saved = &s.views[i];
    assert_eq!(s.current_view, Some(i));
    let size = [view.viewport.width(), view.viewport.height()];
    assert_eq!(view.camera, saved.camera_for(size), "view {i}");
    assert_eq!(s.filter, saved.filter, "view {i}");
    assert_eq!(
        s.filtered_spec, saved.filter,
        "the filter's result is shown"
    );
    assert_eq!(view.annotation.title, saved.name);
}

/// Presses a key, checks that the next frame is mid-flight (neither where the camera
/// was nor where it goes), then waits for the end.
fn step_to(h: &mut AppHarness, key: Key, to: usize) {
    let before = camera(h);
    h.key_press(key);
    h.step();
    let mid = camera(h);
    let s = &app(h).state;
    let size = {
        let v = s.view.as_ref().unwrap();
        [v.viewport.width(), v.viewport.height()]
    };
    let target = s.views[to].camera_for(size);
    assert!(s.flight.is_some(), "the camera flies");
    assert!(
        mid != before && mid != target,
        "{before:?} → {mid:?} → {target:?}"
    );
    arrive(h);
    assert_on_view(h, to);
}

#[test]
fn three_views_presented_forward_and_back() {
    let mut h = app_harness(Vec::new(), [1400.0, 900.0], false);
    step_until(&mut h, |a| a.state.activity.is_some());
    h.get_by_label("Views").click();
    h.run_steps(2);
    // View 1: everything, fitted.
    h.get_by_label("➕ Add view").click();
    settle(&mut h);
    // View 2: China unticked, zoomed in.
    let summary = app(&h).state.loaded.as_ref().unwrap().summary.clone();
    h.get_by_label(&format!(
        "China ({})",
        thousands(summary.countries["China"])
    ))
    .click();
    settle(&mut h);
    for _ in 0..3 {
        h.key_press(Key::Plus);
    }
    h.run_steps(2);
    h.get_by_label("➕ Add view").click();
    settle(&mut h);
    // View 3: Turkish tweets unticked too, zoomed out.
    let tr = summary.tweet_languages["tr"];
    h.get_by_label(&format!("tr ({})", thousands(tr))).click();
    settle(&mut h);
    for _ in 0..5 {
        h.key_press(Key::Minus);
    }
    h.run_steps(2);
    h.get_by_label("➕ Add view").click();
    settle(&mut h);
    let views = app(&h).state.views.clone();
    assert_eq!(views.len(), 3);
    assert!(views[0].filter.is_empty() && !views[1].filter.is_empty());
    assert_ne!(views[1].filter, views[2].filter);
    assert!(views[0].camera != views[1].camera && views[1].camera != views[2].camera);
    assert_eq!(
        views.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["View 1", "View 2", "View 3"]
    );

    // F5 presents from the first view: panels hidden, text larger, layout still.
    h.key_press(Key::F5);
    h.step();
    assert!(app(&h).state.presenting.is_some());
    arrive(&mut h);
    assert_on_view(&h, 0);
    assert!(h.query_by_label("Views").is_none(), "the panels are hidden");
    let view = app(&h).state.view.as_ref().unwrap();
    assert!(view.annotation.text_scale > 1.0);
    assert!(!view.layout.is_running());

    step_to(&mut h, Key::ArrowRight, 1);
    // View 2 hides China: its accounts faded out and are now dimmed.
    let view = app(&h).state.view.as_ref().unwrap();
    assert!(view.filtered_out.iter().any(|&o| o));
    step_to(&mut h, Key::Space, 2);
    // At the last view, next stays there.
    h.key_press(Key::PageDown);
    h.step();
    assert!(app(&h).state.flight.is_none());
    assert_on_view(&h, 2);
    step_to(&mut h, Key::ArrowLeft, 1);
    step_to(&mut h, Key::PageUp, 0);

    // Esc leaves: panels back, text at its size.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(app(&h).state.presenting.is_none());
    assert_eq!(
        app(&h).state.view.as_ref().unwrap().annotation.text_scale,
        1.0
    );
    h.get_by_label("Views");

    // The views are part of the session.
    let session = app(&h).state.session().unwrap();
    let back = ioscope::state::session::decode(&ioscope::state::session::encode(&session).unwrap())
        .unwrap();
    assert_eq!(back.views, app(&h).state.views);
}

#[test]
fn views_are_renamed_reordered_updated_and_deleted() {
    use ioscope::state::command::Command;
    let mut h = app_harness(Vec::new(), [1400.0, 900.0], false);
    step_until(&mut h, |a| a.state.activity.is_some());
    for _ in 0..3 {
        h.state_mut().as_mut().unwrap().apply(Command::AddView);
    }
    settle(&mut h);
    let ids: Vec<u64> = app(&h).state.views.iter().map(|v| v.id).collect();
    let a = h.state_mut().as_mut().unwrap();
    a.apply(Command::RenameView(0, "Overview".into()));
    a.apply(Command::SetViewCaption(0, "All 4 releases".into()));
    a.apply(Command::MoveView { from: 0, to: 2 });
    let order: Vec<u64> = a.state.views.iter().map(|v| v.id).collect();
    assert_eq!(order, [ids[1], ids[2], ids[0]]);
    assert_eq!(a.state.views[2].name, "Overview");
    a.apply(Command::SetCamera(Camera {
        center: [1.0, 2.0],
        scale: 0.5,
    }));
    a.apply(Command::UpdateView(2));
    assert_eq!(a.state.views[2].camera.scale, 0.5);
    assert_eq!(a.state.views[2].name, "Overview", "updating keeps the name");
    assert_eq!(a.state.views[2].caption, "All 4 releases");
    a.apply(Command::DeleteView(0));
    let order: Vec<u64> = a.state.views.iter().map(|v| v.id).collect();
    assert_eq!(order, [ids[2], ids[0]]);
    // Thumbnails are drawn in the background (PNG bytes).
    step_until(&mut h, |a| a.state.thumbnails.is_empty());
    for v in &app(&h).state.views {
        assert!(v.thumbnail.starts_with(b"\x89PNG"), "{}", v.name);
    }
}

/// The figure dialog: opened from the File menu, it estimates the SVG's sizes; a
/// hybrid SVG with the title typed in it is written in the background; a large PNG
/// is cancelled and nothing is written.
#[test]
fn the_figure_dialog_exports_and_cancels() {
    use ioscope::state::command::Command;
    use ioscope::state::figure::{FigureFormat, FigureSize};
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_harness(Vec::new(), [1400.0, 900.0], false);
    step_until(&mut h, |a| a.state.activity.is_some());
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Export figure (PNG, SVG, PDF)…").click();
    h.run_steps(2);
    assert!(app(&h).state.figure.is_some(), "the dialog opened");
    h.run_steps(2);
    h.get_by_label("SVG (vector)").click();
    step_until(&mut h, |a| {
        a.state
            .figure
            .as_ref()
            .is_some_and(|d| d.estimate.is_some())
    });
    let [vector, raster] = app(&h).state.figure.as_ref().unwrap().estimate.unwrap();
    assert!(vector > 100_000 && raster > 10_000, "{vector} {raster}");
    h.get_by_label_contains("as one picture under vector accounts")
        .click();
    h.run_steps(2);
    let settings = app(&h).state.figure_settings;
    assert_eq!(settings.format, FigureFormat::Svg);
    assert!(settings.raster_edges);
    h.get_by_label("Title").click();
    h.run_steps(1);
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::SetAnnotation {
            title: "Sample, June 2020".into(),
            caption: String::new(),
        });
    let out = dir.path().join("figure.svg");
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::ExportFigureTo(out.clone()));
    step_until(&mut h, |a| a.state.session_jobs.picture.is_none());
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains(">Sample, June 2020</text>"));
    assert_eq!(svg.matches("data:image/png;base64,").count(), 1);
    // A large PNG, cancelled at once: nothing written, and the window says so.
    let mut s = app(&h).state.figure_settings;
    s.format = FigureFormat::Png;
    s.size = FigureSize::Scale(8.0);
    let a = h.state_mut().as_mut().unwrap();
    a.apply(Command::SetFigureSettings(s));
    let big = dir.path().join("big.png");
    a.apply(Command::ExportFigureTo(big.clone()));
    a.apply(Command::CancelFigure);
    step_until(&mut h, |a| a.state.session_jobs.picture.is_none());
    assert!(!big.exists());
    assert_eq!(
        app(&h).state.session_message.as_deref(),
        Some("Export cancelled")
    );
}

/// The Communities tab: the sample's Leiden communities and a ranking of accounts; a
/// click on the top-ranked account selects it, Select selects a whole community.
#[test]
fn communities_and_rankings_select_accounts() {
    use ioscope::state::metrics::Measure;
    let mut h = app_harness(Vec::new(), [1400.0, 900.0], false);
    step_until(&mut h, |a| {
        a.state.metrics.is_some() && a.state.activity.is_some()
    });
    h.get_by_label("Communities").click();
    h.run_steps(2);
    let m = app(&h).state.metrics.clone().unwrap();
    assert!(
        m.partition.count > 1 && m.partition.modularity > 0.1,
        "{} {}",
        m.partition.count,
        m.partition.modularity
    );
    assert_eq!(
        m.communities.iter().map(|c| c.size).sum::<usize>(),
        m.pagerank.len()
    );
    let top = m.ranking(Measure::PageRank, 1)[0];
    let loaded = app(&h).state.loaded.as_ref().unwrap();
    let name = ioscope::render::labels::label_text(
        &loaded
            .dataset
            .accounts
            .label(loaded.network.account[top as usize]),
    );
    h.get_by_label(&name).click();
    settle(&mut h);
    assert_eq!(
        app(&h).state.view.as_ref().unwrap().selection.order,
        vec![top]
    );
    h.get_by_label("Select 1").click();
    settle(&mut h);
    let mut selected = app(&h).state.view.as_ref().unwrap().selection.order.clone();
    selected.sort_unstable();
    let mut members = m.communities[0].members.clone();
    members.sort_unstable();
    assert_eq!(selected, members, "the largest community");
    // "Only 2" filters to the second community: exactly its accounts are shown.
    h.get_by_label("Only 2").click();
    settle(&mut h);
    let state = &app(&h).state;
    let only = state.filter.only.clone().expect("a subset filter");
    assert_eq!(only.label, "community 2");
    let loaded = state.loaded.as_ref().unwrap();
    let mut expected: Vec<u32> = m.communities[1]
        .members
        .iter()
        .map(|&n| loaded.network.account[n as usize])
        .collect();
    expected.sort_unstable();
    assert_eq!(only.accounts, expected);
    let shown = state.filtered.as_ref().unwrap();
    assert_eq!(shown.shown_accounts as usize, expected.len());
    h.get_by_label("×").click();
    settle(&mut h);
    assert!(app(&h).state.filter.only.is_none());
    // Sorted by modularity share, the first "Only" button is the largest share's.
    h.get_by_label("modularity").click();
    h.run_steps(2);
    let best = m
        .communities
        .iter()
        .max_by(|a, b| a.modularity.total_cmp(&b.modularity).then(b.id.cmp(&a.id)))
        .unwrap()
        .id;
    let best_y = h.get_by_label(&format!("Only {}", best + 1)).rect().min.y;
    let mut others = 0;
    for node in h.query_all_by_label_contains("Only ") {
        assert!(node.rect().min.y >= best_y - 0.5);
        others += 1;
    }
    assert!(others > 2, "the rows are listed");
    // A PageRank range filters to the accounts in it.
    h.get_by_label("Filter").click();
    settle(&mut h);
    let state = &app(&h).state;
    let only = state.filter.only.clone().expect("a range filter");
    assert!(only.label.starts_with("PageRank"), "{}", only.label);
    let loaded = state.loaded.as_ref().unwrap();
    let top100 = m.ranking(Measure::PageRank, 100);
    let low = m.value(Measure::PageRank, *top100.last().unwrap() as usize);
    for n in 0..loaded.network.node_count() {
        let inside = m.value(Measure::PageRank, n) >= low;
        assert_eq!(only.contains(loaded.network.account[n]), inside, "node {n}");
    }
}

/// Colour by community: once the communities are computed, the legend lists them and
/// each node takes its community's colour.
#[test]
fn the_canvas_colours_by_community() {
    use ioscope::render::style::{ColorBy, SizeBy, Style};
    use ioscope::state::command::Command;
    let mut h = app_harness(Vec::new(), [1400.0, 900.0], false);
    step_until(&mut h, |a| {
        a.state.metrics.is_some() && a.state.activity.is_some()
    });
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::SetStyle(Style {
            color_by: ColorBy::Community,
            size_by: SizeBy::PageRank,
            ..Style::default()
        }));
    settle(&mut h);
    let state = &app(&h).state;
    let m = state.metrics.as_ref().unwrap();
    let view = state.view.as_ref().unwrap();
    assert_eq!(view.style.color_by, ColorBy::Community);
    assert!(!view.community.is_empty(), "the view has the communities");
    assert_eq!(view.legend[0].label, "community 1", "{:?}", view.legend);
    assert_eq!(view.legend[0].count as usize, m.communities[0].size);
    // Two nodes of the largest community share a colour; the top PageRank node is
    // among the largest drawn.
    let colour = |node: u32| {
        view.scene
            .nodes
            .iter()
            .find(|n| n.node == node)
            .unwrap()
            .color
    };
    let members = &m.communities[0].members;
    assert_eq!(colour(members[0]), colour(members[1]));
    let top = m.ranking(ioscope::state::metrics::Measure::PageRank, 1)[0];
    assert_eq!(view.radius[top as usize], view.max_radius);
    // Sized by another measure: the top hub (who amplifies most) is drawn largest.
    let m = m.clone();
    h.state_mut()
        .as_mut()
        .unwrap()
        .apply(Command::SetStyle(Style {
            color_by: ColorBy::Community,
            size_by: SizeBy::Hub,
            ..Style::default()
        }));
    settle(&mut h);
    let view = app(&h).state.view.as_ref().unwrap();
    assert_eq!(view.style.size_by, SizeBy::Hub);
    let hub = m.ranking(ioscope::state::metrics::Measure::Hub, 1)[0];
    assert_eq!(view.radius[hub as usize], view.max_radius);
    for i in 0..view.node_count() {
        assert_eq!(
            view.centrality[i],
            m.value(ioscope::state::metrics::Measure::Hub, i)
        );
    }
    let low = (0..view.node_count())
        .min_by(|&a, &b| {
            m.value(ioscope::state::metrics::Measure::Hub, a)
                .total_cmp(&m.value(ioscope::state::metrics::Measure::Hub, b))
        })
        .unwrap();
    assert!(view.radius[low] < view.max_radius);
}

/// The window on the planted-coordination fixture, its Coordination tab open with its
/// first network (co-retweet at 1 minute) computed.
fn coordination_tab() -> AppHarness {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/coordination/coord_052020_tweets_csv_hashed.csv");
    let mut h = app_harness(vec![ioscope::io::Input::Path(path)], [1400.0, 900.0], false);
    step_until(&mut h, |a| a.state.activity.is_some());
    h.get_by_label("Coordination").click();
    h.run_steps(1);
    step_until(&mut h, |a| a.state.coordination.result.is_some());
    h
}

/// The Coordination tab on the planted-coordination fixture: co-retweet at 1 minute
/// finds the planted group; Select selects it; a click on the strongest edge shows its
/// evidence (as many matching tweets as its weight); a longer Δt recomputes in the
/// background and keeps every pair.
#[test]
fn the_coordination_tab_finds_the_planted_group_and_shows_evidence() {
    let mut h = coordination_tab();
    let r = app(&h).state.coordination.result.clone().unwrap();
    let loaded = app(&h).state.loaded.as_ref().unwrap();
    let mut ids: Vec<String> = r.groups[0]
        .iter()
        .map(|&a| loaded.dataset.accounts.id(a).to_string())
        .collect();
    ids.sort();
    let planted: Vec<String> = (5000..5008).map(|k: u32| k.to_string()).collect();
    assert_eq!(ids, planted, "the planted co-retweeters");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "1 h")
        .click();
    h.run_steps(1);
    assert_eq!(
        app(&h).state.coordination.settings.window,
        3600,
        "the click set Δt"
    );
    step_until(&mut h, |a| {
        a.state.coordination.job.is_none()
            && a.state
                .coordination
                .result
                .as_ref()
                .is_some_and(|r| r.settings.window == 3600)
    });
    let wider = app(&h).state.coordination.result.clone().unwrap();
    // Every pair found within a minute is found within an hour (chance meetings of
    // the organic accounts are left out by the minimum share).
    let pair = |e: &ioscope::analysis::coordination::CoordinationEdge| (e.from, e.to);
    for e in &r.edges {
        assert!(wider.edges.iter().any(|w| pair(w) == pair(e)), "{e:?}");
    }
    h.get_by_label("Select group 1").click();
    settle(&mut h);
    assert_eq!(
        app(&h).state.view.as_ref().unwrap().selection.order.len(),
        wider.groups[0].len()
    );
    let top = wider.edges[0];
    let loaded = app(&h).state.loaded.as_ref().unwrap();
    let name = ioscope::render::labels::label_text(&loaded.dataset.accounts.label(top.from));
    // The edge's account in the edges table (a button), not the same name elsewhere.
    h.get_all_by_role_and_label(egui::accesskit::Role::Button, &name)
        .next()
        .unwrap()
        .click();
    settle(&mut h);
    let (pair, pairs) = app(&h).state.coordination.evidence.clone().unwrap();
    assert_eq!(pair, (top.from, top.to));
    let mut tweets: Vec<u32> = pairs.iter().map(|p| p.0).collect();
    tweets.dedup();
    assert_eq!(tweets.len() as u32, top.weight);
    h.get_by_label_contains("matching pairs");
    // The inspector shows it too, for the edge's two accounts selected.
    h.get_by_label_contains("Coordinated: co-retweet within 1 h");
    // With the evidence open, the settings still answer.
    h.get_by_role_and_label(egui::accesskit::Role::Button, "5 min")
        .click();
    h.run_steps(1);
    assert_eq!(app(&h).state.coordination.settings.window, 300);
    settle(&mut h);
    // The layer over the network: its pairs drawn between the accounts, all shown.
    h.get_by_label("over the network").click();
    settle(&mut h);
    let r = app(&h).state.coordination.result.clone().unwrap();
    let view = app(&h).state.view.as_ref().unwrap();
    let layer = view.layer.as_ref().expect("the layer is on the canvas");
    assert!(!layer.instead);
    let mut pairs: Vec<(u32, u32)> = r
        .edges
        .iter()
        .map(|e| (e.from.min(e.to), e.from.max(e.to)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    assert_eq!(layer.pairs.len(), pairs.len());
    assert!(view.filtered_out.iter().all(|&out| !out));
    // Instead of the network: only its accounts, laid out by its own pairs.
    h.get_by_label("instead of it").click();
    step_until(&mut h, |a| {
        a.state.view.as_ref().is_some_and(|v| {
            v.layer.as_ref().is_some_and(|l| l.instead) && !v.filtered_out.is_empty()
        })
    });
    settle(&mut h);
    let view = app(&h).state.view.as_ref().unwrap();
    let layer = view.layer.as_ref().unwrap();
    let members: Vec<bool> = layer.members.to_vec();
    for (i, &member) in members.iter().enumerate() {
        assert_eq!(view.hides(i), !member, "node {i}");
    }
    assert!(view.edge_shown.iter().all(|&e| !e), "no interaction edges");
    // Two members joined by a pair lie closer than the canvas's whole extent.
    let (a, b, _) = layer.pairs[0];
    let b_all = view.bounds.unwrap();
    let d = ((view.x[a as usize] - view.x[b as usize]).powi(2)
        + (view.y[a as usize] - view.y[b as usize]).powi(2))
    .sqrt();
    assert!(d < (b_all.max[0] - b_all.min[0]).max(b_all.max[1] - b_all.min[1]));
    h.get_by_label("off").click();
    step_until(&mut h, |a| {
        a.state
            .view
            .as_ref()
            .is_some_and(|v| v.layer.is_none() && v.filtered_out.is_empty())
    });
}

/// Clicks on the canvas at `at`.
fn click_at(h: &mut AppHarness, at: egui::Pos2) {
    h.event(egui::Event::PointerMoved(at));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

/// On the planted-coordination fixture: a click on a coordination edge drawn over the
/// network selects its two accounts and shows its evidence in the inspector; the
/// Communities tab, switched to the coordination network, finds the planted group as
/// one community; the significance test keeps every edge of the planted group.
#[test]
fn a_coordination_edge_clicked_on_the_canvas_and_its_network_analysed() {
    use ioscope::analysis::subnetwork::Subnetwork;
    use ioscope::ui::canvas::input::layer_pair_at;
    let mut h = coordination_tab();
    h.get_by_label("over the network").click();
    settle(&mut h);
    // A pair whose midpoint, away from any node, hits that pair.
    let (pair, at) = {
        let view = app(&h).state.view.as_ref().unwrap();
        let layer = view.layer.as_ref().expect("the layer is drawn");
        let inner = view.viewport.shrink(20.0);
        layer
            .pairs
            .iter()
            .find_map(|&(a, b, _)| {
                let p = |n: u32| {
                    view.camera
                        .world_to_screen(view.viewport, [view.x[n as usize], view.y[n as usize]])
                };
                let mid = p(a) + (p(b) - p(a)) * 0.5;
                (inner.contains(mid)
                    && ioscope::ui::canvas::node_at(view, mid).is_none()
                    && layer_pair_at(view, &view.camera, view.viewport, mid) == Some((a, b)))
                .then_some(((a, b), mid))
            })
            .expect("an edge that a click hits")
    };
    click_at(&mut h, at);
    settle(&mut h);
    let mut selected = app(&h).state.view.as_ref().unwrap().selection.order.clone();
    selected.sort_unstable();
    assert_eq!(selected, vec![pair.0, pair.1], "the edge's two accounts");
    let (shown, pairs) = app(&h).state.coordination.evidence.clone().unwrap();
    assert_eq!(shown, pair);
    assert!(!pairs.is_empty(), "its matching tweets");
    h.get_by_label_contains("Coordinated: co-retweet within 1 min");
    // Communities of the coordination network.
    h.get_by_label("Communities").click();
    step_until(&mut h, |a| {
        a.state.metrics.is_some() && a.state.metrics_job.is_none()
    });
    h.run_steps(2);
    h.get_all_by_role(egui::accesskit::Role::ComboBox)
        .find(|n| n.value().as_deref() == Some("all interactions"))
        .expect("the network picker")
        .click();
    h.run_steps(3);
    h.get_by_label("coordination").click();
    step_until(&mut h, |a| {
        a.state.metrics_job.is_none()
            && a.state
                .metrics
                .as_ref()
                .is_some_and(|m| m.subnetwork == Subnetwork::Coordination)
    });
    let metrics = app(&h).state.metrics.clone().unwrap();
    let layer_members = app(&h)
        .state
        .view
        .as_ref()
        .unwrap()
        .layer
        .as_ref()
        .unwrap()
        .member_count();
    assert_eq!(metrics.connected, layer_members);
    let loaded = app(&h).state.loaded.as_ref().unwrap();
    let planted: Vec<u32> = (5000..5008u32)
        .map(|k| loaded.dataset.accounts.find_str(&k.to_string()).unwrap())
        .collect();
    let c = metrics.partition.membership[planted[0] as usize];
    assert!(
        planted
            .iter()
            .all(|&a| metrics.partition.membership[a as usize] == c),
        "the planted group is one community"
    );
    assert!(
        h.get_all_by_role(egui::accesskit::Role::ComboBox)
            .any(|n| n.value().as_deref() == Some("coordination: co-retweet within 1 min")),
        "the picker names the network"
    );
    // The significance test keeps the planted group's edges, each with p ≤ 0.05; the
    // communities follow the new network.
    h.get_by_label("Coordination").click();
    h.run_steps(2);
    h.get_by_label_contains("significant (p ≤").click();
    step_until(&mut h, |a| {
        a.state.coordination.job.is_none()
            && a.state
                .coordination
                .result
                .as_ref()
                .is_some_and(|r| r.settings.shuffles > 0)
    });
    let r = app(&h).state.coordination.result.clone().unwrap();
    assert!(!r.edges.is_empty());
    assert!(
        r.edges.iter().all(|e| e.p.is_some_and(|p| p <= 0.05)),
        "{:?}",
        r.edges
    );
    let mut first: Vec<u32> = r.groups[0].clone();
    first.sort_unstable();
    let mut expected = planted.clone();
    expected.sort_unstable();
    assert_eq!(first, expected);
    h.get_by_label_contains("significant at p ≤ 0.05 against 49 time-shuffled copies");
    step_until(&mut h, |a| a.state.metrics_job.is_none());
}
