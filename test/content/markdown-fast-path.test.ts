import { readdirSync, readFileSync } from "node:fs";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.js";
import {
  inlineText,
  renderBody,
  renderBodySanitized,
  renderInlineSanitized,
  renderSummary,
} from "../../src/content/markdown.js";

// Markdown without raw HTML skips the sanitizer; its output must be exactly what the sanitizer gives.
const URL = "https://news.example.com/posts/a-post";
const samples = readdirSync("posts").map((f) => matter(readFileSync(`posts/${f}`, "utf8")).content);
const corpus = generateCorpus(150, 7).posts.map((p) => p.body);
const edge = [
  "| a | b |\n|:--|--:|\n| 1 | 2 |",
  "[rel](../up) [abs](https://x.example/a?b=1&c=2) [mail](mailto:a@b.example) [anchor](#top) ![i](/img.png)",
  "```js\nconst a = '<b>';\n```\n\n```weird lang!\nx\n```",
  "[js](javascript:alert(1)) [data](data:text/html,x) ![svg](data:image/svg+xml,x) [ftp](ftp://x.example/)",
  "Text with <b>inline</b> HTML and &amp; entities &copy; and a <!-- comment -->",
  "> quote\n\n1. one\n2. two\n\n- [ ] not a task list\n\n***\n\nHard  \nbreak `code` *em* **strong**",
  "[//protocol-relative](//evil.example/x) ![](//evil.example/i.png)",
];

describe("the sanitizer-free fast path for plain Markdown", () => {
  for (const [name, docs] of Object.entries({ samples, corpus, edge })) {
    it(`renders the ${name} exactly as the sanitizer would`, () => {
      expect(docs.length).toBeGreaterThan(0);
      for (const doc of docs) expect(renderBody(doc, URL)).toBe(renderBodySanitized(doc, URL));
    });
  }
});

// Summary bullets take the same fast path, parsed once for their HTML and their text.
const summaries = [
  ...readdirSync("posts").flatMap((f) => {
    const summary = matter(readFileSync(`posts/${f}`, "utf8")).data.summary;
    return Array.isArray(summary) ? summary.filter((s): s is string => typeof s === "string") : [];
  }),
  ...generateCorpus(150, 7).posts.flatMap((p) => p.summary),
];
const inlineEdge = [
  ...edge.map((doc) => doc.replace(/\n/g, " ")),
  "**bold:** [link](../x) ![img](/i.png) `code` <b>raw</b> &amp; &copy; :smile: <3 https://bare.example/x",
  "[x](javascript:alert(1)) <img src=x onerror=alert(2)> [^1] {#id} a  \nb",
];

describe("the sanitizer-free fast path for summary bullets", () => {
  for (const [name, docs] of Object.entries({ summaries, inlineEdge })) {
    it(`renders the ${name} exactly as the sanitizer would, and their text as inlineText`, () => {
      expect(docs.length).toBeGreaterThan(3);
      for (const doc of docs) {
        expect(renderSummary(doc, URL)).toEqual({ html: renderInlineSanitized(doc, URL), text: inlineText(doc) });
      }
    });
  }
});
