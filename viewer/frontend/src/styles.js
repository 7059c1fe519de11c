// Per-item styles of a merged mesh (bones: one item per bone; fibres: one per part) and the
// two draw passes that show them: opaque items in one draw call, translucent items (alpha
// below 1) in a second one, blended without depth writes, drawn only while there are any.
// The arrays are shared by both passes' uniforms: setting a style costs no draw call.
import { Mesh } from "three";

export class ItemStyles {
  /** @param {number} count items */
  constructor(count) {
    this.count = count;
    this.color = new Float32Array(count * 3);
    this.emissive = new Float32Array(count * 3);
    this.alpha = new Float32Array(count).fill(1);
  }

  /** Uniforms of one pass (0 opaque, 1 translucent); the arrays are shared, not copied. */
  uniforms(pass) {
    return {
      uItemColor: { value: this.color },
      uItemEmissive: { value: this.emissive },
      uItemAlpha: { value: this.alpha },
      uPass: { value: pass },
    };
  }

  /**
   * Style item `i`.
   * @param {number} i
   * @param {import("three").Color} color linear RGB
   * @param {import("three").Color|null} emissive linear RGB added to the lit colour (null: none)
   * @param {number} alpha 0 hides the item, below 1 draws it in the translucent pass
   */
  set(i, color, emissive, alpha) {
    color.toArray(this.color, i * 3);
    if (emissive) emissive.toArray(this.emissive, i * 3);
    else this.emissive.fill(0, i * 3, i * 3 + 3);
    this.alpha[i] = alpha;
  }

  /** [any opaque item, any translucent item] among the drawn ones. */
  passes() {
    let opaque = false;
    let translucent = false;
    for (const a of this.alpha) {
      if (a >= 0.999) opaque = true;
      else if (a >= 0.01) translucent = true;
    }
    return [opaque, translucent];
  }
}

/**
 * The opaque and the translucent mesh of one merged geometry.
 * @param {import("three").BufferGeometry} geometry
 * @param {(pass: number) => import("three").Material} makeMaterial
 * @param {string} name object name (the translucent mesh gets "<name>/translucent")
 * @param {number} renderOrder of the translucent pass
 * @returns {import("three").Mesh[]} [opaque, translucent]
 */
export function twoPassMeshes(geometry, makeMaterial, name, renderOrder) {
  return [0, 1].map((pass) => {
    const mesh = new Mesh(geometry, makeMaterial(pass));
    mesh.name = pass === 0 ? name : `${name}/translucent`;
    mesh.frustumCulled = false; // items move every frame; the scene is small
    mesh.matrixAutoUpdate = false;
    mesh.renderOrder = pass === 0 ? 0 : renderOrder;
    mesh.raycast = () => {}; // picking works on the items (picking.js), not on the merged mesh
    return mesh;
  });
}

/** Show each pass only when it has something to draw. */
export function showPasses(meshes, styles, visible = true) {
  const [opaque, translucent] = styles.passes();
  meshes[0].visible = visible && opaque;
  meshes[1].visible = visible && translucent;
}
