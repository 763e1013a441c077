import { type RuntimeSettings, runtimeSettings } from "../config/runtime.js";
import type { ContentStore } from "../store/store.js";

/**
 * The run-time settings of a server, read once: the values the build saw (from the compiled
 * site, so site.yaml reaches the Worker too), overridden by `vars` — process.env on Node, the
 * Worker's vars (`[vars]` in wrangler.toml) on Workers. The same on both runtimes.
 */
export function settingsReader(store: ContentStore, vars: Record<string, unknown>): () => Promise<RuntimeSettings> {
  let settings: Promise<RuntimeSettings> | undefined;
  return () => {
    settings ??= store.runtimeDefaults().then((built) => runtimeSettings(vars, built));
    return settings;
  };
}
