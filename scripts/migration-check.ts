/**
 * How well real blogs move in (issue 15): `npx tsx scripts/migration-check.ts NAME=FOLDER…`.
 *
 * Each folder (a Jekyll `_posts`, a Hugo or Zola `content/…`, an Eleventy or Astro posts folder) is
 * flattened into a temporary posts folder the loader reads — every `.md`, `.markdown`, `.mdx` and `.html`
 * file, a page bundle's `index.md` named after its folder, the bundle's other files copied into a
 * temporary `public/` under the folder's name — and built with the real `buildSite` into a temporary
 * output folder. One table is printed: posts, published, refused, posts whose rendered HTML still shows
 * template syntax outside code, and the errors and warnings by kind. Nothing is written elsewhere.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join, relative } from "node:path";
import { buildSite } from "../src/compiler/build-site.js";
import { compileSite } from "../src/compiler/compile.js";
import { textHash } from "../src/compiler/keys.js";
import { publicFileReader } from "../src/compiler/load.js";
import { loadSettings } from "../src/config/load.js";

const POST_EXT = /\.(md|markdown|mdx|html)$/i;
/** Hugo's section pages (`_index.md`) list posts and are no posts themselves. */
const SECTION_INDEX = /^_index\./i;
const BUNDLE_INDEX = /^index\.(md|markdown|mdx|html)$/i;
/** Whatever still looks like a template once rendered: Liquid/Nunjucks/Hugo/Zola delimiters. */
const TEMPLATE = /\{\{|\{%/;
/** An MDX component left as text (escaped) or as a tag. */
const COMPONENT = /(?:<|&lt;)[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)?(?=[\s/>]|&gt;)/;

interface Flattened {
  /** Flat file name → the source path relative to the blog folder. */
  origin: Map<string, string>;
  sections: number;
  bundles: number;
  renamed: number;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

function flatten(src: string, postsDir: string, publicDir: string): Flattened {
  const result: Flattened = { origin: new Map(), sections: 0, bundles: 0, renamed: 0 };
  for (const full of walk(src)) {
    const name = basename(full);
    if (!POST_EXT.test(name)) continue;
    if (SECTION_INDEX.test(name)) {
      result.sections++;
      continue;
    }
    let flat = name;
    const folder = basename(join(full, ".."));
    if (BUNDLE_INDEX.test(name) && full !== join(src, name)) {
      result.bundles++;
      flat = `${folder}${extname(name)}`;
      const bundleDir = join(full, "..");
      for (const other of readdirSync(bundleDir)) {
        const path = join(bundleDir, other);
        if (POST_EXT.test(other) || !statSync(path).isFile()) continue;
        mkdirSync(join(publicDir, folder), { recursive: true });
        copyFileSync(path, join(publicDir, folder, other));
      }
    }
    if (result.origin.has(flat)) {
      // Two files of one name in different folders: keep both, the second prefixed with its folder.
      flat = `${folder}-${flat}`;
      result.renamed++;
    }
    result.origin.set(flat, relative(src, full));
    copyFileSync(full, join(postsDir, flat));
  }
  return result;
}

/** A problem message without what is particular to one post, so that messages of one kind group. */
function kindOf(field: string, message: string): string {
  const general = message
    .replace(/"[^"]*"|'[^']*'|`[^`]*`|“[^”]*”/g, "…")
    .replace(/\b\d[\d:.\-T+Z]*\b/g, "N")
    .replace(/\s+/g, " ")
    .slice(0, 90);
  return `${field.replace(/\[\d+\]/g, "[]")}: ${general}`;
}

function outsideCode(html: string): string {
  return html.replace(/<pre[\s>][\s\S]*?<\/pre>/gi, "").replace(/<code[\s>][\s\S]*?<\/code>/gi, "");
}

interface Item {
  slug: string;
  contentHtml?: string;
}

/** Compiled items of a build: `_data/items/N.json`, a first line of slugs, then one item a line. */
function readItems(outDir: string): Item[] {
  const dir = join(outDir, "_data", "items");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => itemsOf(readFileSync(join(dir, name), "utf8")));
}

function itemsOf(text: string): Item[] {
  return text
    .split("\n")
    .filter(Boolean)
    .slice(1)
    .map((line) => JSON.parse(line) as Item);
}

interface Report {
  name: string;
  files: number;
  sections: number;
  bundles: number;
  unread: number;
  published: number;
  drafts: number;
  refused: number;
  leaking: string[];
  errors: Map<string, number>;
  warnings: Map<string, number>;
}

function count(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function emptyReport(name: string): Report {
  const r = { name, files: 0, sections: 0, bundles: 0, unread: 0, published: 0, drafts: 0, refused: 0 };
  return { ...r, leaking: [], errors: new Map(), warnings: new Map() };
}

function tally(report: Report, problems: { file: string; field: string; message: string; severity: string }[]) {
  const refused = new Set<string>();
  for (const p of problems) {
    if (p.severity === "error") {
      refused.add(p.file);
      count(report.errors, kindOf(p.field, p.message));
    } else count(report.warnings, kindOf(p.field, p.message));
  }
  report.refused += refused.size;
}

function leaks(report: Report, items: Item[], mdx: boolean) {
  for (const item of items) {
    const html = outsideCode(item.contentHtml ?? "");
    // `<Name` is a leftover component only in MDX: elsewhere it is text such as C++'s `Member<GCed>`.
    if (TEMPLATE.test(html) || (mdx && COMPONENT.test(html))) report.leaking.push(item.slug);
  }
}

/**
 * The files the loader did not read (`.mdx`, `.html` until it does), compiled directly with the
 * build's own compiler, so that their content is measured too: a second row, marked as such.
 */
function compileUnread(name: string, postsDir: string, publicDir: string, unread: string[]): Report {
  const report = emptyReport(`${name} (unread, compiled)`);
  const files = unread.map((f) => {
    const text = readFileSync(join(postsDir, f), "utf8");
    return { path: `posts/${f}`, text, hash: textHash(text) };
  });
  const { site } = loadSettings({ vars: {} });
  const output = compileSite({ files, site, now: new Date(), readPublicFile: publicFileReader(publicDir) });
  report.files = files.length;
  report.published = output.stats.published;
  report.drafts = output.stats.drafts + output.stats.scheduled;
  tally(report, output.problems);
  const items = [...output.files].filter(([path]) => /(^|\/)items\//.test(path)).flatMap(([, text]) => itemsOf(text));
  leaks(
    report,
    items,
    unread.some((f) => /\.mdx$/i.test(f)),
  );
  return report;
}

function check(name: string, src: string): Report[] {
  const tmp = mkdtempSync(join(tmpdir(), "migration-check-"));
  const postsDir = join(tmp, "posts");
  const publicDir = join(tmp, "public");
  mkdirSync(postsDir);
  mkdirSync(publicDir);
  try {
    const flat = flatten(src, postsDir, publicDir);
    const output = buildSite({ postsDir, publicDir, outDir: join(tmp, "out"), env: {}, now: new Date() });
    const report = emptyReport(name);
    tally(report, output.problems);
    const seen = new Set(output.problems.map((p) => basename(p.file)));
    for (const f of Object.keys(output.state.sources?.files ?? {})) seen.add(basename(f));
    const unread = [...flat.origin.keys()].filter((f) => !seen.has(f));
    leaks(
      report,
      readItems(join(tmp, "out")),
      [...flat.origin.keys()].some((f) => /\.mdx$/i.test(f)),
    );
    Object.assign(report, {
      files: flat.origin.size,
      sections: flat.sections,
      bundles: flat.bundles,
      unread: unread.length,
      published: output.stats.published,
      drafts: output.stats.drafts + output.stats.scheduled,
    });
    return unread.length ? [report, compileUnread(name, postsDir, publicDir, unread)] : [report];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function top(map: Map<string, number>, n: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `    ${String(v).padStart(4)}  ${k}`);
}

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error("usage: npx tsx scripts/migration-check.ts NAME=FOLDER [NAME=FOLDER…]");
  process.exit(2);
}
const reports = args.flatMap((arg) => {
  const [name, folder] = arg.includes("=")
    ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
    : [basename(arg), arg];
  return check(name, folder);
});
const header = ["blog", "files", "_index", "bundles", "unread", "published", "drafts", "refused", "templates", "clean"];
const rows = reports.map((r) => {
  const read = r.files - r.unread;
  const clean = r.published - r.leaking.length;
  const pct = read > 0 ? `${((100 * clean) / read).toFixed(1)}%` : "-";
  return [
    r.name,
    r.files,
    r.sections,
    r.bundles,
    r.unread,
    r.published,
    r.drafts,
    r.refused,
    r.leaking.length,
    pct,
  ].map(String);
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log("\nclean = published with no template syntax outside code, of the files the loader read");
for (const r of reports) {
  console.log(`\n${r.name}`);
  if (r.errors.size) console.log(`  errors by kind:\n${top(r.errors, 12).join("\n")}`);
  if (r.warnings.size) console.log(`  warnings by kind:\n${top(r.warnings, 12).join("\n")}`);
  if (r.leaking.length) console.log(`  template syntax left in: ${r.leaking.slice(0, 12).join(", ")}`);
}
