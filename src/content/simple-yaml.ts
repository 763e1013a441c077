/**
 * A fast reading of the plainest YAML front matter, the way generators and our own corpus write it:
 * top-level `key: value` lines whose values are one-line scalars, flow lists of them (`[a, "b"]`),
 * or, below a bare `key:`, a block list (`  - value`) or a map (`  key: value`) of them, indented
 * by two spaces. A scalar is a double-quoted string without escapes, a date or time written as
 * ISO 8601, or a plain string of ASCII words and path characters. In YAML 1.2's core schema (the
 * `yaml` package's default) every one of these is the string it spells.
 *
 * Anything else — comments, blank lines, other indentation, escapes, numbers, booleans, null,
 * anchors, duplicate keys — is `undefined`, and the caller parses with `yaml` as before: this is a
 * shortcut, never a second YAML dialect. `test/content/simple-yaml.test.ts` holds it to `yaml`'s
 * result on generated documents.
 */
export interface SimpleYaml {
  data: Record<string, unknown>;
  /** The 1-based line (of `text`) of each top-level key. */
  keyLines: Map<string, number>;
}

/** `text`: the YAML lines, `\n`-separated (front matter starts with the newline after `---`). */
export function readSimpleYaml(text: string): SimpleYaml | undefined {
  const lines = text.split("\n");
  const data: Record<string, unknown> = {};
  const keyLines = new Map<string, number>();
  let i = 0;
  // The text after `---` starts with its newline: an empty first line.
  if (lines[0] === "") i = 1;
  if (i >= lines.length) return undefined;
  while (i < lines.length) {
    const line = lines[i] as string;
    const m = TOP_KEY.exec(line);
    if (!m) return undefined;
    const key = m[1] as string;
    if (keyLines.has(key)) return undefined;
    keyLines.set(key, i + 1);
    const written = m[2];
    i++;
    if (written !== undefined) {
      const value = line.endsWith("]") && written.startsWith("[") ? flowList(written) : scalar(written);
      if (value === undefined) return undefined;
      data[key] = value;
      continue;
    }
    // A bare `key:`: a block list or a map, indented by two spaces.
    const next = lines[i];
    if (next?.startsWith("  - ")) {
      const list: string[] = [];
      while (i < lines.length && (lines[i] as string).startsWith("  - ")) {
        const value = scalar((lines[i] as string).slice(4));
        if (value === undefined) return undefined;
        list.push(value);
        i++;
      }
      data[key] = list;
    } else if (next !== undefined && NESTED_KEY.test(next)) {
      const map: Record<string, string> = {};
      while (i < lines.length) {
        const nested = NESTED_KEY.exec(lines[i] as string);
        if (!nested) break;
        const [, name, value] = nested as unknown as [string, string, string];
        const parsed = scalar(value);
        if (parsed === undefined || Object.hasOwn(map, name)) return undefined;
        map[name] = parsed;
        i++;
      }
      data[key] = map;
    } else return undefined;
  }
  return { data, keyLines };
}

/** A key (a letter first: never `__proto__` or a YAML indicator), its colon and any value after one space. */
const TOP_KEY = /^([A-Za-z][A-Za-z0-9_-]*):(?: (\S(?:.*\S)?))?$/;
const NESTED_KEY = /^ {2}([A-Za-z][A-Za-z0-9_-]*): (\S(?:.*\S)?)$/;

/**
 * Double-quoted, without `\` or `"` inside and only characters YAML prints as they are; a date
 * or time in ISO 8601; or plain ASCII words, paths and punctuation that YAML gives no other
 * meaning (no `:`, `#`, `,`, brackets, quotes first, or indicator first).
 */
const QUOTED = /^"([\u0020\u0021\u0023-\u005B\u005D-\u007E\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]*)"$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
const PLAIN = /^[A-Za-z/][A-Za-z0-9 ._/()&+'-]*$/;
/** Plain words YAML 1.2's core schema reads as null or booleans. */
const NOT_STRINGS = /^(?:null|true|false)$/i;

function scalar(written: string): string | undefined {
  const quoted = QUOTED.exec(written);
  if (quoted) return quoted[1];
  if (ISO_DATE.test(written)) return written;
  if (PLAIN.test(written) && !NOT_STRINGS.test(written) && !/\s$/.test(written)) return written;
  return undefined;
}

/** `[a, "b c"]`: items separated by `, `; a plain item here has no brackets or commas either (PLAIN has none). */
function flowList(written: string): string[] | undefined {
  const inner = written.slice(1, -1);
  if (inner === "") return [];
  const items: string[] = [];
  let rest = inner;
  for (;;) {
    let item: string;
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      if (end < 0) return undefined;
      item = rest.slice(0, end + 1);
    } else {
      const end = rest.indexOf(",");
      item = end < 0 ? rest : rest.slice(0, end);
    }
    const value = scalar(item);
    if (value === undefined) return undefined;
    items.push(value);
    rest = rest.slice(item.length);
    if (rest === "") return items;
    if (!rest.startsWith(", ")) return undefined;
    rest = rest.slice(2);
  }
}
