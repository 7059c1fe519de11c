// Solid muscles (CONTRACT.md "Solid muscles"): each muscle on each side is a sheet of R rows
// (its fibres in fan order and one row halfway between neighbours) by C columns: A origin-flap
// columns fixed to the pelvis (the far edge of the origin area down to the fibre's origin site),
// then S columns along the fibre path at evenly spaced fractions of its length. The deep face is
// the sheet moved along its smoothed normal by a lift (non-zero where the muscle lies over a
// deeper one), the superficial face the deep face moved on by a thickness per grid point;
// each part is the closed slab between its boundary rows. Rebuilt every drawn frame from the
// pose's fibre points and bone matrices, exactly as viewer/anatomy/volume_shape.py does.
// All 18 parts are ONE geometry drawn in one call (two while some part is see-through,
// styles.js), `aItem` saying which part a vertex is in: measured in software WebGL, 18 meshes
// uploaded and drawn separately cost about 4 ms a frame more. An undrawn mesh over the same
// geometry is what picking raycasts (partOfFace). update() allocates nothing.
import { BufferAttribute, BufferGeometry, Color, DynamicDrawUsage, Group, Mesh } from "three";
import { muscleMaterial } from "./materials.js";
import { ItemStyles, showPasses, twoPassMeshes } from "./styles.js";

export const SEE_THROUGH_OPACITY = 0.5; // the volumes' opacity while the fibres are drawn too
const TRANSLUCENT_ORDER = 1; // see-through volumes: after the opaque fibres, before translucent ones (2)
// Uploaded every frame, so kept small: positions as int16 of POSITION_RANGE metres (0.08 mm steps),
// normals as int8 (measured: float32 positions and normals, 24 bytes a vertex, halved the frame rate
// of the unthrottled view; 9 bytes a vertex cost a third of that).
export const POSITION_RANGE = 2.5;
const POSITION_STEPS = 32767 / POSITION_RANGE;
const SMOOTH_ROWS = 3; // window over which the thickening normals are averaged (volume_shape.py)
const SMOOTH_COLUMNS = 7;
const STRIATION = 0.8; // brightness of every other fibre row: stripes along the fibre direction

/**
 * Triangles of one part (same order as volume_shape.part_topology): superficial grid, deep grid
 * (offset rows*columns), then walls along the grid's boundary.
 * @returns {Uint32Array}
 */
export function partTopology(rows, columns, flip) {
  const n = rows * columns;
  const top = [];
  for (let r = 0; r < rows - 1; r++) {
    for (let c = 0; c < columns - 1; c++) {
      const a = r * columns + c;
      top.push([a, a + 1, a + columns]);
    }
  }
  for (let r = 0; r < rows - 1; r++) {
    for (let c = 0; c < columns - 1; c++) {
      const a = r * columns + c;
      top.push([a + 1, a + columns + 1, a + columns]);
    }
  }
  if (flip) for (const t of top) t.reverse();
  const keys = new Set();
  const edges = [];
  for (const k of [[0, 1], [1, 2], [2, 0]]) for (const t of top) edges.push([t[k[0]], t[k[1]]]);
  for (const [i, j] of edges) keys.add(i * n + j);
  const boundary = edges.filter(([i, j]) => !keys.has(j * n + i));
  const out = [];
  for (const t of top) out.push(t[0], t[1], t[2]);
  for (const t of top) out.push(t[2] + n, t[1] + n, t[0] + n);
  for (const [i, j] of boundary) out.push(j, i, i + n);
  for (const [i, j] of boundary) out.push(j, i + n, j + n);
  return Uint32Array.from(out);
}

