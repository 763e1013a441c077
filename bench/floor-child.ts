import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { imageSize } from "image-size";
import MarkdownIt from "markdown-it";
import { parse as parseYaml } from "yaml";
import type { Post } from "../src/content/post.js";
import { relatedPosts } from "../src/content/related.js";
import { termSlug } from "../src/content/slug.js";
import { bundleCount, bundleOf, packBundle } from "../src/store/bundle.js";

/**
 * The plain-script floor: the irreducible work of a build on the same corpus, written as a script
 * would, in one process. Reads every post, parses its front matter (yaml, no line numbers), renders
 * the body with the same markdown-it (no plugins, no sanitizer), measures every lead image (image-size),
 * ranks related content (the same `relatedPosts`), writes the items as the same number of bundles and
 * copies public/. Arguments: postsDir publicDir outDir. Prints one JSON line: ms, maxRssKb, posts.
 */
const [postsDir, publicDir, outDir] = process.argv.slice(2) as [string, string, string];
const start = performance.now();
const md = new MarkdownIt({ html: true, typographer: false });
const term = (name: string) => ({ name, slug: termSlug(name) });

interface Read {
  post: Post;
  html: string;
  image: { src: string; width?: number; height?: number; type?: string; length: number };
}
const read: Read[] = [];
for (const name of readdirSync(postsDir)) {
  if (!name.endsWith(".md")) continue;
  const text = readFileSync(join(postsDir, name), "utf8");
  const end = text.indexOf("\n---\n", 4);
  const fm = parseYaml(text.slice(4, end)) as Record<string, unknown>;
  const body = text.slice(end + 5);
  const image = fm.image as { src: string };
  const bytes = readFileSync(join(publicDir, image.src));
  const size = imageSize(bytes);
  const date = new Date(fm.date as string);
  read.push({
    post: {
      file: name,
      slug: name.slice(11, -3),
      title: fm.title as string,
      date,
      updated: fm.updated ? new Date(fm.updated as string) : date,
      authors: [term(fm.author as string)],
      category: term(fm.category as string),
      tags: (fm.tags as string[]).map(term),
      summary: fm.summary as string[],
      related: [],
      draft: false,
      lines: {},
      body,
    },
    html: md.render(body),
    image: { src: image.src, width: size.width, height: size.height, type: size.type, length: bytes.length },
  });
}
const related = relatedPosts(
  read.map((r) => r.post),
  3,
);
const bundles = bundleCount(read.length);
const packed: [string, string][][] = Array.from({ length: bundles }, () => []);
for (const { post, html, image } of read) {
  const { body: _, ...meta } = post;
  const json = JSON.stringify({ ...meta, html, image, related: related.get(post.slug) });
  (packed[bundleOf(post.slug, bundles)] as [string, string][]).push([post.slug, json]);
}
rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, "_data", "items"), { recursive: true });
packed.forEach((entries, i) => {
  writeFileSync(join(outDir, "_data", "items", `${i}.json`), packBundle(entries));
});
const copy = (from: string, to: string) => {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      mkdirSync(join(to, entry.name), { recursive: true });
      copy(join(from, entry.name), join(to, entry.name));
    } else copyFileSync(join(from, entry.name), join(to, entry.name));
  }
};
mkdirSync(dirname(join(outDir, "x")), { recursive: true });
copy(publicDir, outDir);
console.log(
  JSON.stringify({ ms: performance.now() - start, maxRssKb: process.resourceUsage().maxRSS, posts: read.length }),
);
