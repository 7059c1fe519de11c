// The words and limits shared with Python: one source, viewer/vocab.json, read here and by
// viewer/vocab.py. esbuild inlines the JSON into the bundles; Node reads it in the unit tests.
import vocab from "../../vocab.json" with { type: "json" };

/** Fibre colour modes, in menu order: [{id, label, short}]. */
export const COLOUR_MODES = vocab.colour_modes;
/** Colour mode ids. */
export const MODES = COLOUR_MODES.map((m) => m.id);
/** How the muscles are drawn, in menu order: [{id, label, short}] (the first is the default). */
export const DISPLAY_MODES = vocab.display_modes;
/** Display mode ids ("both", "muscles", "fibres"). */
export const DISPLAYS = DISPLAY_MODES.map((m) => m.id);
/** Hip axes of the action colours, in the order of the moment-arm arrays: [{id, short, readout, legend, ends}]. */
export const ACTION_AXES = vocab.action_axes;
/** Axis ids ("flexion", "adduction", "rotation"). */
export const AXES = ACTION_AXES.map((a) => a.id);
/** Where the colour maps saturate when a motion does not say: moment arm (m), stretch (fraction). */
export const DEFAULT_SATURATION = vocab.colour_saturation;
/** Camera presets: [{id, label, short, direction, up}], direction from the target to the camera. */
export const CAMERA_PRESETS = vocab.camera_presets;
/** Picture and clip limits: {png_max, gif_max, gif_view_max, fps_range, default_fps, gif_max_frames}. */
export const CAPTURE = vocab.capture;
/** Playback speeds offered. */
export const SPEEDS = vocab.speeds;
/** The page's accent colour and the 3D view's background. */
export const ACCENT = vocab.accent;
export const BACKGROUND = vocab.background;
