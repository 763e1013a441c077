import { escapeHtml, lineAt, referencedPostUrl, type TemplateContext, type TemplateResult } from "./context.js";
import { embedHtml } from "./embeds.js";

/**
 * Hugo's shortcodes, `{{< name args >}}` and `{{% name args %}}`, paired with `{{< /name >}}`
 * or standing alone, rendered as Hugo's built-in ones render (as far as a page and a feed can
 * show them). Hugo's escape, the shortcode's inside wrapped in `/*` and `* /`, stays as the
 * literal shortcode.
 * A site's own shortcode cannot be run: its inner content is kept, with one warning.
 */
export function renderHugoShortcodes(
  body: string,
  page: Record<string, unknown>,
  ctx: TemplateContext,
): TemplateResult {
  const tokens = tokenize(body);
  const pairs = pairUp(tokens);
  const warnings: TemplateResult["warnings"] = [];

  const render = (from: number, to: number): string => {
    let out = "";
    for (let i = from; i < to; i++) {
      const token = tokens[i] as Token;
      if (token.kind === "text") {
        out += token.text;
        continue;
      }
      if (token.escaped) {
        out += `{{${token.delimiter}${token.inner}${token.delimiter === "<" ? ">" : "%"}}}`;
        continue;
      }
      if (token.closing) continue; // A closing tag without an opening one: Hugo fails; we drop it.
      const end = pairs.get(i);
      const inner = end === undefined ? undefined : render(i + 1, end);
      const shortcode = SHORTCODES[token.name];
      if (shortcode) {
        const result = shortcode({ args: parseArgs(token.args), inner, page, ctx });
        if (typeof result === "string") out += result;
        else {
          warnings.push({ line: lineAt(body, token.offset), message: result.warning });
          out += result.output;
        }
      } else {
        warnings.push({
          line: lineAt(body, token.offset),
          message: `Hugo shortcode "${token.name}" is this site's own and cannot be run here; ${inner === undefined ? "it is left out" : "its inner content is kept"}`,
        });
        out += inner ?? "";
      }
      if (end !== undefined) i = end;
    }
    return out;
  };
  return { body: render(0, tokens.length), warnings };
}

/** Whether `body` has any Hugo shortcode (cheap test before the work). */
export function hasHugoShortcodes(body: string): boolean {
  return /\{\{[<%]/.test(body);
}

type Token =
  | { kind: "text"; text: string }
  | {
      kind: "tag";
      name: string;
      args: string;
      inner: string;
      delimiter: "<" | "%";
      closing: boolean;
      escaped: boolean;
      offset: number;
    };

const TAG = /\{\{(<|%)(\/\*)?([\s\S]*?)(\*\/)?(>|%)\}\}/g;

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of body.matchAll(TAG)) {
    const [raw, open, escapeOpen, inner = "", , close] = m;
    if ((open === "<") !== (close === ">")) continue;
    tokens.push({ kind: "text", text: body.slice(last, m.index) });
    last = m.index + raw.length;
    const text = inner.trim().replace(/\/$/, "").trim();
    const closing = text.startsWith("/");
    const name = /^\/?\s*([\w.-]+)/.exec(text)?.[1] ?? "";
    tokens.push({
      kind: "tag",
      name,
      args: text.replace(/^\/?\s*[\w.-]+/, "").trim(),
      inner,
      delimiter: open as "<" | "%",
      closing,
      escaped: escapeOpen !== undefined,
      offset: m.index,
    });
  }
  tokens.push({ kind: "text", text: body.slice(last) });
  return tokens;
}

/** Opening tag index → its closing tag index, matching names innermost first. */
function pairUp(tokens: Token[]): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: { name: string; index: number }[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== "tag" || token.escaped) return;
    if (!token.closing) open.push({ name: token.name, index });
    else {
      const at = open.findLastIndex((o) => o.name === token.name);
      if (at >= 0) {
        pairs.set((open[at] as { index: number }).index, index);
        open.splice(at);
      }
    }
  });
  return pairs;
}

interface Args {
  positional: string[];
  named: Record<string, string>;
}

