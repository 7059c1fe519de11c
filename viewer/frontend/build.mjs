// Bundle src/index.js (and three.js from node_modules) into dist/glute-scene.js.
// Run with `node build.mjs` (or `python -m viewer.component.build`). The output is a
// build product: gitignored, shipped in the wheel, never fetched from a CDN.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { statSync } from "node:fs";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, "dist", "glute-scene.js");

await build({
  entryPoints: [join(here, "src", "index.js")],
  outfile,
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  legalComments: "eof",
  logLevel: "warning",
});

console.log(`built ${outfile} (${statSync(outfile).size} bytes)`);
