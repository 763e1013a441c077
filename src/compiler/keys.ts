import { createHash, hash as digest } from "node:crypto";
import type { SiteConfig } from "../config/site-config.js";
import { siteParseOptions } from "../content/parse.js";
import type { SiteTemplateData } from "../content/templates/context.js";
import type { ItemImage, Manifest } from "../store/data-layout.js";

// Every key a build compares with the previous build's, defined once: equal keys mean equal output,
// so what a key covers is exactly what its result reads. A change here changes what is reused:
// bump `STATE_VERSION` (state.ts).

/**
 * The hash every key is made with: SHA-256, 128 bits in hex. Made from the digest's bytes, not cut
 * from its 64-digit hex: V8 keeps a cut string as a view of the whole, and a build holds several keys per post.
 */
export function hash(text: string): string {
  return digest("sha256", text, "buffer").toString("hex", 0, 16);
}

/** The hash of a post file's text, as the loader records it. */
export function textHash(text: string): string {
  return hash(text);
}

/**
 * The whole site configuration and what templates read of the generator's site (`templateKey`):
 * a change of any setting can change any list, feed or the manifest.
 */
export function configKeyOf(site: SiteConfig, templateKey: string): string {
  return hash(JSON.stringify(site) + templateKey);
}

/** The key of a post file's parse result: its path, the settings parsing reads (`parseKeyOf`) and its text. */
export function sourceKey(path: string, parseKey: string, textHash: string): string {
  return hash(`${path}\0${parseKey}\0${textHash}`);
}

/**
 * The settings that parsing a post reads: the site's author (the byline of a post that names none),
 * the site's own front-matter keys, the generator and the time zone of zone-less dates. Any other setting changed leaves every parse
 * result valid.
 */
export function parseKeyOf(site: SiteConfig): string {
  return hash(JSON.stringify([site.author, site.frontMatter, site.generator ?? null, site.timeZone ?? null]));
}

/** Hash of what template syntax in a body reads of the site (`site.*` in Liquid, Hugo's site params, the generator's site data). */
export function templateKeyOf(site: SiteConfig, siteData?: SiteTemplateData): string {
  return hash(JSON.stringify(siteParseOptions(site, siteData).templates));
}

/**
 * The keys of a post file's parse result. A post without template syntax depends on the parse
 * settings and its text only (`plain`), so a title change parses nothing; a post with template
 * syntax also on what its templates read (`templated`), so such a change parses it again.
 */
export function postKeys(path: string, parseKey: string, templateKey: string, textHash: string) {
  return { plain: sourceKey(path, parseKey, textHash), templated: sourceKey(path, parseKey + templateKey, textHash) };
}

/**
 * The key of an item's rendered HTML: its parse key, its lead image and the settings that
 * rendering reads, the base URL (absolute links) and, with `feedIds: url`, the permalink pattern
 * (the item's id). The title, cache lifetimes and the rest are not in items: feeds and pages read
 * them from the manifest or at run time.
 */
export function renderKeyOf(sourceKey: string, site: SiteConfig, image: ItemImage | undefined): string {
  const ids = site.feedIds === "url" ? `${site.permalink}\0${site.timeZone}` : "";
  return hash(`${sourceKey}\0${site.baseUrl}\0${ids}\0${JSON.stringify(image ?? null)}`);
}

/** The key of an item's JSON: its render key and its Related content (`refsJson`, the JSON of its refs). */
export function itemKeyOf(renderKey: string, refsJson: string): string {
  return `${renderKey}:${hash(refsJson)}`;
}

/** The render key an item key was made of. */
export function renderKeyIn(itemKey: string): string {
  return itemKey.slice(0, itemKey.indexOf(":"));
}

/** Key of an item bundle: its members and their keys, in slug order. */
export function bundleKey(members: [slug: string, key: string][]): string {
  return hash(
    members
      .toSorted((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([slug, key]) => `${slug}\0${key}`)
      .join("\0"),
  );
}

/** Hash of every output file's key and of the manifest (but its id and times): equal builds get equal ids. */
export function buildIdOf(written: Record<string, string>, manifest: Manifest): string {
  const manifestWithoutId = JSON.stringify({ ...manifest, buildId: "", modified: undefined });
  const all = createHash("sha256");
  for (const path of Object.keys(written).sort())
    all
      .update(path)
      .update("\0")
      .update(written[path] as string);
  return all.update(manifestWithoutId).digest("hex").slice(0, 16);
}
