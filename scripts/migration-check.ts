/**
 * How well real blogs move in (issue 15): `npx tsx scripts/migration-check.ts NAME=SITE_ROOT…`.
 *
 * Each site (a Jekyll, Hugo, Zola, Eleventy or Astro site's root folder) is imported as
 * `npm run import` does (settings into a temporary `site.yaml`), then built in place with the real
 * `buildSite` (its posts folder read as it is, its site root for data, includes and static files)
 * into a temporary output folder. One table is printed: posts, published, refused, posts whose
 * rendered HTML still shows template syntax outside code, warnings, and the links and images into
 * the site that resolve to nothing here — and of those, how many name a file the original site has
 * (its static folders, its content), which would resolve there but not here. Nothing is written
 * elsewhere.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { buildSite } from "../src/compiler/build-site.js";
import { importSite, siteYaml } from "../src/import/site-settings.js";

/** Whatever still looks like a template once rendered: Liquid/Nunjucks/Hugo/Zola delimiters. */
const TEMPLATE = /\{\{|\{%/;
/** An MDX component left as text (escaped) or as a tag. */
const COMPONENT = /(?:<|&lt;)[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)?(?=[\s/>]|&gt;)/;

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
  // Code becomes a space: `{` in code next to `{` in text is no template.
  return html.replace(/<pre[\s>][\s\S]*?<\/pre>/gi, " ").replace(/<code[\s>][\s\S]*?<\/code>/gi, " ");
}

interface Item {
  slug: string;
  url: string;
  contentHtml?: string;
  leadHtml?: string;
}

function readItems(outDir: string): Item[] {
  const dir = join(outDir, "_data", "items");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) =>
    readFileSync(join(dir, name), "utf8")
      .split("\n")
      .filter(Boolean)
      .slice(1)
      .map((line) => JSON.parse(line) as Item),
  );
}

interface Report {
  name: string;
  files: number;
  published: number;
  drafts: number;
  refused: number;
  leaking: string[];
  warnings: number;
  links: number;
  broken: Map<string, string>;
  brokenThere: Map<string, string>;
  errors: Map<string, number>;
  warningKinds: Map<string, number>;
}

