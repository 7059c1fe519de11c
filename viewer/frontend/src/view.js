// SceneView: the whole viewer without Panel. Owns the viewport, the decoded payloads, the
// pose, bones, fibres (and their colour modes), solid muscles, layers, picking, player, overlay, legend,
// narration and keys, and reports what the
// user did through hooks (index.js turns those into model writes). Per drawn frame it
// allocates nothing; DOM text and data attributes are refreshed at a few Hz while playing.
import { Bones } from "./bones.js";
import { Capturer } from "./capture.js";
import { Chip } from "./chip.js";
import { AXES, FibreColours, MODES } from "./colours.js";
import { Fibres } from "./fibres.js";
import { bindKeys } from "./keys.js";
import { Landmarks } from "./landmarks.js";
import { Layers } from "./layers.js";
import { Legend } from "./legend.js";
import { prepareLights } from "./materials.js";
import { Narration } from "./narration.js";
import { OrientationMarker } from "./orientation.js";
import { Overlay } from "./overlay.js";
import { decode } from "./payload.js";
import { Picker } from "./picking.js";
import { Player } from "./player.js";
import { Pose } from "./pose.js";
import { Viewport } from "./renderer.js";
import { Volumes } from "./volume.js";

const UI_INTERVAL_MS = 100; // overlay and data-* refresh while playing (>= 4 Hz by contract)
const LIVE_INTERVAL_MS = 3000; // phase changes while playing reach the live region at most this often
const STEP_SNAP = 0.005; // a frame within this of a whole number is shown as it (2 decimals) and steps from it
export const READY_MARK = "glute-scene:ready";
export const FRAME_EVENT = "glute-scene:frame"; // window event, detail.frame (CONTRACT.md)
const CANVAS_LABEL = "3D view of the pelvis, femurs and gluteal muscle fibres. Drag to orbit, wheel or pinch "
  + "to zoom. Keys: space play or pause, left and right arrows previous and next frame, "
  + "[ and ] previous and next phase.";

export class SceneView {
  /**
   * @param {HTMLElement} parent where the component root goes
   * @param {object} hooks onCommitFrame(f), onPlaying(b), onSelect(id), onHover(id), onCamera(c),
   *   onViewDone(), onSpeed(s), onLoop(b), onColorMode(mode), onActionAxis(axis)
   */
  constructor(parent, hooks) {
    this.hooks = hooks;
    // `root` is the component's own element (Panel's container, div.glute-scene): it carries the
    // data-* attributes of CONTRACT.md; `layout` is the layout inside it.
    this.root = parent;
    this.root.classList.add("glute-scene");
    this.layout = document.createElement("div");
    this.layout.className = "gs-root";
    this.stage = document.createElement("div");
    this.stage.className = "gs-stage";
    this.layout.appendChild(this.stage);
    parent.appendChild(this.layout);
    this.viewport = new Viewport(this.stage, {
      onTick: (now) => this._tick(now),
      onDrawn: () => this._drawn(),
      onCameraEnd: () => hooks.onCamera(this.viewport.getCamera()),
    });
    this.viewport.scene.onBeforeRender = (_renderer, _scene, camera) => {
      prepareLights(camera);
      if (this.m) this.m.bones.prepare(camera);
      if (this.orientation) this.orientation.update(camera); // orientation aids: orientation.js, landmarks.js
      if (this.m && this.landmarks) this.landmarks.update(camera, this.m.bones.matrices, this.m.bones.meshes);
    };
    this.player = new Player({ onState: (reason) => this._playerState(reason) });
    this.overlay = new Overlay(this.layout, this.stage, {
      onPlayToggle: () => (this.player.playing ? this.pause() : this.play()),
      onScrub: (f) => { if (this.player.playing) this.pause(); this.seek(f); },
      onScrubEnd: (f) => { this.seek(f); this._commit(); },
      onSpeed: (s) => { this.player.setSpeed(s); hooks.onSpeed(this.player.speed); },
      onLoop: (b) => { this.player.loop = b; hooks.onLoop(b); },
      onView: (name) => this.setView(name),
      onColorMode: (mode) => { this.setColorMode(mode); hooks.onColorMode(this.colorMode); },
      onActionAxis: (axis) => { this.setColorMode(this.colorMode, axis); hooks.onActionAxis(this.actionAxis); },
    });
    const canvas = this.viewport.canvas;
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", CANVAS_LABEL);
    this.legend = new Legend(this.stage);
    this.orientation = new OrientationMarker(this.stage);
    this.landmarks = new Landmarks(this.stage, [this.legend.box, this.orientation.box]);
    this.chip = new Chip(this.stage, { onClear: () => hooks.onSelect("") }); // the selected part's name
    this.narration = new Narration(this.layout, this.overlay.bar);
    this.colorMode = "anatomical";
    this.actionAxis = "rotation";
    this.root.dataset.colorMode = this.colorMode;
    this._phase = -1; // phase index last seen while playing (announcements)
    this._liveAt = -Infinity; // when a phase change was last announced while playing
    this._unbindKeys = bindKeys(this);
    this.m = null; // {arrays, index, pose, bones, fibres, volumes, layers, picker, colours}
    this.motion = null;
    this._layerState = {};
    this._poseFrame = -1;
    this._uiAt = -Infinity;
    this._fitted = null; // whether the presets were fitted with the lower legs and feet (_fit)
    this._fittedMotion = null;
    this.ready = false;
    this._capturer = null; // made on the first capture
  }

