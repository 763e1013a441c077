import { imageSize } from "image-size";
import type { SiteConfig } from "../config/site-config.js";
import { absolutize, renderPostBody, renderSummary } from "../content/markdown.js";
import { oldPostPath } from "../content/permalink.js";
import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import { bundleOf, unpackBundle } from "../store/bundle.js";
import { dataPath, type Item, type ItemImage, type RelatedRef } from "../store/data-layout.js";
import { postPath } from "../urls.js";

/*
 * One post → its item: the rendered body, the lead image's facts, the Related references; shared
 * by full and patched builds. The markup around them is made when feeds and pages are rendered
 * (src/present/fragments.tsx).
 */

/**
 * Reads a file the site serves from `public/` by URL path. It may know the facts an earlier build
 * measured for a file that has not changed since (`image-stamps.ts`): the file is then not read.
 */
export type ReadPublicFile = ((urlPath: string) => Uint8Array | undefined) & {
  knownFacts?: (urlPath: string) => ImageFacts | undefined;
  remember?: (urlPath: string, facts: ImageFacts) => void;
};

/** The item with other Related content (a patched build: another post changed). */
export function withRelated(item: Item, related: Item["related"]): Item {
  return { ...item, related };
}

/** Renders a post's body and summary into its item; `tooDeep` when the Markdown nests past what is followed. */
export function renderItem(
  post: Post,
  site: SiteConfig,
  image: ItemImage | undefined,
  related: Item["related"],
): { item: Item; tooDeep: boolean } {
  const url = site.baseUrl + postPath(post.slug);
  // A page bundle's relative links and images are its own files, served from its folder.
  const { html: contentHtml, excerpt, tooDeep } = renderPostBody(post.body, post.base ? site.baseUrl + post.base : url);
  const summary = post.summary.map((s) => renderSummary(s, url));
  const item: Item = {
    slug: post.slug,
    id: itemId(post, site),
    url,
    title: post.title.trim(),
    summary: summary.map((s) => s.text),
    summaryHtml: summary.map((s) => s.html),
    contentHtml,
    excerptHtml: excerpt,
    published: post.date.toISOString(),
    updated: post.updated.toISOString(),
    authors: post.authors,
    ...(post.category && { category: post.category }),
    tags: post.tags,
    ...(image && { image }),
    related,
  };
  return { item, tooDeep };
}

/**
 * A post's stable id: a `tag:` URI (RFC 4151) from the host, the post's date and its path; with
 * `feedIds: url`, the post's old URL (its permalink), the id jekyll-feed and Hugo gave it.
 */
function itemId(post: Post, site: SiteConfig): string {
  const old = site.feedIds === "url" ? oldPostPath(post, site.permalink, site.timeZone) : undefined;
  if (old) return site.baseUrl + old;
  return `tag:${new URL(site.baseUrl).hostname},${post.date.toISOString().slice(0, 10)}:${postPath(post.slug)}`;
}

const MIME: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
};

/** What the file behind an image URL says: type, byte length and dimensions; or why it is broken. */
export type ImageFacts = Pick<ItemImage, "type" | "length" | "width" | "height"> | { broken: string };

/** The lead image with real type, size and dimensions; null (and a problem) when it is broken. */
export function leadImage(
  post: Post,
  site: SiteConfig,
  factsOf: (url: string, src: string) => ImageFacts,
  problems: Problem[],
): ItemImage | null | undefined {
  const input = post.image;
  if (!input) return undefined;
  const url = absolutize(input.src, site.baseUrl + (post.base ?? postPath(post.slug)));
  const facts = factsOf(url, input.src);
  if ("broken" in facts) {
    problems.push(imageProblem(post, facts.broken));
    return null;
  }
  return {
    url,
    alt: input.alt ?? "",
    ...(input.caption && { caption: input.caption }),
    ...(input.credit && { credit: input.credit }),
    ...facts,
  };
}

