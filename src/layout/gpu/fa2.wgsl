// ForceAtlas2's forces on the GPU: one invocation per body, in the Barnes-Hut tree's
// sorted (Morton) order, so that neighbouring invocations walk nearly the same cells.
// Each sums the repulsion of the tree (cells far enough act as one body; near leaves body
// by body), the attraction along its edges and gravity, and writes its node's force.
// The formulas are the CPU engine's (layout/forces.rs, layout/lanes.rs), term for term.

struct Params {
    // Bodies (= nodes) and cells of the tree.
    n: u32,
    cells: u32,
    // LIN_LOG | PREVENT_OVERLAP | STRONG_GRAVITY.
    flags: u32,
    // Invocations per row of the dispatch grid (more than 65,535 workgroups wrap).
    row: u32,
    // Repulsion strength k_r.
    kr: f32,
    gravity: f32,
    // 1 / θ (capped: θ = 0 walks every leaf).
    inv_theta: f32,
    pad: f32,
}

const LIN_LOG: u32 = 1u;
const PREVENT_OVERLAP: u32 = 2u;
const STRONG_GRAVITY: u32 = 4u;
// Squared distance under which two bodies count as coincident (layout/lanes.rs).
const COINCIDENT_D2: f32 = 1e-12;

@group(0) @binding(0) var<uniform> p: Params;
// Cells in depth-first pre-order: (centre x, centre y, mass, side).
@group(0) @binding(1) var<storage, read> cell_f: array<vec4<f32>>;
// (index past the subtree, first body, bodies, leaf).
@group(0) @binding(2) var<storage, read> cell_u: array<vec4<u32>>;
// Bodies in sorted order: (x, y, mass, node id as bits).
@group(0) @binding(3) var<storage, read> bodies: array<vec4<f32>>;
// Nodes in their own order: (x, y, size, unused).
@group(0) @binding(4) var<storage, read> nodes: array<vec4<f32>>;
// Adjacency: offsets[0..=n], then (neighbour, pull as bits) per entry.
@group(0) @binding(5) var<storage, read> adj: array<u32>;
// The force on each node, in node order.
@group(0) @binding(6) var<storage, read_write> forces: array<vec2<f32>>;

// A fixed direction for two coincident bodies, opposite for (j, i).
fn split_direction(i: u32, j: u32) -> vec2<f32> {
    let a = min(i, j);
    let b = max(i, j);
    let sign = select(-1.0, 1.0, i < j);
    var h = (a * 0x9E3779B9u) ^ ((b + 0x7F4A7C15u) * 0x85EBCA6Bu);
    h = h ^ (h >> 15u);
    h = h * 0x2C1B3C6Du;
    h = h ^ (h >> 12u);
    let angle = f32(h % 6283u) / 1000.0;
    return sign * vec2<f32>(cos(angle), sin(angle));
}

// Repulsion of body `b` (sorted index) on node `i` at `pos` (mass × k_r = km, size s).
fn body_force(i: u32, pos: vec2<f32>, km: f32, s: f32, b: u32) -> vec2<f32> {
    let other = bodies[b];
    let j = bitcast<u32>(other.w);
    var d = pos - other.xy;
    var d2 = dot(d, d);
    if d2 < COINCIDENT_D2 {
        d = split_direction(i, j) * 1e-3;
        d2 = 1e-6;
    }
    let mm = km * other.z;
    var factor = mm / d2;
    if (p.flags & PREVENT_OVERLAP) != 0u {
        let gap = sqrt(d2) - s - nodes[j].z;
        factor = select(100.0 * mm, mm / (gap * gap), gap > 0.0);
    }
    return d * factor;
}

@compute @workgroup_size(64)
fn forces_main(@builtin(global_invocation_id) gid: vec3<u32>) {
    let k = gid.x + gid.y * p.row;
    if k >= p.n {
        return;
    }
    let body = bodies[k];
    let i = bitcast<u32>(body.w);
    let node = nodes[i];
    let pos = body.xy;
    let s = node.z;
    let m = body.z;
    let km = p.kr * m;
    var f = vec2<f32>(0.0, 0.0);

    // Repulsion: a forward walk over the pre-order cells, skipping accepted subtrees.
    var c = 0u;
    loop {
        if c >= p.cells {
            break;
        }
        let cf = cell_f[c];
        let cu = cell_u[c];
        let d = pos - cf.xy;
        let d2 = dot(d, d);
        let reach = cf.w * p.inv_theta;
        if d2 > reach * reach {
            f += d * (km * cf.z / d2);
            c = cu.x;
        } else if cu.w != 0u {
            for (var b = cu.y; b < cu.y + cu.z; b++) {
                if b != k {
                    f += body_force(i, pos, km, s, b);
                }
            }
            c = cu.x;
        } else {
            c += 1u;
        }
    }

    // Attraction along the edges.
    let lin_log = (p.flags & LIN_LOG) != 0u;
    let overlap = (p.flags & PREVENT_OVERLAP) != 0u;
    let base = p.n + 1u;
    for (var e = adj[i]; e < adj[i + 1u]; e++) {
        let q = nodes[adj[base + 2u * e]];
        let pull = bitcast<f32>(adj[base + 2u * e + 1u]);
        let d = node.xy - q.xy;
        var factor = -pull;
        if lin_log || overlap {
            let dist = sqrt(dot(d, d));
            let d_eff = select(dist, dist - s - q.z, overlap);
            if d_eff <= 0.0 || dist <= 0.0 {
                continue;
            }
            if lin_log {
                factor *= log(1.0 + d_eff) / d_eff;
            }
            if overlap {
                factor *= d_eff / dist;
            }
        }
        f += d * factor;
    }

    // Gravity towards the origin.
    let dist = sqrt(dot(node.xy, node.xy));
    if dist > 0.0 {
        var factor = p.gravity * m / dist;
        if (p.flags & STRONG_GRAVITY) != 0u {
            factor = p.gravity * m;
        }
        f -= node.xy * factor;
    }
    forces[i] = f;
}
