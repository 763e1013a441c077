/**
 * `value` with every string in it copied out of whatever larger string it was cut from. V8 keeps a
 * substring (13 characters or more) as a view of its parent: one title from a post's front matter
 * keeps the whole file's text alive. Plain objects, arrays and Dates are walked; nothing else is expected.
 */
export function ownStrings<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  // A string JSON.parse makes is a flat copy of its own size; a slice of a copy (` ${value}`.slice(1))
  // would be a view again, of a parent one character longer.
  if (typeof value === "string") return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
  if (Array.isArray(value)) return value.map(copy);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = copy(item);
  return out;
}
