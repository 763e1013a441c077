/** Something wrong with one post, located precisely enough for the author to fix it. */
export interface Problem {
  /** Path as the author knows it, e.g. `posts/2025-03-30-japan.md`. */
  file: string;
  line: number;
  /** Front-matter key (as written, with a path such as `tags[2]`), or `file`/`front matter`/`body`. */
  field: string;
  message: string;
  severity: "error" | "warning";
}

/** `posts/FILE.md:LINE: field: message` — one line, the format editors and CI logs link. */
export function formatProblem(p: Problem): string {
  const prefix = p.severity === "warning" ? "warning: " : "";
  return `${p.file}:${p.line}: ${prefix}${p.field}: ${p.message}`;
}