function count(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Whether the original site has something at `path`: a static file, or a content page of that name. */
function onOriginal(root: string, path: string): boolean {
  const rel = path.replace(/^\/+/, "").replace(/\/+$/, "");
  const tries = [
    rel,
    `static/${rel}`,
    `public/${rel}`,
    `src/${rel}`,
    `_${rel}.md`,
    `_${rel}.markdown`,
    `_${rel}/index.md`,
    ...["content", "content/en", "src", "."].flatMap((base) =>
      [".md", "/index.md", "/_index.md", ".html", "/index.html"].map((ext) => `${base}/${rel}${ext}`),
    ),
  ];
  return tries.some((t) => rel !== "" && existsSync(join(root, t)));
}

function check(name: string, root: string): Report {
  const tmp = mkdtempSync(join(tmpdir(), "migration-check-"));
  const site = importSite(root, process.cwd(), tmp);
  if (!site.postsDir) throw new Error(`${root}: ${site.notes.join("; ")}`);
  const configFile = join(tmp, "site.yaml");
  writeFileSync(configFile, siteYaml(site, root));
  const publicDir = join(tmp, "public");
  mkdirSync(publicDir);
  const outDir = join(tmp, "out");
  try {
    const output = buildSite({ postsDir: site.postsDir, publicDir, outDir, env: {}, configFile, now: new Date() });
    const report: Report = {
      name,
      files: output.stats.files,
      published: output.stats.published,
      drafts: output.stats.drafts + output.stats.scheduled,
      refused: output.stats.broken,
      leaking: [],
      warnings: output.problems.filter((p) => p.severity === "warning").length,
      links: 0,
      broken: new Map(),
      brokenThere: new Map(),
      errors: new Map(),
      warningKinds: new Map(),
    };
    for (const p of output.problems)
      count(p.severity === "error" ? report.errors : report.warningKinds, kindOf(p.field, p.message));
    const baseUrl = output.manifest.site.baseUrl;
    const origin = new URL(baseUrl).origin;
    const items = readItems(outDir);
    const mdx = Object.keys(output.state.sources?.files ?? {}).some((f) => /\.mdx$/i.test(f));
    const postPaths = new Set(items.map((i) => new URL(i.url).pathname));
    const permalinksFile = join(outDir, "_data", "permalinks.json");
    const permalinks: Record<string, string> = existsSync(permalinksFile)
      ? JSON.parse(readFileSync(permalinksFile, "utf8"))
      : {};
    const served = (path: string): boolean => {
      const bare = path.replace(/\/index\.html?$/i, "/").replace(/\/+$/, "");
      if (postPaths.has(path) || postPaths.has(bare)) return true;
      if ([path, bare, `${bare}/`, `${bare}.html`].some((p) => p in permalinks)) return true;
      // A page bundle's file below the post's old URL redirects to where it is served now.
      const moved = permalinks[`${path.slice(0, path.lastIndexOf("/") + 1)}*`];
      if (moved && existsSync(join(outDir, decodeURIComponent(moved + path.slice(path.lastIndexOf("/") + 1)))))
        return true;
      if (/^\/(tags|categories|authors)\/[^/]+\/?$/.test(path) || path === "/" || path === "") return true;
      if (/\/(rss\.xml|atom\.xml|feed\.json|feed\.xml|index\.xml|feed)$/.test(path)) return true;
      try {
        return existsSync(join(outDir, decodeURIComponent(path)));
      } catch {
        return false;
      }
    };
    for (const item of items) {
      const html = outsideCode(item.contentHtml ?? "");
      // `<Name` is a leftover component only in MDX: elsewhere it is text such as C++'s `Member<GCed>`.
      const leak = TEMPLATE.exec(html) ?? (mdx ? COMPONENT.exec(html) : null);
      if (leak) report.leaking.push(`${item.slug} («${html.slice(Math.max(0, leak.index - 40), leak.index + 40)}»)`);
      const all = `${item.leadHtml ?? ""}${item.contentHtml ?? ""}`;
      for (const [, attr, value] of all.matchAll(/\s(href|src)="([^"]+)"/g)) {
        let url: URL;
        try {
          url = new URL((value ?? "").replace(/&amp;/g, "&"));
        } catch {
          continue;
        }
        if (url.origin !== origin) continue;
        report.links++;
        if (served(url.pathname)) continue;
        const key = `${attr} ${url.pathname}`;
        report.broken.set(key, item.slug);
        if (onOriginal(root, url.pathname)) report.brokenThere.set(key, item.slug);
      }
    }
    return report;
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
  console.error("usage: npx tsx scripts/migration-check.ts NAME=SITE_ROOT [NAME=SITE_ROOT…]");
  process.exit(2);
}
const reports = args.map((arg) => {
  const [name, folder] = arg.includes("=")
    ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
    : [basename(arg), arg];
  return check(name, folder);
});
const header = [
  "blog",
  "posts",
  "published",
  "drafts",
  "refused",
  "templates",
  "warnings",
  "links",
  "broken",
  "there",
  "there/oldSiteUrl",
];
const rows = reports.map((r) =>
  [
    r.name,
    r.files,
    r.published,
    r.drafts,
    r.refused,
    r.leaking.length,
    r.warnings,
    r.links,
    r.broken.size,
    r.brokenThere.size,
    [...r.brokenThere.keys()].filter((k) => !/^\S+ \/(posts|tags|categories|authors)(\/|$)/.test(k)).length,
  ].map(String),
);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log(
  "\ntemplates = published posts with template syntax outside code; links = links and images into the site;" +
    "\nbroken = distinct ones that resolve to nothing here; there = of those, ones naming a file the original site has;" +
    "\nthere/oldSiteUrl = of those, the ones `oldSiteUrl` sends to the original site when the blog has a host of its own",
);
for (const r of reports) {
  console.log(`\n${r.name}`);
  if (r.errors.size) console.log(`  errors by kind:\n${top(r.errors, 12).join("\n")}`);
  if (r.warningKinds.size) console.log(`  warnings by kind:\n${top(r.warningKinds, 12).join("\n")}`);
  if (r.leaking.length) console.log(`  template syntax left in: ${r.leaking.slice(0, 12).join(", ")}`);
  if (r.brokenThere.size) {
    console.log(
      `  resolving there, not here:\n${[...r.brokenThere]
        .slice(0, 15)
        .map(([k, s]) => `    ${k} (in ${s})`)
        .join("\n")}`,
    );
  }
  const elsewhere = [...r.broken].filter(([k]) => !r.brokenThere.has(k));
  // Where the broken ones point, by their first path segment: pages of the site outside the blog, or not.
  const sections = new Map<string, number>();
  for (const [k] of r.broken) count(sections, `/${k.split(" ")[1]?.split("/")[1] ?? ""}/`);
  if (sections.size) console.log(`  broken by first segment:\n${top(sections, 8).join("\n")}`);
  if (elsewhere.length) {
    console.log(
      `  broken, not a file of the original either (sample):\n${elsewhere
        .slice(0, 10)
        .map(([k, s]) => `    ${k} (in ${s})`)
        .join("\n")}`,
    );
  }
}