const ARG = /(\w+)=("(?:[^"\\]|\\.)*"|`[^`]*`|\S+)|("(?:[^"\\]|\\.)*"|`[^`]*`|\S+)/g;

function parseArgs(text: string): Args {
  const args: Args = { positional: [], named: {} };
  for (const [, key, namedValue, value] of text.matchAll(ARG)) {
    if (key && namedValue !== undefined) args.named[key] = unquote(namedValue);
    else if (value !== undefined) args.positional.push(unquote(value));
  }
  return args;
}

function unquote(value: string): string {
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  return value.startsWith("`") ? value.slice(1, -1) : value;
}

interface Call {
  args: Args;
  inner: string | undefined;
  page: Record<string, unknown>;
  ctx: TemplateContext;
}

/** Hugo's built-in shortcodes. A result with a warning still gives its output. */
const SHORTCODES: Record<string, (call: Call) => string | { output: string; warning: string }> = {
  figure: ({ args: { named } }) => {
    const img = `<img src="${escapeHtml(named.src ?? "")}" alt="${escapeHtml(named.alt ?? named.caption ?? "")}"${size(named)}>`;
    const linked = named.link ? `<a href="${escapeHtml(named.link)}">${img}</a>` : img;
    const title = named.title ? `<strong>${escapeHtml(named.title)}</strong> ` : "";
    const credit = named.attr
      ? named.attrlink
        ? ` <a href="${escapeHtml(named.attrlink)}">${escapeHtml(named.attr)}</a>`
        : ` ${escapeHtml(named.attr)}`
      : "";
    const caption =
      title || named.caption || credit
        ? `<figcaption>${title}${escapeHtml(named.caption ?? "")}${credit}</figcaption>`
        : "";
    return `\n\n<figure>${linked}${caption}</figure>\n\n`;
  },
  highlight: ({ args, inner }) => fenced(inner ?? "", args.positional[0] ?? ""),
  ref: ({ args, ctx }) => referencedPostUrl(args.positional[0] ?? args.named.path ?? "", ctx.baseUrl),
  relref: ({ args, ctx }) => referencedPostUrl(args.positional[0] ?? args.named.path ?? "", ctx.baseUrl),
  param: ({ args, page, ctx }) => {
    const name = args.positional[0] ?? args.named.name ?? "";
    const value =
      lookup(page, name) ?? lookup(page.params, name) ?? lookup(ctx.site, name) ?? lookup(ctx.site.params, name);
    if (value === undefined) return { output: "", warning: `Hugo shortcode "param": no parameter "${name}"` };
    return String(value);
  },
  youtube: ({ args }) => embedHtml("youtube", args.named.id ?? args.positional[0] ?? ""),
  vimeo: ({ args }) => embedHtml("vimeo", args.named.id ?? args.positional[0] ?? ""),
  gist: ({ args }) => embedHtml("gist", `${args.positional[0] ?? ""}/${args.positional[1] ?? ""}`),
  x: ({ args }) => embedHtml("x", `${args.named.user ?? "i"}/${args.named.id ?? args.positional[0] ?? ""}`),
  tweet: ({ args }) =>
    embedHtml(
      "x",
      args.positional.length > 1
        ? `${args.positional[0]}/${args.positional[1]}`
        : `${args.named.user ?? "i"}/${args.named.id ?? args.positional[0] ?? ""}`,
    ),
  instagram: ({ args }) => embedHtml("instagram", args.named.id ?? args.positional[0] ?? ""),
  details: ({ args: { named }, inner }) =>
    `\n\n<details${named.open === "true" ? " open" : ""}><summary>${escapeHtml(named.summary ?? "Details")}</summary>\n\n${inner ?? ""}\n\n</details>\n\n`,
  comment: () => "",
};

function size(named: Record<string, string>): string {
  return `${named.width ? ` width="${escapeHtml(named.width)}"` : ""}${named.height ? ` height="${escapeHtml(named.height)}"` : ""}`;
}

/** A fenced code block around `code`, with a fence longer than any backtick run inside it. */
export function fenced(code: string, language: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `\n\n${fence}${language}\n${code.replace(/^\n+|\s+$/g, "")}\n${fence}\n\n`;
}

function lookup(from: unknown, path: string): unknown {
  let value: unknown = from;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) {
      // Hugo's param names are case-insensitive.
      const found =
        value !== null && typeof value === "object"
          ? Object.keys(value).find((k) => k.toLowerCase() === key.toLowerCase())
          : undefined;
      if (found === undefined) return undefined;
      value = (value as Record<string, unknown>)[found];
    } else value = (value as Record<string, unknown>)[key];
  }
  return value === null || typeof value === "object" ? undefined : value;
}
