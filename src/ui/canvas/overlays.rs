//! What the canvas draws over the network with egui's painter: a coordination layer's
//! edges and their legend, labels, the legend, the selection box, and the hovered
//! node's tooltip.

use egui::{FontId, Pos2, Rect, Stroke, Ui, vec2};

use crate::render::camera::Camera;
use crate::render::labels;
use crate::render::palette::Palette;
use crate::render::view::GraphView;
use crate::ui::format::thousands;

/// Label and legend text size (points).
const LABEL_FONT_SIZE: f32 = 12.0;
/// Legend rows: height, inset from the canvas corner, swatch radius (points).
const LEGEND_ROW: f32 = 16.0;
const LEGEND_INSET: f32 = 8.0;
const LEGEND_SWATCH_RADIUS: f32 = 5.0;
/// Inside the legend box: the padding, where swatches are centred and text starts.
const LEGEND_PADDING: f32 = 4.0;
const LEGEND_SWATCH_X: f32 = 12.0;
const LEGEND_TEXT_X: f32 = 24.0;
/// Title and caption: sizes, padding, and the share of the width they wrap at.
const TITLE_FONT_SIZE: f32 = 22.0;
const CAPTION_FONT_SIZE: f32 = 15.0;
const ANNOTATION_PADDING: f32 = 6.0;
const ANNOTATION_WIDTH_SHARE: f32 = 0.8;
/// Labels: their margin inside the canvas, their halo's corner and text inset.
const LABEL_MARGIN: f32 = 2.0;
const LABEL_HALO_ROUNDING: f32 = 2.0;
const LABEL_TEXT_INSET: f32 = 1.0;

use crate::render::edge_layer::MAX_LAYER_LINES;

/// The coordination layer's edges between their accounts, in the layer's colour and
/// wider for heavier pairs, where both accounts are shown; its legend line in the
/// bottom-left corner.
pub fn draw_layer(painter: &egui::Painter, view: &GraphView, camera: &Camera, rect: Rect) {
    let Some(layer) = &view.layer else {
        return;
    };
    let k = view.annotation.text_scale;
    let color = view.palette.coordination();
    let heaviest = layer.pairs.first().map_or(1.0, |p| p.2.max(1.0));
    let at = |n: u32| {
        let i = n as usize;
        Some(camera.world_to_screen(rect, [*view.x.get(i)?, *view.y.get(i)?]))
    };
    let mut drawn = 0;
    for &(a, b, w) in layer.pairs.iter() {
        if drawn == MAX_LAYER_LINES {
            break;
        }
        if view.hides(a as usize) || view.hides(b as usize) {
            continue;
        }
        let (Some(pa), Some(pb)) = (at(a), at(b)) else {
            continue;
        };
        if !rect.intersects(Rect::from_two_pos(pa, pb)) {
            continue;
        }
        let width = (0.8 + 1.7 * (w / heaviest).sqrt()) * k.max(1.0);
        painter.line_segment([pa, pb], Stroke::new(width, color.gamma_multiply(0.75)));
        drawn += 1;
    }
    let text = format!(
        "{}: {} pairs, {} accounts",
        layer.name,
        thousands(layer.pairs.len() as u64),
        thousands(layer.member_count() as u64)
    );
    let font = FontId::proportional(LABEL_FONT_SIZE * k);
    let galley = painter.layout_no_wrap(text, font, view.palette.label_text());
    let swatch = 18.0 * k;
    let size = vec2(swatch + 6.0 * k + galley.size().x, galley.size().y)
        + vec2(2.0, 2.0) * LEGEND_PADDING * k;
    let min = Pos2::new(
        rect.min.x + LEGEND_INSET * k,
        rect.max.y - LEGEND_INSET * k - size.y,
    );
    let box_rect = Rect::from_min_size(min, size);
    painter.rect_filled(box_rect, LEGEND_PADDING * k, view.palette.label_halo());
    let y = box_rect.center().y;
    let x0 = box_rect.min.x + LEGEND_PADDING * k;
    painter.line_segment(
        [Pos2::new(x0, y), Pos2::new(x0 + swatch, y)],
        Stroke::new(2.5 * k, color),
    );
    painter.galley(
        Pos2::new(x0 + swatch + 6.0 * k, box_rect.min.y + LEGEND_PADDING * k),
        galley,
        view.palette.label_text(),
    );
}

