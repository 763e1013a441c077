import { type Dirent, existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseToml } from "smol-toml";
import { parse as parseYaml } from "yaml";
import type { Problem } from "../content/problem.js";
import type { SiteTemplateData } from "../content/templates/context.js";

/**
 * What a post's templates may read of the generator's site the posts come from, read once per build
 * from its site root: its settings (`site.*`: Jekyll's `_config.yml`, Hugo's `params`, Zola's
 * `extra`), its data files (`site.data.*` from `_data/`: YAML, JSON, CSV, TOML), its include files
 * (`_includes/`), and the folders it serves as they are (`static/`, `public/`, Jekyll's asset folders).
 *
 * Every file is read only when its real path lies inside the site root: no `..`, no symbolic link
 * out of it. A config is read as data (YAML, TOML, JSON), never run: `.js` data files and configs
 * are reported and left out.
 */

export type Generator = "jekyll" | "hugo" | "zola" | "eleventy" | "astro";

/** A folder whose files the site serves as they are, under a URL prefix. */
export interface StaticFolder {
  dir: string;
  /** URL path prefix without slashes at either end ("" for the site's root, "assets"). */
  prefix: string;
}

export interface SiteSource {
  /** The site root, a real path. */
  root: string;
  generator?: Generator;
  /** The config as read (for `npm run import`): its keys as written. */
  config: Record<string, unknown>;
  templates: SiteTemplateData;
  staticFolders: StaticFolder[];
  problems: Problem[];
  /** Hash input of everything templates read: a change makes templated posts parse again. */
  key: string;
}

/** Config files that name a generator, in the order they are looked for. */
const CONFIGS: { file: string; generator: Generator }[] = [
  { file: "_config.yml", generator: "jekyll" },
  { file: "_config.yaml", generator: "jekyll" },
  { file: "_config.toml", generator: "jekyll" },
  { file: "hugo.toml", generator: "hugo" },
  { file: "hugo.yaml", generator: "hugo" },
  { file: "hugo.yml", generator: "hugo" },
  { file: "hugo.json", generator: "hugo" },
  { file: "config/_default/hugo.yaml", generator: "hugo" },
  { file: "config/_default/hugo.toml", generator: "hugo" },
  { file: "config/_default/config.yaml", generator: "hugo" },
  { file: "config/_default/config.toml", generator: "hugo" },
  { file: "zola.toml", generator: "zola" },
  // Hugo's and Zola's old common name: told apart by their keys (`baseURL` vs `base_url`).
  { file: "config.toml", generator: "zola" },
  { file: "config.yaml", generator: "hugo" },
  { file: "eleventy.config.js", generator: "eleventy" },
  { file: "eleventy.config.mjs", generator: "eleventy" },
  { file: "eleventy.config.cjs", generator: "eleventy" },
  { file: ".eleventy.js", generator: "eleventy" },
  { file: "astro.config.mjs", generator: "astro" },
  { file: "astro.config.ts", generator: "astro" },
  { file: "astro.config.js", generator: "astro" },
];

/** How far above the posts folder a site root is looked for (`content/en/blog` → three up). */
const MAX_LEVELS = 4;
/** Bounds on what is read, so a mistaken root cannot make a build read a disk. */
const MAX_FILES = 5000;
const MAX_BYTES = 2_000_000;

/** Files Jekyll copies as they are, from folders that are not its own (`assets/`, `img/`). */
const ASSET_FILE = /\.(png|jpe?g|gif|webp|avif|svg|ico|bmp|mp4|webm|mov|mp3|ogg|wav|pdf|zip|gz|txt|css|woff2?|ttf)$/i;

/**
 * The site root of a posts folder: the nearest folder at or above it (at most four levels) that
 * holds a generator's config file; undefined when there is none.
 */