  /** Build bones, fibres and the solid muscles from the assets payload. */
  setAssets(data, index) {
    this._disposeModel();
    const arrays = decode(data, index);
    const K = index.fibres.points_per_fibre;
    const pose = new Pose(arrays, index.bones.length);
    const bones = new Bones(arrays, index.bones);
    const fibres = new Fibres(index.parts, K);
    const volumes = new Volumes(arrays, index.volumes, index.parts, K);
    volumes.setColorMode(this.colorMode !== "anatomical");
    const layers = new Layers(index.parts, index.layers);
    layers.set(this._layerState);
    const names = new Map(index.parts.map((p) => [p.id, p.name]));
    const colours = new FibreColours(fibres);
    colours.setMode(this.colorMode, this.actionAxis);
    const m = { arrays, index, pose, bones, fibres, volumes, layers, names, colours };
    m.picker = new Picker(this.viewport, m, {
      names,
      onHover: (id) => this._hover(id),
      onPick: (id) => this.hooks.onSelect(id),
    });
    for (const g of [bones.group, fibres.group, volumes.group]) this.viewport.scene.add(g);
    this.m = m;
    this.legend.setParts(index);
    this.landmarks.setAssets(index, arrays);
    if (this.landmarks.on) this.setLandmarks(true); // the canvas label names the new labels
    this.chip.set(this.chip.id, names);
    if (this.motion) this._bindMotion();
    this._applyLayers();
    this._refreshLegend();
  }

  /** Take a motion payload (bone transforms per key frame) and its index. */
  setMotion(data, index) {
    const arrays = decode(data, index);
    this.motion = { arrays, index };
    this.player.setMotion(index.frames, index.duration_s);
    this.overlay.setMotion(index);
    this.narration.setFrames(index.frames);
    const activity = index.name === "running"; // the running sentences also say which muscles are active
    this.narration.setKind(activity ? "model + synthesis" : "model", activity
      ? "Lengths and directions computed by the model; active or quiet: the project's synthesis of EMG studies"
      : "Lengths and directions computed by the model");
    this._phase = -1;
    this.root.dataset.motion = index.name || "";
    if (this.m) this._bindMotion();
    this._refreshLegend();
  }

  _bindMotion() {
    this.m.pose.setMotion(this.motion.arrays.bone_transforms);
    this.m.colours.setMotion(this.motion.arrays, this.motion.index);
    this._poseFrame = -1;
    this._refreshPose();
    this._colour(true);
    this._fit();
    this.invalidate();
  }

