// Real payloads written by Python (viewer.component.payload.encode_assets / encode_motion), decoded
// by src/payload.js and used by src/pose.js and src/colours.js as the view does. Run by
// tests/unit/test_frontend_js.py, which writes the payloads and what Python put in them to the
// folder named by GLUTE_PAYLOAD_FIXTURE; skipped in a plain `npm test` (no such folder).
//
// The folder holds assets.bin / assets.json, motion.bin / motion.json (blob and index) and
// expected.json: {"assets" | "motion": {name: {"dtype", "shape", "values" (flat)}},
// "fibre_points": (n, F, K, 3) nested lists, "moment_arms" (n, F, 3) and "stretch" (n, F) in
// physical units before quantising}.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { FibreColours } from "../src/colours.js";
import { Fibres } from "../src/fibres.js";
import { decode, matches } from "../src/payload.js";
import { Pose } from "../src/pose.js";
import { Volumes } from "../src/volume.js";

const DIR = process.env.GLUTE_PAYLOAD_FIXTURE;
const skip = DIR ? false : "GLUTE_PAYLOAD_FIXTURE is not set (tests/unit/test_frontend_js.py sets it)";

const TYPE = {
  float32: Float32Array, uint32: Uint32Array, int32: Int32Array, uint16: Uint16Array,
  int16: Int16Array, uint8: Uint8Array, int8: Int8Array,
};

function load(name) {
  const file = readFileSync(join(DIR, `${name}.bin`)); // a Node Buffer (a Uint8Array view)
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength); // as Bokeh hands it
  return { file, buffer, index: JSON.parse(readFileSync(join(DIR, `${name}.json`), "utf8")) };
}

function maxError(actual, expected) {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

describe("payloads written by Python", { skip }, () => {
  const expected = DIR ? JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) : {};
  const assets = DIR ? load("assets") : null;
  const motion = DIR ? load("motion") : null;

  for (const kind of ["assets", "motion"]) {
    test(`${kind}: every array decodes to Python's dtype, shape and values`, () => {
      const { file, buffer, index } = kind === "assets" ? assets : motion;
      assert.equal(matches(buffer, index), true);
      assert.equal(matches(file, index), true);
      assert.equal(matches(buffer.slice(4), index), false);
      const want = expected[kind];
      assert.ok(Object.keys(want).length >= 3, "the fixture has arrays");
      for (const data of [buffer, file]) {
        const out = decode(data, index);
        assert.deepEqual(Object.keys(out).sort(), Object.keys(want).sort());
        for (const [name, spec] of Object.entries(want)) {
          assert.ok(out[name].data instanceof TYPE[spec.dtype], `${name}: ${spec.dtype}`);
          assert.deepEqual(out[name].shape, spec.shape, `${name} shape`);
          assert.equal(out[name].data.length, spec.values.length, `${name} length`);
          for (let i = 0; i < spec.values.length; i++) {
            if (out[name].data[i] !== spec.values[i]) {
              assert.fail(`${name}[${i}]: JS read ${out[name].data[i]}, Python wrote ${spec.values[i]}`);
            }
          }
        }
      }
    });
  }

  test("the pose at each key frame puts the fibre points where Python's scene has them", () => {
    const a = decode(assets.buffer, assets.index);
    const m = decode(motion.buffer, motion.index);
    const pose = new Pose(a, assets.index.bones.length);
    pose.setMotion(m.bone_transforms);
    const points = expected.fibre_points;
    assert.equal(pose.frames, points.length);
    assert.equal(pose.fibreCount * pose.pointsPerFibre * 3, points[0].flat(3).length);
    for (let i = 0; i < points.length; i++) {
      pose.update(i);
      const err = maxError(pose.points, points[i].flat(3));
      assert.ok(err < 1e-5, `frame ${i}: max error ${err} m`);
    }
    // halfway between two key frames the points lie between them (to within the bend of the path)
    pose.update(0.5);
    const [p0, p1] = [points[0].flat(3), points[1].flat(3)];
    const mid = p0.map((v, j) => (v + p1[j]) / 2);
    const step = maxError(p0, p1);
    assert.ok(step > 1e-3, "the motion moves the fibres");
    assert.ok(maxError(pose.points, mid) < step / 2, "interpolated, not snapped to a key frame");
  });

  test("the solid muscles' deep and superficial faces are where Python's volume_shape puts them", () => {
    const a = decode(assets.buffer, assets.index);
    const m = decode(motion.buffer, motion.index);
    const K = assets.index.fibres.points_per_fibre;
    const pose = new Pose(a, assets.index.bones.length);
    pose.setMotion(m.bone_transforms);
    const volumes = new Volumes(a, assets.index.volumes, assets.index.parts, K);
    assert.equal(volumes.parts.length, assets.index.parts.length);
    for (let i = 0; i < expected.volume_deep.length; i++) {
      pose.update(i);
      volumes.update(pose.points, pose.matrices);
      const deep = maxError(volumes.deep, expected.volume_deep[i].flat(4));
      const top = maxError(volumes.top, expected.volume_superficial[i].flat(4));
      assert.ok(deep < 2e-5 && top < 5e-5, `frame ${i}: deep ${deep} m, superficial ${top} m`);
    }
    // the one geometry holds every part's rows of both faces, and its faces name their part
    const rows = volumes.parts.reduce((n, p) => n + p.rows, 0);
    assert.equal(volumes.geometry.attributes.position.count, 2 * rows * volumes.C);
    assert.equal(volumes.partOfFace(0).id, assets.index.parts[0].id);
    assert.equal(volumes.partOfFace(volumes.faceItem.length - 1).id, assets.index.parts.at(-1).id);
  });

  test("the colour values are Python's moment arms (about each axis) and stretch", () => {
    const a = decode(assets.buffer, assets.index);
    const m = decode(motion.buffer, motion.index);
    const fibres = new Fibres(assets.index.parts, assets.index.fibres.points_per_fibre);
    const colours = new FibreColours(fibres);
    colours.setMotion(m, motion.index);
    assert.equal(a.path_site_bone.shape[0], fibres.order.length, "every fibre is in one part");
    const n = motion.index.frames;
    for (const [mode, axis, want, tol] of [
      ["action", "flexion", (i, f) => expected.moment_arms[i][f][0], 0.5e-5],
      ["action", "adduction", (i, f) => expected.moment_arms[i][f][1], 0.5e-5],
      ["action", "rotation", (i, f) => expected.moment_arms[i][f][2], 0.5e-5],
      ["stretch", "rotation", (i, f) => expected.stretch[i][f], 0.5e-4],
    ]) {
      colours.setMode(mode, axis);
      for (let i = 0; i < n; i++) {
        colours.update(i);
        for (let s = 0; s < fibres.order.length; s++) {
          const got = colours.values[s];
          const w = want(i, fibres.order[s]);
          assert.ok(Math.abs(got - w) <= tol + 1e-7, `${mode}/${axis} frame ${i} fibre ${fibres.order[s]}: ${got} vs ${w}`);
        }
      }
    }
  });
});
