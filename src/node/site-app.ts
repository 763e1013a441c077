import { realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { Hono } from "hono";
import type { ActivityPubRoute } from "../activitypub/route.js";
import { createApp } from "../http/app.js";
import { contentTypeOf } from "../http/content-type.js";
import type { HubRoute } from "../http/routes/hub.js";
import { settingsReader } from "../http/settings.js";
import { ReadFailed } from "../store/read-failed.js";
import { ContentStore } from "../store/store.js";

/**
 * The app reading a compiled site from disk, and its content store: the Node counterpart of the
 * Worker's Static Assets. `vars` (process.env) override the run-time settings the build saw, as a
 * Worker's vars do; `ownHub` serves the site's own WebSub hub, `activityPub` its fediverse actor. It reads the build `outDir` links to
 * now (see `Generations`), and keeps reading that one while a later build writes the next.
 */
export function createNodeSite(
  outDir: string,
  vars: Record<string, string | undefined> = {},
  ownHub?: HubRoute,
  activityPub?: ActivityPubRoute,
): { app: Hono; store: ContentStore } {
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
    } catch (error) {
      // Not there is an answer (404); anything else (EIO, EMFILE…) may work next time.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR" || code === "ENAMETOOLONG") return undefined;
      throw new ReadFailed(path, error);
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
    settings: settingsReader(store, vars),
    ...(ownHub && { ownHub }),
    ...(activityPub && { activityPub }),
    // Level 4: about half the time of the default level for 3% more bytes; the first reader waits for it.
    gzip: (body) => gzipSync(body, { level: 4 }),
  });
  return { app, store };
}

/** The app alone (see `createNodeSite`). */
export function createNodeApp(outDir: string, vars: Record<string, string | undefined> = {}, ownHub?: HubRoute): Hono {
  return createNodeSite(outDir, vars, ownHub).app;
}