export class Volumes {
  /**
   * @param {object} arrays decoded assets arrays (vol_*)
   * @param {object} spec index.volumes {rows, flap_columns, samples, flap_unit, thickness_unit}
   * @param {Array<{id: string, color: string}>} parts index.parts
   * @param {number} K points per fibre
   */
  constructor(arrays, spec, parts, K) {
    this.K = K;
    const fibres = arrays.vol_fibres;
    [this.M, this.N] = fibres.shape;
    this.fibres = fibres.data;
    this.R = spec.rows;
    this.step = (spec.between || 0) + 1; // rows per fibre: a fibre, then rows blended towards the next
    this.A = spec.flap_columns;
    this.S = spec.samples;
    this.C = this.A + this.S;
    const { M, R, A, C } = this;
    this.flapBone = arrays.vol_flap_bone.data;
    this.flap = Float32Array.from(arrays.vol_flap_local.data, (q) => q * spec.flap_unit);
    this.thickness = new Float32Array(M * R * C);
    this.lift = new Float32Array(M * R * C);
    const tq = arrays.vol_thickness.data;
    const lq = arrays.vol_lift.data;
    for (let g = 0; g < M; g++) {
      for (let i = g * R * C; i < (g + 1) * R * C; i++) {
        this.thickness[i] = tq[i] * spec.thickness_unit[g];
        this.lift[i] = lq[i] * spec.lift_unit[g];
      }
    }
    this.sign = arrays.vol_sign.data;
    this.partGroup = arrays.vol_part_group.data;
    this.partRows = arrays.vol_part_rows.data;
    this.fractions = new Float32Array(this.S);
    for (let i = 0; i < this.S; i++) this.fractions[i] = this.S > 1 ? i / (this.S - 1) : 0;
    this.deep = new Float32Array(M * R * C * 3);
    this.top = new Float32Array(M * R * C * 3);
    this.sheetNormal = new Float32Array(M * R * C * 3);
    this.offsetNormal = new Float32Array(M * R * C * 3);
    this.topNormal = new Float32Array(M * R * C * 3);
    this._samples = new Float32Array(this.N * this.S * 3);
    this._cum = new Float32Array(K);
    this._build(parts);
  }

  _build(parts) {
    const C = this.C;
    this.parts = parts.map((p, i) => {
      const first = this.partRows[2 * i];
      const rows = this.partRows[2 * i + 1] - first + 1;
      return { id: p.id, item: i, group: this.partGroup[i], first, rows, baseColor: new Color(p.color), visible: true,
        opacity: 1 };
    });
    let vertices = 0;
    let triangles = 0;
    for (const part of this.parts) {
      part.vertex = vertices;
      part.topology = partTopology(part.rows, C, this.sign[part.group] < 0);
      part.face = triangles;
      vertices += 2 * part.rows * C;
      triangles += part.topology.length / 3;
    }
    const item = new Uint8Array(vertices);
    const shade = new Float32Array(vertices);
    const index = new Uint32Array(triangles * 3);
    this.faceItem = new Uint8Array(triangles);
    for (const part of this.parts) {
      const n = part.rows * C;
      item.fill(part.item, part.vertex, part.vertex + 2 * n);
      for (let v = 0; v < 2 * n; v++) {
        shade[part.vertex + v] = (part.first + Math.floor((v % n) / C)) % 2 === 0 ? STRIATION : 1;
      }
      for (let t = 0; t < part.topology.length; t++) index[part.face * 3 + t] = part.topology[t] + part.vertex;
      this.faceItem.fill(part.item, part.face, part.face + part.topology.length / 3);
    }
    const geometry = new BufferGeometry();
    geometry.setAttribute("position", new BufferAttribute(new Int16Array(vertices * 3), 3, true).setUsage(DynamicDrawUsage));
    geometry.setAttribute("normal", new BufferAttribute(new Int8Array(vertices * 3), 3, true).setUsage(DynamicDrawUsage));
    geometry.setAttribute("aColor", new BufferAttribute(new Float32Array(vertices * 3), 3).setUsage(DynamicDrawUsage));
    geometry.setAttribute("aShade", new BufferAttribute(shade, 1));
    geometry.setAttribute("aItem", new BufferAttribute(item, 1));
    geometry.setIndex(new BufferAttribute(index, 1));
    this.geometry = geometry;
    this.styles = new ItemStyles(this.parts.length);
    for (const p of this.parts) this.styles.set(p.item, p.baseColor, null, 1);
    this.colorMode = { value: 0 };
    this.glow = new Float32Array(this.parts.length);
    const extra = { uColorMode: this.colorMode, uItemGlow: { value: this.glow }, uPositionRange: { value: POSITION_RANGE } };
    this.meshes = twoPassMeshes(geometry, (pass) => muscleMaterial(this.styles, pass, extra), "volumes",
      TRANSLUCENT_ORDER);
    this.pickMesh = new Mesh(geometry); // raycast only (never added to the scene)
    this.pickMesh.name = "volumes/pick";
    this.pickMesh.scale.setScalar(POSITION_RANGE); // the int16 positions read as -1..1 (normalized)
    this.pickMesh.updateMatrixWorld();
    this.pickMesh.userData = { boundsDirty: true };
    this.group = new Group();
    this.group.name = "volumes";
    for (const m of this.meshes) this.group.add(m);
  }

