//! Saved views and presenting: capturing a view (and drawing its thumbnail in the
//! background), going to one (the camera flies there, accounts fade between the two
//! filters), and the presentation itself (full screen, panels hidden, larger text, the
//! layout held still).

use std::sync::Arc;

use super::IoscopeApp;
use crate::jobs::{Job, JobPoll};
use crate::layout::runner::LayoutCommand;
use crate::render::fade::{blend_edges, blend_nodes};
use crate::state::Command;
use crate::state::views::{
    Fade, Flight, PRESENT_TEXT_SCALE, Presenting, SavedView, THUMBNAIL_WIDTH, TRANSITION_SECONDS,
};
use crate::ui::canvas::picture;

impl IoscopeApp {
    /// Applies a command about saved views or presenting.
    pub(super) fn apply_views_command(&mut self, command: Command) {
        let n = self.state.views.len();
        let valid = |i: usize| i < n;
        let views = &mut self.state.views;
        match command {
            Command::AddView => {
                if let Some(mut v) = self.capture_view() {
                    v.name = format!("View {}", self.state.views.len() + 1);
                    self.state.views.push(v);
                    self.state.current_view = Some(self.state.views.len() - 1);
                    self.draw_thumbnail(self.state.views.len() - 1);
                }
            }
            Command::UpdateView(i) if valid(i) => {
                if let Some(mut v) = self.capture_view() {
                    let old = &self.state.views[i];
                    v.id = old.id;
                    v.name = old.name.clone();
                    v.caption = old.caption.clone();
                    self.state.views[i] = v;
                    self.draw_thumbnail(i);
                }
            }
            Command::DeleteView(i) if valid(i) => {
                views.remove(i);
                self.state.current_view = None;
            }
            Command::RenameView(i, name) if valid(i) => views[i].name = name,
            Command::SetViewCaption(i, caption) if valid(i) => views[i].caption = caption,
            Command::MoveView { from, to } if valid(from) && valid(to) => {
                let v = views.remove(from);
                views.insert(to, v);
                self.state.current_view = None;
            }
            Command::GoToView(i) if valid(i) => self.go_to_view(i),
            Command::Present(on) => self.present(on),
            Command::NextView | Command::PreviousView => {
                let last = self.state.views.len().checked_sub(1);
                let next = match (self.state.current_view, last) {
                    (_, None) => None,
                    (None, Some(_)) => Some(0),
                    (Some(i), Some(last)) if command == Command::NextView => {
                        Some((i + 1).min(last))
                    }
                    (Some(i), Some(_)) => Some(i.saturating_sub(1)),
                };
                if let Some(i) = next.filter(|&i| Some(i) != self.state.current_view) {
                    self.go_to_view(i);
                }
            }
            Command::SetAnnotation { title, caption } => self.with_view(|v| {
                v.annotation.title = title;
                v.annotation.caption = caption;
            }),
            Command::SetActivityStrip(on) => {
                if let Some(p) = &mut self.state.presenting {
                    p.activity_strip = on;
                }
            }
            _ => {}
        }
    }

    /// What the canvas shows now, as an unnamed view.
    fn capture_view(&self) -> Option<SavedView> {
        let view = self.state.view.as_ref()?;
        Some(SavedView {
            id: crate::render::gpu::next_version(),
            name: String::new(),
            caption: view.annotation.caption.clone(),
            camera: view.camera.into(),
            viewport: [view.viewport.width(), view.viewport.height()],
            filter: self.state.filter.clone(),
            filter_mode: self.state.settings.filter_mode,
            style: view.style,
            selection: view.selection.order.clone(),
            thumbnail: Vec::new(),
        })
    }

    /// Draws the i-th view's thumbnail in the background (from the canvas as it is:
    /// a view is captured from what it shows).
    fn draw_thumbnail(&mut self, i: usize) {
        let (Some(view), Some(saved)) = (&self.state.view, self.state.views.get(i)) else {
            return;
        };
        let parts = view.parts();
        let size = [parts.viewport.width(), parts.viewport.height()];
        let scale = THUMBNAIL_WIDTH / size[0].max(1.0);
        let ctx = self.ctx.clone();
        let job = Job::spawn(
            "thumbnail",
            move |_| {
                let pic = picture::render(&parts.into_view(), size, scale)?;
                picture::png_bytes(&pic, scale)
            },
            move || ctx.request_repaint(),
        );
        self.state.thumbnails.retain(|(id, _)| *id != saved.id);
        self.state.thumbnails.push((saved.id, job));
    }