  // Frame pelvis to feet, tightly, over every key frame of the motion (a swinging leg stays in the
  // picture); without the lower legs and feet (their toggle), what is shown: pelvis, femurs, muscles.
  // Re-fitted on a new motion or that toggle, unless the camera was moved or given.
  _fit() {
    const feet = this.m.layers.state.showLowerLegs !== false;
    if (this._fitted === feet && this._fittedMotion === this.motion) return;
    const shown = this.m.bones.meshes.map((mesh, b) => [mesh, b]).filter(([mesh]) => feet || !mesh.userData.context);
    const extra = [this.m.fibres.meshes[0]];
    if (this.m.layers.showsVolumes()) { // the solid muscles stand out of the bones (medius over the crest)
      this.m.volumes.geometry.computeBoundingBox();
      extra.push(this.m.volumes.pickMesh);
    }
    this.viewport.fitToPoses(shown, this.motion.arrays.bone_transforms, extra);
    this.viewport.refit(); // re-apply the preset in force unless the camera was moved or given
    this._fitted = feet;
    this._fittedMotion = this.motion;
  }

  /**
   * Fibre colours at the current frame, and the solid muscles' from them in the per-fibre modes:
   * only when the fibres' were rewritten (a redraw of the same frame uploads nothing), or `force`d
   * (new assets or motion, another mode, the solids shown again).
   */
  _colour(force = false) {
    const m = this.m;
    const changed = m.colours.update(this.player.frame);
    if ((changed || force) && this.colorMode !== "anatomical" && m.layers.showsVolumes() && this.motion) {
      m.volumes.colourFrom(m.fibres);
    }
  }

  invalidate() {
    this.viewport.invalidate();
  }

  _refreshPose() {
    const m = this.m;
    if (!m || !this.motion || this._poseFrame === this.player.frame) return;
    this._poseFrame = this.player.frame;
    m.pose.update(this.player.frame);
    m.bones.update(m.pose.matrices);
    m.fibres.update(m.pose.points);
    if (m.layers.showsVolumes()) m.volumes.update(m.pose.points, m.pose.matrices);
  }

  _tick(now) {
    const running = this.player.tick(now);
    this._refreshPose();
    if (this.m) this._colour();
    if (!running || now - this._uiAt >= UI_INTERVAL_MS) {
      this._uiAt = now;
      this._refreshUi();
    }
    return running;
  }

  _refreshUi() {
    const f = this.player.frame;
    if (this.motion) {
      this.overlay.update(f);
      this.narration.show(f);
      const phase = this.overlay.currentPhase;
      if (this.player.playing && phase !== this._phase && this._phase >= 0) {
        const now = performance.now();
        if (now - this._liveAt >= LIVE_INTERVAL_MS) {
          this._liveAt = now;
          this.narration.announce(f);
        }
      }
      this._phase = phase;
    }
    const d = this.root.dataset;
    // linked plots (viewer/app/plots.py) move their cursors on this, in the browser only
    if (f !== this._eventFrame) {
      this._eventFrame = f;
      window.dispatchEvent(new CustomEvent(FRAME_EVENT, { detail: { frame: f } }));
    }
    d.frame = this.player.frame.toFixed(2);
    d.playing = this.player.playing ? "1" : "0";
    d.framesDrawn = String(this.viewport.framesDrawn);
  }

  _drawn() {
    if (!this.ready && this.m && this.motion) {
      this.ready = true;
      this.root.dataset.ready = "1";
      if (performance.getEntriesByName(READY_MARK).length === 0) performance.mark(READY_MARK); // first of the page
    }
    if (!this.player.playing) this.root.dataset.framesDrawn = String(this.viewport.framesDrawn);
  }

