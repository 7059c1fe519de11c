// src/colours.js (the colour modes of the fibres, CONTRACT.md "Colour modes") and legendText of
// src/legend.js (what the legend says; the Legend class itself needs a DOM). FibreColours writes
// into a real Fibres (src/fibres.js builds its geometry without WebGL), read back with coloursOf.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { AXES, cssGradient, FibreColours, MAPS, MODES, NO_DATA } from "../src/colours.js";
import { Fibres } from "../src/fibres.js";
import { legendText } from "../src/legend.js";

/** Linear RGB of an sRGB "#rrggbb" (IEC 61966-2-1), computed here independently of three.js. */
function linear(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255].map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
}

function close(actual, expected, tol = 1e-5, what = "") {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= tol, `${what}[${i}]: ${a} vs ${expected[i]}`));
}

const GREY = "#d9d9d9";

// two parts: "a" has fibres 1 and 0 (fan order), "b" has fibre 2; 3 fibres, 2 key frames
const PARTS = [
  { id: "glmax1_r", color: "#ff0000", fibres: [1, 0] },
  { id: "glmed2_r", color: "#00ff00", fibres: [2] },
];

/**
 * Decoded motion arrays like payload.decode returns: moment_arms (n, F, 3), stretch (n, F) int16,
 * activation (n, P) uint8 when given.
 */
function motion({ ma, st, act, parts = ["glmax1_r", "glmed2_r"], colour } = {}) {
  const n = 2;
  const F = 3;
  const arrays = {
    moment_arms: { data: Int16Array.from(ma ?? new Array(n * F * 3).fill(0)), shape: [n, F, 3] },
    stretch: { data: Int16Array.from(st ?? new Array(n * F).fill(0)), shape: [n, F] },
  };
  if (act) arrays.activation = { data: Uint8Array.from(act), shape: [n, parts.length] };
  const index = { frames: n, parts, scales: { moment_arms: 1e-5, stretch: 1e-4 } };
  if (colour) index.colour = colour;
  return [arrays, index];
}

function setup(mode, axis, m = motion()) {
  const fibres = new Fibres(PARTS, 4);
  const colours = new FibreColours(fibres);
  colours.setMotion(...m);
  colours.setMode(mode, axis);
  return { fibres, colours };
}

/** Colour of fibre `f` (fibre index) as drawn. */
function colourOfFibre(fibres, f) {
  for (let i = 0; i < fibres.parts.length; i++) {
    const j = Array.from(fibres.parts[i].fibres).indexOf(f);
    if (j >= 0) return fibres.coloursOf(i)[j];
  }
  throw new Error(`no fibre ${f}`);
}

describe("colour tables", () => {
  test("modes, axes and map stops are those of CONTRACT.md", () => {
    assert.deepEqual(MODES, ["anatomical", "action", "stretch", "activation"]);
    assert.deepEqual(AXES, ["flexion", "adduction", "rotation"]); // moment_arms[..., i] order
    assert.deepEqual(MAPS.action, { stops: ["#2166ac", GREY, "#c62828"], diverging: true });
    assert.deepEqual(MAPS.stretch, { stops: ["#5e3c99", GREY, "#e66101"], diverging: true });
    assert.deepEqual(MAPS.activation, { stops: [GREY, "#ef8a62", "#8b0000"], diverging: false });
    assert.equal(NO_DATA, "#a9a9a9");
  });

  test("cssGradient lists the stops low end first", () => {
    assert.equal(cssGradient("action"), "linear-gradient(to right, #2166ac, #d9d9d9, #c62828)");
    assert.equal(cssGradient("activation"), "linear-gradient(to right, #d9d9d9, #ef8a62, #8b0000)");
  });
});

