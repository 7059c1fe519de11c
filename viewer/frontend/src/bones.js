// Bone meshes: all bones in ONE geometry drawn in one call (two while some bone is translucent,
// styles.js); each vertex carries its bone (`aItem`) and the vertex shader places it with that
// bone's clip matrix, a uniform computed once per drawn frame from the pose (prepare()), so a
// frame uploads 22 floats per bone and no vertex. Vertices are in the bone's body frame;
// smooth normals come from Python (int8).
// One invisible Mesh per bone (named by bone id, sharing the payload's arrays) is kept off the
// scene for picking (it occludes fibres) and framing.
import { BufferAttribute, BufferGeometry, Color, Group, Matrix4, Mesh, MeshBasicMaterial, Vector3 } from "three";
import { bodyMaterial, HEAD_DIR } from "./materials.js";
import { ItemStyles, showPasses, twoPassMeshes } from "./styles.js";
import { BACKGROUND } from "./vocab.js";

const DIM_TOWARDS = new Color(BACKGROUND);

function concat(arrays, Type, total, offsets) {
  const out = new Type(total);
  let o = 0;
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i];
    if (offsets) for (let j = 0; j < a.length; j++) out[o + j] = a[j] + offsets[i];
    else out.set(a, o);
    o += a.length;
  }
  return out;
}

export class Bones {
  /**
   * @param {object} arrays decoded assets payload
   * @param {Array<{id: string, body: string, context: boolean, color: string}>} specs index.bones
   */
  constructor(arrays, specs) {
    const B = specs.length;
    this.matrices = new Float32Array(B * 16); // world from body, column-major (the pose's)
    for (let b = 0; b < B; b++) new Matrix4().toArray(this.matrices, b * 16);
    this.bodies = { clip: new Float32Array(B * 16), up: new Float32Array(B * 3), head: new Float32Array(B * 3) };
    this._m = new Matrix4();
    this._vp = new Matrix4();
    this._head = new Vector3();
    const positions = specs.map((s) => arrays[`bone/${s.id}/vertices`].data);
    const normals = specs.map((s) => arrays[`bone/${s.id}/normals`].data);
    const faces = specs.map((s) => arrays[`bone/${s.id}/faces`].data);
    const starts = []; // first vertex of each bone in the merged geometry
    let nVertices = 0;
    for (const p of positions) {
      starts.push(nVertices);
      nVertices += p.length / 3;
    }
    const item = new Uint8Array(nVertices);
    for (let b = 0; b < B; b++) item.fill(b, starts[b], starts[b] + positions[b].length / 3);
    const geometry = new BufferGeometry();
    geometry.setAttribute("position", new BufferAttribute(concat(positions, Float32Array, nVertices * 3), 3));
    const NormalType = normals[0].constructor;
    geometry.setAttribute("normal", new BufferAttribute(concat(normals, NormalType, nVertices * 3), 3,
      NormalType !== Float32Array));
    geometry.setAttribute("aItem", new BufferAttribute(item, 1));
    const nIndex = faces.reduce((n, f) => n + f.length, 0);
    geometry.setIndex(new BufferAttribute(concat(faces, nVertices < 65536 ? Uint16Array : Uint32Array, nIndex, starts), 1));
    this.geometry = geometry;
    this.styles = new ItemStyles(B);
    this.gpu = twoPassMeshes(geometry, (pass) => bodyMaterial(this.styles, pass, this.bodies), "bones", 0);
    this.group = new Group();
    this.group.name = "bones";
    for (const m of this.gpu) this.group.add(m);

    // per-bone meshes for picking and framing: never drawn
    this.meshes = specs.map((spec, b) => {
      const g = new BufferGeometry();
      g.setAttribute("position", new BufferAttribute(positions[b], 3));
      g.setIndex(new BufferAttribute(faces[b], 1));
      g.computeBoundingSphere();
      const mesh = new Mesh(g, new MeshBasicMaterial());
      mesh.name = spec.id;
      mesh.matrixAutoUpdate = false;
      mesh.userData = { boneId: spec.id, baseColor: new Color(spec.color), context: spec.context };
      return mesh;
    });
    this.setStyle(1, false, true);
  }

  /** Place every bone with the pose's matrices (B x 16, column-major, same order as specs). */
  update(matrices) {
    this.matrices.set(matrices);
    for (let b = 0; b < this.meshes.length; b++) {
      const mesh = this.meshes[b];
      mesh.matrix.fromArray(matrices, b * 16);
      mesh.matrixWorld.copy(mesh.matrix);
    }
  }

  /** Per-body uniforms for `camera` (once per drawn frame, before rendering): clip matrices and lights. */
  prepare(camera) {
    const vp = this._vp.multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse);
    const h = this._head.copy(HEAD_DIR).transformDirection(camera.matrixWorld); // headlight, world
    const M = this.matrices;
    const { clip, up, head } = this.bodies;
    for (let b = 0; b < this.meshes.length; b++) {
      const o = b * 16;
      this._m.fromArray(M, o).premultiply(vp).toArray(clip, o);
      // rigid bodies: a world direction in the body frame is R^T v, i.e. dot products with R's columns
      up[b * 3] = M[o + 1]; up[b * 3 + 1] = M[o + 5]; up[b * 3 + 2] = M[o + 9];
      head[b * 3] = M[o] * h.x + M[o + 1] * h.y + M[o + 2] * h.z;
      head[b * 3 + 1] = M[o + 4] * h.x + M[o + 5] * h.y + M[o + 6] * h.z;
      head[b * 3 + 2] = M[o + 8] * h.x + M[o + 9] * h.y + M[o + 10] * h.z;
    }
  }

  /**
   * Bone appearance.
   * @param {number} opacity 0..1 (0 hides the bones)
   * @param {boolean} dimmed a part is selected: mute the bones so it stands out
   * @param {boolean} [context=true] draw the context bones (lower legs and feet); they are opaque
   *   like the others (one draw pass) and told apart by their lighter colour from the payload
   */
  setStyle(opacity, dimmed, context = true) {
    const c = new Color();
    this.meshes.forEach((mesh, b) => {
      const o = mesh.userData.context && !context ? 0 : opacity;
      mesh.visible = o > 0.01;
      mesh.material.opacity = o;
      c.copy(mesh.userData.baseColor);
      if (dimmed) c.lerp(DIM_TOWARDS, 0.45);
      this.styles.set(b, c, null, o);
    });
    showPasses(this.gpu, this.styles);
  }
}
