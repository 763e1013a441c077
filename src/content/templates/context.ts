import { fileSlug } from "../slug.js";

export { lineAt } from "../problem.js";

/**
 * What a post's template syntax may read, passed in so that rendering stays pure: the site's
 * settings (`site.*` in Liquid, site params in Hugo), its data files (`site.data.*`), its include
 * files by name, and how a post file maps to its URL.
 */
export interface TemplateContext {
  /** The site's public base URL, without a trailing slash. */
  baseUrl: string;
  /** Site settings by key: `site.title`, `site.repository`… */
  site: Record<string, unknown>;
  /** The site's data files by name (Jekyll `_data/`): `site.data.releases`. */
  data?: Record<string, unknown>;
  /** Include files by name (Jekyll `_includes/NAME`): the only files a template can pull in. */
  includes?: Record<string, string>;
  /** The generator the posts come from, when the site says so; otherwise each file's syntax decides. */
  generator?: "jekyll" | "hugo" | "zola" | "eleventy" | "astro";
  /** See `SiteTemplateData`. */
  postsDir?: string;
  filesUrl?: string;
  fileRelative?: boolean;
}

/** One thing the templates of a post could not do, at a line of the body. */
export interface TemplateWarning {
  /** 1-based line within the body. */
  line: number;
  message: string;
}

export interface TemplateResult {
  body: string;
  warnings: TemplateWarning[];
}

/**
 * The URL of the post that a reference names: a file path (`_posts/2017-01-18-x.markdown`,
 * `posts/x.md`, `x/index.md`) or a Jekyll post name (`2017-01-18-x`), by our own slug rule.
 */
export function referencedPostUrl(reference: string, baseUrl: string): string {
  const path = reference.trim().replace(/#.*$/, "");
  const anchor = /#.*$/.exec(reference.trim())?.[0] ?? "";
  // A page of another Jekyll collection (`_docs/history.md`) is at the collection's default URL.
  const page = /^\/?_(?!posts\/|drafts\/)([\w-]+)\/(.+?)(?:\/index)?\.[a-z]+$/i.exec(path);
  if (page) return `${baseUrl}/${page[1]}/${page[2]}/${anchor}`;
  return `${baseUrl}/posts/${encodeURIComponent(fileSlug(path))}${anchor}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * What templates read of the generator's site the posts come from (its site root, read by
 * `src/compiler/site-data.ts`): its own settings, its data files and its include files.
 */
export interface SiteTemplateData {
  site: Record<string, unknown>;
  data: Record<string, unknown>;
  includes: Record<string, string>;
  /**
   * The posts folder as post file paths start with it (`content/blog`): a page bundle's files are
   * served under `/posts/` by their path below it.
   */
  postsDir?: string;
  /** The URL path the posts folder's own files are served under (default `/posts/`). */
  filesUrl?: string;
  /** Every post's relative links and images are relative to its file, not its URL (Astro). */
  fileRelative?: boolean;
}

/**
 * The template context of a site: its settings here over the generator's own (`_config.yml`,
 * Hugo's params), and the generator site's data and include files.
 */
export function siteTemplateContext(
  site: {
    baseUrl: string;
    title: string;
    description?: string;
    author?: unknown;
  },
  source?: SiteTemplateData,
): TemplateContext {
  return {
    baseUrl: site.baseUrl,
    site: { ...source?.site, ...site, url: site.baseUrl },
    ...(source && { data: source.data, includes: source.includes }),
    ...(source?.postsDir !== undefined && { postsDir: source.postsDir }),
    ...(source?.filesUrl !== undefined && { filesUrl: source.filesUrl }),
    ...(source?.fileRelative && { fileRelative: true }),
  };
}
