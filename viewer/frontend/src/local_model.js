// LocalModel: the part of Panel's JSComponent model that index.js uses (CONTRACT.md), without
// Panel, for the one-file offline export (standalone.js). Each param is a property; setting it to
// a new value fires the listeners registered with `on(name | [names], cb)`; `destroy()` fires
// `on("remove", cb)`. Binary payloads arrive as ArrayBuffer, as param.Bytes does in Panel.

function same(a, b) {
  // Bokeh compares primitives by value; lists and dicts are new objects on every write
  return a === b && (a === null || typeof a !== "object");
}

export class LocalModel {
  /** @param {Object<string, *>} values every param and its initial value */
  constructor(values) {
    Object.defineProperty(this, "_values", { value: {}, enumerable: false });
    Object.defineProperty(this, "_listeners", { value: new Map(), enumerable: false });
    for (const [name, value] of Object.entries(values)) this._define(name, value);
  }

  _define(name, value) {
    if (name in this._values) return;
    if (name in LocalModel.prototype) throw new Error(`glute-standalone: param name ${name} is reserved`);
    this._values[name] = value;
    Object.defineProperty(this, name, {
      enumerable: true,
      get: () => this._values[name],
      set: (v) => this.update({ [name]: v }),
    });
  }

  /**
   * Set several params, then call each listener of a changed param once (like a Python
   * `param.update` arriving in one message).
   * @param {Object<string, *>} values
   */
  update(values) {
    const changed = [];
    for (const [name, value] of Object.entries(values)) {
      if (!(name in this._values)) this._define(name, undefined);
      if (same(this._values[name], value)) continue;
      this._values[name] = value;
      changed.push(name);
    }
    const called = new Set();
    for (const name of changed) {
      for (const cb of this._listeners.get(name) || []) {
        if (called.has(cb)) continue;
        called.add(cb);
        cb(this._values[name]);
      }
    }
    return changed;
  }

  /**
   * Listen to one param, several params or the "remove" event.
   * @param {string|string[]} names
   * @param {Function} cb
   */
  on(names, cb) {
    for (const name of Array.isArray(names) ? names : [names]) {
      if (!this._listeners.has(name)) this._listeners.set(name, []);
      this._listeners.get(name).push(cb);
    }
  }

  /** Fire "remove" (as Panel does when the component leaves the page) and drop every listener. */
  destroy() {
    for (const cb of this._listeners.get("remove") || []) cb();
    this._listeners.clear();
  }
}

/** Bytes of a base64 string as an ArrayBuffer. */
export function base64Buffer(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** Whether this browser can unpack deflate-compressed payloads (DecompressionStream). */
export function canInflate() {
  return typeof DecompressionStream === "function" && typeof Response === "function";
}

/**
 * Unpack zlib-deflated bytes (Python's zlib.compress) into an ArrayBuffer.
 * @param {ArrayBuffer} buffer
 * @returns {Promise<ArrayBuffer>}
 */
export async function inflate(buffer) {
  const stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Response(stream).arrayBuffer();
}

/**
 * The bytes of an embedded payload: `{encoding: "base64" | "deflate+base64", data}`.
 * @returns {Promise<ArrayBuffer>}
 */
export async function payloadBuffer(entry) {
  const raw = base64Buffer(entry.data);
  if (entry.encoding === "base64") return raw;
  if (entry.encoding === "deflate+base64") return inflate(raw);
  throw new Error(`glute-standalone: unknown payload encoding ${entry.encoding}`);
}
