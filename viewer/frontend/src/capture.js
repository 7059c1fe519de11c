// Pictures and clips of the current view, made in the browser (CONTRACT.md, "Pictures and
// clips"): a PNG of the view at a chosen size (optionally with a transparent background) and a
// GIF of one loop of the motion at the current speed. Both are drawn offscreen into a
// WebGLRenderTarget of the asked size with the view's own camera (its aspect set to the
// picture's for the capture, then restored) and read back at once with readPixels, so the
// canvas needs no preserveDrawingBuffer and the view on screen is not disturbed. The GIF is
// encoded with gifenc, one frame per task (the page stays responsive) with a progress line over
// the 3D view. Nothing here runs while not capturing.
import { Color, Vector2, WebGLRenderTarget } from "three";
import { GIFEncoder, applyPalette, quantize } from "gifenc";
import { CAPTURE } from "./vocab.js";

export const PNG_MAX = CAPTURE.png_max; // largest picture, pixels
export const GIF_MAX = CAPTURE.gif_max; // largest clip
export const GIF_VIEW_MAX = CAPTURE.gif_view_max; // a clip at "view size" is fitted into this
export const FPS_RANGE = CAPTURE.fps_range;
export const DEFAULT_FPS = CAPTURE.default_fps;
export const GIF_MAX_FRAMES = CAPTURE.gif_max_frames;
const PNG_SAMPLES = 4; // multisampled edges for pictures; clips keep the view's aliased look (smaller GIFs)
const TRANSPARENT_THRESHOLD = 127; // a GIF pixel with alpha at or below this is transparent
const BLACK = new Color(0, 0, 0);

/** Largest integer size with the aspect of `w` x `h` inside `max` (never larger than `w` x `h`). */
export function fitSize(w, h, max) {
  const s = Math.min(1, max[0] / w, max[1] / h);
  return [Math.max(1, Math.min(max[0], Math.round(w * s))), Math.max(1, Math.min(max[1], Math.round(h * s)))];
}

/**
 * Frames of a clip of one loop: round(duration_s / speed x fps), at least 2, at most GIF_MAX_FRAMES
 * (1 for a motion of fewer than 2 key frames).
 */
export function gifFrameCount(durationS, speed, fps, keyFrames = 2) {
  if (keyFrames < 2) return 1;
  const n = Math.round((durationS / speed) * fps);
  return Math.min(GIF_MAX_FRAMES, Math.max(2, Number.isFinite(n) ? n : 2));
}

function isInt(x) {
  return Number.isInteger(x);
}

/**
 * Check a request and fill in the view size (width = height = 0) and the defaults.
 * @param {object} options {kind, width, height, transparent, fps}
 * @param {number[]} viewSize the canvas's size in device pixels [w, h]
 * @returns {{kind: string, width: number, height: number, transparent: boolean, fps: number}}
 * @throws {Error} with a message for people when something is out of range
 */
export function resolveOptions(options, viewSize) {
  const o = options || {};
  const kind = o.kind === undefined ? "png" : o.kind;
  if (kind !== "png" && kind !== "gif") throw new Error(`unknown kind ${JSON.stringify(kind)}: use "png" or "gif"`);
  const max = kind === "png" ? PNG_MAX : GIF_MAX;
  const fps = o.fps === undefined || o.fps === null ? DEFAULT_FPS : o.fps;
  if (!isInt(fps) || fps < FPS_RANGE[0] || fps > FPS_RANGE[1]) {
    throw new Error(`the frame rate must be a whole number from ${FPS_RANGE[0]} to ${FPS_RANGE[1]} (got ${fps})`);
  }
  let w = o.width === undefined || o.width === null ? 0 : o.width;
  let h = o.height === undefined || o.height === null ? 0 : o.height;
  if (w === 0 && h === 0) {
    [w, h] = fitSize(Math.max(1, viewSize[0]), Math.max(1, viewSize[1]), kind === "png" ? PNG_MAX : GIF_VIEW_MAX);
  } else if (!isInt(w) || !isInt(h) || w < 1 || h < 1 || w > max[0] || h > max[1]) {
    const what = kind === "png" ? "A PNG picture" : "A GIF clip";
    throw new Error(`${what} must be 1 to ${max[0]} pixels wide and 1 to ${max[1]} high (got ${w}x${h})`);
  }
  return { kind, width: w, height: h, transparent: Boolean(o.transparent), fps };
}

