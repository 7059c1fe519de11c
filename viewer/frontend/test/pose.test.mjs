// src/pose.js: the pose at a fractional frame (CONTRACT.md): bone matrices interpolated between
// key frames (rotation slerped, position lerped; the last frame blends back into the first) and
// each fibre rebuilt from its sites and wraps (wrap.js; wrapped arcs are checked against Python's
// in python_payload.test.mjs).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { Matrix4, Vector3 } from "three";

import { Pose } from "../src/pose.js";

const deg = Math.PI / 180;

/** A rigid transform: rotation `angle` about axis "x" | "y" | "z", then translation [x, y, z]. */
function rigid(axis, angle, t) {
  const m = { x: "makeRotationX", y: "makeRotationY", z: "makeRotationZ" }[axis];
  return new Matrix4()[m](angle).setPosition(...t);
}

// key frames (n = 3) of two bones
const KEYS = [
  [rigid("z", 0, [0, 0, 0]), rigid("x", 0, [0, 0, 1])],
  [rigid("z", 90 * deg, [1, 0, 0]), rigid("x", 90 * deg, [0, 0, 0])],
  [rigid("y", 120 * deg, [0, 2, 0]), rigid("x", -30 * deg, [0, 0, -1])],
];
const B = 2;

/** bone_transforms as decoded: (n, B, 16) float32, column-major (Matrix4.toArray order). */
function boneTransforms(keys = KEYS) {
  const data = new Float32Array(keys.length * B * 16);
  keys.forEach((bones, i) => bones.forEach((m, b) => m.toArray(data, (i * B + b) * 16)));
  return { data, shape: [keys.length, B, 16] };
}

// F = 2 fibres of 2 sites each (K = 2 points, no wrap): [bone of each site], [sites in their bones]
const SITES = [
  [[0, 1], [[0.1, 0.2, 0.3], [0, 0.5, 0.25]]],
  [[1, 0], [[1, 0, 0], [0, 0, 1]]],
];

function anchors() {
  return {
    path_site_bone: { data: Uint8Array.from(SITES.flatMap((s) => s[0])), shape: [2, 2] },
    path_site_local: { data: Float32Array.from(SITES.flatMap((s) => s[1].flat())), shape: [2, 2, 3] },
    path_segment_points: { data: Uint8Array.from([1, 1]), shape: [2, 1] },
    path_segment_wrap: { data: Int8Array.from([-1, -1]), shape: [2, 1] },
    wrap_bone: { data: new Uint8Array(0), shape: [0] },
    wrap_centre: { data: new Float32Array(0), shape: [0, 3] },
    wrap_rotation: { data: new Float32Array(0), shape: [0, 3, 3] },
    wrap_radius: { data: new Float32Array(0), shape: [0] },
    wrap_kind: { data: new Uint8Array(0), shape: [0] },
    wrap_side: { data: new Float32Array(0), shape: [0, 3] },
    wrap_has_side: { data: new Uint8Array(0), shape: [0] },
  };
}

/** Fibre points (F * K * 3) from bone matrices `mats` (one Matrix4 per bone): each site on its bone. */
function expectedPoints(mats) {
  const local = anchors().path_site_local.data; // float32, as Pose reads them
  return SITES.flatMap(([bones], f) => [0, 1].flatMap((s) =>
    new Vector3().fromArray(local, (f * 2 + s) * 3).applyMatrix4(mats[bones[s]]).toArray()));
}

function close(actual, expected, tol, what) {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

function matricesOf(mats) {
  return mats.flatMap((m) => m.toArray());
}

function pose() {
  const p = new Pose(anchors(), B);
  p.setMotion(boneTransforms());
  return p;
}

describe("Pose", () => {
  test("sizes its buffers from the path tables and refuses a motion with another bone count", () => {
    const p = new Pose(anchors(), B);
    assert.equal(p.fibreCount, 2);
    assert.equal(p.pointsPerFibre, 2);
    assert.equal(p.points.length, 2 * 2 * 3);
    assert.equal(p.matrices.length, B * 16);
    const three = { data: new Float32Array(3 * 3 * 16), shape: [3, 3, 16] };
    assert.throws(() => p.setMotion(three), /motion has 3 bones, assets 2/);
  });

  test("does nothing before a motion is set", () => {
    const p = new Pose(anchors(), B);
    p.update(0);
    assert.equal(p.version, 0);
  });

  test("reproduces each key frame: bone matrices and fibre points from the sites", () => {
    const p = pose();
    for (let i = 0; i < KEYS.length; i++) {
      p.update(i);
      close(Array.from(p.matrices), matricesOf(KEYS[i]), 1e-6, `matrices of frame ${i}`);
      close(Array.from(p.points), expectedPoints(KEYS[i]), 1e-6, `points of frame ${i}`);
    }
    assert.equal(p.version, KEYS.length);
  });

  test("between key frames rotations are slerped and positions lerped", () => {
    const p = pose();
    p.update(0.5);
    const half = [rigid("z", 45 * deg, [0.5, 0, 0]), rigid("x", 45 * deg, [0, 0, 0.5])];
    close(Array.from(p.matrices), matricesOf(half), 1e-6, "matrices at 0.5");
    close(Array.from(p.points), expectedPoints(half), 1e-6, "points at 0.5");
    p.update(0.25);
    const quarter = [rigid("z", 22.5 * deg, [0.25, 0, 0]), rigid("x", 22.5 * deg, [0, 0, 0.75])];
    close(Array.from(p.matrices), matricesOf(quarter), 1e-6, "matrices at 0.25 (slerp, not a matrix lerp)");
  });

  test("past the last key frame it blends back into the first (loop)", () => {
    const p = pose();
    p.update(2.5);
    const blend = [rigid("y", 60 * deg, [0, 1, 0]), rigid("x", -15 * deg, [0, 0, 0])];
    close(Array.from(p.matrices), matricesOf(blend), 1e-6, "matrices at 2.5");
    close(Array.from(p.points), expectedPoints(blend), 1e-6, "points at 2.5");
  });

  test("clamps the frame: below 0 is frame 0, n and beyond are (almost) frame 0 again", () => {
    const p = pose();
    p.update(-4);
    close(Array.from(p.matrices), matricesOf(KEYS[0]), 1e-6, "frame -4");
    p.update(3);
    close(Array.from(p.matrices), matricesOf(KEYS[0]), 1e-5, "frame n");
    p.update(100);
    close(Array.from(p.matrices), matricesOf(KEYS[0]), 1e-5, "frame 100");
  });

  test("update allocates no new buffers (the views keep the same arrays)", () => {
    const p = pose();
    const { points, matrices } = p;
    p.update(1.3);
    assert.equal(p.points, points);
    assert.equal(p.matrices, matrices);
  });
});