/** Facts of the image at `url`: local files are read and measured, remote ones typed by extension. */
export function imageFacts(url: string, src: string, site: SiteConfig, readPublicFile: ReadPublicFile): ImageFacts {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL("invalid:");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { broken: "must be an http(s) URL or a path to a file in public/" };
  }
  if (parsed.origin !== new URL(site.baseUrl).origin) {
    const ext = parsed.pathname.split(".").pop()?.toLowerCase() ?? "";
    const type = MIME[ext === "jpeg" ? "jpg" : ext];
    return type ? { type } : {};
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { broken: `not a valid path: ${src}` };
  }
  const known = readPublicFile.knownFacts?.(path);
  if (known) return known;
  const bytes = readPublicFile(path);
  if (!bytes) return { broken: `file not found: public${path}` };
  try {
    const size = imageSize(bytes);
    const type = size.type ? MIME[size.type] : undefined;
    const facts = { ...(type && { type }), length: bytes.byteLength, width: size.width, height: size.height };
    readPublicFile.remember?.(path, facts);
    return facts;
  } catch {
    return { broken: `not an image file: public${path}` };
  }
}

function imageProblem(post: Post, message: string): Problem {
  return { file: post.file, line: post.lines.image ?? 1, field: "image", message, severity: "error" };
}

/** What another post's Related content says of a post, as JSON. */
export function relatedRefJson(post: Post, image: ItemImage | undefined, site: SiteConfig): string {
  const ref: RelatedRef = {
    slug: post.slug,
    id: itemId(post, site),
    title: post.title,
    url: site.baseUrl + postPath(post.slug),
    published: post.date.toISOString(),
    ...(image && { image: { url: image.url, alt: image.alt, width: image.width, height: image.height } }),
  };
  return JSON.stringify(ref);
}

/** Item JSON of a previous build by slug, from its bundles, each read and split once; undefined if absent. */
export function previousItemReader(
  read: ((path: string) => string | undefined) | undefined,
  bundles: number,
): (slug: string) => string | undefined {
  const split = new Map<number, Map<string, string>>();
  return (slug) => {
    if (!read) return undefined;
    const index = bundleOf(slug, bundles);
    let lines = split.get(index);
    if (!lines) {
      const text = read(dataPath.bundle(index));
      lines = text === undefined ? new Map() : unpackBundle(text);
      split.set(index, lines);
    }
    return lines.get(slug);
  };
}

/**
 * An item's JSON made anew with the Related content `refsJson`: the previous JSON with only
 * that block replaced when the post itself is unchanged (`previousJson`), else rendered.
 */
export function remadeItemJson(
  previousJson: string | undefined,
  refsJson: string,
  toRender: () => { post: Post; image: ItemImage | undefined },
  site: SiteConfig,
  problems: Problem[],
): string {
  if (previousJson !== undefined) {
    return JSON.stringify(withRelated(JSON.parse(previousJson) as Item, JSON.parse(refsJson) as RelatedRef[]));
  }
  const { post, image } = toRender();
  const { item, tooDeep } = renderItem(post, site, image, []);
  if (tooDeep) problems.push(tooDeepProblem(post));
  return withRelatedJson(JSON.stringify(item), refsJson);
}

const NO_RELATED = '"related":[]}';

/**
 * An item's JSON (made with no Related content; `related` is its last key) with `refsJson` as
 * its Related content: the refs are JSON.stringify's text already, so they are not parsed and
 * written again.
 */
function withRelatedJson(itemJson: string, refsJson: string): string {
  if (!itemJson.endsWith(NO_RELATED)) throw new Error("an item's last key must be `related`");
  return `${itemJson.slice(0, -NO_RELATED.length)}"related":${refsJson}}`;
}

/** The warning for a body the Markdown renderer could not follow to the end. */
export function tooDeepProblem(post: Post): Problem {
  return {
    file: post.file,
    line: 1,
    field: "body",
    message: "nests deeper than the Markdown renderer follows; the innermost text is left out",
    severity: "warning",
  };
}