  /**
   * Style part number `i` (index order), as Fibres.setStyle.
   * @param {number} i
   * @param {boolean} visible
   * @param {number} opacity 0..1
   * @param {Color|null} emissive highlight added to the lit colour (anatomical mode)
   * @param {number} glow the same highlight as a share of each vertex's own colour (other modes)
   */
  setStyle(i, visible, opacity, emissive, glow = 0) {
    const p = this.parts[i];
    p.visible = visible;
    p.opacity = opacity;
    this.styles.set(i, p.baseColor, emissive, visible ? opacity : 0);
    this.glow[i] = glow;
  }

  /** Apply the styles set since the last call. */
  commitStyles() {
    showPasses(this.meshes, this.styles);
  }

  /** The part drawn by triangle `face` of the geometry (picking). */
  partOfFace(face) {
    return this.parts[this.faceItem[face]];
  }

  /** Rebuild every part from the pose: fibre points (F x K x 3) and bone matrices (B x 16, column-major). */
  update(points, matrices) {
    for (let g = 0; g < this.M; g++) this._sheet(g, points, matrices);
    for (const part of this.parts) this._writePart(part);
    this.geometry.attributes.position.needsUpdate = true;
    this.geometry.attributes.normal.needsUpdate = true;
    this.pickMesh.userData.boundsDirty = true;
  }

  _resample(points, fibre, out, o) {
    const K = this.K;
    const cum = this._cum;
    const base = fibre * K * 3;
    cum[0] = 0;
    for (let k = 1; k < K; k++) {
      const i = base + k * 3;
      cum[k] = cum[k - 1] + Math.hypot(points[i] - points[i - 3], points[i + 1] - points[i - 2], points[i + 2] - points[i - 1]);
    }
    const total = cum[K - 1];
    let j = 0;
    for (let s = 0; s < this.S; s++) {
      const target = this.fractions[s] * total;
      while (j < K - 2 && cum[j + 1] <= target) j++;
      const span = cum[j + 1] - cum[j];
      const t = span > 1e-12 ? (target - cum[j]) / span : 0;
      const i = base + j * 3;
      const w = o + s * 3;
      out[w] = points[i] + t * (points[i + 3] - points[i]);
      out[w + 1] = points[i + 1] + t * (points[i + 4] - points[i + 1]);
      out[w + 2] = points[i + 2] + t * (points[i + 5] - points[i + 2]);
    }
  }

