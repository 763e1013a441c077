import { realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Hono } from "hono";
import { createApp } from "../http/app.js";
import { ContentStore } from "../store/store.js";
import { contentTypeOf } from "./content-type.js";

/**
 * The app reading a compiled site from disk: the Node counterpart of the Worker's Static Assets.
 * It reads the build `outDir` links to now (see `Generations`), and keeps reading that one
 * while a later build writes the next: one app, one build.
 */
export function createNodeApp(outDir: string, hub?: string): Hono {
  let root = resolve(outDir);
  try {
    root = realpathSync(root);
  } catch {
    // not built yet: every read misses
  }
  const readSiteFile = async (path: string): Promise<Uint8Array | undefined> => {
    const full = resolve(root, `.${path}`);
    if (!full.startsWith(root + sep)) return undefined;
    try {
      return await readFile(full);
    } catch {
      return undefined;
    }
  };
  return createApp({
    store: new ContentStore((path) => readSiteFile(`/${path}`)),
    asset: async (path) => {
      const bytes = await readSiteFile(path);
      if (!bytes) return undefined;
      return new Response(new Uint8Array(bytes), {
        headers: { "Content-Type": contentTypeOf(path), "Cache-Control": "public, max-age=3600" },
      });
    },
    hub,
    // Level 4: about half the time of the default level for 3% more bytes; the first reader waits for it.
    gzip: (body) => gzipSync(body, { level: 4 }),
  });
}