/** Save `blob` as `filename` through a temporary link (the browser's own download). */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // the download has long started by then
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve));

/** Runs the captures of one SceneView (view.js), one at a time. */
export class Capturer {
  /** @param {import("./view.js").SceneView} view */
  constructor(view) {
    this.view = view;
    this._queue = Promise.resolve();
    this._status = null;
    this._disposed = false;
    this._srgb = new Color();
  }

  /**
   * Queue one capture (see resolveOptions); resolves to {blob, width, height, frames, filename, kind}.
   * @param {object} options
   * @returns {Promise<{blob: Blob, width: number, height: number, frames: number, filename: string, kind: string}>}
   */
  capture(options) {
    const job = this._queue.then(() => this._run(options));
    this._queue = job.catch(() => {});
    return job;
  }

  async _run(options) {
    const view = this.view;
    if (this._disposed) throw new Error("the 3D view was closed");
    if (!view.m || !view.motion) throw new Error("the 3D view is not ready yet");
    const size = view.viewport.renderer.getDrawingBufferSize(new Vector2());
    const o = resolveOptions(options, [size.x, size.y]);
    view.root.dataset.capturing = "1";
    try {
      return o.kind === "png" ? await this._png(o) : await this._gif(o);
    } finally {
      delete view.root.dataset.capturing;
      this._showStatus("");
      view._poseFrame = -1; // the view poses its own frame again at its next draw
      if (!this._disposed) view.invalidate();
    }
  }

  _filename(ext) {
    const v = this.view;
    const name = String((v.motion && v.motion.index.name) || "view").toLowerCase().replace(/[^a-z0-9_-]+/g, "-");
    const n = v.player.frames;
    const frame = n > 0 ? Math.round(v.player.frame) % n : 0;
    return `glute-${name}-${frame}.${ext}`;
  }

  async _png(o) {
    this._showStatus(`Saving the picture (${o.width}×${o.height})…`);
    const v = this.view;
    this._pose(v.player.frame);
    const target = new WebGLRenderTarget(o.width, o.height, { samples: PNG_SAMPLES });
    let pixels;
    try {
      pixels = this._shoot(o, target);
    } finally {
      target.dispose();
    }
    const blob = await pngBlob(pixels, o.width, o.height);
    return { kind: "png", blob, width: o.width, height: o.height, frames: 1, filename: this._filename("png") };
  }

  async _gif(o) {
    const v = this.view;
    const keyFrames = v.player.frames;
    const n = gifFrameCount(v.player.duration, v.player.speed, o.fps, keyFrames);
    const start = v.player.frame;
    const step = keyFrames > 0 ? keyFrames / n : 0;
    const delay = Math.round(1000 / o.fps);
    const format = o.transparent ? "rgba4444" : "rgb565";
    const filename = this._filename("gif");
    const gif = GIFEncoder();
    const target = new WebGLRenderTarget(o.width, o.height);
    const { m, motion } = v;
    try {
      for (let i = 0; i < n; i++) {
        this._showStatus(`Making the GIF: frame ${i + 1} of ${n}…`);
        await nextTask(); // let the page breathe (and the status line show) between frames
        if (this._disposed || v.m !== m || v.motion !== motion) {
          throw new Error("the 3D view was closed or its motion changed during the capture");
        }
        this._pose(keyFrames > 0 ? (start + i * step) % keyFrames : 0);
        const rgba = this._shoot(o, target);
        const palette = quantize(rgba, 256, { format, oneBitAlpha: o.transparent ? TRANSPARENT_THRESHOLD : false });
        const index = applyPalette(rgba, palette, format);
        const t = o.transparent ? palette.findIndex((c) => c[3] === 0) : -1;
        gif.writeFrame(index, o.width, o.height,
          { palette, delay, repeat: 0, transparent: t >= 0, transparentIndex: Math.max(t, 0) });
      }
    } finally {
      target.dispose();
    }
    gif.finish();
    const blob = new Blob([gif.bytesView()], { type: "image/gif" });
    return { kind: "gif", blob, width: o.width, height: o.height, frames: n, filename };
  }

