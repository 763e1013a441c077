// `npm run build` and `npm start` run compiled JavaScript, not TypeScript through tsx: this bundles
// the entry points (our modules only; node_modules stay imports) into dist/node/ (git-ignored) with
// esbuild, in well under a second. Arguments: more entry points (the bench adds its build child).
//
// Each entry point is bundled as `NAME.bundle.js` behind a three-line `NAME.js` that first turns on
// Node's compile cache (`module.enableCompileCache`), then imports it: the cache covers only modules
// compiled after it is on, and a bundle's imports of node_modules load before any of its own code runs.
// A rebuild in a fresh process then spends a fraction of the time it did compiling the libraries.
import { writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { build } from "esbuild";

const ENTRY_POINTS = [
  "src/compiler/cli.ts",
  "src/node/server.ts",
  "src/websub/cli.ts",
  "src/activitypub/cli.ts",
  "src/import/cli.ts",
  "src/node/r2-upload-cli.ts",
];
const OUT_DIR = "dist/node";

const entryPoints = [...ENTRY_POINTS, ...process.argv.slice(2)];
await build({
  entryPoints,
  outdir: OUT_DIR,
  outbase: ".",
  entryNames: "[dir]/[name].bundle",
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node22",
  sourcemap: true,
  logLevel: "warning",
});
for (const entry of entryPoints) {
  const name = basename(entry).replace(/\.[cm]?[jt]sx?$/, "");
  const dir = join(OUT_DIR, relative(".", dirname(entry)));
  writeFileSync(
    join(dir, `${name}.js`),
    `import * as nodeModule from "node:module";\nnodeModule.enableCompileCache?.();\nawait import("./${name}.bundle.js");\n`,
  );
}
