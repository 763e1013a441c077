import { globalRegistry } from "zod/mini";
import type { $ZodType } from "zod/v4/core";

/**
 * How settings are walked, read from variables, layered and reported, whatever their schema
 * (build settings in `site-config.ts`, run-time settings in `runtime.ts`). No schema library beyond
 * zod's core here: the Worker bundles this module.
 */

/** What a setting's metadata (`meta()`, or `register(globalRegistry, …)`) says of it. */
export interface SettingMeta {
  /** Environment variable (or Worker var) that overrides it. */
  env?: string;
  description: string;
  [key: string]: unknown;
}

/** One setting of a schema, found by walking it: its dotted key, its path and what it says of itself. */
export interface SettingInfo {
  key: string;
  path: string[];
  schema: $ZodType;
  meta: SettingMeta;
  /** The default, as YAML would spell it; undefined when the setting is unset by default. */
  defaultValue: unknown;
}

/** Every leaf setting of `schema` (nested objects are walked), in declaration order. */
export function settingsOf(schema: $ZodType, prefix: string[] = []): SettingInfo[] {
  const out: SettingInfo[] = [];
  for (const [name, field] of Object.entries(shapeOf(schema) ?? {})) {
    const path = [...prefix, name];
    if (shapeOf(field)) {
      out.push(...settingsOf(field, path));
      continue;
    }
    out.push({
      key: path.join("."),
      path,
      schema: field,
      meta: (globalRegistry.get(field) ?? { description: "" }) as SettingMeta,
      defaultValue: defaultOf(field),
    });
  }
  return out;
}

/** The fields of an object schema (under its defaults); undefined for any other schema. */
export function shapeOf(schema: $ZodType): Record<string, $ZodType> | undefined {
  const inner = innerSchema(schema) as $ZodType & { _zod: { def: { shape?: Record<string, $ZodType> } } };
  return inner._zod.def.type === "object" ? inner._zod.def.shape : undefined;
}

/** A setting's default value; undefined when it has none (optional). */
function defaultOf(schema: $ZodType): unknown {
  const def = schema._zod.def as { type: string; defaultValue?: unknown; innerType?: $ZodType };
  if (def.type === "default") return def.defaultValue;
  return undefined;
}

/** The schema under defaults, optionals and transforms: what kind of value a setting holds. */
export function innerSchema(schema: $ZodType): $ZodType {
  let s = schema;
  for (;;) {
    const def = s._zod.def as { type: string; innerType?: $ZodType; in?: $ZodType };
    if ((def.type === "default" || def.type === "prefault" || def.type === "optional") && def.innerType) {
      s = def.innerType;
    } else if (def.type === "pipe" && def.in) {
      s = def.in;
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
  schema: $ZodType,
  vars: Record<string, unknown>,
): { values: Record<string, unknown>; origins: Map<string, string> } {
  const values: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  for (const setting of settingsOf(schema)) {
    const name = setting.meta.env;
    const raw = name === undefined ? undefined : vars[name];
    if (typeof raw !== "string" || raw === "") continue;
    const kind = innerSchema(setting.schema)._zod.def.type;
    let value: unknown = raw;
    if (kind === "number" && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) value = Number(raw);
    else if (kind === "boolean" && /^(true|false)$/i.test(raw)) value = raw.toLowerCase() === "true";
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

/** `environment: NAME: message` for a value a variable set, else `fallback(key)`. */
export function issueLines(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  origins: Map<string, string>,
  fallback: (key: string, message: string) => string,
): string[] {
  return issues.map((issue) => {
    const key = issue.path.map(String).join(".");
    const name = origins.get(key);
    return name ? `environment: ${name}: ${issue.message}` : fallback(key, issue.message);
  });
}