  /** Pose, fibres (and the solid muscles) and their colours at `frame` (the view's own code paths). */
  _pose(frame) {
    const m = this.view.m;
    m.pose.update(frame);
    m.bones.update(m.pose.matrices);
    m.fibres.update(m.pose.points);
    if (m.layers.showsVolumes()) m.volumes.update(m.pose.points, m.pose.matrices);
    m.colours.update(frame);
    if (this.view.colorMode !== "anatomical" && m.layers.showsVolumes()) m.volumes.colourFrom(m.fibres);
    this.view._poseFrame = -1;
  }

  /**
   * Draw the scene as posed now into `target` (the asked size) with the view's camera and return
   * its pixels, top row first, RGBA, straight (not premultiplied) alpha, 255 unless transparent.
   * Camera, clear colour and render target are restored before returning (the view may draw
   * between two frames of a clip).
   * @param {{width: number, height: number, transparent: boolean}} o
   * @param {WebGLRenderTarget} target
   * @returns {Uint8ClampedArray}
   */
  _shoot(o, target) {
    const { renderer, scene, camera } = this.view.viewport;
    const { width: w, height: h } = o;
    const clear = renderer.getClearColor(new Color());
    const clearAlpha = renderer.getClearAlpha();
    const previous = renderer.getRenderTarget();
    const { aspect, fov } = camera;
    const raw = new Uint8Array(w * h * 4);
    try {
      // keep the view's framing: a wider picture shows more at the sides, a narrower one widens
      // the vertical field so that everything seen across the view is still in the picture
      const want = w / h;
      if (want < aspect) {
        const half = Math.atan(Math.tan((fov * Math.PI) / 360) * (aspect / want));
        camera.fov = (half * 360) / Math.PI;
      }
      camera.aspect = want;
      camera.updateProjectionMatrix();
      renderer.setRenderTarget(target);
      // a render target gets the clear colour as stored (linear); the canvas gets it in sRGB, as
      // the shaders write their colours (materials.js): clear the target with the sRGB values
      renderer.setClearColor(o.transparent ? BLACK : this._srgb.copy(clear).convertLinearToSRGB(), o.transparent ? 0 : 1);
      renderer.render(scene, camera);
      renderer.readRenderTargetPixels(target, 0, 0, w, h, raw);
    } finally {
      renderer.setRenderTarget(previous);
      renderer.setClearColor(clear, clearAlpha);
      camera.aspect = aspect;
      camera.fov = fov;
      camera.updateProjectionMatrix();
    }
    return toImageRows(raw, w, h, o.transparent);
  }

  _showStatus(text) {
    if (!text) {
      if (this._status) this._status.hidden = true;
      return;
    }
    if (!this._status) {
      const s = document.createElement("div");
      s.className = "gs-capture";
      s.setAttribute("role", "status");
      Object.assign(s.style, {
        position: "absolute", left: "6px", top: "6px", padding: "4px 8px", borderRadius: "4px", zIndex: "3",
        background: "rgba(30, 30, 35, 0.88)", color: "#fff", fontSize: "12px", pointerEvents: "none",
      });
      this.view.stage.appendChild(s);
      this._status = s;
    }
    this._status.hidden = false;
    this._status.textContent = text;
  }

  dispose() {
    this._disposed = true;
    if (this._status) this._status.remove();
    this._status = null;
  }
}

/**
 * GL rows (bottom first, premultiplied where blended over a transparent clear) to image rows
 * (top first, straight alpha); opaque pictures get alpha 255.
 */
export function toImageRows(raw, w, h, transparent) {
  const out = new Uint8ClampedArray(w * h * 4);
  const row = w * 4;
  for (let y = 0; y < h; y++) {
    out.set(raw.subarray((h - 1 - y) * row, (h - y) * row), y * row);
  }
  if (!transparent) {
    for (let i = 3; i < out.length; i += 4) out[i] = 255;
  } else {
    for (let i = 0; i < out.length; i += 4) {
      const a = out[i + 3];
      if (a > 0 && a < 255) {
        const k = 255 / a;
        out[i] *= k; // Uint8ClampedArray rounds and clamps
        out[i + 1] *= k;
        out[i + 2] *= k;
      }
    }
  }
  return out;
}

/** Encode RGBA rows as a PNG blob (through a 2D canvas). */
function pngBlob(rgba, w, h) {
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  canvas.getContext("2d").putImageData(new ImageData(rgba, w, h), 0, 0);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser could not encode the PNG"))),
      "image/png");
  });
}
