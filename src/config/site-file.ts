import leven, { closestMatch } from "leven";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import type { $ZodType } from "zod/v4/core";
import type { Problem } from "../content/problem.js";
import { shapeOf } from "./settings.js";

/** `site.yaml` read as data (the `yaml` package's core schema: no tag runs code), with where each key is. */
export interface SiteFile {
  /** The file as its author names it (`site.yaml`), for messages. */
  name: string;
  values: Record<string, unknown>;
  /** 1-based line of the key at `path` (or of the nearest enclosing key that exists). */
  lineOf: (path: readonly PropertyKey[]) => number;
}

/**
 * Parses the text of a site file. YAML syntax errors, duplicate keys and a document that is not
 * a mapping are problems located at their line; the values are not looked at here (see
 * `fileProblems`). An empty file is an empty mapping.
 */
export function parseSiteFile(name: string, text: string): { file?: SiteFile; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problem = (line: number, field: string, message: string): Problem => ({
    file: name,
    line,
    field,
    message,
    severity: "error",
  });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  // Warnings too: an unknown tag (`!!js/function`) is refused, never resolved, and must not pass silently.
  const problems = [...doc.errors, ...doc.warnings].map((e) =>
    problem(lineAt(e.pos[0]), "yaml", (e.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")),
  );
  if (problems.length > 0) return { problems };
  const root = doc.contents;
  if (root !== null && !isMap(root)) {
    return {
      problems: [problem(lineAt(root.range?.[0] ?? 0), name, "must be a mapping of `key: value` lines")],
    };
  }
  const values = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const lineOf = (path: readonly PropertyKey[]): number => {
    let node: Node | null | undefined = root;
    let line = 1;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return line;
        line = lineAt((pair.key as Node).range?.[0] ?? 0);
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof segment === "number") {
        node = node.items[segment] as Node | undefined;
        if (!node?.range) return line;
        line = lineAt(node.range[0]);
      } else {
        return line;
      }
    }
    return line;
  };
  return { file: { name, values: values as Record<string, unknown>, lineOf }, problems: [] };
}

/**
 * Checks a site file's values against `schema`, so that its own mistakes are told apart from the
 * environment's: `site.yaml:LINE: key: message` for each, with a "did you mean" for an unknown
 * key close to a known one.
 */
export function fileProblems(file: SiteFile, schema: z.ZodType): Problem[] {
  const parsed = schema.safeParse(file.values);
  if (parsed.success) return [];
  const problems = parsed.error.issues.flatMap((issue): Problem[] => {
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(shapeAt(schema, issue.path) ?? {});
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        const guess = closestMatch(key, known);
        const close = guess !== undefined && distanceIsSmall(key, guess);
        return {
          file: file.name,
          line: file.lineOf(path),
          field: path.join("."),
          message: `unknown setting${close ? `; did you mean "${[...issue.path, guess].join(".")}"?` : ""} (the README lists every setting)`,
          severity: "error",
        };
      });
    }
    return [
      {
        file: file.name,
        line: file.lineOf(issue.path),
        field: issue.path.join(".") || file.name,
        message: issue.message,
        severity: "error",
      },
    ];
  });
  return problems.sort((a, b) => a.line - b.line);
}

/** A typo, not another word: one edit in a short key, two (a swap of letters) or a third of a longer one. */
function distanceIsSmall(a: string, b: string): boolean {
  const distance = leven(a.toLowerCase(), b.toLowerCase());
  const longer = Math.max(a.length, b.length);
  return distance <= (longer <= 3 ? 1 : Math.max(2, Math.floor(longer / 3)));
}

/** The keys an object schema knows at `path` (nested objects walked under their defaults). */
function shapeAt(schema: $ZodType, path: readonly PropertyKey[]): Record<string, $ZodType> | undefined {
  let shape = shapeOf(schema);
  for (const segment of path) {
    const next = shape?.[String(segment)];
    shape = next && shapeOf(next);
  }
  return shape;
}
