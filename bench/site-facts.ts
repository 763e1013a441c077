import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dataPath, type ListInfo, type Manifest, SHARD_SIZE } from "../src/store/data-layout.js";

/** What the bench needs to know about a compiled site to pick its URLs. */
export interface SiteFacts {
  posts: number;
  itemsPerFeed: number;
  /** Tags, most posts first. */
  tags: ListInfo[];
  categories: ListInfo[];
  authors: ListInfo[];
  /** Slugs of the newest posts, newest first (the last shard of the site list). */
  recentSlugs: string[];
}

export function siteFacts(outDir: string): SiteFacts {
  const manifest = JSON.parse(readFileSync(join(outDir, dataPath.manifest()), "utf8")) as Manifest;
  const lists = Object.values(manifest.lists);
  const of = (kind: ListInfo["kind"]) => lists.filter((l) => l.kind === kind).sort((a, b) => b.count - a.count);
  return {
    posts: manifest.lists.site?.count ?? 0,
    itemsPerFeed: manifest.site.itemsPerFeed,
    tags: of("tag"),
    categories: of("category"),
    authors: of("author"),
    // Shards run from the oldest post: the newest are in the last one.
    recentSlugs: (
      JSON.parse(
        readFileSync(
          join(
            outDir,
            dataPath.shard("site", Math.max(0, Math.ceil((manifest.lists.site?.count ?? 0) / SHARD_SIZE) - 1)),
          ),
          "utf8",
        ),
      ) as string[]
    ).reverse(),
  };
}

/** URL path of a list's feed or page: `/tags/<slug>/atom.xml`. */
export function listUrl(list: ListInfo, file = ""): string {
  const base =
    list.kind === "site"
      ? ""
      : `/${{ tag: "tags", category: "categories", author: "authors" }[list.kind]}/${encodeURIComponent(list.slug)}`;
  return file ? `${base}/${file}` : base || "/";
}
