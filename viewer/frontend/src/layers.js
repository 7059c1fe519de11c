// Layer state -> what is drawn and how: visibility per part, opacity per layer and for the
// bones, isolate, peel (superficial -> deep), selection highlight with the rest dimmed, and
// what is drawn of each muscle (display: solid volumes, fibre lines or both). Pure bookkeeping
// over materials; called on state changes, not per frame.
import { Color } from "three";
import { SEE_THROUGH_OPACITY } from "./volume.js";
import { DISPLAYS } from "./vocab.js";

const DIMMED = 0.22; // opacity factor of the parts that are not selected
const HIGHLIGHT = 0.45; // emissive share of the selected part's own colour
const HOVER = 0.2;

export class Layers {
  /**
   * @param {Array<{id: string, layer: string}>} parts index.parts
   * @param {string[]} layerOrder index.layers, superficial to deep
   */
  constructor(parts, layerOrder) {
    this.layerOf = new Map(parts.map((p) => [p.id, p.layer]));
    this.depthOf = new Map(parts.map((p) => [p.id, layerOrder.indexOf(p.layer)]));
    this.state = {
      visibleParts: new Set(parts.map((p) => p.id)),
      opacity: {},
      isolate: false,
      peel: 0,
      selected: "",
      hovered: "",
      display: DISPLAYS[0],
      showLowerLegs: true,
    };
    this._glow = new Color();
  }

  /** Merge a partial state ({visibleParts: string[] | Set, opacity, isolate, peel, ...}). */
  set(partial) {
    const s = this.state;
    for (const [key, value] of Object.entries(partial)) {
      if (value === undefined || value === null) continue;
      if (key === "visibleParts") s.visibleParts = new Set(value);
      else if (key === "display") s.display = DISPLAYS.includes(value) ? value : DISPLAYS[0];
      else if (key === "peel") s.peel = Math.max(0, Math.min(2, Math.round(Number(value) || 0)));
      else s[key] = value;
    }
  }

  /** Whether part `id` is drawn under the current state. */
  isVisible(id) {
    const s = this.state;
    if (!this.layerOf.has(id) || !s.visibleParts.has(id)) return false;
    if (this.depthOf.get(id) < s.peel) return false;
    if (s.isolate && s.selected && this.layerOf.has(s.selected) && id !== s.selected) return false;
    return this.opacityOf(id) > 0.01;
  }

  /** Layer opacity of part `id` (1 when not given). */
  opacityOf(id) {
    const v = this.state.opacity[this.layerOf.get(id)];
    return Number.isFinite(v) ? Math.max(0, Math.min(1, v)) : 1;
  }

  /** Number of parts drawn. */
  visibleCount() {
    let n = 0;
    for (const id of this.layerOf.keys()) if (this.isVisible(id)) n += 1;
    return n;
  }

  /** Whether the fibre lines are drawn (display "fibres" or "both"). */
  showsFibres() {
    return this.state.display !== "muscles";
  }

  /** Whether the solid muscles are drawn (display "muscles" or "both"). */
  showsVolumes() {
    return this.state.display !== "fibres";
  }

  /** Apply the state to the fibres (per part), the solid muscles and the bones. */
  apply(fibres, volumes, bones) {
    const s = this.state;
    const selected = this.layerOf.has(s.selected) ? s.selected : "";
    const glow = this._glow;
    for (let i = 0; i < fibres.parts.length; i++) {
      const part = fibres.parts[i];
      const id = part.id;
      const visible = this.isVisible(id);
      let opacity = this.opacityOf(id);
      let emissive = null;
      let share = 0; // the highlight as a share of the colour (per fibre in the colour modes)
      if (selected && id === selected) {
        opacity = Math.max(opacity, 0.9);
        share = HIGHLIGHT;
      } else if (selected) {
        opacity *= DIMMED;
      } else if (id === s.hovered) {
        share = HOVER;
      }
      if (share > 0) emissive = glow.copy(part.baseColor).multiplyScalar(share);
      fibres.setStyle(i, visible && this.showsFibres(), opacity, emissive, share);
      const alpha = Math.min(1, opacity) * (this.showsFibres() ? SEE_THROUGH_OPACITY : 1);
      volumes.setStyle(i, visible && this.showsVolumes(), alpha, emissive, share);
    }
    fibres.commitStyles();
    volumes.commitStyles();
    bones.setStyle(Number.isFinite(s.opacity.bones) ? Math.max(0, Math.min(1, s.opacity.bones)) : 1, Boolean(selected),
      s.showLowerLegs !== false);
  }
}
