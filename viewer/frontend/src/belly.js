// Bellies: one translucent surface per part spanning its fibres. The part's fibres (in fan
// order) x K points form a grid; each cell is two triangles. Positions are the pose's fibre
// points; normals come from the grid's finite differences. update() allocates nothing.
import { BufferAttribute, BufferGeometry, Color, DoubleSide, DynamicDrawUsage, Group, Mesh } from "three";
import { VertexLitMaterial } from "./materials.js";

export const BELLY_OPACITY = 0.45;

function gridIndex(rows, K) {
  const idx = new Uint32Array(Math.max(rows - 1, 0) * (K - 1) * 6);
  let o = 0;
  for (let r = 0; r < rows - 1; r++) {
    for (let k = 0; k < K - 1; k++) {
      const a = r * K + k;
      const b = a + K;
      idx[o++] = a; idx[o++] = b; idx[o++] = a + 1;
      idx[o++] = a + 1; idx[o++] = b; idx[o++] = b + 1;
    }
  }
  return idx;
}

export class Bellies {
  /**
   * @param {Array<{id: string, color: string, fibres: number[]}>} parts index.parts
   * @param {number} K points per fibre
   */
  constructor(parts, K) {
    this.K = K;
    this.group = new Group();
    this.group.name = "bellies";
    this.meshes = [];
    for (const part of parts) {
      const rows = part.fibres.length;
      const geometry = new BufferGeometry();
      const pos = new BufferAttribute(new Float32Array(rows * K * 3), 3).setUsage(DynamicDrawUsage);
      const nor = new BufferAttribute(new Float32Array(rows * K * 3), 3).setUsage(DynamicDrawUsage);
      geometry.setAttribute("position", pos);
      geometry.setAttribute("normal", nor);
      geometry.setIndex(new BufferAttribute(gridIndex(rows, K), 1));
      const material = new VertexLitMaterial({
        color: new Color(part.color), transparent: true, opacity: BELLY_OPACITY, side: DoubleSide, depthWrite: false, twoSided: true,
      });
      const mesh = new Mesh(geometry, material);
      mesh.name = `${part.id}/belly`;
      mesh.frustumCulled = false;
      mesh.renderOrder = 1; // after the opaque fibres
      mesh.userData = { partId: part.id, fibres: Int32Array.from(part.fibres), boundsDirty: true };
      this.meshes.push(mesh);
      this.group.add(mesh);
    }
  }

  /** Rewrite every belly from the pose's points (F x K x 3). */
  update(points) {
    const K = this.K;
    for (const mesh of this.meshes) {
      const pos = mesh.geometry.attributes.position.array;
      const fibres = mesh.userData.fibres;
      for (let r = 0; r < fibres.length; r++) {
        const src = fibres[r] * K * 3;
        for (let j = 0; j < K * 3; j++) pos[r * K * 3 + j] = points[src + j];
      }
      this._normals(mesh, fibres.length);
      mesh.geometry.attributes.position.needsUpdate = true;
      mesh.geometry.attributes.normal.needsUpdate = true;
      mesh.userData.boundsDirty = true;
    }
  }

  _normals(mesh, rows) {
    const K = this.K;
    const P = mesh.geometry.attributes.position.array;
    const N = mesh.geometry.attributes.normal.array;
    for (let r = 0; r < rows; r++) {
      const r0 = Math.max(r - 1, 0);
      const r1 = Math.min(r + 1, rows - 1);
      for (let k = 0; k < K; k++) {
        const k0 = Math.max(k - 1, 0);
        const k1 = Math.min(k + 1, K - 1);
        const a = (r * K + k1) * 3;
        const b = (r * K + k0) * 3;
        const c = (r1 * K + k) * 3;
        const d = (r0 * K + k) * 3;
        const ux = P[a] - P[b];
        const uy = P[a + 1] - P[b + 1];
        const uz = P[a + 2] - P[b + 2];
        const vx = P[c] - P[d];
        const vy = P[c + 1] - P[d + 1];
        const vz = P[c + 2] - P[d + 2];
        let nx = uy * vz - uz * vy;
        let ny = uz * vx - ux * vz;
        let nz = ux * vy - uy * vx;
        const l = Math.hypot(nx, ny, nz) || 1;
        nx /= l; ny /= l; nz /= l;
        const o = (r * K + k) * 3;
        N[o] = nx; N[o + 1] = ny; N[o + 2] = nz;
      }
    }
  }
}
