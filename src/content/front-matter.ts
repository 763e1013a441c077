import type matter from "gray-matter";
import { parse as parseToml, TomlError } from "smol-toml";
import { type Document, isMap, isSeq, LineCounter, parseDocument, YAMLParseError } from "yaml";
import { lazyPackage } from "./lazy-package.js";
import { firstLine } from "./problem.js";
import { readSimpleYaml } from "./simple-yaml.js";

/**
 * Front matter as the generators write it, always parsed as data and never run as code:
 * YAML between `---` lines (Jekyll, Hugo, Eleventy, Astro), TOML between `+++` lines (Hugo,
 * Zola) and a JSON object at the top of the file (Hugo). gray-matter splits YAML and TOML;
 * its engines that `eval` (`---js`, `---coffee`) are never reachable.
 */
export type FrontMatterFormat = "yaml" | "toml" | "json";

/** A path into the front matter: keys and list indexes. */
export type KeyPath = (string | number)[];

export interface FrontMatterBlock {
  format: FrontMatterFormat;
  data: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
  /** 1-based file line of the deepest node of `path` that exists; undefined when not even its first key does. */
  lineOf(path: KeyPath): number | undefined;
}

/** Why the front matter could not be read, at a file line. */
export interface FrontMatterError {
  line: number;
  message: string;
  /** The file has no front matter at all (not a broken one). */
  missing?: true;
}

/** Languages gray-matter would accept after `---`: code runs, and data has its own delimiters here. */
const LANGUAGES: Record<string, string> = {
  js: "JavaScript",
  javascript: "JavaScript",
  coffee: "CoffeeScript",
  coffeescript: "CoffeeScript",
  cson: "CoffeeScript",
  json: "JSON",
  toml: "TOML",
};

/** Loaded on first use: the plainest YAML front matter (`simple-yaml.ts`) does without it. */
const grayMatter = lazyPackage<typeof matter>("gray-matter");

const FORMS = "YAML between `---` lines, TOML between `+++` lines, or a JSON object";

/**
 * YAML limits: bounded alias expansion keeps "billion laughs" documents from exhausting memory,
 * and a size limit keeps parsing time bounded. Duplicate keys are found in one pass below
 * (the parser's own check is quadratic in the number of keys).
 */
const YAML_OPTIONS = { maxAliasCount: 100, uniqueKeys: false } as const;
export const MAX_FRONT_MATTER = 8 * 1024 * 1024;

/** Deeper than this, a parser's recursion could exhaust the stack: refuse it first. */
const MAX_DEPTH = 64;

/**
 * Splits a post (line endings already normalized to `\n`) into its front matter and body.
 * Every failure is one error at the line it concerns.
 */
export function readFrontMatter(source: string): FrontMatterBlock | FrontMatterError {
  if (source.startsWith("+++")) return readToml(source);
  if (source.startsWith("{")) return readJson(source);
  if (!/^---[^\S\n]*\n/.test(source) && !/^---[a-z]+\n/i.test(source)) {
    return { line: 1, message: `missing: the file must start with front matter (${FORMS})`, missing: true };
  }
  return readYaml(source);
}

function readYaml(source: string): FrontMatterBlock | FrontMatterError {
  if (!/\n---[^\S\n]*(\n|$)/.test(source.slice(3))) {
    return { line: 1, message: "not closed: add a `---` line after the front matter" };
  }
  // Only YAML after `---`: a language named there (`---js`) would make gray-matter run code or
  // look the name up among an object's inherited properties.
  const language = /^---([^\n]*)\n/.exec(source)?.[1]?.trim().toLowerCase() ?? "";
  if (language !== "" && language !== "yaml" && language !== "yml") {
    const name = LANGUAGES[language];
    const runs = name === "JavaScript" || name === "CoffeeScript";
    return {
      line: 1,
      message: `${name ?? JSON.stringify(language)} front matter is not allowed${runs ? " (it would run code)" : ""}; use YAML between \`---\` lines, TOML between \`+++\` lines, or a JSON object`,
    };
  }
  const closing = source.indexOf("\n---", 3);
  const tooLarge = sizeError(closing);
  if (tooLarge) return tooLarge;
  const tooDeep = nestingLine(source.slice(0, closing));
  if (tooDeep !== undefined) return { line: tooDeep, message: `invalid YAML: nests deeper than ${MAX_DEPTH} levels` };

  // The plainest front matter is read without the YAML parser; the parser still finds the line of
  // a nested key, when a problem there has to name it.
  const simple = source.startsWith("---\n") ? readSimpleYaml(source.slice(3, closing)) : undefined;
  if (simple) {
    let parsed: FrontMatterBlock | FrontMatterError | undefined;
    return {
      format: "yaml",
      data: simple.data,
      body: afterClosing(source, closing + 4),
      lineOf: (path) => {
        if (path.length === 1) return simple.keyLines.get(String(path[0]));
        parsed ??= parseYaml(source, closing);
        return "lineOf" in parsed ? parsed.lineOf(path) : undefined;
      },
    };
  }
  return parseYaml(source, closing);
}

