import { existsSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { importSite, siteYaml } from "./site-settings.js";

/**
 * `npm run import -- PATH [--out FILE] [--force]`: writes `site.yaml` (or FILE) from the config of
 * the Jekyll, Hugo, Zola, Eleventy or Astro site at PATH, and prints what it could not carry over.
 */
const args = process.argv.slice(2);
const path = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--out");
const out = args.includes("--out") ? args[args.indexOf("--out") + 1] : "site.yaml";
if (!path || !out) {
  console.error("usage: npm run import -- PATH [--out FILE] [--force]");
  process.exit(2);
}
if (existsSync(out) && !args.includes("--force")) {
  console.error(`${out} exists; pass --force to replace it, or --out FILE`);
  process.exit(1);
}
const site = importSite(path, process.cwd(), dirname(out));
if (!site.generator) {
  for (const note of site.notes) console.error(note);
  process.exit(1);
}
writeFileSync(out, siteYaml(site, path));
console.log(`wrote ${out} (${site.generator} site)`);
for (const note of site.notes) console.log(`not carried over: ${note}`);
if (site.postsDir) console.log(`next: SITE_CONFIG=${out} POSTS_DIR=${site.postsDir} npm run build`);
