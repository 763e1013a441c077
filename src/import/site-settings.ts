import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { stringify } from "yaml";
import { loadPostFiles } from "../compiler/load.js";
import { type Generator, readSiteSource, type SiteSource } from "../compiler/site-data.js";
import { textOf } from "../compiler/source.js";
import { parsePost } from "../content/parse.js";

/**
 * `npm run import`: the settings of a Jekyll, Hugo, Zola, Eleventy or Astro site as `site.yaml`
 * settings (title, URL, description, author, language, generator, site root, permalink pattern,
 * feed ids), where its posts are, and what of its config could not be carried over. Pure but for
 * reading the site (through `readSiteSource`, so only files inside it).
 */
export interface ImportedSite {
  generator?: Generator;
  /** The posts folder, relative to the working folder. */
  postsDir?: string;
  settings: Record<string, unknown>;
  /** One line each: what the site does that these settings do not. */
  notes: string[];
}

/** Config keys that are carried over, or say nothing a reader of the feeds would miss. */
const CARRIED: Record<Generator, Set<string>> = {
  jekyll: new Set([
    "title",
    "name",
    "description",
    "url",
    "baseurl",
    "author",
    "lang",
    "permalink",
    "collections",
    "timezone",
  ]),
  hugo: new Set(["baseurl", "title", "languagecode", "defaultcontentlanguage", "permalinks", "params", "timezone"]),
  zola: new Set(["base_url", "title", "description", "default_language", "author", "extra"]),
  eleventy: new Set(),
  astro: new Set(),
};

/** Config keys of each generator that shape what is published, and that these settings cannot do. */
const NOT_CARRIED: Record<string, string> = {
  plugins: "plugins (those this site cannot run are named below)",
  theme: "the theme (pages here have their own layout)",
  menus: "menus",
  menu: "menus",
  paginate: "pagination size (feeds and pages here page by `itemsPerFeed`)",
  pagination: "pagination size (feeds and pages here page by `itemsPerFeed`)",
  taxonomies: "taxonomies other than tags, categories and authors",
  languages: "other languages (one site here is one language; import each language's folder as its own site)",
  defaults: "front-matter defaults by path",
  markup: "Markdown renderer settings",
  markdown: "Markdown renderer settings",
  kramdown: "Markdown renderer settings",
  outputs: "output formats",
  disqusshortname: "comments",
  googleanalytics: "analytics",
  google_analytics_id: "analytics",
};

/** Where each generator keeps posts, most likely first, relative to the site root. */
const POST_FOLDERS: Record<Generator, string[]> = {
  jekyll: ["_posts"],
  hugo: ["content/blog", "content/posts", "content/post", "content/news", "content/en/blog", "content/en/posts"],
  zola: ["content/blog", "content/posts", "content"],
  eleventy: ["src/blog", "src/posts", "blog", "posts", "src/content/blog"],
  astro: ["src/content/blog", "src/content/posts", "src/content/post", "src/data/blog", "src/pages/blog"],
};

/**
 * The settings of the site at `rootDir`; its site root is written relative to `configDir` (the
 * folder the `site.yaml` goes to), its posts folder relative to `cwd`. Its posts are parsed once,
 * so that their front-matter keys meaning nothing here are declared known (`frontMatter.known`)
 * rather than warned about in every build.
 */
