// The one-file offline page (viewer/export): the same viewer as the app (index.js's render),
// driven by a LocalModel built from the data embedded in the page instead of a Panel model,
// plus the page's own plain-HTML controls (motion, layers, part and info card, colour mode).
// Nothing is fetched: the payloads are base64 text in <script id="glute-data">, the initial
// motion uncompressed (the first frame needs no unpacking), the others zlib-deflated with their
// index and sentences (`meta`) and unpacked on demand with the browser's DecompressionStream.
import { render } from "./index.js";
import { DISPLAYS } from "./vocab.js";
import { LocalModel, base64Buffer, canInflate, payloadBuffer } from "./local_model.js";

const $ = (selector) => document.querySelector(selector);
const $$ = (selector) => Array.from(document.querySelectorAll(selector));

function status(text) {
  const box = $("#gx-status");
  if (!box) return;
  box.textContent = text;
  box.hidden = !text;
}

/** Decoded motions by key; a pending unpack is stored as its promise. */
class MotionStore {
  constructor(entries) {
    this.entries = new Map(entries.map((e) => [e.key, e]));
    this.loaded = new Map();
  }

  has(key) {
    return this.entries.has(key);
  }

  /** Whether `key` can be shown now or after unpacking. */
  available(key) {
    const e = this.entries.get(key);
    return e !== undefined && (e.encoding === "base64" || canInflate());
  }

  /** @returns {Promise<{entry, buffer: ArrayBuffer, index: object, narration: string[]}>} */
  get(key) {
    if (!this.loaded.has(key)) {
      const e = this.entries.get(key);
      this.loaded.set(key, unpack(e));
    }
    return Promise.resolve(this.loaded.get(key));
  }
}

/** The payload of a motion entry and its index and sentences (deflated JSON in `meta`, or plain). */
async function unpack(entry) {
  const [buffer, meta] = await Promise.all([
    payloadBuffer(entry),
    entry.meta
      ? payloadBuffer(entry.meta).then((b) => JSON.parse(new TextDecoder().decode(b)))
      : { index: entry.index, narration: entry.narration },
  ]);
  return { entry, buffer, index: meta.index, narration: meta.narration || [] };
}

function partsOfLayers(index, layers) {
  return index.parts.filter((p) => layers.includes(p.layer)).map((p) => p.id);
}

function showCard(id) {
  let shown = false;
  for (const card of $$("#gx-cards [data-part]")) {
    const match = card.dataset.part === (id || "");
    card.hidden = !match;
    shown = shown || match;
  }
  if (!shown) for (const card of $$('#gx-cards [data-part=""]')) card.hidden = false;
  const select = $("#gx-part");
  if (select && select.value !== (id || "")) select.value = id || "";
}

function showMotion(entry) {
  const source = $("#gx-motion-source");
  if (source) source.textContent = entry.source || "";
  const select = $("#gx-motion");
  if (select && select.value !== entry.key) select.value = entry.key;
  document.body.dataset.motion = entry.key;
}

function showColour(model) {
  const colour = $("#gx-color");
  if (colour && model.color_mode && colour.value !== model.color_mode) colour.value = model.color_mode;
  const axis = $("#gx-axis");
  if (axis && model.action_axis && axis.value !== model.action_axis) axis.value = model.action_axis;
  const row = $("#gx-axis-row");
  if (row) row.hidden = model.color_mode !== "action";
}

async function start() {
  const node = document.getElementById("glute-data");
  const host = document.getElementById("gx-scene");
  if (!node || !host) throw new Error("glute-standalone: the page has no #glute-data or #gx-scene");
  const data = JSON.parse(node.textContent);
  const init = data.initial;
  const store = new MotionStore(data.motions);
  if (!store.available(init.motion)) throw new Error("this browser cannot unpack the motion (it needs DecompressionStream)");
  const first = await store.get(init.motion); // deflated like every motion: unpacked in a few milliseconds
  const assetsIndex = data.assets.index;
  const reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  const model = new LocalModel({
    assets: base64Buffer(data.assets.data),
    assets_index: assetsIndex,
    motion: first.buffer,
    motion_index: first.index,
    frame: 0,
    playing: Boolean(init.playing) && !reduceMotion,
    speed: 1,
    loop: true,
    selected: init.selected || "",
    hovered: "",
    visible_parts: init.visible_parts,
    opacity: init.opacity,
    isolate: false,
    peel: 0,
    display: DISPLAYS[0],
    show_lower_legs: true,
    show_landmarks: false,
    view: init.view || "",
    camera: {},
    color_mode: init.color_mode,
    action_axis: init.action_axis,
    narration: first.narration,
  });
  render({ model, el: host });
  showMotion(first.entry);
  showCard(model.selected);
  showColour(model);

  // motion picker: unpack on demand, then send the motion as Python's load_motion does
  let wanted = init.motion;
  const motionSelect = $("#gx-motion");
  if (motionSelect) {
    for (const option of motionSelect.options) {
      if (!store.available(option.value)) {
        option.disabled = true;
        option.title = "This browser cannot unpack it (needs DecompressionStream)";
      }
    }
    motionSelect.addEventListener("change", async () => {
      const key = motionSelect.value;
      if (!store.has(key)) return;
      wanted = key;
      status("");
      let loaded;
      try {
        loaded = await store.get(key);
      } catch (err) {
        status(`Could not unpack the motion: ${err}`);
        return;
      }
      if (wanted !== key) return; // a later choice won
      const frames = loaded.index.frames;
      model.update({
        motion: loaded.buffer,
        motion_index: loaded.index,
        frame: model.frame <= frames - 1 ? model.frame : 0,
        narration: loaded.narration,
      });
      showMotion(loaded.entry);
    });
  }

  // layers: checkboxes -> visible parts
  const layerBoxes = $$("#gx-layers input[data-layer]");
  for (const box of layerBoxes) {
    box.checked = assetsIndex.parts.some((p) => p.layer === box.dataset.layer && model.visible_parts.includes(p.id));
    box.addEventListener("change", () => {
      const layers = layerBoxes.filter((b) => b.checked).map((b) => b.dataset.layer);
      model.visible_parts = partsOfLayers(assetsIndex, layers);
    });
  }

  // how the muscles are drawn: select -> model.display
  const display = $("#gx-display");
  if (display) display.addEventListener("change", () => { model.display = display.value; });
  // lower legs and feet: checkbox -> model.show_lower_legs
  const legs = $("#gx-lower-legs");
  if (legs) legs.addEventListener("change", () => { model.show_lower_legs = legs.checked; });
  // bone landmark labels: checkbox -> model.show_landmarks (off at start, as in the app)
  const landmarks = $("#gx-landmarks");
  if (landmarks) landmarks.addEventListener("change", () => { model.show_landmarks = landmarks.checked; });

  // part: select <-> model.selected (clicks in the 3D view set it too) -> info card
  const partSelect = $("#gx-part");
  if (partSelect) partSelect.addEventListener("change", () => { model.selected = partSelect.value; });
  model.on("selected", () => showCard(model.selected));

  // colour mode (the component's overlay may change it too)
  const colour = $("#gx-color");
  if (colour) colour.addEventListener("change", () => { model.color_mode = colour.value; });
  const axis = $("#gx-axis");
  if (axis) axis.addEventListener("change", () => { model.action_axis = axis.value; });
  model.on(["color_mode", "action_axis"], () => showColour(model));

  document.body.dataset.ready = "1";
  window.__gluteModel = model;
}

start().catch((err) => {
  status(`The viewer could not start: ${err && err.message ? err.message : err}`);
  throw err;
});
