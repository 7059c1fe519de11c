// src/local_model.js: LocalModel, the stand-in for Panel's JSComponent model in the one-file
// offline page (standalone.js drives index.js's render with it), and the embedded payload helpers.
// What index.js relies on: each param a property; writing a new value fires the param's
// listeners; primitives equal by value do not fire, lists and dicts always do (as Bokeh);
// on(name | [names], cb); "remove" on destroy(); binary payloads as ArrayBuffer.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { deflateSync } from "node:zlib";

import { base64Buffer, canInflate, inflate, LocalModel, payloadBuffer } from "../src/local_model.js";

function recorder(model, names) {
  const calls = [];
  model.on(names, (value) => calls.push(value));
  return calls;
}

describe("LocalModel params", () => {
  test("each param is an enumerable property holding its initial value, nothing else is enumerable", () => {
    const m = new LocalModel({ frame: 0, playing: false, selected: "", opacity: {}, visible_parts: ["a"] });
    assert.deepEqual(Object.keys(m), ["frame", "playing", "selected", "opacity", "visible_parts"]);
    assert.equal(m.frame, 0);
    assert.equal(m.selected, "");
    assert.deepEqual(m.visible_parts, ["a"]);
    assert.deepEqual(JSON.parse(JSON.stringify(m)), { frame: 0, playing: false, selected: "", opacity: {},
      visible_parts: ["a"] });
  });

  test("setting a property stores it and calls the param's listeners with the new value", () => {
    const m = new LocalModel({ frame: 0, speed: 1 });
    const frames = recorder(m, "frame");
    const speeds = recorder(m, "speed");
    m.frame = 2.5;
    assert.equal(m.frame, 2.5);
    assert.deepEqual(frames, [2.5]);
    assert.deepEqual(speeds, []);
  });

  test("an equal primitive does not fire; a list or dict always does, even the same object", () => {
    const list = ["glmax1_r"];
    const m = new LocalModel({ frame: 1, selected: "x", playing: false, camera: null, visible_parts: list });
    const calls = recorder(m, ["frame", "selected", "playing", "camera", "visible_parts"]);
    m.frame = 1;
    m.selected = "x";
    m.playing = false;
    m.camera = null;
    assert.deepEqual(calls, []);
    m.visible_parts = list;
    m.visible_parts = ["glmax1_r"];
    m.camera = {};
    assert.equal(calls.length, 3);
    m.frame = "1"; // another type is another value
    assert.equal(calls.length, 4);
  });

  test("update sets several params first, then calls each listener once, and returns what changed", () => {
    const m = new LocalModel({ color_mode: "anatomical", action_axis: "rotation", frame: 0 });
    let seen = null;
    let count = 0;
    m.on(["color_mode", "action_axis"], () => {
      count += 1;
      seen = [m.color_mode, m.action_axis];
    });
    const changed = m.update({ color_mode: "action", action_axis: "flexion", frame: 0 });
    assert.deepEqual(changed, ["color_mode", "action_axis"]);
    assert.equal(count, 1, "one call for a listener of both params");
    assert.deepEqual(seen, ["action", "flexion"], "both values were set before the call");
    assert.deepEqual(m.update({ frame: 0 }), []);
  });

  test("a param unknown at construction is defined by its first update", () => {
    const m = new LocalModel({});
    const calls = recorder(m, "capture_done");
    m.update({ capture_done: { id: 1 } });
    assert.deepEqual(m.capture_done, { id: 1 });
    assert.ok(Object.keys(m).includes("capture_done"));
    assert.equal(calls.length, 1);
    m.capture_done = { id: 2 };
    assert.deepEqual(calls, [{ id: 1 }, { id: 2 }]);
  });

  test("a listener may write params (index.js resets `view` to \"\" from its listener)", () => {
    const m = new LocalModel({ view: "", camera: {} });
    const views = [];
    m.on("view", (v) => {
      views.push(v);
      if (m.view) m.update({ view: "", camera: { position: [1, 2, 3] } });
    });
    const cameras = recorder(m, "camera");
    m.view = "anterior";
    assert.deepEqual(views, ["anterior", ""]);
    assert.equal(m.view, "");
    assert.deepEqual(cameras, [{ position: [1, 2, 3] }]);
  });

  test("names of the model's own methods are refused as params", () => {
    for (const name of ["update", "on", "destroy", "_define"]) {
      assert.throws(() => new LocalModel({ [name]: 1 }), new RegExp(`param name ${name} is reserved`));
    }
    const m = new LocalModel({});
    assert.throws(() => m.update({ on: 1 }), /reserved/);
    assert.equal(typeof m.on, "function");
  });
});

describe("LocalModel events", () => {
  test("destroy fires \"remove\" once, then no listener is called any more", () => {
    const m = new LocalModel({ frame: 0 });
    const removed = [];
    const frames = recorder(m, "frame");
    m.on("remove", () => removed.push(true));
    m.destroy();
    assert.deepEqual(removed, [true]);
    m.frame = 3;
    m.destroy();
    assert.deepEqual(removed, [true]);
    assert.deepEqual(frames, []);
    assert.equal(m.frame, 3, "params still work");
  });

  test("listeners of a param are called in registration order", () => {
    const m = new LocalModel({ peel: 0 });
    const order = [];
    m.on("peel", () => order.push("first"));
    m.on(["peel"], () => order.push("second"));
    m.peel = 2;
    assert.deepEqual(order, ["first", "second"]);
  });
});

describe("embedded payloads", () => {
  const bytes = Uint8Array.from([0, 1, 2, 250, 255, 128, 64, 7]);
  const base64 = Buffer.from(bytes).toString("base64");

  test("base64Buffer gives an ArrayBuffer of the bytes", () => {
    const buffer = base64Buffer(base64);
    assert.ok(buffer instanceof ArrayBuffer);
    assert.deepEqual(Array.from(new Uint8Array(buffer)), Array.from(bytes));
    assert.equal(base64Buffer("").byteLength, 0);
  });

  test("payloadBuffer reads base64 and zlib-deflated base64 (Python's zlib.compress)", async () => {
    assert.equal(canInflate(), true, "Node >= 18 has DecompressionStream");
    const plain = await payloadBuffer({ encoding: "base64", data: base64 });
    assert.deepEqual(Array.from(new Uint8Array(plain)), Array.from(bytes));
    const packed = deflateSync(Buffer.from(bytes)).toString("base64");
    const unpacked = await payloadBuffer({ encoding: "deflate+base64", data: packed });
    assert.ok(unpacked instanceof ArrayBuffer);
    assert.deepEqual(Array.from(new Uint8Array(unpacked)), Array.from(bytes));
    const json = await inflate(new Uint8Array(deflateSync(Buffer.from('{"a": [1]}'))).buffer);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(json)), { a: [1] });
  });

  test("payloadBuffer refuses an unknown encoding", async () => {
    await assert.rejects(payloadBuffer({ encoding: "gzip", data: base64 }), /unknown payload encoding gzip/);
  });
});