  _sheet(g, points, matrices) {
    const { N, R, A, S, C } = this;
    const samples = this._samples;
    for (let f = 0; f < N; f++) this._resample(points, this.fibres[g * N + f], samples, f * S * 3);
    const G = this.deep;
    const m = this.flapBone[g] * 16;
    const e = matrices;
    for (let r = 0; r < R; r++) {
      const row = ((g * R + r) * C) * 3;
      for (let c = 0; c < A; c++) {
        const q = ((g * R + r) * A + c) * 3;
        const x = this.flap[q];
        const y = this.flap[q + 1];
        const z = this.flap[q + 2];
        const o = row + c * 3;
        G[o] = e[m] * x + e[m + 4] * y + e[m + 8] * z + e[m + 12];
        G[o + 1] = e[m + 1] * x + e[m + 5] * y + e[m + 9] * z + e[m + 13];
        G[o + 2] = e[m + 2] * x + e[m + 6] * y + e[m + 10] * z + e[m + 14];
      }
      const a = Math.floor(r / this.step);
      const b = Math.min(a + 1, N - 1);
      const w = (r % this.step) / this.step;
      for (let s = 0; s < S; s++) {
        const o = row + (A + s) * 3;
        const pa = (a * S + s) * 3;
        const pb = (b * S + s) * 3;
        for (let k = 0; k < 3; k++) G[o + k] = samples[pa + k] * (1 - w) + samples[pb + k] * w;
      }
    }
    this._normals(G, this.sheetNormal, g, this.sign[g]);
    this._smooth(this.sheetNormal, this.offsetNormal, g);
    const T = this.top;
    const Nn = this.offsetNormal;
    for (let i = g * R * C; i < (g + 1) * R * C; i++) {
      const l = this.lift[i];
      const t = l + this.thickness[i];
      const o = i * 3;
      T[o] = G[o] + Nn[o] * t;
      T[o + 1] = G[o + 1] + Nn[o + 1] * t;
      T[o + 2] = G[o + 2] + Nn[o + 2] * t;
      G[o] += Nn[o] * l;
      G[o + 1] += Nn[o + 1] * l;
      G[o + 2] += Nn[o + 2] * l;
    }
    this._normals(T, this.topNormal, g, this.sign[g]);
    // the deep face's lighting normal: the sheet's (before the lift; close enough for shading)
  }

