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

/** A warning repeated in more files than this is printed once, with a count. */
const REPEATS_SHOWN = 1;

/**
 * The lines a build prints: every error, and each kind of warning (same field, same message)
 * once with the number of other files it is in, so that one unknown key in 800 posts does not
 * bury the real problems. The full list stays in the build's output.
 */
export function problemLines(problems: Problem[]): string[] {
  const lines: string[] = [];
  const repeats = new Map<string, { first: number; files: Set<string> }>();
  for (const p of problems) {
    if (p.severity === "error") {
      lines.push(formatProblem(p));
      continue;
    }
    const kind = `${p.field}\u0000${p.message}`;
    const seen = repeats.get(kind);
    if (seen) {
      seen.files.add(p.file);
      continue;
    }
    repeats.set(kind, { first: lines.length, files: new Set([p.file]) });
    lines.push(formatProblem(p));
  }
  for (const { first, files } of repeats.values()) {
    const others = files.size - 1;
    if (others >= REPEATS_SHOWN) lines[first] += ` (and in ${others} more file${others === 1 ? "" : "s"})`;
  }
  return lines;
}

/** 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** The first line of a library's error message: a problem is one line. */
export function firstLine(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}