/** YAML front matter through gray-matter and `yaml`, with the line of every node. */
function parseYaml(source: string, closing: number): FrontMatterBlock | FrontMatterError {
  let doc: Document | undefined;
  const lines = new LineCounter();
  let parsed: matter.GrayMatterFile<string>;
  try {
    // gray-matter is given the front matter and its closing `---` only, not the whole post: it
    // looks its input up in a cache keyed by the whole text and copies it into a Buffer, and it
    // stops at this same first `\n---`. The body is cut below as gray-matter would cut it.
    parsed = grayMatter()(source.slice(0, closing + 4), {
      language: "yaml",
      engines: {
        yaml: (yamlText: string) => {
          doc = parseDocument(yamlText, { ...YAML_OPTIONS, lineCounter: lines });
          if (doc.errors.length > 0) throw doc.errors[0];
          return (doc.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount }) ?? {}) as object;
        },
        // Refused above already; never reachable, never the defaults that `eval`.
        javascript: refused,
        coffee: refused,
        json: refused,
        toml: refused,
      },
    });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      // gray-matter hands over the YAML starting with the newline after `---`: YAML line N is file line N.
      const line = e.linePos?.[0]?.line ?? 1;
      // The line is in the prefix already; the parser's own "at line N, column M" would repeat it.
      const message = firstLine(e.message).replace(/ at line \d+, column \d+:?$/, "");
      return { line, message: `invalid YAML: ${message}` };
    }
    return { line: 1, message: firstLine(e instanceof Error ? e.message : String(e)) };
  }
  const data = parsed.data;
  if (!isRecord(data)) return { line: 2, message: "must be a mapping of keys to values" };

  const topLevel = new Map<string, number>();
  if (isMap(doc?.contents)) {
    for (const pair of doc.contents.items) {
      const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
      const line = lines.linePos((pair.key as { range?: [number] })?.range?.[0] ?? 0).line;
      const first = topLevel.get(key);
      if (first !== undefined) return { line, message: `map keys must be unique: "${key}" is also on line ${first}` };
      topLevel.set(key, line);
    }
  }
  return {
    format: "yaml",
    data,
    body: afterClosing(source, closing + 4),
    lineOf: (path) => (path.length === 1 ? topLevel.get(String(path[0])) : locateYaml(doc, lines, path)),
  };
}

/** The text after a closing delimiter that ends at `end`, without the rest of its line break (as gray-matter cuts it). */
function afterClosing(source: string, end: number): string {
  let body = source.slice(end);
  if (body[0] === "\r") body = body.slice(1);
  if (body[0] === "\n") body = body.slice(1);
  return body;
}

function readToml(source: string): FrontMatterBlock | FrontMatterError {
  if (!/^\+\+\+[^\S\n]*\n/.test(source)) return { line: 1, message: "the `+++` line must stand alone" };
  const closing = /\n\+\+\+[^\S\n]*(\n|$)/.exec(source.slice(3));
  if (!closing) return { line: 1, message: "not closed: add a `+++` line after the TOML front matter" };
  const tooLarge = sizeError(closing.index);
  if (tooLarge) return tooLarge;
  const tooDeep = nestingLine(source.slice(0, closing.index + 3));
  if (tooDeep !== undefined) return { line: tooDeep, message: `invalid TOML: nests deeper than ${MAX_DEPTH} levels` };
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = grayMatter()(source, {
      language: "toml",
      delimiters: "+++",
      engines: { toml: (text: string) => plainDates(parseToml(text)) as object, javascript: refused, coffee: refused },
    });
  } catch (e) {
    if (e instanceof TomlError) {
      // The TOML text begins with the newline after `+++`: its line N is file line N.
      return {
        line: Math.max(1, e.line),
        message: `invalid TOML: ${firstLine(e.message).replace(/^Invalid TOML document: /, "")}`,
      };
    }
    return { line: 1, message: firstLine(e instanceof Error ? e.message : String(e)) };
  }
  const keys = tomlKeyLines(source.slice(0, closing.index + 3));
  return {
    format: "toml",
    data: parsed.data as Record<string, unknown>,
    body: parsed.content,
    lineOf: (path) => deepestLine(keys, path),
  };
}

function readJson(source: string): FrontMatterBlock | FrontMatterError {
  const scan = scanJsonObject(source);
  if ("line" in scan) return scan;
  const tooLarge = sizeError(scan.end);
  if (tooLarge) return tooLarge;
  let data: unknown;
  try {
    data = JSON.parse(source.slice(0, scan.end));
  } catch (e) {
    return { line: 1, message: `invalid JSON: ${firstLine(e instanceof Error ? e.message : String(e))}` };
  }
  if (!isRecord(data)) return { line: 1, message: "must be a mapping of keys to values" };
  return {
    format: "json",
    data,
    body: source.slice(scan.end).replace(/^[^\S\n]*\n/, ""),
    lineOf: (path) => deepestLine(scan.keys, path),
  };
}

/**
 * Finds where the leading JSON object ends, and the line of every key in it (by dotted path),
 * in one pass that knows strings and escapes. Duplicate keys are an error (JSON.parse would
 * silently keep the last).
 */
