import { htmlTagNames } from "html-tag-names";
import type MarkdownIt from "markdown-it";

/** A markdown-it instance (the package exports its type through its constructor). */
type Md = InstanceType<typeof MarkdownIt>;

import anchor from "markdown-it-anchor";
import attrs from "markdown-it-attrs";
import container from "markdown-it-container";
import { full as emoji } from "markdown-it-emoji";
import footnote from "markdown-it-footnote";
import alerts from "markdown-it-github-alerts";
import { mathmlTagNames } from "mathml-tag-names";
import { svgTagNames } from "svg-tag-names";

/**
 * Markdown as the blogs we import write it, beyond CommonMark and GFM tables: bare URLs
 * linkified, heading ids (`{#id}` as written, else generated as GitHub and Hugo make them),
 * footnotes, GitHub's `> [!NOTE]` alerts and `:::note` containers (Docusaurus, VitePress,
 * Eleventy), and `:smile:` emoji shortcodes. Each is a maintained markdown-it plugin.
 *
 * Alerts and containers share one markup, a callout: `<aside class="callout callout-note">`
 * with a `<p class="callout-title">`. The sanitizer keeps exactly these classes (see
 * `SYNTAX_CLASSES`), so the fast path (no sanitizer for plain Markdown) stays identical to it.
 */
export function withSyntax(md: Md, { curlyAttributes = true } = {}): Md {
  md.set({ linkify: true });
  md.core.ruler.after("inline", "text-that-looks-like-a-tag", textTags);
  // Only `id` from `{…}`: any other attribute (`{onclick=…}`) would be the author's raw HTML
  // without passing the sanitizer on the fast path. Without it (`curlyAttributes: false`) for
  // a text with no `{`, where it can find nothing: it walks every token of every post.
  if (curlyAttributes) md.use(attrs, { allowedAttributes: ["id"] });
  md.use(anchor, { slugify: headingId, tabIndex: false, failOnNonUnique: false });
  md.use(footnote);
  useEmoji(md);
  md.use(alerts, { icons: {} });
  md.renderer.rules.alert_open = (tokens, idx) => {
    const { title, type } = (tokens[idx] as (typeof tokens)[number]).meta as { title: string; type: string };
    return calloutOpen(type, title, md);
  };
  md.renderer.rules.alert_close = () => "</aside>\n";
  for (const name of CONTAINERS) {
    md.use(container, name, {
      render: (tokens: { nesting: number; info: string }[], idx: number) => {
        const token = tokens[idx] as (typeof tokens)[number];
        if (token.nesting !== 1) return name === "details" ? "</details>\n" : "</aside>\n";
        const title = token.info.trim().slice(name.length).trim();
        if (name === "details") return `<details><summary>${md.utils.escapeHtml(title || "Details")}</summary>\n`;
        return calloutOpen(name, title || capitalize(name), md);
      },
    });
  }
  return md;
}

/**
 * Every emoji shortcode (`:name:`) and emoticon (`:)`, `;-)`, `<3`, `8-)`) has one of these in it:
 * a text without any has nothing for markdown-it-emoji to replace.
 */
export const EMOJI_MARKS = /[:;<]|-\)/;

/**
 * markdown-it-emoji, run only on documents with a text token that could hold an emoji: its rule
 * tests every text token against one pattern of all 1,900 names (a tenth of a plain post's parse).
 * The plugin is applied once; the other instances get its rule and renderer (it reads nothing of
 * its instance but the shared `md.utils`), as building that pattern costs a build's start-up.
 */
function useEmoji(md: Md): void {
  if (!emojiRule) {
    const scratch = new (md.constructor as new () => Md)();
    const before = scratch.core.ruler.getRules("");
    scratch.use(emoji);
    const [rule, ...more] = scratch.core.ruler.getRules("").filter((fn) => !before.includes(fn));
    const render = scratch.renderer.rules.emoji;
    if (!rule || more.length > 0 || !render) throw new Error("markdown-it-emoji no longer adds one core rule");
    emojiRule = { rule, render };
  }
  const { rule, render } = emojiRule;
  md.renderer.rules.emoji = render;
  md.core.ruler.after("linkify", "emoji", (state) => {
    const found = state.tokens.some(
      (block) =>
        block.type === "inline" && block.children?.some((t) => t.type === "text" && EMOJI_MARKS.test(t.content)),
    );
    if (found) return rule(state);
  });
}

type CoreRule = ReturnType<Md["core"]["ruler"]["getRules"]>[number];
type RenderRule = NonNullable<Md["renderer"]["rules"][string]>;
let emojiRule: { rule: CoreRule; render: RenderRule } | undefined;

/** `:::name` containers the documentation generators share. */
const CONTAINERS = ["note", "tip", "info", "important", "warning", "caution", "danger", "details"] as const;

/** Classes the syntax above writes, by tag: the sanitizer allows these and no others. */
export const SYNTAX_CLASSES: Record<string, (string | RegExp)[]> = {
  aside: ["callout", /^callout-[a-z]+$/],
  p: ["callout-title"],
  section: ["footnotes"],
  ol: ["footnotes-list"],
  li: ["footnote-item"],
  sup: ["footnote-ref"],
  a: ["footnote-backref"],
  hr: ["footnotes-sep"],
};

function calloutOpen(type: string, title: string, md: Md): string {
  return `<aside class="callout callout-${type}"><p class="callout-title">${md.utils.escapeHtml(title)}</p>\n`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** GitHub's and Hugo's heading ids: lowercase, punctuation dropped, spaces to hyphens. */
export function headingId(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Every element name a browser knows (HTML, obsolete HTML, SVG, MathML), lowercased. */
const KNOWN_TAGS = new Set<string>([...htmlTagNames, ...svgTagNames, ...mathmlTagNames].map((t) => t.toLowerCase()));

/**
 * `Promise<T>` or `ssh <user>@host` outside code is not HTML: an inline "tag" whose name is
 * no element a browser knows stays text, instead of being dropped by the sanitizer.
 */
function textTags(state: { tokens: { type: string; children: { type: string; content: string }[] | null }[] }) {
  for (const block of state.tokens) {
    for (const token of block.children ?? []) {
      if (token.type !== "html_inline") continue;
      const name = /^<\/?([A-Za-z][\w-]*)/.exec(token.content)?.[1];
      if (name && !KNOWN_TAGS.has(name.toLowerCase())) token.type = "text";
    }
  }
}
