// Fibres: every fibre of every part in ONE geometry, drawn in one call (two while some part
// is translucent, styles.js). Each fibre is a camera-facing ribbon with two vertices across
// at each of its K points (2 triangles per segment), expanded to its width in the vertex
// shader and shaded like a round tube (materials.js); `aItem` says which part a vertex is in.
// Long thin triangles are what ribbons cost in software WebGL (measured: 4 per segment took
// about 1 ms a frame more than 2). Per frame the CPU writes only each point's position and
// tangent (about 1,150 vertices for 144 fibres, no allocation); the camera can orbit freely.
// Colour: per part (uniforms) in the anatomical mode; in the other colour modes per fibre, from
// the per-vertex `aColor` that colours.js writes (uColorMode switches the shader between them).
import { BufferAttribute, BufferGeometry, Color, DynamicDrawUsage, Group } from "three";
import { fibreMaterial } from "./materials.js";
import { ItemStyles, showPasses, twoPassMeshes } from "./styles.js";

export const FIBRE_RADIUS = 0.0016; // metres (half-width): about 3 mm thick on screen
const ACROSS = 2; // vertices across a ribbon: left and right edge
const TRANSLUCENT_ORDER = 2; // after the see-through solid muscles (1)

function ribbonIndex(slots, K) {
  const count = slots * (K - 1) * (ACROSS - 1) * 6;
  const idx = slots * K * ACROSS < 65536 ? new Uint16Array(count) : new Uint32Array(count);
  let o = 0;
  for (let f = 0; f < slots; f++) {
    for (let k = 0; k < K - 1; k++) {
      const a = (f * K + k) * ACROSS;
      const b = a + ACROSS;
      for (let s = 0; s < ACROSS - 1; s++) {
        idx[o++] = a + s; idx[o++] = b + s; idx[o++] = a + s + 1;
        idx[o++] = a + s + 1; idx[o++] = b + s; idx[o++] = b + s + 1;
      }
    }
  }
  return idx;
}

export class Fibres {
  /**
   * @param {Array<{id: string, color: string, fibres: number[]}>} parts index.parts
   * @param {number} K points per fibre
   */
  constructor(parts, K) {
    this.K = K;
    // parts in index order: what picking and layers read (visible, opacity as drawn)
    this.parts = parts.map((p, i) => ({
      id: p.id, item: i, fibres: Int32Array.from(p.fibres), baseColor: new Color(p.color), visible: true, opacity: 1,
    }));
    this.order = Int32Array.from(parts.flatMap((p) => p.fibres)); // slot -> fibre index
    const slots = this.order.length;
    const count = slots * K * ACROSS;
    const side = new Float32Array(count);
    const item = new Uint8Array(count);
    let slot = 0;
    for (const p of this.parts) {
      for (let j = 0; j < p.fibres.length; j++, slot++) item.fill(p.item, slot * K * ACROSS, (slot + 1) * K * ACROSS);
    }
    for (let v = 0; v < count; v++) side[v] = (v % ACROSS) * 2 - 1;
    const geometry = new BufferGeometry();
    geometry.setAttribute("position", new BufferAttribute(new Float32Array(count * 3), 3).setUsage(DynamicDrawUsage));
    geometry.setAttribute("aTangent", new BufferAttribute(new Float32Array(count * 3), 3).setUsage(DynamicDrawUsage));
    geometry.setAttribute("aSide", new BufferAttribute(side, 1));
    geometry.setAttribute("aItem", new BufferAttribute(item, 1));
    geometry.setAttribute("aColor", new BufferAttribute(new Float32Array(count * 3), 3).setUsage(DynamicDrawUsage));
    geometry.setIndex(new BufferAttribute(ribbonIndex(slots, K), 1));
    this.geometry = geometry;
    this.styles = new ItemStyles(this.parts.length);
    for (const p of this.parts) this.styles.set(p.item, p.baseColor, null, 1);
    // per-fibre colour mode (shared by both passes): 1 = aColor, 0 = the part's colour;
    // uItemGlow is the highlight as a share of the fibre's own colour in that mode
    this.colorMode = { value: 0 };
    this.glow = new Float32Array(this.parts.length);
    const extra = { uColorMode: this.colorMode, uItemGlow: { value: this.glow } };
    this.meshes = twoPassMeshes(geometry, (pass) => fibreMaterial(this.styles, pass, FIBRE_RADIUS, extra), "fibres",
      TRANSLUCENT_ORDER);
    this.group = new Group();
    this.group.name = "fibres";
    for (const m of this.meshes) this.group.add(m);
  }

