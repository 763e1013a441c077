import { readFileSync } from "node:fs";
import { formatProblem } from "../content/problem.js";
import { type RuntimeSettings, runtimeSettings } from "./runtime.js";
import { issueLines, mergeLayers, SettingsError, settingsFromVars } from "./settings.js";
import { buildSettingsSchema, type SiteConfig, siteFileSchema } from "./site-config.js";
import { fileProblems, parseSiteFile } from "./site-file.js";

export interface SettingsSource {
  /** Path of the site file (`site.yaml`, or SITE_CONFIG); none: defaults and `vars` only. */
  file?: string;
  /** True when the file was asked for by name (SITE_CONFIG): then a missing file is an error. */
  required?: boolean;
  /** Environment variables: they override the file. */
  vars: Record<string, string | undefined>;
  /** Values under the file's, over the defaults (`npm start` makes `baseUrl` its own port). */
  fallback?: Record<string, unknown>;
}

export interface Settings {
  /** Build settings: baked into the compiled site. */
  site: SiteConfig;
  /** Run-time settings as the build saw them; a server's own environment overrides them again. */
  runtime: RuntimeSettings;
}

/**
 * Every setting, from the defaults, `fallback`, the site file and the environment, later ones
 * winning. Throws a `SettingsError` whose lines are `site.yaml:LINE: key: message` for the file's
 * mistakes and `environment: NAME: message` for a variable's.
 */
export function loadSettings(source: SettingsSource): Settings {
  let fileValues: Record<string, unknown> = {};
  if (source.file !== undefined) {
    let text: string | undefined;
    try {
      text = readFileSync(source.file, "utf8");
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === "ENOENT";
      if (!missing || source.required) {
        const why = missing ? "no such file (named by SITE_CONFIG)" : `cannot be read: ${(e as Error).message}`;
        throw new SettingsError([`${source.file}:1: file: ${why}`]);
      }
    }
    if (text !== undefined) {
      const { file, problems } = parseSiteFile(source.file, text);
      if (file) problems.push(...fileProblems(file, siteFileSchema));
      if (problems.length > 0 || !file) throw new SettingsError(problems.map(formatProblem));
      fileValues = file.values;
    }
  }
  const env = settingsFromVars(siteFileSchema, source.vars);
  const merged = mergeLayers(source.fallback ?? {}, fileValues, env.values);
  const parsed = siteFileSchema.safeParse(merged);
  if (!parsed.success) {
    throw new SettingsError(issueLines(parsed.error.issues, env.origins, (key, message) => `${key}: ${message}`));
  }
  return { site: buildSettingsSchema.parse(merged), runtime: runtimeSettings({}, merged) };
}

/** Where the site file is: SITE_CONFIG when set (and then it must exist), else `site.yaml`. */
export function siteFileOf(vars: Record<string, string | undefined>): { file: string; required: boolean } {
  return vars.SITE_CONFIG ? { file: vars.SITE_CONFIG, required: true } : { file: "site.yaml", required: false };
}
