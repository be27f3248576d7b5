// ioscope's network renderer: edges as instanced screen-space quads, nodes as instanced
// quads shaded as anti-aliased discs. Node positions live in an Rg32Float texture
// (node i at texel (i % pos_width, i / pos_width)), so edges fetch both ends by index
// (vertex pulling) and a layout snapshot uploads positions only.
// Units: "points" are egui's logical pixels; view.scale is points per world unit.

struct View {
    center: vec2<f32>,
    viewport: vec2<f32>,
    scale: f32,
    node_scale: f32,
    edge_width: f32,
    edge_alpha: f32,
    pixels_per_point: f32,
    hovered: u32,
    pos_width: u32,
    linear_output: u32,
    selection_color: vec4<f32>,
    hover_color: vec4<f32>,
    // Where the cached edge layer goes: min.xy, max.xy in points from the centre.
    layer_rect: vec4<f32>,
};

@group(0) @binding(0) var<uniform> view: View;
@group(0) @binding(1) var positions: texture_2d<f32>;

const SELECTED: u32 = 1u;
const HIDDEN: u32 = 4u;
const OFFSCREEN: vec4<f32> = vec4<f32>(2.0, 2.0, 2.0, 1.0);

// Points from the viewport centre.
fn node_points(i: u32) -> vec2<f32> {
    let texel = vec2<i32>(i32(i % view.pos_width), i32(i / view.pos_width));
    let world = textureLoad(positions, texel, 0).xy;
    return (world - view.center) * view.scale;
}

fn to_clip(p: vec2<f32>) -> vec4<f32> {
    return vec4<f32>(p.x / (0.5 * view.viewport.x), -p.y / (0.5 * view.viewport.y), 0.0, 1.0);
}

// Corner of a quad for vertex 0..3 (drawn indexed as 0 1 2, 0 2 3), in -1..1.
fn corner(vi: u32) -> vec2<f32> {
    let x = select(-1.0, 1.0, vi == 1u || vi == 2u);
    let y = select(-1.0, 1.0, vi >= 2u);
    return vec2<f32>(x, y);
}

fn outside_view(lo: vec2<f32>, hi: vec2<f32>) -> bool {
    let half = 0.5 * view.viewport;
    return hi.x < -half.x || lo.x > half.x || hi.y < -half.y || lo.y > half.y;
}

fn linear_from_gamma(c: vec3<f32>) -> vec3<f32> {
    let cutoff = c < vec3<f32>(0.04045);
    let lower = c / vec3<f32>(12.92);
    let higher = pow((c + vec3<f32>(0.055)) / vec3<f32>(1.055), vec3<f32>(2.4));
    return select(higher, lower, cutoff);
}

// Gamma-space colour and coverage to the framebuffer's premultiplied output.
fn output(rgb: vec3<f32>, a: f32) -> vec4<f32> {
    var c = rgb;
    if view.linear_output != 0u {
        c = linear_from_gamma(c);
    }
    return vec4<f32>(c * a, a);
}

struct EdgeOut {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
    // Signed distance from the edge's axis, in points.
    @location(1) side: f32,
    @location(2) @interpolate(flat) half_width: f32,
};

@vertex
fn vs_edge(
    @builtin(vertex_index) vi: u32,
    @location(0) src: u32,
    @location(1) dst: u32,
    @location(2) color: vec4<f32>,
) -> EdgeOut {
    var out: EdgeOut;
    let a = node_points(src);
    let b = node_points(dst);
    let d = b - a;
    let len = length(d);
    let aa = 1.0 / view.pixels_per_point;
    // Lines thinner than a pixel are drawn one pixel wide and fainter; the quad is half
    // a pixel wider on each side than the line, for the anti-aliased border.
    let width = max(view.edge_width, aa);
    let half = 0.5 * width + 0.5 * aa;
    let faint = min(view.edge_width / aa, 1.0);
    if color.a <= 0.0 || !(len > 1e-6) || outside_view(min(a, b) - half, max(a, b) + half) {
        out.position = OFFSCREEN;
        out.color = vec4<f32>(0.0);
        out.side = 0.0;
        out.half_width = 0.0;
        return out;
    }
    let dir = d / len;
    let normal = vec2<f32>(-dir.y, dir.x);
    let c = corner(vi);
    let along = 0.5 * c.x + 0.5;
    let p = mix(a, b, along) + normal * (c.y * half);
    out.position = to_clip(p);
    out.color = vec4<f32>(color.rgb, color.a * view.edge_alpha * faint);
    out.side = c.y * half;
    out.half_width = 0.5 * width;
    return out;
}

