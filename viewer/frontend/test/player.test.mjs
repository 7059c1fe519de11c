// Frame maths of playback: the clock of src/player.js (Player) and the key-frame stepping of
// src/view.js (SceneView.stepFrame, the arrow keys: CONTRACT.md "Words and keyboard"). A
// SceneView needs a DOM and WebGL, so stepFrame runs here on an object made from
// SceneView.prototype that has a real Player and records what the view would tell the model.
import assert from "node:assert/strict";
import { register } from "node:module";
import { describe, test } from "node:test";

import { Player } from "../src/player.js";

// view.js imports capture.js, which imports gifenc: its "main" is an esbuild CommonJS bundle whose
// named exports Node cannot see. esbuild (build.mjs) takes gifenc's "module" build; so does Node
// here, for this test process only.
register(`data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier !== "gifenc") return next(specifier, context);
  return { ...(await next("gifenc/dist/gifenc.esm.js", context)), format: "module" };
}`)}`, import.meta.url);
const { SceneView } = await import("../src/view.js");

/** A player of `frames` key frames, one loop in `duration` s, with a record of its state hooks. */
function player(frames = 10, duration = 4) {
  const states = [];
  const p = new Player({ onState: (reason) => states.push(reason) });
  p.setMotion(frames, duration);
  return { p, states };
}

describe("Player", () => {
  test("starts paused at frame 0, speed 1, looping", () => {
    const p = new Player();
    assert.deepEqual([p.frame, p.playing, p.speed, p.loop, p.frames, p.maxFrame], [0, false, 1, true, 0, 0]);
  });

  test("clamps frames into 0 .. n-1 (non-numbers and empty motions give 0)", () => {
    const { p } = player(10);
    assert.equal(p.maxFrame, 9);
    assert.equal(p.clamp(-2), 0);
    assert.equal(p.clamp(4.5), 4.5);
    assert.equal(p.clamp(12), 9);
    assert.equal(p.clamp("3.25"), 3.25);
    assert.equal(p.clamp(NaN), 0);
    assert.equal(p.clamp(Infinity), 0);
    assert.equal(p.clamp(undefined), 0);
    p.setMotion(0, 4);
    assert.equal(p.clamp(3), 0);
  });

  test("a new motion keeps the frame if it still exists; a duration <= 0 counts as 1 s", () => {
    const { p } = player(10);
    p.seek(7.5);
    p.setMotion(20, 2);
    assert.equal(p.frame, 7.5);
    p.setMotion(5, 0);
    assert.equal(p.frame, 4);
    assert.equal(p.duration, 1);
  });

  test("setSpeed clamps to 0.25 .. 2 and falls back to 1", () => {
    const p = new Player();
    for (const [given, got] of [[0.5, 0.5], [0.1, 0.25], [5, 2], ["1.5", 1.5], ["fast", 1], [NaN, 1]]) {
      p.setSpeed(given);
      assert.equal(p.speed, got, String(given));
    }
  });

  test("plays only motions of 2 frames or more and reports play and pause once each", () => {
    const one = player(1);
    one.p.play();
    assert.equal(one.p.playing, false);
    assert.deepEqual(one.states, []);
    const { p, states } = player(10);
    p.play();
    p.play();
    p.pause();
    p.pause();
    assert.deepEqual(states, ["play", "pause"]);
  });

  test("advances n / duration x speed frames a second; the first tick only sets the clock", () => {
    const { p } = player(10, 4); // 2.5 frames/s at speed 1
    p.play();
    assert.equal(p.tick(1000), true);
    assert.equal(p.frame, 0);
    p.tick(1080);
    assert.ok(Math.abs(p.frame - 0.2) < 1e-12, String(p.frame));
    p.setSpeed(2);
    p.tick(1160);
    assert.ok(Math.abs(p.frame - 0.6) < 1e-12, String(p.frame));
  });

  test("a long stall advances at most 100 ms and time going backwards does not move it", () => {
    const { p } = player(10, 1); // 10 frames/s
    p.play();
    p.tick(0);
    p.tick(5000);
    assert.ok(Math.abs(p.frame - 1) < 1e-12, String(p.frame));
    p.tick(4000);
    assert.ok(Math.abs(p.frame - 1) < 1e-12, String(p.frame));
  });

  test("with loop the frame wraps at n (between n-1 and n it blends back into frame 0)", () => {
    const { p, states } = player(10, 1);
    p.seek(9);
    p.play();
    p.tick(0);
    p.tick(50); // +0.5
    assert.ok(Math.abs(p.frame - 9.5) < 1e-9, String(p.frame));
    p.tick(100); // +0.5: 10 -> 0
    assert.ok(Math.abs(p.frame) < 1e-9, String(p.frame));
    p.tick(170);
    assert.ok(Math.abs(p.frame - 0.7) < 1e-9, String(p.frame));
    assert.equal(p.playing, true);
    assert.deepEqual(states, ["play"]);
  });

  test("without loop it stops at n-1, reports the end, and replays from 0 when played again", () => {
    const { p, states } = player(10, 1);
    p.loop = false;
    p.seek(8.5);
    p.play();
    p.tick(0);
    assert.equal(p.tick(80), false);
    assert.equal(p.frame, 9);
    assert.equal(p.playing, false);
    assert.deepEqual(states, ["play", "end"]);
    assert.equal(p.tick(200), false, "a stopped clock does not run");
    p.play();
    assert.equal(p.frame, 0);
  });
});

/** An object with SceneView's methods, a real Player and recording hooks (no DOM, no WebGL). */
function stepView(frames, { loop = true, frame = 0, playing = false, motion = true } = {}) {
  const calls = { playing: [], commits: [], announced: [] };
  const p = new Player();
  p.setMotion(frames, 4);
  p.loop = loop;
  p.frame = frame; // as the clock sets it (seek would clamp frames past n-1)
  if (playing) p.play();
  const view = Object.assign(Object.create(SceneView.prototype), {
    motion: motion ? { index: { frames } } : null,
    player: p,
    hooks: { onPlaying: (b) => calls.playing.push(b), onCommitFrame: (f) => calls.commits.push(f) },
    narration: { announce: (f) => calls.announced.push(f) },
    _refreshUi() {},
    invalidate() {},
  });
  return { view, p, calls };
}

/** The frame reached by one step of `dir` from `frame`. */
function step(frame, dir, options = {}) {
  const { view, p } = stepView(options.frames ?? 10, { ...options, frame });
  view.stepFrame(dir);
  return p.frame;
}

describe("SceneView.stepFrame", () => {
  test("goes to the next and previous whole key frame", () => {
    assert.equal(step(3, 1), 4);
    assert.equal(step(3, -1), 2);
    assert.equal(step(3.5, 1), 4);
    assert.equal(step(3.5, -1), 3);
  });

  test("a frame within 0.005 of a whole number counts as that key frame (so every press moves)", () => {
    assert.equal(step(3.9996, 1), 5, "3.9996 is shown as 4.00: next is 5");
    assert.equal(step(3.9951, 1), 5);
    assert.equal(step(3.9949, 1), 4, "0.0051 away: not snapped");
    assert.equal(step(4.0004, -1), 3, "4.0004 is shown as 4.00: previous is 3");
    assert.equal(step(4.0049, -1), 3);
    assert.equal(step(4.0051, -1), 4, "0.0051 away: not snapped");
    assert.equal(step(4.0004, 1), 5);
    assert.equal(step(3.9996, -1), 3);
  });

  test("with loop it wraps around both ends", () => {
    assert.equal(step(9, 1), 0);
    assert.equal(step(0, -1), 9);
    assert.equal(step(9.5, 1), 0, "between n-1 and n (blending into 0): next is 0");
    assert.equal(step(9.9996, 1), 1, "shown as 10.00, i.e. frame 0: next is 1");
    assert.equal(step(9.9996, -1), 9);
    assert.equal(step(0.0004, -1), 9);
  });

  test("without loop it stops at both ends", () => {
    assert.equal(step(9, 1, { loop: false }), 9);
    assert.equal(step(0, -1, { loop: false }), 0);
    assert.equal(step(8.9996, 1, { loop: false }), 9);
  });

  test("pauses, tells the model, commits the frame and announces it", () => {
    const { view, p, calls } = stepView(10, { frame: 2.25, playing: true });
    view.stepFrame(1);
    assert.equal(p.playing, false);
    assert.deepEqual(calls, { playing: [false], commits: [3], announced: [3] });
    const paused = stepView(10, { frame: 2 });
    paused.view.stepFrame(-1);
    assert.deepEqual(paused.calls, { playing: [], commits: [1], announced: [1] });
  });

  test("does nothing before a motion is loaded", () => {
    const { view, p, calls } = stepView(10, { frame: 2, motion: false });
    view.stepFrame(1);
    assert.equal(p.frame, 2);
    assert.deepEqual(calls, { playing: [], commits: [], announced: [] });
  });
});