  _playerState(reason) {
    this.overlay.setPlaying(this.player.playing);
    if (reason === "play") {
      this.invalidate();
    } else {
      this._refreshUi();
      this.narration.announce(this.player.frame);
      if (reason === "end") {
        this.hooks.onPlaying(false);
        this.hooks.onCommitFrame(this.player.frame);
      }
    }
  }

  /** Start playing; tells the hooks (a no-op write when the model asked for it). */
  play() {
    this.player.play();
    this.hooks.onPlaying(this.player.playing);
  }

  /** Pause; the model hears about it and the frame is committed (CONTRACT.md). */
  pause() {
    if (!this.player.playing) return;
    this.player.pause();
    this.hooks.onPlaying(false);
    this.hooks.onCommitFrame(this.player.frame);
  }

  seek(frame) {
    this.player.seek(frame);
    this._refreshUi();
    this.invalidate();
  }

  /** Commit the frame shown (as a pause does) and announce its sentence. */
  _commit() {
    this.hooks.onCommitFrame(this.player.frame);
    this.narration.announce(this.player.frame);
  }

  /** Play or pause (the space key). */
  togglePlay() {
    if (this.player.playing) this.pause();
    else this.play();
  }

  /** Pause and go to the previous (-1) or next (+1) key frame; commits the frame. */
  stepFrame(dir) {
    if (!this.motion) return;
    if (this.player.playing) {
      this.player.pause();
      this.hooks.onPlaying(false);
    }
    // a frame shown as a whole number (data-frame and the bar show 2 decimals) counts as that
    // key frame: from 3.9996 the next key frame is 5, not 4 (an invisible 0.0004 step)
    const f = this.player.frame;
    const n = this.player.frames;
    let target = dir > 0 ? Math.floor(f + STEP_SNAP) + 1 : Math.ceil(f - STEP_SNAP) - 1;
    if (this.player.loop) target = ((target % n) + n) % n;
    this.seek(target);
    this._commit();
  }

  /** Go to the previous (-1) or next (+1) phase start, or quarter of a sweep. */
  stepSection(dir) {
    if (!this.motion) return;
    this.overlay.update(this.player.frame);
    this.overlay.stepSection(dir);
  }

  /** Colour the fibres by `mode` (MODES), the action mode by the moment arm about `axis` (AXES). */
  setColorMode(mode, axis = this.actionAxis) {
    this.colorMode = MODES.includes(mode) ? mode : "anatomical";
    this.actionAxis = AXES.includes(axis) ? axis : this.actionAxis;
    this.root.dataset.colorMode = this.colorMode;
    this.overlay.setColorMode(this.colorMode, this.actionAxis);
    if (this.m) {
      this.m.colours.setMode(this.colorMode, this.actionAxis);
      this.m.volumes.setColorMode(this.colorMode !== "anatomical");
      this._colour(true);
    }
    this._refreshLegend();
    this.invalidate();
  }

  _refreshLegend() {
    const hasData = this.m ? this.m.colours.hasData() : false;
    this.legend.set(this.colorMode, this.actionAxis, this.motion ? this.motion.index : null, hasData);
  }

  /** Show or hide the bone landmark labels (landmarks.js); the canvas's label names them while shown. */
  setLandmarks(on) {
    this.landmarks.setVisible(on);
    this.root.dataset.landmarks = on ? "1" : "0";
    const names = this.landmarks.names();
    this.viewport.canvas.setAttribute("aria-label", names.length
      ? `${CANVAS_LABEL} Bone landmarks labelled: ${names.join(", ")}.` : CANVAS_LABEL);
    this.invalidate();
  }

  /** The sentences of the current motion, one per key frame (may be empty). */
  setNarration(list) {
    this.narration.setSentences(list);
    this.narration.show(this.player.frame);
  }

  setSpeed(s) {
    this.player.setSpeed(s);
    this.overlay.setSpeed(this.player.speed);
  }

  setLoop(b) {
    this.player.loop = Boolean(b);
    this.overlay.setLoop(this.player.loop);
  }