  /**
   * Style part number `i` (index order).
   * @param {number} i
   * @param {boolean} visible
   * @param {number} opacity 0..1
   * @param {Color|null} emissive highlight added to the lit colour (anatomical mode)
   * @param {number} glow the same highlight as a share of each fibre's own colour (other modes)
   */
  setStyle(i, visible, opacity, emissive, glow = 0) {
    const p = this.parts[i];
    p.visible = visible;
    p.opacity = opacity;
    this.styles.set(i, p.baseColor, emissive, visible ? opacity : 0);
    this.glow[i] = glow;
  }

  /** Colour per fibre from `aColor` (true) or per part (false). */
  setColorMode(perFibre) {
    this.colorMode.value = perFibre ? 1 : 0;
  }

  /** Set the linear RGB colour of every vertex of ribbon slot `s` (fan order of the parts). */
  setSlotColour(s, r, g, b) {
    const a = this.geometry.attributes.aColor.array;
    const n = this.K * ACROSS;
    for (let v = s * n * 3, end = (s + 1) * n * 3; v < end; v += 3) {
      a[v] = r; a[v + 1] = g; a[v + 2] = b;
    }
  }

  /** Write the linear RGB colour of ribbon slot `s` into out[o..o+2] (its first vertex's). */
  slotColour(s, out, o) {
    const a = this.geometry.attributes.aColor.array;
    const v = s * this.K * ACROSS * 3;
    out[o] = a[v]; out[o + 1] = a[v + 1]; out[o + 2] = a[v + 2];
  }

  /** Upload the colours set since the last call. */
  commitColours() {
    this.geometry.attributes.aColor.needsUpdate = true;
  }

  /** [[r, g, b], ...] linear RGB of each fibre of part `i` as the GPU draws it now (tests). */
  coloursOf(i) {
    const p = this.parts[i];
    const slot = this.firstSlot(i);
    const out = [];
    for (let j = 0; j < p.fibres.length; j++) {
      if (this.colorMode.value > 0.5) {
        const a = this.geometry.attributes.aColor.array;
        const v = (slot + j) * this.K * ACROSS * 3;
        out.push([a[v], a[v + 1], a[v + 2]]);
      } else {
        out.push([p.baseColor.r, p.baseColor.g, p.baseColor.b]);
      }
    }
    return out;
  }

  /** First ribbon slot of part `i`. */
  firstSlot(i) {
    let slot = 0;
    for (let j = 0; j < i; j++) slot += this.parts[j].fibres.length;
    return slot;
  }

  /** Apply the styles set since the last call (which passes draw). */
  commitStyles() {
    showPasses(this.meshes, this.styles);
  }

  /** Rewrite every ribbon from the pose's points (F x K x 3); hidden parts too, so none goes stale. */
  update(points) {
    const K = this.K;
    const pos = this.geometry.attributes.position;
    const tan = this.geometry.attributes.aTangent;
    const order = this.order;
    for (let s = 0; s < order.length; s++) writeFibre(points, order[s] * K * 3, K, pos.array, tan.array, s * K * ACROSS * 3);
    pos.needsUpdate = true;
    tan.needsUpdate = true;
    this.geometry.boundingBox = null; // recomputed on demand (framing), never per frame
  }
}

/** Positions and mitred tangents of one fibre's K points, each repeated ACROSS times. */
function writeFibre(P, p0, K, pos, tan, v0) {
  for (let k = 0; k < K; k++) {
    const a = p0 + Math.max(k - 1, 0) * 3;
    const b = p0 + Math.min(k + 1, K - 1) * 3;
    let tx = P[b] - P[a];
    let ty = P[b + 1] - P[a + 1];
    let tz = P[b + 2] - P[a + 2];
    const l = Math.hypot(tx, ty, tz) || 1;
    tx /= l; ty /= l; tz /= l;
    // at a bend widen the ribbon so it keeps its thickness (mitre), at most 2x
    let mitre = 1;
    if (k > 0 && k < K - 1) {
      const s = p0 + k * 3;
      const sx = P[s + 3] - P[s];
      const sy = P[s + 4] - P[s + 1];
      const sz = P[s + 5] - P[s + 2];
      const sl = Math.hypot(sx, sy, sz) || 1;
      mitre = 1 / Math.max(0.5, (sx * tx + sy * ty + sz * tz) / sl);
    }
    const c = p0 + k * 3;
    for (let s = 0; s < ACROSS; s++) {
      const v = v0 + (k * ACROSS + s) * 3;
      pos[v] = P[c]; pos[v + 1] = P[c + 1]; pos[v + 2] = P[c + 2];
      tan[v] = tx * mitre; tan[v + 1] = ty * mitre; tan[v + 2] = tz * mitre;
    }
  }
}
