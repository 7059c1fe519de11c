// The only file that touches the Panel model (CONTRACT.md): it mirrors the params into a
// SceneView and writes back the small state the user changes in the browser. Nothing is
// written per frame: `frame` on pause / end of a scrub, `camera` at the end of a drag.
import { download } from "./capture.js";
import { matches } from "./payload.js";
import { SceneView } from "./view.js";

const live = new Set(); // views of this page, to free the GPU when Panel re-renders

function sameList(a, b) {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
}

export function render({ model, el }) {
  for (const v of live) {
    if (!v.layout.isConnected) {
      v.dispose();
      live.delete(v);
    }
  }
  const set = (name, value) => {
    if (model[name] !== value) model[name] = value;
  };
  const view = new SceneView(el, {
    onCommitFrame: (f) => set("frame", Math.round(f * 1000) / 1000),
    onPlaying: (b) => set("playing", b),
    onSelect: (id) => {
      view.setLayers({ selected: id });
      set("selected", id);
    },
    onHover: (id) => set("hovered", id),
    onCamera: (c) => {
      const old = model.camera || {};
      if (!sameList(old.position, c.position) || !sameList(old.target, c.target)) model.camera = c;
    },
    onSpeed: (s) => set("speed", s),
    onLoop: (b) => set("loop", b),
    onColorMode: (mode) => set("color_mode", mode),
    onActionAxis: (axis) => set("action_axis", axis),
  });
  live.add(view);

  // binary payloads: the bytes and their index arrive as separate changes; apply each pair once
  const applied = { assets: null, assets_index: null, motion: null, motion_index: null };
  let scheduled = false;
  const syncPayloads = () => {
    scheduled = false;
    if (
      (model.assets !== applied.assets || model.assets_index !== applied.assets_index) &&
      matches(model.assets, model.assets_index)
    ) {
      applied.assets = model.assets;
      applied.assets_index = model.assets_index;
      view.setAssets(model.assets, model.assets_index);
    }
    if (
      (model.motion !== applied.motion || model.motion_index !== applied.motion_index) &&
      matches(model.motion, model.motion_index)
    ) {
      applied.motion = model.motion;
      applied.motion_index = model.motion_index;
      view.setMotion(model.motion, model.motion_index);
      view.seek(model.frame);
    }
  };
  const schedulePayloads = () => {
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(syncPayloads);
    }
  };

  const layers = () => ({
    visibleParts: model.visible_parts,
    opacity: model.opacity || {},
    isolate: model.isolate,
    peel: model.peel,
    selected: model.selected || "",
    display: model.display,
    showLowerLegs: model.show_lower_legs !== false,
  });
  const applyView = () => {
    if (model.view && view.setView(model.view)) model.view = "";
  };

  // initial state
  syncPayloads();
  view.setLayers(layers());
  view.setSpeed(model.speed);
  view.setLoop(model.loop);
  view.setColorMode(model.color_mode, model.action_axis);
  view.setNarration(model.narration);
  view.setLandmarks(Boolean(model.show_landmarks));
  view.setCamera(model.camera);
  applyView();
  // prefers-reduced-motion: the view starts paused (the user presses play), as the exported page does
  const reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  if (model.playing && reduceMotion) set("playing", false);
  else if (model.playing) view.play();

  model.on(["assets", "assets_index", "motion", "motion_index"], schedulePayloads);
  model.on("visible_parts", () => view.setLayers({ visibleParts: model.visible_parts }));
  model.on("opacity", () => view.setLayers({ opacity: model.opacity || {} }));
  model.on("isolate", () => view.setLayers({ isolate: model.isolate }));
  model.on("peel", () => view.setLayers({ peel: model.peel }));
  model.on("selected", () => view.setLayers({ selected: model.selected || "" }));
  model.on("display", () => view.setLayers({ display: model.display }));
  model.on("show_lower_legs", () => view.setLayers({ showLowerLegs: model.show_lower_legs !== false }));
  model.on("speed", () => view.setSpeed(model.speed));
  model.on("loop", () => view.setLoop(model.loop));
  model.on(["color_mode", "action_axis"], () => view.setColorMode(model.color_mode, model.action_axis));
  model.on("narration", () => view.setNarration(model.narration));
  model.on("show_landmarks", () => view.setLandmarks(Boolean(model.show_landmarks)));
  model.on("frame", () => {
    if (Math.abs(model.frame - view.player.frame) > 1e-3) view.seek(model.frame);
  });
  model.on("playing", () => (model.playing ? view.play() : view.pause()));
  model.on("camera", () => view.setCamera(model.camera));
  model.on("view", applyView);
  // pictures and clips (CONTRACT.md): each new `capture` id once, the file saved by the browser
  let captureId = model.capture ? model.capture.id : undefined; // one already there is not re-run
  model.on("capture", () => {
    const request = model.capture || {};
    if (request.id === undefined || request.id === captureId) return;
    captureId = request.id;
    view.capture(request).then(
      (r) => {
        download(r.blob, r.filename);
        model.capture_done = { id: request.id, kind: r.kind, width: r.width, height: r.height, frames: r.frames,
          bytes: r.blob.size, filename: r.filename };
      },
      (err) => {
        model.capture_done = { id: request.id, error: String((err && err.message) || err) };
      },
    );
  });
  model.on("remove", () => {
    view.dispose();
    live.delete(view);
  });

  window.__gluteScene = view.testApi();
}
