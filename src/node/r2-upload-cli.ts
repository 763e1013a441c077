import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { uploadEntries } from "./r2-upload.js";

/**
 * `npm run upload:r2 -- BUCKET [--remote|--local]`: puts the compiled site (`OUT_DIR`, default
 * dist/site) into the R2 bucket the Worker binds as `CONTENT`, with `wrangler r2 bulk put`.
 */
function main(): void {
  const [bucket, ...rest] = process.argv.slice(2);
  if (!bucket || bucket.startsWith("-")) {
    console.error(
      "usage: npm run upload:r2 -- BUCKET [--remote|--local] (the bucket bound as CONTENT in wrangler.toml)",
    );
    process.exit(2);
  }
  const outDir = process.env.OUT_DIR || join("dist", "site");
  const entries = uploadEntries(outDir);
  const tmp = mkdtempSync(join(tmpdir(), "feedloom-r2-"));
  try {
    const list = join(tmp, "entries.json");
    writeFileSync(list, JSON.stringify(entries));
    console.log(`${entries.length} files of ${outDir} → R2 bucket ${bucket}`);
    const result = spawnSync("npx", ["wrangler", "r2", "bulk", "put", bucket, "--filename", list, ...rest], {
      stdio: "inherit",
      env: { WRANGLER_SEND_METRICS: "false", ...process.env },
    });
    process.exitCode = result.status ?? 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
