import { z } from "zod";
import { runtimeSettingsSchema } from "./runtime.js";
import { issueLines, type SettingMeta, SettingsError, settingsFromVars } from "./settings.js";

export type { RuntimeSettings } from "./runtime.js";
export { defaultRuntimeSettings, runtimeSettings, runtimeSettingsSchema } from "./runtime.js";
export { SettingsError } from "./settings.js";

/**
 * Every site setting, once: its type, its default, the environment variable that overrides it
 * (`meta({ env })`) and when it is read. `site.yaml` is validated against `siteFileSchema`; the
 * README documents each key (a test keeps the two in step).
 *
 * Two kinds of setting, two schemas:
 * - build settings (here) are baked into the compiled site (`dist/site/_data/manifest.json`):
 *   changing one needs a rebuild;
 * - run-time settings (`runtime.ts`, which the Worker bundles alone) are read by the server when
 *   it starts (Node: the environment; Workers: the Worker's vars), over the value the build saw.
 *
 * A later setting is one more entry in one of them; a group of settings is a nested
 * `z.object` (its leaves carry their own `env`), written as a YAML mapping.
 */

const httpUrl = () => z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const count = (min: number, max?: number) => {
  const int = z.number().int().min(min);
  return max === undefined ? int : int.max(max);
};
const meta = (m: SettingMeta) => m;

/** Our front-matter keys, that a site's own keys may be mapped to (`frontMatter.keys`). */
const FRONT_MATTER_KEYS = [
  "title",
  "date",
  "updated",
  "slug",
  "author",
  "category",
  "tags",
  "summary",
  "image",
  "related",
  "draft",
] as const;

/** Baked into the compiled site at build time. */
/** An IANA time zone name this runtime knows (`Intl` refuses others). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const buildSettingsSchema = z.object({
  title: z
    .string()
    .min(1)
    .default("Feedloom News")
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
        .default("Feedloom Newsroom")
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
    .default("© 2026 Feedloom News")
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
  generator: z
    .enum(["jekyll", "hugo", "zola", "eleventy", "astro"])
    .optional()
    .meta(
      meta({
        env: "SITE_GENERATOR",
        description:
          "the generator the posts come from: their template syntax is read as its (`jekyll`, `hugo`, `zola`, `eleventy`, `astro`); unset: each file's syntax decides",
      }),
    ),
  siteRoot: z
    .string()
    .min(1)
    .optional()
    .meta(
      meta({
        env: "SITE_ROOT",
        description:
          "the folder of the generator's site the posts come from (its `_config.yml`, `hugo.toml`, `config.toml`, `_data/`, `_includes/`, `static/`, `public/`); default: the nearest folder above the posts folder that holds such a config file",
      }),
    ),
  permalink: z
    .string()
    .regex(/^\/.*/, { error: "must be a path pattern starting with /, such as /:year/:month/:day/:title/" })
    .optional()
    .meta(
      meta({
        env: "SITE_PERMALINK",
        description:
          "the URL pattern the posts had before the move (`/:year/:month/:day/:title/`, `/blog/:year/:month/:slug/`); their old URLs then answer 301 with the new one. A post's own `permalink`, `url` or `path` wins",
      }),
    ),
  timeZone: z
    .string()
    .refine(isTimeZone, { error: "must be an IANA time zone name, such as Europe/Berlin or America/Los_Angeles" })
    .optional()
    .meta(
      meta({
        env: "SITE_TIME_ZONE",
        description:
          "the time zone of dates written without one (`2019-07-03 19:37`, a file name's date) and of the days in old URLs (`permalink`), as Jekyll's `timezone` and Hugo's `timeZone`; unset: UTC",
      }),
    ),
  oldSiteUrl: httpUrl()
    .transform((u) => u.replace(/\/+$/, ""))
    .optional()
    .meta(
      meta({
        env: "OLD_SITE_URL",
        description:
          "the site the blog moved out of, where its other pages stay (`https://jekyllrb.com`): a path nothing here answers gets a 301 there, so posts' links to those pages keep working. Only on another origin than `baseUrl`",
      }),
    ),
  feedIds: z
    .enum(["tag", "url"])
    .default("tag")
    .meta(
      meta({
        env: "FEED_IDS",
        description:
          "what the feeds' item ids are: `tag` (a `tag:` URI) or `url`, the post's old URL, as jekyll-feed and Hugo wrote it, so subscribers do not see the archive again after the move",
      }),
    ),
  frontMatter: z
    .strictObject({
      known: z
        .array(z.string().min(1))
        .optional()
        .meta(meta({ description: "the site's own front-matter keys, read by nothing here: no warning for them" })),
      keys: z
        .record(z.string().min(1), z.enum(FRONT_MATTER_KEYS))
        .optional()
        .meta(
          meta({
            description:
              "the site's own front-matter keys that mean one of ours, such as `{published_on: date, hero: image}`",
          }),
        ),
    })
    .prefault({}),
  activityPub: z
    .strictObject({
      username: z
        .string()
        .regex(/^[A-Za-z0-9_]{1,30}$/, {
          error: "must be 1 to 30 letters, digits or underscores (a Mastodon username)",
        })
        .default("news")
        .meta(
          meta({
            env: "ACTIVITYPUB_USERNAME",
            description: "the site's fediverse account name: followed as `@USERNAME@HOST` (HOST from `baseUrl`)",
          }),
        ),
      name: z
        .string()
        .min(1)
        .optional()
        .meta(meta({ description: "the account's display name; unset: the site's `title`" })),
      summary: z
        .string()
        .min(1)
        .optional()
        .meta(meta({ description: "the account's bio (plain text); unset: the site's `description`" })),
      icon: z
        .string()
        .regex(/^(https?:\/\/|\/)/, { error: "must be an http(s) URL or a path on this site such as /logo.png" })
        .optional()
        .meta(meta({ description: "the account's avatar: an image URL or a path in `public/`; unset: none" })),
    })
    .prefault({}),
});

/** `site.yaml`: every setting; a key that is none of them is an error. */
export const siteFileSchema = z.strictObject({ ...buildSettingsSchema.shape, ...runtimeSettingsSchema.shape });

/** The build settings: what the compiled site is made from, baked into its manifest. */
export type SiteConfig = z.output<typeof buildSettingsSchema>;

export const defaultSiteConfig: SiteConfig = buildSettingsSchema.parse({});

/**
 * Validates settings made from the environment only (tests, and callers without a site file).
 * Throws a `SettingsError` naming the variable when a value is invalid.
 */
export function loadSiteConfig(vars: Record<string, unknown> = {}): SiteConfig {
  const { values, origins } = settingsFromVars(buildSettingsSchema, vars);
  const parsed = buildSettingsSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  throw new SettingsError(issueLines(parsed.error.issues, origins, (key, message) => `${key}: ${message}`));
}
