// The evidence shown with the activation colours (issue 16): mapColour of src/colours.js (the
// legend's timeline draws an intensity in the fibres' colour), timelinePieces and legendText of
// src/legend.js (the on/off bars with hatched uncertain edges, the kind badge of the source line).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { MAPS, mapColour } from "../src/colours.js";
import { legendText, timelinePieces } from "../src/legend.js";

describe("mapColour", () => {
  test("the ends and the middle are the map's stops", () => {
    assert.equal(mapColour("activation", 0), MAPS.activation.stops[0]);
    assert.equal(mapColour("activation", 0.5), MAPS.activation.stops[1]);
    assert.equal(mapColour("activation", 1), MAPS.activation.stops[2]);
  });
  test("clamps outside [0, 1] and treats NaN as 0", () => {
    assert.equal(mapColour("activation", 2), MAPS.activation.stops[2]);
    assert.equal(mapColour("activation", -1), MAPS.activation.stops[0]);
    assert.equal(mapColour("activation", NaN), MAPS.activation.stops[0]);
  });
  test("interpolates in sRGB between stops", () => {
    // #d9d9d9 -> #ef8a62 a quarter of the way: halfway between the first two stops
    const mid = (a, b) => Math.round((parseInt(a, 16) + parseInt(b, 16)) / 2);
    const expected = "#" + [[0xd9, 0xef], [0xd9, 0x8a], [0xd9, 0x62]]
      .map(([a, b]) => Math.round((a + b) / 2).toString(16).padStart(2, "0")).join("");
    assert.equal(mid("10", "20"), 24);
    assert.equal(mapColour("activation", 0.25), expected);
  });
});

const span = (pieces, kind) => pieces.filter((p) => p.kind === kind).reduce((s, p) => s + p.to - p.from, 0);

describe("timelinePieces", () => {
  test("an interval inside the cycle: certain middle, hatched edges centred on onset and offset", () => {
    const p = timelinePieces({ start: 0.2, end: 0.6, onset_uncertainty: 0.05, offset_uncertainty: 0.1 });
    assert.deepEqual(p.map((x) => x.kind), ["on", "unc", "unc"]);
    assert.ok(Math.abs(p[0].from - 0.25) < 1e-9 && Math.abs(p[0].to - 0.5) < 1e-9);
    assert.ok(Math.abs(p[1].from - 0.15) < 1e-9 && Math.abs(p[1].to - 0.25) < 1e-9);
    assert.ok(Math.abs(p[2].from - 0.5) < 1e-9 && Math.abs(p[2].to - 0.7) < 1e-9);
  });
  test("a wrapping interval (85 % -> 30 %) is split at the end of the cycle", () => {
    const p = timelinePieces({ start: 0.85, end: 0.3, onset_uncertainty: 0.1, offset_uncertainty: 0.1 });
    for (const x of p) assert.ok(x.from >= 0 && x.to <= 1 + 1e-9 && x.to > x.from, JSON.stringify(x));
    assert.ok(Math.abs(span(p, "on") - 0.25) < 1e-9); // 45 % long, 10 % off each edge
    assert.ok(Math.abs(span(p, "unc") - 0.4) < 1e-9); // +-10 % at each edge
  });
  test("no uncertainty: one solid piece", () => {
    const p = timelinePieces({ start: 0.1, end: 0.3, onset_uncertainty: 0, offset_uncertainty: 0 });
    assert.equal(p.length, 1);
    assert.equal(p[0].kind, "on");
  });
});

describe("legendText kinds and timeline", () => {
  const index = {
    colour: {
      sources: { action: "moment arms: M", activation: "synthesis from S" },
      kinds: { action: "model", stretch: "model", activation: "synthesis" },
      activation: { rows: [{ layer: "gluteus_minimus", name: "Gluteus minimus", evidence: "x", intervals: [] }] },
    },
  };
  test("the source line carries the mode's kind", () => {
    assert.equal(legendText("action", "rotation", index, true).kind, "model");
    assert.equal(legendText("activation", "rotation", index, true).kind, "synthesis");
  });
  test("the activation legend has the timeline; no data: none", () => {
    assert.equal(legendText("activation", "rotation", index, true).timeline, index.colour.activation);
    assert.equal(legendText("activation", "rotation", index, false).timeline, null);
    assert.equal(legendText("anatomical", "rotation", index, true).kind, "");
  });
});
