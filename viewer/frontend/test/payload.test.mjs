// src/payload.js: decoding the binary payloads of CONTRACT.md ("Binary payloads"). The payloads
// here are built by hand, byte by byte with a DataView, following the contract (little-endian
// arrays, each starting at a multiple of 4 bytes, padding in between), so these tests do not
// depend on Python; tests/unit/test_frontend_js.py decodes real ones (python_payload.test.mjs).
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { decode, matches } from "../src/payload.js";

const SIZE = { float32: 4, uint32: 4, int32: 4, uint16: 2, int16: 2, uint8: 1, int8: 1 };
const SETTER = {
  float32: "setFloat32", uint32: "setUint32", int32: "setInt32", uint16: "setUint16",
  int16: "setInt16", uint8: "setUint8", int8: "setInt8",
};
const PAD_BYTE = 0xee; // padding is not zero here, so reading from a wrong offset shows

/**
 * A payload as CONTRACT.md describes it.
 * @param {Array<[string, string, number[], number[]]>} arrays [name, dtype, shape, flat values]
 * @returns {{buffer: ArrayBuffer, index: object}}
 */
function buildPayload(arrays, meta = {}) {
  let size = 0;
  const specs = {};
  for (const [name, dtype, shape, values] of arrays) {
    size += (4 - (size % 4)) % 4;
    const nbytes = SIZE[dtype] * values.length;
    specs[name] = { offset: size, dtype, shape, nbytes };
    size += nbytes;
  }
  const buffer = new ArrayBuffer(size);
  new Uint8Array(buffer).fill(PAD_BYTE);
  const view = new DataView(buffer);
  for (const [name, dtype, , values] of arrays) {
    values.forEach((v, i) => view[SETTER[dtype]](specs[name].offset + i * SIZE[dtype], v, true));
  }
  return { buffer, index: { arrays: specs, byte_length: size, ...meta } };
}

// every dtype of the contract, at awkward lengths (6 int8 bytes, 6 uint16 bytes: padding follows)
const ARRAYS = [
  ["bone/pelvis/vertices", "float32", [2, 3], [0.5, -0.25, 0.125, 1.5, 2.25, -3.125]],
  ["bone/pelvis/normals", "int8", [2, 3], [127, 0, -127, -1, 90, -90]],
  ["bone/pelvis/faces", "uint16", [1, 3], [0, 1, 65535]],
  ["path_site_bone", "uint8", [1, 3], [0, 2, 255]],
  ["moment_arms", "int16", [1, 1, 3], [-32768, -1, 32767]],
  ["big_faces", "uint32", [1, 2], [4294967295, 65536]],
  ["signed", "int32", [2], [-2147483648, 2147483647]],
  ["empty", "float32", [0, 3], []],
  ["stretch", "int16", [2, 1], [-5, 7]],
];
const TYPE = {
  float32: Float32Array, uint32: Uint32Array, int32: Int32Array, uint16: Uint16Array,
  int16: Int16Array, uint8: Uint8Array, int8: Int8Array,
};

function checkAll(out) {
  assert.deepEqual(Object.keys(out).sort(), ARRAYS.map((a) => a[0]).sort());
  for (const [name, dtype, shape, values] of ARRAYS) {
    assert.ok(out[name].data instanceof TYPE[dtype], `${name} is a ${TYPE[dtype].name}`);
    assert.deepEqual(out[name].shape, shape, name);
    assert.deepEqual(Array.from(out[name].data), values, name);
  }
}

