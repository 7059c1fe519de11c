// Bundle the front end (three.js from node_modules included) into two build products:
// - dist/glute-scene.js: src/index.js as an ES module, the Panel component's _esm;
// - dist/glute-standalone.js: src/standalone.js as a classic script (IIFE), inlined into the
//   one-file offline export (viewer/export), where it drives the same viewer with a LocalModel.
// Run with `node build.mjs` (or `python -m viewer.component.build`). The outputs are build
// products: gitignored, shipped in the wheel, never fetched from a CDN.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readFileSync, statSync } from "node:fs";

const here = dirname(fileURLToPath(import.meta.url));

// legalComments keeps only comments marked /*! or @license: three.js has one, gifenc (MIT) has
// none, so its licence notice is appended from its own LICENSE file, read at build time.
function licenceComment(pkg, file) {
  const text = readFileSync(join(here, "node_modules", pkg, file), "utf8").trim().replaceAll("*/", "* /");
  const { version } = JSON.parse(readFileSync(join(here, "node_modules", pkg, "package.json"), "utf8"));
  return `/*! ${pkg} ${version} (bundled), licence:\n\n${text}\n*/`;
}

const common = {
  bundle: true,
  minify: true,
  target: "es2020",
  legalComments: "eof",
  footer: { js: licenceComment("gifenc", "LICENSE.md") },
  logLevel: "warning",
};
const outputs = [
  { entryPoints: [join(here, "src", "index.js")], outfile: join(here, "dist", "glute-scene.js"), format: "esm" },
  {
    entryPoints: [join(here, "src", "standalone.js")],
    outfile: join(here, "dist", "glute-standalone.js"),
    format: "iife", // inlined in a <script> element (viewer/export checks it holds no "</script")
  },
];

await Promise.all(outputs.map((o) => build({ ...common, ...o })));
for (const { outfile } of outputs) console.log(`built ${outfile} (${statSync(outfile).size} bytes)`);
