import * as z from "zod/mini";
import { issueLines, mergeLayers, type SettingMeta, SettingsError, settingsFromVars } from "./settings.js";

/**
 * The run-time settings: read by the server when it starts — the value the build saw, under
 * the server's own variables (process.env on Node, the Worker's vars on Workers). Part of
 * `site.yaml` like every setting (see `site-config.ts`). Written with `zod/mini`, and with messages of
 * their own, because the Worker bundles this module and zod's full API would quadruple it.
 */

const count = (min: number) =>
  z.int({ error: "must be a whole number" }).check(z.minimum(min, { error: `must be ${min} or more` }));
const setting = <T extends z.ZodMiniType>(schema: T, meta: SettingMeta): T => {
  z.globalRegistry.add(schema, meta);
  return schema;
};

export const runtimeSettingsSchema = z.object({
  cacheMaxAge: setting(z._default(count(0), 300), {
    env: "CACHE_MAX_AGE",
    description: "seconds a response may be reused (`Cache-Control: max-age`)",
  }),
  staleWhileRevalidate: setting(z._default(count(0), 3600), {
    env: "CACHE_STALE_WHILE_REVALIDATE",
    description: "seconds a stale response may still be served while it is revalidated",
  }),
  websubHub: setting(z.optional(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })), {
    env: "WEBSUB_HUB",
    description: "a WebSub hub that every feed advertises and `npm run ping` notifies",
  }),
  contentStore: setting(z._default(z.enum(["assets", "r2"], { error: "must be assets or r2" }), "assets"), {
    env: "CONTENT_STORE",
    description:
      "where the Worker reads the compiled site: `assets` (Static Assets) or `r2` (the `CONTENT` R2 bucket, for sites past Static Assets' file limit: see Deploying a big site); taken from the Worker's vars only, Node reads `OUT_DIR`",
  }),
});

export type RuntimeSettings = z.output<typeof runtimeSettingsSchema>;

export const defaultRuntimeSettings: RuntimeSettings = z.parse(runtimeSettingsSchema, {});

/**
 * The run-time settings a server uses: the value the build saw (`built`, from
 * `_data/runtime.json`), overridden by `vars` — process.env on Node, the Worker's vars on Workers.
 * The one place where any runtime reads them. Throws a `SettingsError` naming the variable.
 */
export function runtimeSettings(vars: Record<string, unknown>, built: Record<string, unknown> = {}): RuntimeSettings {
  const { values, origins } = settingsFromVars(runtimeSettingsSchema, vars);
  const parsed = z.safeParse(runtimeSettingsSchema, mergeLayers(built, values));
  if (parsed.success) return parsed.data;
  throw new SettingsError(
    issueLines(
      parsed.error.issues,
      origins,
      (key, message) => `compiled site: ${key}: ${message} (rebuild with \`npm run build\`)`,
    ),
  );
}