    /// Puts finished thumbnails in their views (a thumbnail that cannot be drawn, as
    /// with no GPU adapter at all, leaves the view without one).
    pub(super) fn poll_thumbnails(&mut self) {
        let mut done = Vec::new();
        for (k, (id, job)) in self.state.thumbnails.iter_mut().enumerate() {
            if let JobPoll::Done(result) = job.poll() {
                done.push((k, *id, result.ok().and_then(Result::ok)));
            }
        }
        for (k, id, png) in done.into_iter().rev() {
            self.state.thumbnails.remove(k);
            if let (Some(png), Some(v)) = (png, self.state.views.iter_mut().find(|v| v.id == id)) {
                v.thumbnail = png;
            }
        }
    }

    /// Shows the i-th view: its filter, style, selection, title and caption at once,
    /// the camera flying there and accounts fading as the filter's result arrives.
    fn go_to_view(&mut self, i: usize) {
        let Some(saved) = self.state.views.get(i).cloned() else {
            return;
        };
        self.state.current_view = Some(i);
        self.state.settings.filter_mode = saved.filter_mode;
        self.state.settings.style = saved.style;
        self.state.filter = saved.filter.clone();
        self.state.fade_next = true;
        let now = self.ctx.input(|i| i.time);
        self.with_view(|v| {
            v.style = saved.style;
            v.annotation.title = saved.name.clone();
            v.annotation.caption = saved.caption.clone();
        });
        if let Some(view) = &mut self.state.view {
            self.state.flight = Some(Flight {
                from: view.camera,
                to: saved.camera.into(),
                to_viewport: saved.viewport,
                start: now,
            });
            view.set_camera(view.camera);
        }
        // The selection's change asks for the plots; the filter's for everything.
        self.change_selection(|v| v.select(&saved.selection, false));
        self.refilter();
        self.ctx.request_repaint();
    }

    /// Starts or stops presenting.
    fn present(&mut self, on: bool) {
        match (on, self.state.presenting.is_some()) {
            (true, false) => {
                let Some(view) = &mut self.state.view else {
                    return;
                };
                let running = view.layout.is_running();
                view.layout_command(LayoutCommand::Pause);
                view.annotation.text_scale = PRESENT_TEXT_SCALE;
                self.state.presenting = Some(Presenting {
                    index: None,
                    layout_was_running: running,
                    activity_strip: false,
                });
                self.ctx
                    .send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
                // A presentation starts at its first view.
                if !self.state.views.is_empty() {
                    self.go_to_view(0);
                }
            }
            (false, true) => {
                let was_running = self
                    .state
                    .presenting
                    .take()
                    .is_some_and(|p| p.layout_was_running);
                self.with_view(|v| {
                    v.annotation.text_scale = 1.0;
                    if was_running {
                        v.layout_command(LayoutCommand::Start { keep_going: false });
                    }
                });
                self.ctx
                    .send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
            }
            _ => {}
        }
    }

    /// A filter's result arrived after going to a view: fade from what was drawn.
    pub(super) fn fade_to_new_style(
        &mut self,
        before: (
            Arc<Vec<crate::render::gpu::NodeInstance>>,
            Arc<Vec<crate::render::gpu::EdgeInstance>>,
        ),
    ) {
        let Some(view) = &mut self.state.view else {
            return;
        };
        let after = (Arc::clone(&view.scene.nodes), Arc::clone(&view.scene.edges));
        view.show_instances(Arc::clone(&before.0), Arc::clone(&before.1));
        self.state.fade = Some(Fade {
            from: before,
            to: after,
            start: self.ctx.input(|i| i.time),
        });
        self.ctx.request_repaint();
    }

    /// Moves the camera's flight and the fade on to `now`.
    pub(super) fn animate(&mut self, now: f64) {
        let Some(view) = &mut self.state.view else {
            return;
        };
        if let Some(flight) = self.state.flight {
            let (camera, done) = flight.at(now, [view.viewport.width(), view.viewport.height()]);
            view.set_camera(camera);
            if done {
                self.state.flight = None;
            }
        }
        if let Some(fade) = &self.state.fade {
            let t = ((now - fade.start) / TRANSITION_SECONDS) as f32;
            if t >= 1.0 {
                view.show_instances(Arc::clone(&fade.to.0), Arc::clone(&fade.to.1));
                self.state.fade = None;
            } else {
                let nodes = blend_nodes(&fade.from.0, &fade.to.0, t);
                let edges = blend_edges(&fade.from.1, &fade.to.1, t);
                match (nodes, edges) {
                    (Some(n), Some(e)) => view.show_instances(Arc::new(n), Arc::new(e)),
                    _ => {
                        view.show_instances(Arc::clone(&fade.to.0), Arc::clone(&fade.to.1));
                        self.state.fade = None;
                    }
                }
            }
        }
        if self.state.flight.is_some() || self.state.fade.is_some() {
            self.ctx.request_repaint();
        }
    }
}