export function importSite(rootDir: string, cwd = process.cwd(), configDir = cwd): ImportedSite {
  const source = readSiteSource(rootDir, cwd);
  const notes = source.problems.map((p) => `${p.file}: ${p.message}`);
  const generator = source.generator;
  if (!generator) {
    return {
      settings: {},
      notes: [...notes, `${rootDir}: no Jekyll, Hugo, Zola, Eleventy or Astro config file found; nothing imported`],
    };
  }
  const config = source.config;
  const lower = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.toLowerCase(), v]));
  const postsRoot = findPosts(source, generator, lower);
  const postsDir = postsRoot && relative(cwd, postsRoot).split(sep).join("/");
  const settings: Record<string, unknown> = {};
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
  const params = (lower.params ?? {}) as Record<string, unknown>;
  const extra = (config.extra ?? {}) as Record<string, unknown>;
  const astro = generator === "astro" ? astroConfig(source.root) : {};
  const eleventy = generator === "eleventy" ? eleventyMetadata(source) : {};

  const title = text(lower.title) ?? text(lower.name) ?? text(eleventy.title) ?? text(astro.title);
  if (title) settings.title = title;
  const description =
    text(lower.description) ?? text(params.description) ?? text(eleventy.description) ?? text(eleventy.subtitle);
  if (description) settings.description = description;
  const url = text(lower.url) ?? text(lower.baseurl) ?? text(lower.base_url) ?? text(eleventy.url) ?? text(astro.site);
  const base = generator === "jekyll" ? (text(lower.baseurl) ?? "") : "";
  if (url && /^https?:\/\//.test(url)) settings.baseUrl = `${url.replace(/\/+$/, "")}${base.replace(/\/+$/, "")}`;
  const language = text(lower.lang) ?? text(lower.languagecode) ?? text(lower.default_language);
  if (language) settings.language = language;
  const author = authorOf(lower.author ?? params.author ?? extra.author ?? eleventy.author);
  if (author) settings.author = author;
  // Jekyll's `timezone`, Hugo's `timeZone`: the zone of dates written without one and of URLs' days.
  const timeZone = text(lower.timezone);
  if (timeZone && (generator === "jekyll" || generator === "hugo")) settings.timeZone = timeZone;
  settings.generator = generator;
  settings.siteRoot = relative(resolve(configDir), source.root).split(sep).join("/") || ".";
  const permalink = postsRoot ? permalinkOf(generator, config, lower, source.root, postsRoot) : undefined;
  if (permalink) settings.permalink = permalink;
  // jekyll-feed, Hugo's, Zola's and @astrojs/rss's feeds all identify an entry by its URL.
  settings.feedIds = "url";

  for (const [key, value] of Object.entries(config)) {
    const k = key.toLowerCase();
    if (CARRIED[generator].has(k) || value === undefined || value === null) continue;
    const why = NOT_CARRIED[k];
    if (why) notes.push(`${key}: ${why}`);
  }
  if (generator === "jekyll" && Array.isArray(config.plugins)) {
    for (const plugin of config.plugins) {
      if (!/^jekyll-(feed|seo-tag|sitemap|redirect-from|avatar|mentions|gist|github-metadata)$/.test(String(plugin))) {
        notes.push(`plugins: ${plugin}: its tags and filters cannot be run here; posts using them get a warning`);
      }
    }
  }
  if (generator === "hugo" && existsSync(join(source.root, "layouts", "shortcodes"))) {
    const own = readdirSync(join(source.root, "layouts", "shortcodes")).map((f) => f.replace(/\.[^.]+$/, ""));
    if (own.length)
      notes.push(
        `layouts/shortcodes: the site's own shortcodes (${own.join(", ")}) keep their inner content, with a warning`,
      );
  }
  if (generator === "eleventy" || generator === "astro") {
    notes.push(
      `${generator} config is JavaScript, which is not run: title, URL and permalink were read from its data files and the usual layout; check them`,
    );
  }
  if (postsDir) {
    const known = unknownKeys(postsDir, cwd);
    if (known.length > 0) settings.frontMatter = { known };
  }
  if (!postsRoot) notes.push(`no posts folder found (looked for ${POST_FOLDERS[generator].join(", ")}); set POSTS_DIR`);
  return { generator, ...(postsDir && { postsDir }), settings, notes };
}

/** `site.yaml` text for the imported settings, with the posts folder and the notes as comments. */
export function siteYaml(site: ImportedSite, from: string): string {
  const head = [
    `# Imported by \`npm run import -- ${from}\` from a ${site.generator ?? "unknown"} site.`,
    ...(site.postsDir ? [`# Build with: POSTS_DIR=${site.postsDir} npm run build`] : []),
    ...site.notes.map((n) => `# not carried over: ${n}`),
    ...(typeof site.settings.baseUrl === "string"
      ? [
          `# Blog on a host of its own? Set baseUrl to it, and oldSiteUrl: ${site.settings.baseUrl}`,
          "# so that links to the old site's other pages keep working (301 there).",
        ]
      : []),
  ];
  return `${head.join("\n")}\n${stringify(site.settings)}`;
}

