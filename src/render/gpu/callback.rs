//! The glue to egui: a paint callback that prepares and paints one [`Frame`] with the
//! [`GraphRenderer`] kept in egui_wgpu's callback resources.

use eframe::egui_wgpu::{self, wgpu};

use super::frame::Frame;
use super::renderer::GraphRenderer;

/// The egui paint callback that draws one frame of the network.
pub struct GraphCallback(pub Frame);

impl egui_wgpu::CallbackTrait for GraphCallback {
    fn prepare(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        _screen: &egui_wgpu::ScreenDescriptor,
        encoder: &mut wgpu::CommandEncoder,
        resources: &mut egui_wgpu::CallbackResources,
    ) -> Vec<wgpu::CommandBuffer> {
        if let Some(renderer) = resources.get_mut::<GraphRenderer>() {
            renderer.prepare(device, queue, encoder, &self.0);
        }
        Vec::new()
    }

    fn paint(
        &self,
        _info: egui::PaintCallbackInfo,
        pass: &mut wgpu::RenderPass<'static>,
        resources: &egui_wgpu::CallbackResources,
    ) {
        if let Some(renderer) = resources.get::<GraphRenderer>() {
            renderer.paint(pass, &self.0);
        }
    }
}

/// A paint callback drawing `frame` in `rect`.
pub fn paint_callback(rect: egui::Rect, frame: Frame) -> egui::PaintCallback {
    egui_wgpu::Callback::new_paint_callback(rect, GraphCallback(frame))
}
