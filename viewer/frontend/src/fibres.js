// Fibres: one Mesh (one draw call) per muscle part; each fibre is a camera-facing ribbon
// with three vertices across at each of its K points (4 triangles per segment), expanded
// to its width and shaded like a round tube in the vertex shader (FibreMaterial).
// Per frame the CPU writes only each point's position and tangent (about 1,700 vertices for
// 144 fibres, no allocation); the camera can orbit without touching the buffers.
import { BufferAttribute, BufferGeometry, Color, DynamicDrawUsage, Group, Mesh } from "three";
import { FibreMaterial } from "./materials.js";

export const FIBRE_RADIUS = 0.0016; // metres (half-width): about 3 mm thick on screen
const ACROSS = 3; // vertices across a ribbon: edge, centre, edge

function ribbonIndex(fibres, K) {
  const idx = new Uint32Array(fibres * (K - 1) * (ACROSS - 1) * 6);
  let o = 0;
  for (let f = 0; f < fibres; f++) {
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
    this.group = new Group();
    this.group.name = "fibres";
    this.meshes = [];
    for (const part of parts) {
      const n = part.fibres.length;
      const geometry = new BufferGeometry();
      const count = n * K * ACROSS;
      const side = new Float32Array(count);
      for (let v = 0; v < count; v++) side[v] = (v % ACROSS) - 1;
      geometry.setAttribute("position", new BufferAttribute(new Float32Array(count * 3), 3).setUsage(DynamicDrawUsage));
      geometry.setAttribute("aTangent", new BufferAttribute(new Float32Array(count * 3), 3).setUsage(DynamicDrawUsage));
      geometry.setAttribute("aSide", new BufferAttribute(side, 1));
      geometry.setIndex(new BufferAttribute(ribbonIndex(n, K), 1));
      const mesh = new Mesh(geometry, new FibreMaterial({ color: part.color, radius: FIBRE_RADIUS }));
      mesh.name = part.id;
      mesh.frustumCulled = false; // bounds move every frame; the scene is small
      mesh.raycast = () => {}; // ribbons exist only on the GPU: picking.js works in screen space
      mesh.userData = { partId: part.id, fibres: Int32Array.from(part.fibres), baseColor: new Color(part.color) };
      this.meshes.push(mesh);
      this.group.add(mesh);
    }
  }

  /** Rewrite every ribbon from the pose's points (F x K x 3); hidden parts too, so none goes stale. */
  update(points) {
    const K = this.K;
    for (const mesh of this.meshes) {
      const pos = mesh.geometry.attributes.position;
      const tan = mesh.geometry.attributes.aTangent;
      const fibres = mesh.userData.fibres;
      for (let i = 0; i < fibres.length; i++) writeFibre(points, fibres[i] * K * 3, K, pos.array, tan.array, i * K * ACROSS * 3);
      pos.needsUpdate = true;
      tan.needsUpdate = true;
    }
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