function scanJsonObject(source: string): { end: number; keys: Map<string, number> } | FrontMatterError {
  const keys = new Map<string, number>();
  const stack: { key?: string; isObject: boolean; index: number }[] = [];
  let line = 1;
  let lastString: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\n") line++;
    else if (ch === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') {
        if (source[j] === "\\") j++;
        else if (source[j] === "\n") return { line, message: "invalid JSON: a string runs past the end of its line" };
        j++;
      }
      try {
        lastString = JSON.parse(source.slice(i, j + 1)) as string;
      } catch {
        return { line, message: "invalid JSON: bad escape in a string" };
      }
      i = j;
    } else if (ch === ":" && lastString !== undefined && stack.at(-1)?.isObject) {
      const ancestors = stack.slice(0, -1).map((s) => (s.isObject ? (s.key ?? "") : String(s.index)));
      const path = [...ancestors, lastString].join("\u0000");
      if (keys.has(path)) {
        return { line, message: `map keys must be unique: "${lastString}" is also on line ${keys.get(path)}` };
      }
      keys.set(path, line);
      const top = stack.at(-1);
      if (top) top.key = lastString;
    } else if (ch === "{" || ch === "[") {
      if (stack.length >= MAX_DEPTH) return { line, message: `invalid JSON: nests deeper than ${MAX_DEPTH} levels` };
      stack.push({ isObject: ch === "{", index: 0 });
    } else if (ch === "}" || ch === "]") {
      stack.pop();
      if (stack.length === 0) return { end: i + 1, keys };
    } else if (ch === "," && !stack.at(-1)?.isObject) {
      const top = stack.at(-1);
      if (top) top.index++;
    }
    if (ch !== '"' && ch !== ":" && !/\s/.test(ch ?? "")) lastString = undefined;
  }
  return { line: 1, message: "not closed: the JSON front matter has no closing `}`" };
}

/** Line of every key of a TOML document by dotted path (tables, dotted keys and arrays of tables). */
function tomlKeyLines(toml: string): Map<string, number> {
  const keys = new Map<string, number>();
  let table: string[] = [];
  const counts = new Map<string, number>();
  const lines = toml.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] as string).trim();
    const header = /^\[(\[)?\s*([^\]]+?)\s*\]\]?/.exec(text);
    if (header) {
      table = splitTomlKey(header[2] as string);
      if (header[1]) {
        // `[[a]]`: each header is the next element of the array of tables.
        const joined = table.join("\u0000");
        const n = counts.get(joined) ?? 0;
        counts.set(joined, n + 1);
        keys.set(joined, keys.get(joined) ?? i + 1);
        table = [...table, String(n)];
      }
      keys.set(table.join("\u0000"), i + 1);
      continue;
    }
    const assignment =
      /^((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=/.exec(
        text,
      );
    if (assignment) keys.set([...table, ...splitTomlKey(assignment[1] as string)].join("\u0000"), i + 1);
  }
  return keys;
}

function splitTomlKey(key: string): string[] {
  const parts = key.match(/"(?:[^"\\]|\\.)*"|'[^']*'|[^.\s]+/g) ?? [];
  return parts.map((p) => (p.startsWith('"') ? (JSON.parse(p) as string) : p.startsWith("'") ? p.slice(1, -1) : p));
}

/** The line of the longest prefix of `path` that has one. */
function deepestLine(keys: Map<string, number>, path: KeyPath): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const line = keys.get(path.slice(0, n).map(String).join("\u0000"));
    if (line !== undefined) return line;
  }
  return undefined;
}

/** Line, within the YAML, of the deepest node on `path` that exists; undefined when not even the key does. */
function locateYaml(doc: Document | undefined, lines: LineCounter, path: KeyPath): number | undefined {
  let node: unknown = doc?.contents;
  let offset: number | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(step));
      if (!pair) break;
      offset = (pair.key as { range?: [number] })?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof step === "number") {
      node = node.items[step];
    } else break;
    const range = (node as { range?: [number] } | undefined)?.range;
    if (range && typeof step === "number") offset = range[0];
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/**
 * TOML has dates of its own; they become the text they were written as, so every format's
 * dates go through the same date rules (a date without a zone means UTC).
 */
function plainDates(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainDates);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainDates(v)]));
  return value;
}

/** 1-based line where flow collections (`[`, `{`) or indentation nest deeper than MAX_DEPTH, if any. */
function nestingLine(text: string): number | undefined {
  let depth = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length - line.trimStart().length > MAX_DEPTH * 4) return i + 1;
    // Quoted text holds no structure.
    for (const ch of line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, "")) {
      if (ch === "[" || ch === "{") depth++;
      else if ((ch === "]" || ch === "}") && depth > 0) depth--;
      if (depth > MAX_DEPTH) return i + 1;
    }
  }
  return undefined;
}

function sizeError(end: number): FrontMatterError | undefined {
  if (end <= MAX_FRONT_MATTER) return undefined;
  return { line: 1, message: `too large (${Math.round(end / 1024)} kB; at most ${MAX_FRONT_MATTER / 1024} kB)` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function refused(): never {
  throw new Error("only YAML, TOML and JSON front matter are allowed");
}