/// The selection box being dragged.
pub fn draw_box(painter: &egui::Painter, palette: Palette, r: Rect) {
    painter.rect(
        r,
        0.0,
        palette.box_select_fill(),
        Stroke::new(1.0, palette.box_select_stroke()),
        egui::StrokeKind::Inside,
    );
}

/// Labels of the most important visible nodes (the selection and the hovered node
/// first), never overlapping.
pub fn draw_labels(
    ui: &Ui,
    painter: &egui::Painter,
    view: &GraphView,
    camera: &Camera,
    rect: Rect,
    node_scale: f32,
    hovered: Option<u32>,
) {
    let font = FontId::proportional(LABEL_FONT_SIZE * view.annotation.text_scale);
    let text_color = view.palette.label_text();
    let accounts = &view.dataset.accounts;
    let network = &view.network;
    let inner = rect.shrink(LABEL_MARGIN);
    let readable = |node: u32| {
        network
            .account
            .get(node as usize)
            .filter(|&&a| (a as usize) < accounts.len())
            .is_some_and(|&a| match accounts.screen_name[a as usize].as_ref() {
                "" => !accounts.id(a).is_hashed(),
                name => !labels::looks_hashed(name),
            })
    };
    let candidates = view
        .selection
        .order
        .iter()
        .copied()
        .chain(hovered)
        .chain(labels::label_order(&network.by_importance, readable))
        .filter(|&i| !view.filtered_out.get(i as usize).copied().unwrap_or(false))
        .filter_map(|i| {
            let (x, y) = (*view.x.get(i as usize)?, *view.y.get(i as usize)?);
            let at = camera.world_to_screen(rect, [x, y]);
            let radius = view.radius.get(i as usize)? * node_scale;
            Some((i, at, radius))
        });
    let mut galleys = Vec::new();
    let placed = labels::place(candidates, inner, |node| {
        let account = *network.account.get(node as usize)?;
        if account as usize >= accounts.len() {
            return None;
        }
        let galley = ui.fonts_mut(|f| {
            f.layout_no_wrap(
                labels::label_text(&accounts.label(account)),
                font.clone(),
                text_color,
            )
        });
        let size = galley.size();
        galleys.push((node, galley));
        Some(size)
    });
    for label in placed {
        if let Some((_, galley)) = galleys.iter().find(|(n, _)| *n == label.node) {
            painter.rect_filled(label.rect, LABEL_HALO_ROUNDING, view.palette.label_halo());
            painter.galley(
                label.rect.min + vec2(LABEL_TEXT_INSET, LABEL_TEXT_INSET),
                galley.clone(),
                text_color,
            );
        }
    }
}

