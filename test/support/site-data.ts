import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CompileOutput } from "../../src/compiler/compile.js";
import { bundleOf, unpackBundle } from "../../src/store/bundle.js";
import { dataPath, type Item, type Manifest } from "../../src/store/data-layout.js";

/** Reads a data file of a compiled site by its path. */
export type Read = (path: string) => string | undefined;

export const fromDir =
  (dir: string): Read =>
  (path) => {
    try {
      return readFileSync(join(dir, path), "utf8");
    } catch {
      return undefined;
    }
  };

export const fromOutput =
  (out: CompileOutput): Read =>
  (path) =>
    out.files.get(path);

/** The JSON text of one item, found the way the store finds it: manifest → bundle → line. */
export function itemJson(read: Read, slug: string): string | undefined {
  const manifest = JSON.parse(read(dataPath.manifest()) ?? "null") as Manifest | null;
  if (!manifest) return undefined;
  const bundle = read(dataPath.bundle(bundleOf(slug, manifest.bundles)));
  return bundle === undefined ? undefined : unpackBundle(bundle).get(slug);
}

export function itemOf(read: Read, slug: string): Item | undefined {
  const json = itemJson(read, slug);
  return json === undefined ? undefined : (JSON.parse(json) as Item);
}

/** Every item of the site, by slug. */
export function allItems(read: Read): Map<string, Item> {
  const manifest = JSON.parse(read(dataPath.manifest()) ?? "null") as Manifest;
  const items = new Map<string, Item>();
  for (let i = 0; i < manifest.bundles; i++) {
    const bundle = read(dataPath.bundle(i));
    for (const [slug, json] of bundle === undefined ? [] : unpackBundle(bundle)) items.set(slug, JSON.parse(json));
  }
  return items;
}

/** A list's slugs, newest first, from its shards. */
export function listSlugs(read: Read, key: string): string[] {
  const slugs: string[] = [];
  for (let i = 0; ; i++) {
    const shard = read(dataPath.shard(key, i));
    if (shard === undefined) break;
    slugs.push(...(JSON.parse(shard) as string[]));
  }
  return slugs.reverse();
}
