// Decode a binary payload (ArrayBuffer + index) into zero-copy typed-array views.
// Layout (CONTRACT.md): little-endian arrays, each starting at a multiple of 4 bytes;
// index.arrays maps a name to {offset, dtype, shape, nbytes}; index.byte_length is the total.

const TYPES = {
  float32: Float32Array,
  uint32: Uint32Array,
  int32: Int32Array,
  uint16: Uint16Array,
  int16: Int16Array,
  uint8: Uint8Array,
  int8: Int8Array,
};

/** Normalise what Bokeh hands over (ArrayBuffer, typed array or DataView) to {buffer, base}. */
function asBuffer(data) {
  if (data instanceof ArrayBuffer) return { buffer: data, base: 0, length: data.byteLength };
  if (ArrayBuffer.isView(data)) {
    if (data.byteOffset % 4 === 0) {
      return { buffer: data.buffer, base: data.byteOffset, length: data.byteLength };
    }
    const copy = new Uint8Array(data.byteLength);
    copy.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return { buffer: copy.buffer, base: 0, length: copy.byteLength };
  }
  return null;
}

/** True when `data` and `index` describe the same payload (both present, lengths agree). */
export function matches(data, index) {
  const b = data == null ? null : asBuffer(data);
  return b !== null && index != null && index.arrays != null && b.length === index.byte_length;
}

/**
 * Views of every array of a payload.
 * @param {ArrayBuffer|ArrayBufferView} data the bytes
 * @param {object} index {arrays: {name: {offset, dtype, shape}}, byte_length}
 * @returns {Object<string, {data: TypedArray, shape: number[]}>}
 */
export function decode(data, index) {
  const b = asBuffer(data);
  if (b === null) throw new Error("glute-scene: payload is not binary");
  const out = {};
  for (const [name, spec] of Object.entries(index.arrays)) {
    const Type = TYPES[spec.dtype];
    if (Type === undefined) throw new Error(`glute-scene: unknown dtype ${spec.dtype} of ${name}`);
    const count = spec.shape.reduce((a, c) => a * c, 1);
    out[name] = { data: new Type(b.buffer, b.base + spec.offset, count), shape: spec.shape };
  }
  return out;
}
