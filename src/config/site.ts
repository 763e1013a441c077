import { z } from "zod";

/**
 * Every site setting, once: its type, its default, the environment variable that overrides it
 * (`meta({ env })`) and when it is read. `site.yaml` is validated against `siteFileSchema`; the
 * README documents each key (a test keeps the two in step).
 *
 * Two kinds of setting, two schemas:
 * - build settings are baked into the compiled site (`dist/site/_data/manifest.json`): changing
 *   one needs a rebuild;
 * - run-time settings are read by the server when it starts (Node: the environment; Workers: the
 *   Worker's vars), over the value the build saw.
 *
 * A later setting is one more entry in one of them; a group of settings is a nested
 * `z.object` (its leaves carry their own `env`), written as a YAML mapping.
 */

/** What `meta()` says of a setting. */
export interface SettingMeta {
  /** Environment variable (or Worker var) that overrides it. */
  env?: string;
  description: string;
  [key: string]: unknown;
}

const httpUrl = () => z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const count = (min: number, max?: number) => {
  const int = z.number().int().min(min);
  return max === undefined ? int : int.max(max);
};
const meta = (m: SettingMeta) => m;

/** Baked into the compiled site at build time. */
export const buildSettingsSchema = z.object({
  title: z
    .string()
    .min(1)
    .default("Feedsmith News")
    .meta(meta({ env: "SITE_TITLE", description: "the site's name: every feed and page title" })),
  description: z
    .string()
    .min(1)
    .default("World, technology and science news, as RSS, Atom and JSON Feed.")
    .meta(meta({ env: "SITE_DESCRIPTION", description: "one sentence: feed descriptions and the home page" })),
  baseUrl: httpUrl()
    .transform((u) => u.replace(/\/+$/, ""))
    .default("http://localhost:8787")
    .meta(
      meta({
        env: "SITE_URL",
        description:
          "public base URL, no trailing slash; every absolute link starts with it (`npm start`: `http://localhost:PORT`)",
      }),
    ),
  language: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: "must be a BCP 47 language tag such as en or pt-BR" })
    .default("en")
    .meta(meta({ env: "SITE_LANGUAGE", description: "BCP 47 language tag of the feeds and pages" })),
  author: z
    .strictObject({
      name: z
        .string()
        .min(1)
        .default("Feedsmith Newsroom")
        .meta(meta({ env: "SITE_AUTHOR", description: "the site's author, and the byline of posts that name none" })),
      email: z
        .email()
        .optional()
        .meta(meta({ description: "the author's e-mail, in Atom and JSON Feed" })),
      url: httpUrl()
        .optional()
        .meta(meta({ description: "the author's web page" })),
    })
    .prefault({}),
  copyright: z
    .string()
    .min(1)
    .default("© 2026 Feedsmith News")
    .meta(meta({ env: "SITE_COPYRIGHT", description: "the copyright line of feeds and pages" })),
  itemsPerFeed: count(1, 100)
    .default(20)
    .meta(meta({ env: "ITEMS_PER_FEED", description: "items on a feed's or a list page's first page (1–100)" })),
  relatedPerPost: count(0, 10)
    .default(3)
    .meta(meta({ env: "RELATED_PER_POST", description: "posts in each post's Related content (0–10)" })),
  ttlMinutes: count(1)
    .default(60)
    .meta(meta({ env: "FEED_TTL_MINUTES", description: "minutes a reader may cache a feed (RSS `ttl`)" })),
});

/** Read by the server at run time, over the value the build saw. */
export const runtimeSettingsSchema = z.object({
  cacheMaxAge: count(0)
    .default(300)
    .meta(meta({ env: "CACHE_MAX_AGE", description: "seconds a response may be reused (`Cache-Control: max-age`)" })),
  staleWhileRevalidate: count(0)
    .default(3600)
    .meta(
      meta({
        env: "CACHE_STALE_WHILE_REVALIDATE",
        description: "seconds a stale response may still be served while it is revalidated",
      }),
    ),
  websubHub: httpUrl()
    .optional()
    .meta(
      meta({ env: "WEBSUB_HUB", description: "a WebSub hub that every feed advertises and `npm run ping` notifies" }),
    ),
});

/** `site.yaml`: every setting; a key that is none of them is an error. */
export const siteFileSchema = z.strictObject({ ...buildSettingsSchema.shape, ...runtimeSettingsSchema.shape });

/** The build settings: what the compiled site is made from, baked into its manifest. */
export type SiteConfig = z.output<typeof buildSettingsSchema>;
export type RuntimeSettings = z.output<typeof runtimeSettingsSchema>;
export type SiteSettings = SiteConfig & RuntimeSettings;

