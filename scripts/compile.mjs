// `npm run build` and `npm start` run compiled JavaScript, not TypeScript through tsx: this bundles
// the entry points (our modules only; node_modules stay imports) into dist/node/ (git-ignored) with
// esbuild, in well under a second. Arguments: more entry points (the bench adds its build child).
import { build } from "esbuild";

const ENTRY_POINTS = [
  "src/compiler/cli.ts",
  "src/node/server.ts",
  "src/websub/cli.ts",
  "src/activitypub/cli.ts",
  "src/import/cli.ts",
  "src/node/r2-upload-cli.ts",
];

await build({
  entryPoints: [...ENTRY_POINTS, ...process.argv.slice(2)],
  outdir: "dist/node",
  outbase: ".",
  bundle: true,
  packages: "external",
  platform: "node",
  format: "esm",
  target: "node22",
  sourcemap: true,
  logLevel: "warning",
});
