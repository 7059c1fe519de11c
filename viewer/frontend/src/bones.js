// Bone meshes: one Mesh per bone (named by bone id), vertices in the bone's body frame,
// placed each frame by the pose's interpolated matrix. Smooth normals come from Python.
import { BufferAttribute, BufferGeometry, Color, Group, Mesh } from "three";
import { VertexLitMaterial } from "./materials.js";

const DIM_TOWARDS = new Color(0xf4f5f7);

export class Bones {
  /**
   * @param {object} arrays decoded assets payload
   * @param {Array<{id: string, body: string, context: boolean, color: string}>} specs index.bones
   */
  constructor(arrays, specs) {
    this.group = new Group();
    this.group.name = "bones";
    this.meshes = [];
    for (const spec of specs) {
      const geometry = new BufferGeometry();
      geometry.setAttribute("position", new BufferAttribute(arrays[`bone/${spec.id}/vertices`].data, 3));
      geometry.setAttribute("normal", new BufferAttribute(arrays[`bone/${spec.id}/normals`].data, 3));
      geometry.setIndex(new BufferAttribute(arrays[`bone/${spec.id}/faces`].data, 1));
      geometry.computeBoundingSphere();
      const material = new VertexLitMaterial({ color: new Color(spec.color) });
      const mesh = new Mesh(geometry, material);
      mesh.name = spec.id;
      mesh.matrixAutoUpdate = false;
      mesh.userData = { boneId: spec.id, baseColor: new Color(spec.color), context: spec.context };
      this.meshes.push(mesh);
      this.group.add(mesh);
    }
  }

  /** Place every bone with the pose's matrices (B x 16, column-major, same order as specs). */
  update(matrices) {
    for (let b = 0; b < this.meshes.length; b++) {
      const mesh = this.meshes[b];
      mesh.matrix.fromArray(matrices, b * 16);
      mesh.matrixWorldNeedsUpdate = true;
    }
  }

  /**
   * Bone appearance.
   * @param {number} opacity 0..1 (0 hides the bones)
   * @param {boolean} dimmed a part is selected: mute the bones so it stands out
   */
  setStyle(opacity, dimmed) {
    for (const mesh of this.meshes) {
      const m = mesh.material;
      const o = mesh.userData.context ? opacity * 0.5 : opacity;
      mesh.visible = o > 0.01;
      const transparent = o < 0.999;
      if (m.transparent !== transparent) m.needsUpdate = true;
      m.transparent = transparent;
      m.opacity = o;
      m.depthWrite = !transparent;
      m.color.copy(mesh.userData.baseColor);
      if (dimmed) m.color.lerp(DIM_TOWARDS, 0.45);
    }
  }
}
