import type { SiteConfig } from "../config/site-config.js";
import type { Post, Term } from "../content/post.js";

/**
 * The registry of list kinds: every list of posts with its own feeds and page is one of these.
 * Routes, redirects, URLs, the OPML, the subscribe block, page headings, WebSub topics and the
 * compiler's lists are all made from this table, in its order (the OPML's groups, the manifest's
 * lists): a new kind is one entry.
 */
export interface ListKindSpec {
  /** The URL segment its lists live under (`tags` in `/tags/japan`); "" for the site, the one list at `/`. */
  segment: string;
  /** Singular, on pages and in the subscribe block: "Tag: Japan". */
  label: string;
  /** Its group in the OPML (and the site's heading in the subscribe block). */
  group: string;
  /** The terms a post is listed under, each one list. */
  terms: (post: ListedPost) => readonly Term[];
  /** Title and one sentence of the list's feeds and page, from its name. */
  describe: (name: string, site: Pick<SiteConfig, "title" | "description">) => ListDescription;
}

/**
 * What a kind's `terms` may read of a post: what the build keys lists and the Related ranking by
 * (`PostShape`, src/compiler/shape.ts). A kind that needs another field adds it here, and the key follows.
 */
export type ListedPost = Pick<
  Post,
  "slug" | "date" | "updated" | "draft" | "category" | "tags" | "authors" | "related"
>;

export interface ListDescription {
  title: string;
  description: string;
}

/** A term's list is titled by its name, then the site's. */
const term = (name: string, site: Pick<SiteConfig, "title">, description: string): ListDescription => ({
  title: `${name} — ${site.title}`,
  description,
});

export const LIST_KINDS = {
  site: {
    segment: "",
    label: "Site",
    group: "Everything",
    terms: () => [{ slug: "", name: "" }],
    describe: (_, site) => ({ title: site.title, description: site.description }),
  },
  category: {
    segment: "categories",
    label: "Category",
    group: "Categories",
    terms: (post) => (post.category ? [post.category] : []),
    describe: (name, site) => term(name, site, `${name} news on ${site.title}.`),
  },
  tag: {
    segment: "tags",
    label: "Tag",
    group: "Tags",
    terms: (post) => post.tags,
    describe: (name, site) => term(name, site, `Posts tagged “${name}” on ${site.title}.`),
  },
  author: {
    segment: "authors",
    label: "Author",
    group: "Authors",
    terms: (post) => post.authors,
    describe: (name, site) => term(name, site, `Posts by ${name} on ${site.title}.`),
  },
} satisfies Record<string, ListKindSpec>;

export type ListKind = keyof typeof LIST_KINDS;

/** A table of kinds: `LIST_KINDS`, or a copy with more (tests). */
export type ListKinds = Readonly<Record<string, ListKindSpec>>;

/** The kinds whose lists are terms (all but the site), by URL segment. */
export function kindsBySegment(kinds: ListKinds): Map<string, string> {
  return new Map(
    Object.entries(kinds)
      .filter(([, spec]) => spec.segment !== "")
      .map(([kind, spec]) => [spec.segment, kind]),
  );
}

/** A Hono path pattern matching the segment of every term kind: `:kind{categories|tags|authors}`. */
export function segmentPattern(kinds: ListKinds, extra: string[] = []): string {
  return `:kind{${[...extra, ...kindsBySegment(kinds).keys()].join("|")}}`;
}

/** How a term's list is headed on its page and in the subscribe block: "Tag: Japan". */
export function termHeading(list: { kind: string; name: string }, kinds: ListKinds): string {
  return `${kinds[list.kind]?.label}: ${list.name}`;
}
