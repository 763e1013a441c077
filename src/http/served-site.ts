import type { Context } from "hono";
import type { RuntimeSettings } from "../config/runtime.js";
import type { Registry } from "../registry.js";
import type { Manifest } from "../store/data-layout.js";
import type { ContentStore } from "../store/store.js";
import type { Entity, Gzip } from "./entity.js";
import type { RenderCache } from "./render-cache.js";

/** What every route needs: the content, the cache of rendered bytes, and the runtime's options. */
export interface Site {
  store: ContentStore;
  /** The list kinds and feed formats the routes serve. */
  registry: Registry;
  cache: RenderCache;
  /** Serves a file of the compiled site (images, CSS) by URL path; undefined when there is none. */
  asset: (path: string) => Promise<Response | undefined>;
  /** The run-time settings (cache lifetimes, WebSub hub), read once. */
  settings: () => Promise<RuntimeSettings>;
  /** WebSub hub advertised by every feed (an external one, or the site's own `/hub`), if any. */
  hub: (manifest: Manifest) => Promise<string | undefined>;
  /** Keeps a gzip copy of each rendered body (Node; the Workers platform compresses by itself). */
  gzip: Gzip | undefined;
  /** Answers 404 with the HTML page that links the feeds. */
  notFound: (c: Context) => Promise<Response>;
}

/** Renders once per build and key, then serves the same bytes; undefined from `render` means 404. */
export type Render = (manifest: Manifest) => Promise<Entity | undefined>;
