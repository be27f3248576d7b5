//! ioscope's entry point: the command line, then either a headless subcommand or the
//! window (with its icon) on the given files or the bundled sample.

use clap::Parser;

/// mimalloc keeps freed pages for reuse: the loader's many short-lived column buffers
/// then cost no page faults (a fifth of the load time with the system allocator).
/// Built with `no_thp`: with transparent huge pages, its eagerly committed arenas made
/// the kernel zero 2 MiB pages on first touch, and the scale-1 release took 6.5–8.4 s
/// to load instead of 3.0–3.7 s (5 s of system time; three runs each, interleaved).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use ioscope::app::IoscopeApp;
use ioscope::io::Input;
use ioscope::render::gpu::GraphRenderer;
use ioscope::tools::cli::{Cli, run_command};

fn main() {
    let cli = Cli::parse();
    // The worker threads start first, while memory is plentiful: under a tight limit
    // (`ulimit -v`) a pool started lazily mid-load could fail to spawn and panic.
    if let Err(e) = rayon::ThreadPoolBuilder::new().build_global() {
        eprintln!("ioscope: cannot start the worker threads: {e}");
        std::process::exit(1);
    }
    if let Some(cmd) = cli.command {
        std::process::exit(run_command(cmd, &cli.load));
    }
    let options = match cli.load.options() {
        // The window's inspector shows tweet texts.
        Ok(o) => ioscope::io::LoadOptions {
            keep_text: true,
            ..o
        },
        Err(e) => {
            eprintln!("ioscope: {e}");
            std::process::exit(2);
        }
    };
    let inputs: Vec<Input> = cli.files.into_iter().map(Input::Path).collect();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("ioscope")
        .with_app_id("ioscope")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([1024.0, 700.0]);
    match eframe::icon_data::from_png_bytes(include_bytes!("../icons/ioscope-256.png")) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(e) => eprintln!("ioscope: the window icon could not be read: {e}"),
    }
    let mut native = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    // The edges of a whole release (17 million for June 2020) need a larger buffer than
    // wgpu's default 256 MiB: as large as the adapter allows (the renderer draws the
    // strongest edges that fit when even that is too small).
    let mut setup = eframe::egui_wgpu::WgpuSetupCreateNew::without_display_handle();
    let base = std::sync::Arc::clone(&setup.device_descriptor);
    setup.device_descriptor = std::sync::Arc::new(move |adapter| {
        let mut descriptor = base(adapter);
        let limits = &mut descriptor.required_limits;
        limits.max_buffer_size = limits.max_buffer_size.max(adapter.limits().max_buffer_size);
        descriptor
    });
    native.wgpu_options.wgpu_setup = eframe::egui_wgpu::WgpuSetup::CreateNew(setup);
    let result = eframe::run_native(
        "ioscope",
        native,
        Box::new(move |cc| {
            // The canvas draws through its own wgpu pipelines inside egui's pass.
            match cc.wgpu_render_state.as_ref() {
                Some(render_state) => GraphRenderer::register(render_state, 1),
                None => eprintln!("ioscope: no wgpu renderer: the network cannot be drawn"),
            }
            let settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, ioscope::app::SETTINGS_KEY))
                .unwrap_or_default();
            let mut app = IoscopeApp::new(&cc.egui_ctx, inputs, options).with_settings(settings);
            // Unsaved work is autosaved beside the settings, and offered after a crash.
            if let Some(dir) = eframe::storage_dir("ioscope") {
                app = app.with_recovery(dir.join(ioscope::app::RECOVERY_FILE));
            }
            Ok(Box::new(app))
        }),
    );
    if let Err(e) = result {
        eprintln!("ioscope: could not open a window: {e}");
        std::process::exit(1);
    }
}
