// SceneView: the whole viewer without Panel. Owns the viewport, the decoded payloads, the
// pose, bones, fibres, bellies, layers, picking, player and overlay, and reports what the
// user did through hooks (index.js turns those into model writes). Per drawn frame it
// allocates nothing; DOM text and data attributes are refreshed at a few Hz while playing.
import { Bellies } from "./belly.js";
import { Bones } from "./bones.js";
import { Fibres } from "./fibres.js";
import { Layers } from "./layers.js";
import { prepareLights } from "./materials.js";
import { Overlay } from "./overlay.js";
import { decode } from "./payload.js";
import { Picker } from "./picking.js";
import { Player } from "./player.js";
import { Pose } from "./pose.js";
import { Viewport } from "./renderer.js";

const UI_INTERVAL_MS = 100; // overlay and data-* refresh while playing (>= 4 Hz by contract)
export const READY_MARK = "glute-scene:ready";

export class SceneView {
  /**
   * @param {HTMLElement} parent where the component root goes
   * @param {object} hooks onCommitFrame(f), onPlaying(b), onSelect(id), onHover(id), onCamera(c),
   *   onViewDone(), onSpeed(s), onLoop(b)
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
    };
    this.player = new Player({ onState: (reason) => this._playerState(reason) });
    this.overlay = new Overlay(this.layout, this.stage, {
      onPlayToggle: () => (this.player.playing ? this.pause() : this.play()),
      onScrub: (f) => { if (this.player.playing) this.pause(); this.seek(f); },
      onScrubEnd: (f) => { this.seek(f); hooks.onCommitFrame(this.player.frame); },
      onSpeed: (s) => { this.player.setSpeed(s); hooks.onSpeed(this.player.speed); },
      onLoop: (b) => { this.player.loop = b; hooks.onLoop(b); },
      onView: (name) => this.setView(name),
    });
    this.m = null; // {arrays, index, pose, bones, fibres, bellies, layers, picker}
    this.motion = null;
    this._layerState = {};
    this._poseFrame = -1;
    this._uiAt = -Infinity;
    this._fitted = false;
    this.ready = false;
  }

  /** Build bones, fibres and bellies from the assets payload. */
  setAssets(data, index) {
    this._disposeModel();
    const arrays = decode(data, index);
    const K = index.fibres.points_per_fibre;
    const pose = new Pose(arrays, index.bones.length);
    const bones = new Bones(arrays, index.bones);
    const fibres = new Fibres(index.parts, K);
    const bellies = new Bellies(index.parts, K);
    const layers = new Layers(index.parts, index.layers);
    layers.set(this._layerState);
    const names = new Map(index.parts.map((p) => [p.id, p.name]));
    const m = { arrays, index, pose, bones, fibres, bellies, layers, names };
    m.picker = new Picker(this.viewport, m, {
      names,
      onHover: (id) => this._hover(id),
      onPick: (id) => this.hooks.onSelect(id),
    });
    for (const g of [bones.group, fibres.group, bellies.group]) this.viewport.scene.add(g);
    this.m = m;
    if (this.motion) this._bindMotion();
    this._applyLayers();
  }

  /** Take a motion payload (bone transforms per key frame) and its index. */
  setMotion(data, index) {
    const arrays = decode(data, index);
    this.motion = { arrays, index };
    this.player.setMotion(index.frames, index.duration_s);
    this.overlay.setMotion(index);
    this.root.dataset.motion = index.name || "";
    if (this.m) this._bindMotion();
  }

  _bindMotion() {
    this.m.pose.setMotion(this.motion.arrays.bone_transforms);
    this._poseFrame = -1;
    this._refreshPose();
    if (!this._fitted) {
      // frame the pelvis and the muscles; the femoral shafts may leave the picture
      const core = this.m.bones.meshes.filter((b) => !b.name.startsWith("femur") && !b.userData.context);
      this.viewport.fitTo([...core, this.m.fibres.meshes[0]]);
      this.viewport.refit(); // re-apply the preset in force unless the camera was moved or given
      this._fitted = true;
    }
    this.invalidate();
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
    if (m.layers.state.showBelly) m.bellies.update(m.pose.points);
  }

  _tick(now) {
    const running = this.player.tick(now);
    this._refreshPose();
    if (!running || now - this._uiAt >= UI_INTERVAL_MS) {
      this._uiAt = now;
      this._refreshUi();
    }
    return running;
  }

  _refreshUi() {
    if (this.motion) this.overlay.update(this.player.frame);
    const d = this.root.dataset;
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

  setSpeed(s) {
    this.player.setSpeed(s);
    this.overlay.setSpeed(this.player.speed);
  }

  setLoop(b) {
    this.player.loop = Boolean(b);
    this.overlay.setLoop(this.player.loop);
  }

  /** Merge layer state (visibleParts, opacity, isolate, peel, selected, showBelly). */
  setLayers(partial) {
    Object.assign(this._layerState, partial);
    if ("selected" in partial) this.root.dataset.selected = partial.selected || "";
    this._applyLayers();
  }

  _applyLayers() {
    const m = this.m;
    if (!m) return;
    const wasBelly = m.layers.state.showBelly;
    m.layers.set(this._layerState);
    if (m.layers.state.showBelly && !wasBelly && this.motion) m.bellies.update(m.pose.points);
    m.layers.apply(m.fibres, m.bellies, m.bones);
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

  /** The hooks browser tests use (window.__gluteScene). */
  testApi() {
    return {
      renderer: this.viewport.renderer,
      scene: this.viewport.scene,
      camera: this.viewport.camera,
      view: this,
      pickAt: (x, y) => (this.m ? this.m.picker.pickAt(x, y) : ""),
      screenPositionOf: (id) => (this.m ? this.m.picker.screenPositionOf(id) : null),
    };
  }

  _disposeModel() {
    const m = this.m;
    if (!m) return;
    m.picker.dispose();
    for (const g of [m.bones.group, m.fibres.group, m.bellies.group]) this.viewport.scene.remove(g);
    for (const o of [...m.bones.gpu, ...m.bones.meshes, ...m.fibres.meshes, ...m.bellies.meshes]) {
      o.geometry.dispose();
      o.material.dispose();
    }
    this.m = null;
    this.ready = false;
  }

  dispose() {
    this._disposeModel();
    this.viewport.dispose();
    this.layout.remove();
    for (const key of Object.keys(this.root.dataset)) delete this.root.dataset[key];
  }
}