  /** Unit normals of group g averaged over SMOOTH_ROWS x SMOOTH_COLUMNS grid points (clamped), as volume_shape.smoothed. */
  _smooth(src, out, g) {
    const { R, C } = this;
    const hr = SMOOTH_ROWS >> 1;
    const hc = SMOOTH_COLUMNS >> 1;
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < C; c++) {
        let x = 0;
        let y = 0;
        let z = 0;
        for (let dr = -hr; dr <= hr; dr++) {
          const rr = Math.min(Math.max(r + dr, 0), R - 1);
          for (let dc = -hc; dc <= hc; dc++) {
            const cc = Math.min(Math.max(c + dc, 0), C - 1);
            const i = ((g * R + rr) * C + cc) * 3;
            x += src[i]; y += src[i + 1]; z += src[i + 2];
          }
        }
        const l = Math.hypot(x, y, z);
        const k = l > 1e-12 ? 1 / l : 1;
        const o = ((g * R + r) * C + c) * 3;
        out[o] = x * k; out[o + 1] = y * k; out[o + 2] = z * k;
      }
    }
  }

  /** Unit normals of group g's grid by central differences (one-sided at the edges), times sign. */
  _normals(P, out, g, sign) {
    const { R, C } = this;
    for (let r = 0; r < R; r++) {
      const r0 = Math.max(r - 1, 0);
      const r1 = Math.min(r + 1, R - 1);
      for (let c = 0; c < C; c++) {
        const c0 = Math.max(c - 1, 0);
        const c1 = Math.min(c + 1, C - 1);
        const u1 = ((g * R + r) * C + c1) * 3;
        const u0 = ((g * R + r) * C + c0) * 3;
        const v1 = ((g * R + r1) * C + c) * 3;
        const v0 = ((g * R + r0) * C + c) * 3;
        const ux = P[u1] - P[u0];
        const uy = P[u1 + 1] - P[u0 + 1];
        const uz = P[u1 + 2] - P[u0 + 2];
        const vx = P[v1] - P[v0];
        const vy = P[v1 + 1] - P[v0 + 1];
        const vz = P[v1 + 2] - P[v0 + 2];
        let nx = uy * vz - uz * vy;
        let ny = uz * vx - ux * vz;
        let nz = ux * vy - uy * vx;
        const l = Math.hypot(nx, ny, nz);
        const k = l > 1e-12 ? sign / l : sign;
        nx *= k; ny *= k; nz *= k;
        const o = ((g * R + r) * C + c) * 3;
        out[o] = nx; out[o + 1] = ny; out[o + 2] = nz;
      }
    }
  }

  _writePart(part) {
    const { group: g, first, rows, vertex } = part;
    const C = this.C;
    const n = rows * C * 3;
    const start = ((g * this.R + first) * C) * 3;
    const pos = this.geometry.attributes.position.array;
    const nor = this.geometry.attributes.normal.array;
    const o = vertex * 3;
    const top = this.top;
    const deep = this.deep;
    const up = this.topNormal;
    const down = this.sheetNormal;
    for (let i = 0; i < n; i++) {
      pos[o + i] = Math.round(top[start + i] * POSITION_STEPS);
      pos[o + n + i] = Math.round(deep[start + i] * POSITION_STEPS);
      nor[o + i] = Math.round(up[start + i] * 127);
      nor[o + n + i] = -Math.round(down[start + i] * 127);
    }
  }

  /**
   * Colour each part's rows from its fibres' colours (the per-fibre colour modes): a row
   * between two fibres takes their mean. Reads the ribbons' colours (fibres.slotColour).
   * @param {import("./fibres.js").Fibres} fibres
   */
  colourFrom(fibres) {
    if (!this._slots) {
      this._slots = new Int32Array(this.fibres.length);
      const slotOf = new Map();
      let slot = 0;
      for (const part of fibres.parts) for (const f of part.fibres) slotOf.set(f, slot++);
      for (let i = 0; i < this.fibres.length; i++) this._slots[i] = slotOf.get(this.fibres[i]);
      this._rgb = new Float32Array(6);
    }
    const { N, C } = this;
    const rgb = this._rgb;
    const col = this.geometry.attributes.aColor.array;
    for (const part of this.parts) {
      const { group: g, first, rows, vertex } = part;
      const half = rows * C * 3;
      for (let r = 0; r < rows; r++) {
        const row = first + r;
        const a = Math.floor(row / this.step);
        const b = Math.min(a + 1, N - 1);
        const w = (row % this.step) / this.step;
        fibres.slotColour(this._slots[g * N + a], rgb, 0);
        fibres.slotColour(this._slots[g * N + b], rgb, 3);
        const cr = rgb[0] * (1 - w) + rgb[3] * w;
        const cg = rgb[1] * (1 - w) + rgb[4] * w;
        const cb = rgb[2] * (1 - w) + rgb[5] * w;
        for (let c = 0; c < C; c++) {
          const o = vertex * 3 + (r * C + c) * 3;
          col[o] = col[half + o] = cr;
          col[o + 1] = col[half + o + 1] = cg;
          col[o + 2] = col[half + o + 2] = cb;
        }
      }
    }
    this.geometry.attributes.aColor.needsUpdate = true;
  }

  /** Draw the per-vertex colours (true) or each part's own colour (false). */
  setColorMode(perFibre) {
    this.colorMode.value = perFibre ? 1 : 0;
  }

  /** [r, g, b] linear RGB of the first vertex of part `i` as the GPU draws it now (tests). */
  colourOf(i) {
    const p = this.parts[i];
    if (this.colorMode.value < 0.5) return [p.baseColor.r, p.baseColor.g, p.baseColor.b];
    const a = this.geometry.attributes.aColor.array;
    return [a[p.vertex * 3], a[p.vertex * 3 + 1], a[p.vertex * 3 + 2]];
  }
}