@fragment
fn fs_edge(in: EdgeOut) -> @location(0) vec4<f32> {
    let aa = 1.0 / view.pixels_per_point;
    let coverage = clamp((in.half_width - abs(in.side)) / aa + 0.5, 0.0, 1.0);
    return output(in.color.rgb, in.color.a * coverage);
}

struct NodeOut {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
    // Offset from the node's centre, in points.
    @location(1) local: vec2<f32>,
    @location(2) @interpolate(flat) radius: f32,
    @location(3) @interpolate(flat) ring: f32,
    @location(4) @interpolate(flat) ring_color: vec4<f32>,
};

// Interactive level of detail: edges as one-pixel lines (two vertices, no coverage
// computation), far cheaper on software rasterizers.
struct LineOut {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
};

@vertex
fn vs_edge_line(
    @builtin(vertex_index) vi: u32,
    @location(0) src: u32,
    @location(1) dst: u32,
    @location(2) color: vec4<f32>,
) -> LineOut {
    var out: LineOut;
    let a = node_points(src);
    let b = node_points(dst);
    let faint = min(view.edge_width * view.pixels_per_point, 1.0);
    if color.a <= 0.0 || outside_view(min(a, b), max(a, b)) {
        out.position = OFFSCREEN;
        out.color = vec4<f32>(0.0);
        return out;
    }
    out.position = to_clip(select(a, b, vi == 1u));
    out.color = vec4<f32>(color.rgb, color.a * view.edge_alpha * faint);
    return out;
}

@fragment
fn fs_edge_line(in: LineOut) -> @location(0) vec4<f32> {
    return output(in.color.rgb, in.color.a);
}

@vertex
fn vs_node(
    @builtin(vertex_index) vi: u32,
    @location(0) node: u32,
    @location(1) color: vec4<f32>,
    @location(2) radius: f32,
    @location(3) flags: u32,
) -> NodeOut {
    var out: NodeOut;
    let p = node_points(node);
    let aa = 1.0 / view.pixels_per_point;
    let r = max(radius * view.node_scale, 0.75 * aa);
    var ring = 0.0;
    var ring_color = vec4<f32>(0.0);
    if (flags & SELECTED) != 0u {
        ring = 2.0;
        ring_color = view.selection_color;
    }
    if node == view.hovered {
        ring = 2.5;
        ring_color = view.hover_color;
    }
    let half = r + ring + 0.5 * aa;
    if (flags & HIDDEN) != 0u || outside_view(p - half, p + half) {
        out.position = OFFSCREEN;
        out.color = vec4<f32>(0.0);
        out.local = vec2<f32>(0.0);
        out.radius = 0.0;
        out.ring = 0.0;
        out.ring_color = vec4<f32>(0.0);
        return out;
    }
    let c = corner(vi) * half;
    out.position = to_clip(p + c);
    out.color = color;
    out.local = c;
    out.radius = r;
    out.ring = ring;
    out.ring_color = ring_color;
    return out;
}

@fragment
fn fs_node(in: NodeOut) -> @location(0) vec4<f32> {
    let aa = 1.0 / view.pixels_per_point;
    let d = length(in.local);
    let fill = clamp((in.radius - d) / aa + 0.5, 0.0, 1.0);
    if in.ring <= 0.0 {
        return output(in.color.rgb, in.color.a * fill);
    }
    let outer = clamp((in.radius + in.ring - d) / aa + 0.5, 0.0, 1.0);
    let rgb = mix(in.ring_color.rgb, in.color.rgb, fill);
    let a = mix(in.ring_color.a, in.color.a, fill) * outer;
    return output(rgb, a);
}

// The cached edge layer (software renderers): edges drawn once into a texture at full
// detail, then composited, moved and scaled while the user pans and zooms.
@group(1) @binding(0) var layer_texture: texture_2d<f32>;
@group(1) @binding(1) var layer_sampler: sampler;

struct LayerOut {
    @builtin(position) position: vec4<f32>,
    @location(0) uv: vec2<f32>,
};

@vertex
fn vs_layer(@builtin(vertex_index) vi: u32) -> LayerOut {
    var out: LayerOut;
    let t = 0.5 * corner(vi) + vec2<f32>(0.5);
    out.position = to_clip(mix(view.layer_rect.xy, view.layer_rect.zw, t));
    out.uv = t;
    return out;
}

@fragment
fn fs_layer(in: LayerOut) -> @location(0) vec4<f32> {
    // The texture holds premultiplied framebuffer values already.
    return textureSample(layer_texture, layer_sampler, in.uv);
}