function findPosts(source: SiteSource, generator: Generator, lower: Record<string, unknown>): string | undefined {
  const candidates = [...POST_FOLDERS[generator]];
  if (generator === "jekyll" && typeof lower.collections_dir === "string") {
    candidates.unshift(`${lower.collections_dir}/_posts`);
  }
  if (generator === "hugo") {
    const lang = typeof lower.defaultcontentlanguage === "string" ? lower.defaultcontentlanguage : "en";
    candidates.push(`content/${lang}/blog`, `content/${lang}/posts`, `content/${lang}/post`);
  }
  for (const c of candidates) {
    const dir = join(source.root, c);
    if (existsSync(dir) && statSync(dir).isDirectory()) return dir;
  }
  return undefined;
}

/** The permalink pattern of the posts on the old site, as our placeholders write it. */
function permalinkOf(
  generator: Generator,
  config: Record<string, unknown>,
  lower: Record<string, unknown>,
  root: string,
  postsRoot: string,
): string | undefined {
  const section = relative(root, postsRoot).split(sep).join("/");
  switch (generator) {
    case "jekyll": {
      const collections = (config.collections ?? {}) as Record<string, { permalink?: unknown }>;
      const own = collections.posts?.permalink ?? config.permalink ?? "date";
      return jekyllPermalink(String(own));
    }
    case "hugo": {
      const name = section.replace(/^content\/(?:[a-z]{2}(?:-[a-z]+)?\/)?/i, "");
      const permalinks = (lower.permalinks ?? {}) as Record<string, unknown>;
      const page = (permalinks.page ?? permalinks) as Record<string, unknown>;
      const pattern = page[name];
      if (typeof pattern === "string") {
        // Hugo's `:title` is the title made a URL; its `:slug` the slug, else the same.
        return pattern.replace(/:title\b/g, ":slugified_title").replace(/:contentbasename\b/g, ":filename");
      }
      return `/${name}/:path/`;
    }
    case "zola": {
      const name = section.replace(/^content\/?/, "");
      return name ? `/${name}/:slug/` : "/:slug/";
    }
    case "eleventy":
      return `/${section.replace(/^src\//, "")}/:path/`;
    case "astro":
      return `/${section.replace(/^src\/(?:content|data|pages)\//, "")}/:path/`;
  }
}

/** Jekyll's named permalink styles, and its `:title` and `:categories` as ours write them. */
function jekyllPermalink(style: string): string {
  const named: Record<string, string> = {
    date: "/:categories/:year/:month/:day/:title.html",
    pretty: "/:categories/:year/:month/:day/:title/",
    ordinal: "/:categories/:year/:y_day/:title.html",
    none: "/:categories/:title.html",
  };
  return (named[style] ?? style).replace(/:output_ext\b/g, ".html");
}

function authorOf(value: unknown): Record<string, string> | undefined {
  if (typeof value === "string" && value.trim()) return { name: value.trim() };
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const a = value as Record<string, unknown>;
    if (typeof a.name !== "string") return undefined;
    return {
      name: a.name,
      ...(typeof a.email === "string" && { email: a.email }),
      ...(typeof a.url === "string" && /^https?:/.test(a.url) && { url: a.url }),
    };
  }
  return undefined;
}

/** Astro's config is JavaScript: its `site:` URL is read as text, never run. */
function astroConfig(root: string): Record<string, string> {
  for (const name of ["astro.config.mjs", "astro.config.ts", "astro.config.js"]) {
    const path = join(root, name);
    if (!existsSync(path)) continue;
    const site = /\bsite\s*:\s*["'`](https?:\/\/[^"'`]+)["'`]/.exec(readFileSync(path, "utf8"))?.[1];
    return site ? { site } : {};
  }
  return {};
}

/** Eleventy sites keep their title and URL in a global data file (`_data/metadata.json`, `site.json`). */
function eleventyMetadata(source: SiteSource): Record<string, unknown> {
  const data = source.templates.data;
  for (const name of ["metadata", "site", "meta"]) {
    const value = data[name];
    if (value && typeof value === "object") return value as Record<string, unknown>;
  }
  return {};
}

/** Front-matter keys of the posts that nothing here reads, by name. */
function unknownKeys(postsDir: string, cwd: string): string[] {
  const keys = new Set<string>();
  for (const file of loadPostFiles(resolve(cwd, postsDir), cwd).files) {
    for (const p of parsePost(file.path, textOf(file), { defaultAuthor: { name: "-" } }).problems) {
      if (p.message === "unknown key, ignored") keys.add(p.field);
    }
  }
  return [...keys].sort();
}