describe("decode", () => {
  test("reads every dtype of the contract at its offset, little-endian, with its shape", () => {
    const { buffer, index } = buildPayload(ARRAYS);
    // the hand-made layout really has padding between arrays
    assert.equal(index.arrays["bone/pelvis/faces"].offset, 32);
    assert.equal(index.arrays.path_site_bone.offset, 40);
    checkAll(decode(buffer, index));
  });

  test("returns zero-copy views of an ArrayBuffer", () => {
    const { buffer, index } = buildPayload(ARRAYS);
    const out = decode(buffer, index);
    assert.equal(out.moment_arms.data.buffer, buffer);
    assert.equal(out.moment_arms.data.byteOffset, index.arrays.moment_arms.offset);
    new DataView(buffer).setInt16(index.arrays.moment_arms.offset + 2, 1234, true);
    assert.equal(out.moment_arms.data[1], 1234);
  });

  test("reads a typed-array view that starts at a multiple of 4 inside a larger buffer, zero-copy", () => {
    const { buffer, index } = buildPayload(ARRAYS);
    const big = new ArrayBuffer(buffer.byteLength + 16);
    const view = new Uint8Array(big, 8, buffer.byteLength);
    view.set(new Uint8Array(buffer));
    const out = decode(view, index);
    checkAll(out);
    assert.equal(out.signed.data.buffer, big);
    assert.equal(out.signed.data.byteOffset, 8 + index.arrays.signed.offset);
  });

  test("copies a view whose start is not a multiple of 4 (typed arrays need aligned offsets)", () => {
    const { buffer, index } = buildPayload(ARRAYS);
    for (const shift of [1, 2, 3]) {
      const big = new ArrayBuffer(buffer.byteLength + 8);
      const view = new Uint8Array(big, shift, buffer.byteLength);
      view.set(new Uint8Array(buffer));
      const out = decode(view, index);
      checkAll(out);
      assert.notEqual(out.signed.data.buffer, big, "a copy");
    }
  });

  test("reads a DataView and a Node Buffer", () => {
    const { buffer, index } = buildPayload(ARRAYS);
    checkAll(decode(new DataView(buffer), index));
    checkAll(decode(Buffer.from(new Uint8Array(buffer)), index));
  });

  test("int16 values times the index's scale give the physical values (CONTRACT: moment arms in 0.01 mm)", () => {
    const scales = { moment_arms: 1e-5, stretch: 1e-4 };
    const { buffer, index } = buildPayload(ARRAYS, { scales });
    const out = decode(buffer, index);
    assert.equal(out.moment_arms.data[2] * index.scales.moment_arms, 0.32767);
    assert.equal(out.stretch.data[0] * index.scales.stretch, -0.0005);
  });

  test("refuses what is not binary and names an unknown dtype", () => {
    const { buffer, index } = buildPayload(ARRAYS);
    for (const bad of ["AAAA", [1, 2, 3], null, undefined, { byteLength: 4 }]) {
      assert.throws(() => decode(bad, index), /payload is not binary/);
    }
    const float64 = { arrays: { x: { offset: 0, dtype: "float64", shape: [1], nbytes: 8 } }, byte_length: 8 };
    assert.throws(() => decode(buffer, float64), /unknown dtype float64 of x/);
  });
});

describe("matches", () => {
  test("is true when the bytes and the index agree in length, whatever the kind of bytes", () => {
    const { buffer, index } = buildPayload(ARRAYS);
    assert.equal(matches(buffer, index), true);
    assert.equal(matches(new Uint8Array(buffer), index), true);
    assert.equal(matches(new DataView(buffer), index), true);
    const big = new ArrayBuffer(buffer.byteLength + 3);
    assert.equal(matches(new Uint8Array(big, 1, buffer.byteLength), index), true);
  });

  test("is false for a stale pair, a missing half or something that is not binary", () => {
    const { buffer, index } = buildPayload(ARRAYS);
    assert.equal(matches(buffer.slice(0, buffer.byteLength - 4), index), false);
    assert.equal(matches(buffer, { ...index, byte_length: index.byte_length + 4 }), false);
    assert.equal(matches(buffer, { ...index, byte_length: index.byte_length - 4 }), false, "longer bytes");
    const longer = new Uint8Array(buffer.byteLength + 4);
    longer.set(new Uint8Array(buffer));
    assert.equal(matches(longer, index), false, "bytes of another payload that starts alike");
    assert.equal(matches(null, index), false);
    assert.equal(matches(undefined, index), false);
    assert.equal(matches(buffer, null), false);
    assert.equal(matches(buffer, undefined), false);
    assert.equal(matches(buffer, { byte_length: buffer.byteLength }), false); // no arrays
    assert.equal(matches("x".repeat(buffer.byteLength), index), false);
  });
});