export const defaultSiteConfig: SiteConfig = buildSettingsSchema.parse({});
export const defaultRuntimeSettings: RuntimeSettings = runtimeSettingsSchema.parse({});

/** One setting of a schema, found by walking it: its dotted key, its path and what it says of itself. */
export interface SettingInfo {
  key: string;
  path: string[];
  schema: z.ZodType;
  meta: SettingMeta;
  /** The default, as YAML would spell it; undefined when the setting is unset by default. */
  defaultValue: unknown;
}

/** Every leaf setting of `schema` (nested objects are walked), in declaration order. */
export function settingsOf(schema: z.ZodObject, prefix: string[] = []): SettingInfo[] {
  const out: SettingInfo[] = [];
  for (const [name, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const path = [...prefix, name];
    const inner = innerSchema(field);
    if (inner instanceof z.ZodObject) {
      out.push(...settingsOf(inner, path));
      continue;
    }
    const parsed = z.object({ v: field }).safeParse({});
    out.push({
      key: path.join("."),
      path,
      schema: field,
      meta: (field.meta() ?? { description: "" }) as SettingMeta,
      defaultValue: parsed.success ? parsed.data.v : undefined,
    });
  }
  return out;
}

/** The schema under defaults, optionals and transforms: what kind of value a setting holds. */
export function innerSchema(schema: z.ZodType): z.ZodType {
  let s = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } };
  for (;;) {
    const { def } = s;
    if ((def.type === "default" || def.type === "prefault" || def.type === "optional") && def.innerType) {
      s = def.innerType as typeof s;
    } else if (def.type === "pipe" && def.in) {
      s = def.in as typeof s;
    } else {
      return s;
    }
  }
}

/**
 * The settings that `vars` (process.env, or a Worker's vars) set, as a nested object shaped like
 * `schema`'s input: numbers are read as numbers, anything else is left for the schema to judge.
 * Empty values count as unset. Returns the values and, for each dotted key, the variable it came from.
 */
export function settingsFromVars(
  schema: z.ZodObject,
  vars: Record<string, unknown>,
): { values: Record<string, unknown>; origins: Map<string, string> } {
  const values: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const setting of settingsOf(schema)) {
    const name = setting.meta.env;
    const raw = name === undefined ? undefined : vars[name];
    if (typeof raw !== "string" || raw === "") continue;
    const kind = innerSchema(setting.schema);
    let value: unknown = raw;
    if (kind instanceof z.ZodNumber && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) value = Number(raw);
    else if (kind instanceof z.ZodBoolean && /^(true|false)$/i.test(raw)) value = raw.toLowerCase() === "true";
    setIn(values, setting.path, value);
    origins.set(setting.key, name as string);
  }
  return { values, origins };
}

/** Layers merged from first to last: a later layer's plain objects are merged into, its other values win. */
export function mergeLayers(...layers: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) mergeInto(out, layer);
  return out;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isPlainObject(value) && isPlainObject(existing)) mergeInto(existing, value);
    else target[key] = isPlainObject(value) ? mergeLayers(value) : value;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function setIn(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    if (!isPlainObject(node[segment])) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** A setting with a bad value, located in the file or named by its variable. */
export class SettingsError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "SettingsError";
  }
}

/**
 * Validates settings made from the environment only (tests, and callers without a site file).
 * Throws a `SettingsError` naming the variable when a value is invalid.
 */
export function loadSiteConfig(vars: Record<string, unknown> = {}): SiteConfig {
  const { values, origins } = settingsFromVars(buildSettingsSchema, vars);
  const parsed = buildSettingsSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new SettingsError(
    parsed.error.issues.map((issue) => {
      const key = issue.path.join(".");
      return `environment: ${origins.get(key) ?? key}: ${issue.message}`;
    }),
  );
}

/**
 * The run-time settings a server uses: the value the build saw (`built`, from
 * `_data/runtime.json`), overridden by `vars` — process.env on Node, the Worker's vars on Workers.
 * The one place where any runtime reads them. Throws a `SettingsError` naming the variable.
 */
export function runtimeSettings(vars: Record<string, unknown>, built: Record<string, unknown> = {}): RuntimeSettings {
  const { values, origins } = settingsFromVars(runtimeSettingsSchema, vars);
  const parsed = runtimeSettingsSchema.safeParse(mergeLayers(built, values));
  if (parsed.success) return parsed.data;
  throw new SettingsError(
    parsed.error.issues.map((issue) => {
      const key = issue.path.join(".");
      const name = origins.get(key);
      return name
        ? `environment: ${name}: ${issue.message}`
        : `compiled site: ${key}: ${issue.message} (rebuild with \`npm run build\`)`;
    }),
  );
}
