//! wgpu devices of our own, with no window: opening one, waiting for a submission,
//! telling hardware from a software rasterizer. The layout's compute and the off-screen
//! renderer both use them.

use eframe::egui_wgpu::wgpu;

/// A wgpu device of its own, on `backends` (`None`: as `WGPU_BACKEND` says), on the
/// adapter `WGPU_ADAPTER_NAME` names, else the best one for `power` (which
/// `WGPU_POWER_PREF` overrides), with the adapter's own limits. With `hardware_only`,
/// a software rasterizer is refused before any device is made on it.
pub fn device(
    backends: Option<wgpu::Backends>,
    power: wgpu::PowerPreference,
    hardware_only: bool,
    label: &str,
) -> Result<(wgpu::Device, wgpu::Queue, wgpu::AdapterInfo), String> {
    let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle_from_env();
    if let Some(b) = backends {
        descriptor.backends = b;
    }
    let instance = wgpu::Instance::new(descriptor);
    let adapter = pollster::block_on(async {
        match wgpu::util::initialize_adapter_from_env(&instance, None).await {
            Ok(named) => Ok(named),
            Err(_) => {
                instance
                    .request_adapter(&wgpu::RequestAdapterOptions {
                        power_preference: wgpu::PowerPreference::from_env().unwrap_or(power),
                        ..Default::default()
                    })
                    .await
            }
        }
    })
    .map_err(|e| format!("no graphics adapter: {e}"))?;
    let info = adapter.get_info();
    if hardware_only && !is_hardware(&info) {
        return Err(format!("{} is a software rasterizer", info.name));
    }
    let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
        label: Some(label),
        required_limits: adapter.limits(),
        ..Default::default()
    }))
    .map_err(|e| format!("no graphics device on {}: {e}", info.name))?;
    Ok((device, queue, info))
}

/// Waits until the GPU has finished a submission. GL caps one wait at about two
/// seconds: keep waiting (a full-detail frame of a million edges on a software
/// rasterizer can take longer), up to ten minutes.
pub fn wait(device: &wgpu::Device, index: &wgpu::SubmissionIndex) -> Result<(), String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
    loop {
        match device.poll(wgpu::PollType::Wait {
            submission_index: Some(index.clone()),
            timeout: Some(std::time::Duration::from_secs(2)),
        }) {
            Ok(_) => return Ok(()),
            Err(wgpu::PollError::Timeout) if std::time::Instant::now() < deadline => {}
            Err(e) => return Err(format!("the GPU did not finish: {e}")),
        }
    }
}

/// Whether an adapter is real graphics hardware (not a software rasterizer).
pub fn is_hardware(info: &wgpu::AdapterInfo) -> bool {
    matches!(
        info.device_type,
        wgpu::DeviceType::DiscreteGpu | wgpu::DeviceType::IntegratedGpu
    )
}
