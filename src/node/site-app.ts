import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Hono } from "hono";
import { createApp } from "../http/app.js";
import type { HubRoute } from "../http/routes/hub.js";
import { ContentStore } from "../store/store.js";
import { contentTypeOf } from "./content-type.js";

/** The app reading a compiled site from disk, and its content store: the Node counterpart of the Worker's Static Assets. */
export function createNodeSite(outDir: string, hub?: string, ownHub?: HubRoute): { app: Hono; store: ContentStore } {
  const root = resolve(outDir);
  const readSiteFile = async (path: string): Promise<Uint8Array | undefined> => {
    const full = resolve(root, `.${path}`);
    if (!full.startsWith(root + sep)) return undefined;
    try {
      return await readFile(full);
    } catch {
      return undefined;
    }
  };
  const store = new ContentStore((path) => readSiteFile(`/${path}`));
  const app = createApp({
    store,
    asset: async (path) => {
      const bytes = await readSiteFile(path);
      if (!bytes) return undefined;
      return new Response(new Uint8Array(bytes), {
        headers: { "Content-Type": contentTypeOf(path), "Cache-Control": "public, max-age=3600" },
      });
    },
    hub,
    ...(ownHub && { ownHub }),
    // Level 4: about half the time of the default level for 3% more bytes; the first reader waits for it.
    gzip: (body) => gzipSync(body, { level: 4 }),
  });
  return { app, store };
}

/** The app alone (see `createNodeSite`). */
export function createNodeApp(outDir: string, hub?: string, ownHub?: HubRoute): Hono {
  return createNodeSite(outDir, hub, ownHub).app;
}