export function findSiteRoot(postsDir: string): string | undefined {
  let dir = resolve(postsDir);
  // Shared folders are no one's site, whatever config file lies about in them.
  const shared = new Set([resolve("/"), resolve(tmpdir()), resolve(homedir())]);
  for (let level = 0; level <= MAX_LEVELS; level++) {
    if (!shared.has(dir) && CONFIGS.some((c) => existsSync(join(dir, c.file)))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** Reads what templates may read of the site at `rootDir`; `shown` names files in problems. */
export function readSiteSource(rootDir: string, cwd = process.cwd()): SiteSource {
  const problems: Problem[] = [];
  let root: string;
  try {
    root = realpathSync(resolve(rootDir));
  } catch {
    const file = relative(cwd, rootDir) || ".";
    problems.push({
      file,
      line: 1,
      field: "siteRoot",
      message: "no such folder; no site data read",
      severity: "warning",
    });
    return empty(resolve(rootDir), problems);
  }
  const shown = (path: string) => relative(cwd, path).split(sep).join("/") || ".";
  const warn = (path: string, message: string) =>
    problems.push({ file: shown(path), line: 1, field: "file", message, severity: "warning" });
  const reader = new SafeReader(root, warn);

  const found = CONFIGS.find((c) => reader.isFile(join(root, c.file)));
  let generator = found?.generator;
  let config: Record<string, unknown> = {};
  if (found && !/\.(c|m)?js$|\.ts$/.test(found.file)) {
    config = reader.data(join(root, found.file)) ?? {};
    if (found.file === "config.toml" && ("baseURL" in config || "baseurl" in config)) generator = "hugo";
  }
  if (generator === "hugo") config = { ...config, ...hugoConfigFolder(reader, root) };

  const site: Record<string, unknown> = {};
  let data: Record<string, unknown> = {};
  let includes: Record<string, string> = {};
  const staticFolders: StaticFolder[] = [];
  const addStatic = (dir: string, prefix: string) => {
    if (reader.isDir(dir)) staticFolders.push({ dir, prefix });
  };
  switch (generator) {
    case "jekyll": {
      Object.assign(site, config);
      data = reader.dataTree(join(root, "_data"));
      includes = reader.textTree(join(root, "_includes"));
      // Jekyll serves every folder that is not its own (`_…`) as it is: images and media only here.
      for (const entry of reader.entries(root)) {
        if (entry.isDirectory() && !/^[_.]/.test(entry.name) && entry.name !== "node_modules") {
          addStatic(join(root, entry.name), entry.name);
        }
      }
      break;
    }
    case "hugo": {
      const params = lowerKeys(config.params);
      Object.assign(site, lowerKeys(config), { params });
      data = reader.dataTree(join(root, "data"));
      addStatic(join(root, "static"), "");
      break;
    }
    case "zola": {
      Object.assign(site, config, { extra: config.extra ?? {} });
      addStatic(join(root, "static"), "");
      break;
    }
    case "eleventy": {
      // Eleventy's input folder is often `src/`: its data and includes are there.
      const input = reader.isDir(join(root, "src", "_data")) || reader.isDir(join(root, "src", "_includes"));
      const base = input ? join(root, "src") : root;
      data = reader.dataTree(join(base, "_data"));
      includes = reader.textTree(join(base, "_includes"));
      addStatic(join(root, "public"), "");
      // Passthrough copies are configured in JavaScript, which is not run: the input folder's
      // folders serve their images and media, as they usually are copied (`src/_img/`).
      for (const entry of reader.entries(base)) {
        if (entry.isDirectory() && !/^(\.|_data$|_includes$|_layouts$|node_modules$)/.test(entry.name)) {
          addStatic(join(base, entry.name), entry.name);
        }
      }
      break;
    }
    case "astro":
      addStatic(join(root, "public"), "");
      // Images a post names by a path relative to its file (`../../assets/logo.png`), which Astro
      // bundles: `src/` is served under `/_site/src/`, where those paths lead (see `filesUrlOf`).
      addStatic(join(root, "src"), "_site/src");
      break;
  }
  const templates: SiteTemplateData = { site, data, includes };
  return {
    root,
    ...(generator && { generator }),
    config,
    templates,
    staticFolders,
    problems,
    key: JSON.stringify(templates),
  };
}

function empty(root: string, problems: Problem[]): SiteSource {
  return { root, config: {}, templates: { site: {}, data: {}, includes: {} }, staticFolders: [], problems, key: "" };
}

/** Hugo's `config/_default/params.yaml` (and `.toml`): the site's params, beside its config file. */
function hugoConfigFolder(reader: SafeReader, root: string): Record<string, unknown> {
  for (const ext of ["yaml", "yml", "toml", "json"]) {
    const params = reader.data(join(root, "config", "_default", `params.${ext}`));
    if (params) return { params };
  }
  return {};
}

/** Hugo's keys are case-insensitive: `.Site.Params.canonicalURL` is `params.canonicalurl`. */
function lowerKeys(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.toLowerCase()] = v;
  return out;
}

/** Files read only inside one root, by real paths, within the bounds above. */
class SafeReader {
  #root: string;
  #warn: (path: string, message: string) => void;
  #files = 0;

  constructor(root: string, warn: (path: string, message: string) => void) {
    this.#root = root;
    this.#warn = warn;
  }

  /** The real path of `path` when it lies inside the root; undefined (and a warning for a link out) otherwise. */
  #inside(path: string): string | undefined {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return undefined;
    }
    if (real === this.#root || real.startsWith(this.#root + sep)) return real;
    this.#warn(path, "leads outside the site root (a symbolic link); not read");
    return undefined;
  }

  isFile(path: string): boolean {
    const real = existsSync(path) ? this.#inside(path) : undefined;
    return real !== undefined && statSync(real).isFile();
  }

  isDir(path: string): boolean {
    const real = existsSync(path) ? this.#inside(path) : undefined;
    return real !== undefined && statSync(real).isDirectory();
  }

  entries(dir: string): Dirent[] {
    if (!this.isDir(dir)) return [];
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  text(path: string): string | undefined {
    const real = existsSync(path) ? this.#inside(path) : undefined;
    if (!real) return undefined;
    const stat = statSync(real);
    if (!stat.isFile()) return undefined;
    if (++this.#files > MAX_FILES || stat.size > MAX_BYTES) {
      this.#warn(path, "too large, or past the number of site files read; not read");
      return undefined;
    }
    return readFileSync(real, "utf8");
  }

  /** A data file as data by its extension; undefined when it is none or broken (with a warning). */
  data(path: string): Record<string, unknown> | undefined {
    const ext = extname(path).toLowerCase();
    if (!/^\.(ya?ml|json|toml|csv|tsv)$/.test(ext)) {
      if (/^\.(c|m)?js$/.test(ext)) this.#warn(path, "a JavaScript data file cannot be read as data; left out");
      return undefined;
    }
    const text = this.text(path);
    if (text === undefined) return undefined;
    try {
      const value: unknown =
        ext === ".json"
          ? JSON.parse(text)
          : ext === ".toml"
            ? parseToml(text)
            : ext === ".csv" || ext === ".tsv"
              ? parseCsv(text, { columns: true, skip_empty_lines: true, delimiter: ext === ".tsv" ? "\t" : "," })
              : parseYaml(text, { schema: "core" });
      return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    } catch (e) {
      this.#warn(path, `could not be read as data (${(e as Error).message.split("\n")[0]}); left out`);
      return undefined;
    }
  }

  /** A data folder as one tree: `releases.yml` → `releases`, `sub/x.json` → `sub.x`. */
  dataTree(dir: string): Record<string, unknown> {
    const tree: Record<string, unknown> = {};
    for (const entry of this.entries(dir)) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      const name = basename(entry.name, extname(entry.name));
      if (this.#isDirEntry(entry, path)) tree[entry.name] = this.dataTree(path);
      else {
        const value = this.data(path);
        if (value !== undefined) tree[name] = value;
      }
    }
    return tree;
  }

  /** Every text file under `dir` by its path relative to it (`note.html`, `docs/option.md`). */
  textTree(dir: string, prefix = ""): Record<string, string> {
    const files: Record<string, string> = {};
    for (const entry of this.entries(dir)) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (this.#isDirEntry(entry, path)) Object.assign(files, this.textTree(path, name));
      else {
        const text = this.text(path);
        if (text !== undefined) files[name] = text;
      }
    }
    return files;
  }

  #isDirEntry(entry: Dirent, path: string): boolean {
    if (entry.isDirectory()) return true;
    return entry.isSymbolicLink() && this.isDir(path);
  }
}

/** Whether a file of a Jekyll asset folder is served (images, media, styles), not a page Jekyll would render. */
export function isStaticAsset(folder: StaticFolder, generator: Generator | undefined, name: string): boolean {
  return (
    folder.prefix === "" ||
    (generator !== "jekyll" && generator !== "eleventy" && generator !== "astro") ||
    ASSET_FILE.test(name)
  );
}

/**
 * Where the posts folder's own files are served, and whether a post's relative URLs are relative to
 * its file: Astro's posts mirror the site root under `/_site/` (so `../../assets/x.png` finds
 * `src/assets/x.png`); every other generator's under `/posts/`, relative to the page's folder.
 */
export function filesUrlOf(
  source: SiteSource | undefined,
  postsDir: string,
): { filesUrl: string; fileRelative?: true } {
  const below = source && relative(source.root, safeRealpath(postsDir)).split(sep).join("/");
  if (source?.generator !== "astro" || !below || below.startsWith("..")) return { filesUrl: "/posts/" };
  return { filesUrl: `/_site/${below.split("/").map(encodeURIComponent).join("/")}/`, fileRelative: true };
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