  /** Merge layer state (visibleParts, opacity, isolate, peel, selected, display, showLowerLegs). */
  setLayers(partial) {
    Object.assign(this._layerState, partial);
    if ("selected" in partial) this.root.dataset.selected = partial.selected || "";
    if ("selected" in partial) this.chip.set(partial.selected, this.m && this.m.names);
    this._applyLayers();
  }

  _applyLayers() {
    const m = this.m;
    if (!m) return;
    const hadVolumes = m.layers.showsVolumes();
    m.layers.set(this._layerState);
    if (m.layers.showsVolumes() && !hadVolumes && this.motion) {
      m.volumes.update(m.pose.points, m.pose.matrices);
      this._colour(true);
    }
    m.layers.apply(m.fibres, m.volumes, m.bones);
    this.legend.setVisibleParts(m.layers.state.visibleParts);
    if (this.motion) this._fit(); // the lower legs shown or hidden: frame what is shown
    this.root.dataset.visibleParts = String(m.layers.visibleCount());
    this.invalidate();
  }

  _hover(id) {
    this.root.dataset.hovered = id;
    if (this.m) {
      this._layerState.hovered = id;
      this._applyLayers();
    }
    this.hooks.onHover(id);
  }

  /** Move the camera to a preset; returns whether the name was known. */
  setView(name) {
    const ok = this.viewport.setView(name);
    if (ok) this.hooks.onCamera(this.viewport.getCamera());
    return ok;
  }

  setCamera(value) {
    this.viewport.setCamera(value);
  }

  /**
   * A PNG of the current view or a GIF of one loop of the motion, made offscreen (capture.js).
   * @param {{kind?: string, width?: number, height?: number, transparent?: boolean, fps?: number}} options
   * @returns {Promise<{blob: Blob, width: number, height: number, frames: number, filename: string, kind: string}>}
   */
  capture(options) {
    if (!this._capturer) this._capturer = new Capturer(this);
    return this._capturer.capture(options);
  }

  /** The hooks browser tests use (window.__gluteScene). */
  testApi() {
    return {
      renderer: this.viewport.renderer,
      scene: this.viewport.scene,
      camera: this.viewport.camera,
      view: this,
      pickAt: (x, y) => (this.m ? this.m.picker.pickAt(x, y) : ""),
      screenPositionOf: (id) => (this.m ? this.m.picker.screenPositionOf(id) : null),
      fibreColours: (id) => this._partColours(id, false),
      colourValues: (id) => this._partColours(id, true),
      capture: (options) => this.capture(options),
    };
  }

  /** Colours (linear RGB 0..1, as on the GPU) or values of part `id`'s fibres in fan order; null if unknown. */
  _partColours(id, values) {
    const m = this.m;
    const i = m ? m.fibres.parts.findIndex((p) => p.id === id) : -1;
    if (i < 0) return null;
    if (!values) return m.fibres.coloursOf(i);
    if (this.colorMode === "anatomical") return null;
    const s0 = m.fibres.firstSlot(i);
    const v = Array.from(m.colours.values.subarray(s0, s0 + m.fibres.parts[i].fibres.length));
    return v.map((x) => (Number.isFinite(x) ? x : null));
  }

  _disposeModel() {
    const m = this.m;
    if (!m) return;
    m.picker.dispose();
    for (const g of [m.bones.group, m.fibres.group, m.volumes.group]) this.viewport.scene.remove(g);
    for (const o of [...m.bones.gpu, ...m.bones.meshes, ...m.fibres.meshes, ...m.volumes.meshes]) {
      o.geometry.dispose();
      o.material.dispose();
    }
    this.m = null;
    this.ready = false;
  }

  dispose() {
    if (this._capturer) this._capturer.dispose();
    this._unbindKeys();
    this.narration.dispose();
    this.legend.dispose();
    this.orientation.dispose();
    this.landmarks.dispose();
    this._disposeModel();
    this.viewport.dispose();
    this.layout.remove();
    for (const key of Object.keys(this.root.dataset)) delete this.root.dataset[key];
  }
}
