// The sizing and checking of pictures and clips in src/capture.js (CONTRACT.md "Pictures and
// clips"): fitSize, gifFrameCount, resolveOptions and the row flip / alpha of toImageRows. The
// drawing itself needs WebGL and is covered by the browser tests.
import assert from "node:assert/strict";
import { register } from "node:module";
import { describe, test } from "node:test";

// capture.js imports gifenc, whose "main" is an esbuild CommonJS bundle whose named exports Node
// cannot see. esbuild (build.mjs) takes gifenc's "module" build; so does Node here, for this test
// process only.
register(`data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier !== "gifenc") return next(specifier, context);
  return { ...(await next("gifenc/dist/gifenc.esm.js", context)), format: "module" };
}`)}`, import.meta.url);
const {
  DEFAULT_FPS, FPS_RANGE, GIF_MAX, GIF_MAX_FRAMES, GIF_VIEW_MAX, PNG_MAX,
  fitSize, gifFrameCount, resolveOptions, toImageRows,
} = await import("../src/capture.js");

describe("limits", () => {
  test("are those of CONTRACT.md", () => {
    assert.deepEqual(PNG_MAX, [1920, 1080]);
    assert.deepEqual(GIF_MAX, [1280, 720]);
    assert.deepEqual(GIF_VIEW_MAX, [640, 480]);
    assert.deepEqual(FPS_RANGE, [1, 30]);
    assert.equal(DEFAULT_FPS, 15);
    assert.equal(GIF_MAX_FRAMES, 600);
  });
});

describe("fitSize", () => {
  test("keeps a size that fits", () => {
    assert.deepEqual(fitSize(1920, 1080, PNG_MAX), [1920, 1080]);
    assert.deepEqual(fitSize(800, 450, PNG_MAX), [800, 450]);
    assert.deepEqual(fitSize(1, 1, GIF_VIEW_MAX), [1, 1]);
  });

  test("shrinks a larger size keeping its shape, never enlarging", () => {
    assert.deepEqual(fitSize(3840, 2160, PNG_MAX), [1920, 1080]);
    assert.deepEqual(fitSize(1600, 1200, GIF_VIEW_MAX), [640, 480]);
    assert.deepEqual(fitSize(1000, 200, GIF_VIEW_MAX), [640, 128], "limited by the width");
    assert.deepEqual(fitSize(300, 960, GIF_VIEW_MAX), [150, 480], "limited by the height");
    assert.deepEqual(fitSize(1281, 721, GIF_MAX), [1279, 720], "rounded, then kept inside");
    const [w, h] = fitSize(1234, 777, GIF_VIEW_MAX);
    assert.ok(w <= 640 && h <= 480 && (w === 640 || h === 480), `${w}x${h}`);
    assert.ok(Math.abs(w / h - 1234 / 777) < 0.01, "same shape");
  });

  test("never gives a side below 1 pixel", () => {
    assert.deepEqual(fitSize(100000, 10, GIF_VIEW_MAX), [640, 1]);
    assert.deepEqual(fitSize(10, 100000, PNG_MAX), [1, 1080]);
  });
});

describe("gifFrameCount", () => {
  test("is one loop at the speed and frame rate: round(duration / speed x fps)", () => {
    assert.equal(gifFrameCount(4, 1, 15), 60);
    assert.equal(gifFrameCount(4, 2, 15), 30);
    assert.equal(gifFrameCount(4, 0.25, 10), 160);
    assert.equal(gifFrameCount(0.628, 1, 15), 9); // a running cycle
    assert.equal(gifFrameCount(0.628, 1, 30, 50), 19);
  });

  test("is at least 2 and at most GIF_MAX_FRAMES; 1 for a motion of fewer than 2 key frames", () => {
    assert.equal(gifFrameCount(0.01, 2, 1), 2);
    assert.equal(gifFrameCount(4, 0.25, 30), 480);
    assert.equal(gifFrameCount(60, 0.25, 30), 600);
    assert.equal(gifFrameCount(4, 1, 15, 1), 1);
    assert.equal(gifFrameCount(4, 1, 15, 0), 1);
    assert.equal(gifFrameCount(NaN, 1, 15), 2);
  });
});

describe("resolveOptions", () => {
  test("fills in a PNG at the view's size, the default frame rate and an opaque background", () => {
    assert.deepEqual(resolveOptions({}, [800, 600]),
      { kind: "png", width: 800, height: 600, transparent: false, fps: DEFAULT_FPS });
    assert.deepEqual(resolveOptions(null, [800, 600]).kind, "png");
    assert.deepEqual(resolveOptions({ kind: "png", width: 0, height: 0 }, [3000, 1500]).width, 1920);
  });

  test("fits a GIF at view size into 640x480 and keeps an asked size", () => {
    const gif = resolveOptions({ kind: "gif", width: 0, height: 0, transparent: 1, fps: 10 }, [1280, 720]);
    assert.deepEqual(gif, { kind: "gif", width: 640, height: 360, transparent: true, fps: 10 });
    assert.deepEqual(resolveOptions({ kind: "gif", width: 1280, height: 720 }, [10, 10]).width, 1280);
    assert.deepEqual(resolveOptions({ kind: "png", width: 0, height: 0 }, [0, 0]).width, 1, "an empty view");
  });

  test("refuses out-of-range sizes and frame rates with messages for people", () => {
    assert.throws(() => resolveOptions({ kind: "png", width: 1921, height: 1080 }, [1, 1]),
      { message: "A PNG picture must be 1 to 1920 pixels wide and 1 to 1080 high (got 1921x1080)" });
    assert.throws(() => resolveOptions({ kind: "gif", width: 1280, height: 721 }, [1, 1]),
      { message: "A GIF clip must be 1 to 1280 pixels wide and 1 to 720 high (got 1280x721)" });
    assert.throws(() => resolveOptions({ kind: "png", width: 0, height: 10 }, [1, 1]), /must be 1 to 1920/);
    assert.throws(() => resolveOptions({ kind: "png", width: 10.5, height: 10 }, [1, 1]), /must be 1 to 1920/);
    assert.throws(() => resolveOptions({ kind: "gif", fps: 31 }, [1, 1]),
      { message: "the frame rate must be a whole number from 1 to 30 (got 31)" });
    assert.throws(() => resolveOptions({ kind: "gif", fps: 0 }, [1, 1]), /frame rate/);
    assert.throws(() => resolveOptions({ kind: "gif", fps: 12.5 }, [1, 1]), /frame rate/);
    assert.throws(() => resolveOptions({ kind: "jpeg" }, [1, 1]), { message: 'unknown kind "jpeg": use "png" or "gif"' });
  });
});

describe("toImageRows", () => {
  // 2 x 2 pixels, GL order (bottom row first)
  const raw = Uint8Array.from([
    10, 20, 30, 255, 40, 50, 60, 0, // bottom row
    100, 50, 25, 128, 1, 2, 3, 4, // top row
  ]);

  test("puts the top row first and makes an opaque picture's alpha 255", () => {
    const out = toImageRows(raw, 2, 2, false);
    assert.ok(out instanceof Uint8ClampedArray);
    assert.deepEqual(Array.from(out), [100, 50, 25, 255, 1, 2, 3, 255, 10, 20, 30, 255, 40, 50, 60, 255]);
  });

  test("un-premultiplies partly transparent pixels of a transparent picture", () => {
    const out = toImageRows(raw, 2, 2, true);
    // 100 * 255 / 128 = 199.2; 25 * 255 / 128 = 49.8 (rounded, clamped); alpha 0 and 255 unchanged
    assert.deepEqual(Array.from(out.subarray(0, 4)), [199, 100, 50, 128]);
    assert.deepEqual(Array.from(out.subarray(4, 8)), [64, 128, 191, 4]);
    assert.deepEqual(Array.from(out.subarray(8)), [10, 20, 30, 255, 40, 50, 60, 0]);
  });
});