describe("FibreColours", () => {
  test("setMode falls back to anatomical / the current axis and switches the fibres' colour source", () => {
    const { fibres, colours } = setup("anatomical");
    assert.equal(colours.axis, "rotation");
    assert.equal(fibres.colorMode.value, 0);
    assert.equal(colours.setMode("action", "flexion"), true);
    assert.equal(fibres.colorMode.value, 1);
    assert.equal(colours.setMode("action", "flexion"), false, "no change");
    assert.equal(colours.setMode("action", "sideways"), false, "an unknown axis keeps the current one");
    assert.equal(colours.axis, "flexion");
    assert.equal(colours.setMode("rainbow", "flexion"), true);
    assert.equal(colours.mode, "anatomical");
    assert.equal(fibres.colorMode.value, 0);
  });

  test("the anatomical mode and a view without motion write nothing", () => {
    const { colours } = setup("anatomical");
    assert.equal(colours.update(0), false);
    const bare = new FibreColours(new Fibres(PARTS, 4));
    bare.setMode("action", "flexion");
    assert.equal(bare.update(0), false);
    assert.equal(bare.saturation(), 0.04, "default saturation without a motion");
  });

  test("action: the moment arm about the chosen axis, 0 grey, +saturation red, -saturation blue, clamped", () => {
    // frame 0: fibre 0 flexion +4000 (0.04 m), fibre 1 flexion -4000, fibre 2 flexion 0 but adduction 9000
    const ma = [4000, 0, 0, -4000, 0, 0, 0, 9000, 0, /* frame 1 */ 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const { fibres, colours } = setup("action", "flexion", motion({ ma }));
    assert.equal(colours.update(0), true);
    close(colourOfFibre(fibres, 0), linear("#c62828"), 1e-6, "+sat");
    close(colourOfFibre(fibres, 1), linear("#2166ac"), 1e-6, "-sat");
    close(colourOfFibre(fibres, 2), linear(GREY), 1e-2, "zero"); // LUT entry 127.5 -> 128: near the middle stop
    // values are metres, per slot (fan order: fibre 1, fibre 0, fibre 2)
    close(Array.from(colours.values), [-0.04, 0.04, 0], 1e-7, "values");
    colours.setMode("action", "adduction");
    colours.update(0);
    close(Array.from(colours.values), [0, 0, 0.09], 1e-7, "adduction values");
    close(colourOfFibre(fibres, 2), linear("#c62828"), 1e-6, "beyond saturation clamps");
  });

  test("values are interpolated linearly between key frames and the last frame blends into the first", () => {
    const ma = [1000, 0, 0, 0, 0, 0, 0, 0, 0, /* frame 1 */ 3000, 0, 0, 0, 0, 0, 0, 0, 0];
    const { colours } = setup("action", "flexion", motion({ ma }));
    const fibre0 = () => colours.values[1]; // slot 1 is fibre 0
    colours.update(0.25);
    close([fibre0()], [0.015], 1e-7, "0.25");
    colours.update(1);
    close([fibre0()], [0.03], 1e-7, "1");
    colours.update(1.5); // loop: between frame 1 and frame 0
    close([fibre0()], [0.02], 1e-7, "1.5");
    colours.update(-3);
    close([fibre0()], [0.01], 1e-7, "clamped to 0");
    colours.update(7);
    close([fibre0()], [0.01], 1e-6, "clamped just below n: blends back to frame 0");
  });

  test("update rewrites the colours only when the frame, the mode or the motion changed", () => {
    const { fibres, colours } = setup("stretch");
    const uploads = () => fibres.geometry.attributes.aColor.version;
    assert.equal(colours.update(0.5), true);
    const after = uploads();
    assert.equal(colours.update(0.5), false);
    assert.equal(uploads(), after);
    assert.equal(colours.update(0.6), true);
    assert.equal(colours.update(0.6), false);
    colours.setMotion(...motion());
    assert.equal(colours.update(0.6), true);
    colours.setMode("action");
    assert.equal(colours.update(0.6), true);
    assert.ok(uploads() > after);
  });

  test("stretch: lengthening orange, shortening purple, saturating at the motion's own scale", () => {
    // stretch int16 x 1e-4: fibre 0 +0.2, fibre 1 -0.2, fibre 2 +0.1
    const st = [2000, -2000, 1000, 0, 0, 0];
    const { fibres, colours } = setup("stretch", undefined, motion({ st, colour: { scales: { stretch: 0.2 } } }));
    assert.equal(colours.saturation(), 0.2);
    colours.update(0);
    close(colourOfFibre(fibres, 0), linear("#e66101"), 1e-6, "lengthening");
    close(colourOfFibre(fibres, 1), linear("#5e3c99"), 1e-6, "shortening");
    close(Array.from(colours.values), [-0.2, 0.2, 0.1], 1e-7, "values");
    // half the saturation: 3/4 along the diverging map, between grey and orange in sRGB
    const mid = colourOfFibre(fibres, 2);
    const [g, o] = [linear(GREY), linear("#e66101")];
    mid.forEach((c, i) => assert.ok(c > Math.min(g[i], o[i]) - 1e-6 && c < Math.max(g[i], o[i]) + 1e-6));
  });

  test("the default saturations are CONTRACT.md's when the motion names none", () => {
    const { colours } = setup("action", "rotation");
    assert.equal(colours.saturation(), 0.04);
    colours.setMode("stretch");
    assert.equal(colours.saturation(), 0.3);
    colours.setMode("activation");
    assert.equal(colours.saturation(), 1);
  });

  test("activation: each fibre by its part's intensity, parts matched by id, a missing part quiet", () => {
    // index.parts in another order than the fibres' parts; glmin1_r is not drawn; glmax1_r is absent
    const act = [255, 0, 128, /* frame 1 */ 0, 0, 0];
    const m = motion({ act, parts: ["glmed2_r", "glmin1_r", "glmax3_r"] });
    const { fibres, colours } = setup("activation", undefined, m);
    assert.equal(colours.hasData(), true);
    colours.update(0);
    close(colourOfFibre(fibres, 2), linear("#8b0000"), 1e-6, "glmed2_r fully active");
    close(colourOfFibre(fibres, 0), linear(GREY), 1e-6, "glmax1_r not in the table: quiet");
    close(Array.from(colours.values), [0, 0, 1], 1e-7, "values");
    colours.update(0.5);
    close(Array.from(colours.values), [0, 0, 0.5], 1e-7, "halfway to frame 1");
    // intensity 0.5 sits on the middle stop of the three-stop map (sRGB interpolation)
    close(colourOfFibre(fibres, 2), linear("#ef8a62"), 1e-2, "intensity 0.5");
  });

  test("a mode without data falls back to the anatomical colours and reports NaN values", () => {
    const { fibres, colours } = setup("activation"); // motion without activation
    assert.equal(colours.hasData(), false);
    assert.equal(fibres.colorMode.value, 0, "part colours, not the no-data grey");
    assert.equal(colours.update(0), true);
    assert.equal(fibres.colorMode.value, 0);
    assert.ok(Array.from(colours.values).every(Number.isNaN));
    colours.setMotion(...motion({ act: [255, 0, 128, 0, 0, 0], parts: ["glmed2_r", "glmin1_r", "glmax3_r"] }));
    assert.equal(colours.hasData(), true);
    assert.equal(fibres.colorMode.value, 1, "a motion with the data colours per fibre again");
  });
});

describe("legendText", () => {
  const index = {
    colour: {
      scales: { moment_arm_m: 0.05, stretch: 0.25 },
      sources: { action: "moment arms: MyoLeg", stretch: "fibre lengths: MyoLeg", activation: "timing table" },
    },
  };

  test("action: the axis names the two ends and the title; the scale is in mm", () => {
    const ends = {
      flexion: ["extension", "flexion"],
      adduction: ["abduction", "adduction"],
      rotation: ["external rotation", "internal rotation"],
    };
    for (const [axis, pair] of Object.entries(ends)) {
      const t = legendText("action", axis, index, true);
      assert.deepEqual(t.ends, pair, axis);
      assert.match(t.title, /^Action: .* moment arm of each fibre$/);
    }
    assert.equal(legendText("action", "flexion", index, true).title,
      "Action: flexion\u2013extension moment arm of each fibre");
    const t = legendText("action", "rotation", index, true);
    assert.equal(t.scale, "full colour at \u00B150 mm");
    assert.equal(t.source, "Source: moment arms: MyoLeg");
    assert.equal(t.gradient, cssGradient("action"));
    assert.equal(legendText("action", "rotation", null, true).scale, "full colour at \u00B140 mm", "default");
  });

  test("stretch: shortening to lengthening, the scale in percent", () => {
    const t = legendText("stretch", "rotation", index, true);
    assert.deepEqual(t.ends, ["shortening", "lengthening"]);
    assert.equal(t.scale, "full colour at \u00B125 %");
    assert.equal(t.gradient, cssGradient("stretch"));
    assert.equal(legendText("stretch", "rotation", {}, true).scale, "full colour at \u00B130 %", "default");
    assert.equal(legendText("stretch", "rotation", {}, true).source, "", "no source line without a source");
  });

  test("activation: quiet to fully active, or a note and the no-data grey when the motion has none", () => {
    const t = legendText("activation", "rotation", index, true);
    assert.deepEqual(t.ends, ["quiet", "fully active"]);
    assert.equal(t.scale, "colour = activity only, not how sure it is");
    assert.equal(t.source, "Source: timing table");
    assert.equal(t.note, "");
    const none = legendText("activation", "rotation", index, false);
    assert.equal(none.gradient, NO_DATA);
    assert.match(none.note, /covers running only/);
    assert.match(none.note, /anatomical colours/, "says what the fibres show instead");
    assert.equal(none.source, "");
    assert.deepEqual(none.ends, ["", ""]);
  });
});