/// The legend of the node colours, with counts, in the top-left corner.
pub fn draw_legend(painter: &egui::Painter, view: &GraphView, rect: Rect) {
    if view.legend.is_empty() {
        return;
    }
    let k = view.annotation.text_scale;
    let font = FontId::proportional(LABEL_FONT_SIZE * k);
    let row = LEGEND_ROW * k;
    let color = view.palette.label_text();
    let galleys: Vec<_> = view
        .legend
        .iter()
        .map(|entry| {
            painter.layout_no_wrap(
                format!("{} ({})", entry.label, thousands(entry.count)),
                font.clone(),
                color,
            )
        })
        .collect();
    let width = galleys.iter().map(|g| g.size().x).fold(0.0, f32::max)
        + (LEGEND_TEXT_X + 2.0 * LEGEND_PADDING) * k;
    let height = row * galleys.len() as f32 + 2.0 * LEGEND_PADDING * k;
    let box_rect = Rect::from_min_size(
        rect.min + vec2(LEGEND_INSET, LEGEND_INSET) * k,
        vec2(width, height),
    );
    painter.rect_filled(box_rect, LEGEND_PADDING * k, view.palette.label_halo());
    for (i, (entry, galley)) in view.legend.iter().zip(galleys).enumerate() {
        let y = box_rect.min.y + LEGEND_PADDING * k + row * (i as f32 + 0.5);
        painter.circle_filled(
            Pos2::new(box_rect.min.x + LEGEND_SWATCH_X * k, y),
            LEGEND_SWATCH_RADIUS * k,
            entry.color,
        );
        let at = Pos2::new(
            box_rect.min.x + LEGEND_TEXT_X * k,
            y - galley.size().y / 2.0,
        );
        painter.galley(at, galley, color);
    }
}

/// The title (top centre) and caption (bottom centre, wrapped) on their halos.
pub fn draw_annotation(painter: &egui::Painter, view: &GraphView, rect: Rect) {
    let a = &view.annotation;
    let k = a.text_scale;
    let color = view.palette.label_text();
    let halo = view.palette.label_halo();
    let pad = ANNOTATION_PADDING * k;
    let wrap = (rect.width() * ANNOTATION_WIDTH_SHARE).max(1.0);
    let block = |text: &str, size: f32| {
        let mut job = egui::text::LayoutJob::simple(
            text.to_owned(),
            FontId::proportional(size * k),
            color,
            wrap,
        );
        job.halign = egui::Align::Center;
        painter.layout_job(job)
    };
    if !a.title.trim().is_empty() {
        let galley = block(a.title.trim(), TITLE_FONT_SIZE);
        let top = Pos2::new(rect.center().x, rect.min.y + pad * 2.0);
        let text_rect =
            Rect::from_center_size(top + vec2(0.0, galley.size().y / 2.0), galley.size());
        painter.rect_filled(text_rect.expand(pad), pad, halo);
        painter.galley(text_rect.center_top(), galley, color);
    }
    if !a.caption.trim().is_empty() {
        let galley = block(a.caption.trim(), CAPTION_FONT_SIZE);
        let bottom = Pos2::new(rect.center().x, rect.max.y - pad * 2.0);
        let text_rect =
            Rect::from_center_size(bottom - vec2(0.0, galley.size().y / 2.0), galley.size());
        painter.rect_filled(text_rect.expand(pad), pad, halo);
        painter.galley(text_rect.center_top(), galley, color);
    }
}

/// What hovering a node shows.
pub fn node_tooltip(ui: &mut Ui, view: &GraphView, node: u32) {
    let Some(&account) = view.network.account.get(node as usize) else {
        return;
    };
    let ds = &view.dataset;
    let a = &ds.accounts;
    if account as usize >= a.len() {
        return;
    }
    ui.strong(a.label(account));
    let display = &a.display_name[account as usize];
    if !display.is_empty() {
        ui.label(display.as_ref());
    }
    let campaign = a
        .campaign(account)
        .and_then(|c| ds.campaigns.get(c as usize));
    match campaign {
        Some(c) => ui.label(format!("{} · core account of {}", c.country, c.name)),
        None => ui.label("outside account (interacted with the core)"),
    };
    let lang = a.language.get(account as usize).copied().unwrap_or(0);
    if lang != 0 {
        ui.label(format!("language {}", ds.strings.languages.resolve(lang)));
    }
    ui.label(format!(
        "degree {} · {} interactions",
        thousands(u64::from(view.network.degree[node as usize])),
        thousands(view.network.interactions[node as usize])
    ));
    if view.pinned.get(node as usize).copied().unwrap_or(false) {
        ui.weak("pinned (moved by hand)");
    }
}
