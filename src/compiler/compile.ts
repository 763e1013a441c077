import type { SiteConfig } from "../config/site-config.js";
import { parsePost, siteParseOptions } from "../content/parse.js";
import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import { relatedPosts } from "../content/related.js";
import type { SiteTemplateData } from "../content/templates/context.js";
import { bundleCount, bundleOf, packBundle } from "../store/bundle.js";
import {
  dataPath,
  type ItemImage,
  LAYOUT_VERSION,
  LISTS_MODIFIED,
  type ListInfo,
  type ListKind,
  listKey,
  type Manifest,
  SHARD_SIZE,
} from "../store/data-layout.js";
import { postPath } from "../urls.js";
import { type ImageFacts, imageFacts, leadImage, previousItemReader, relatedRefJson, remadeItemJson } from "./item.js";
import { patchSite } from "./patch.js";
import { permalinkMap } from "./permalinks.js";
import type { Progress } from "./progress.js";
import { type SourceFile, type TextFile, textOf } from "./source.js";

export type { SourceFile, TextFile, UnchangedFile } from "./source.js";

import {
  type BuildState,
  buildIdOf,
  bundleKey,
  hash,
  ParsedPosts,
  parseKeyOf,
  postKeys,
  renderKeyOf,
  revivePost,
  STATE_VERSION,
  shapeOf,
  storePost,
  templateKeyOf,
  textHash,
} from "./state.js";

export interface CompileInput {
  /** The previous build's state: unchanged posts are neither parsed nor rendered again. */
  previous?: BuildState;
  /** Reads a data file the previous build wrote (to reuse the items of a bundle that changed). */
  readPrevious?: (path: string) => string | undefined;
  files: SourceFile[];
  site: SiteConfig;
  /** Posts dated after this are not published yet. */
  now: Date;
  /** Bytes of a file the site serves from `public/`, by URL path (`/images/a.jpg`). */
  readPublicFile: (urlPath: string) => Uint8Array | undefined;
  /** What templates read of the generator's site the posts come from (`site-data.ts`). */
  siteData?: SiteTemplateData;
  onProgress?: Progress;
}

export interface CompileOutput {
  manifest: Manifest;
  /** Data files to write under the assets directory, path → JSON text: those that changed since `previous`. */
  files: Map<string, string>;
  /** Data files of the previous build that no longer exist. */
  removed: string[];
  /** Slugs of the items whose JSON was made anew (rendered, or their related posts updated). */
  changed: string[];
  /** True when the previous build was patched rather than everything compiled again (see `patchSite`). */
  patched?: true;
  /** For the next build. */
  state: BuildState;
  problems: Problem[];
  stats: { files: number; published: number; drafts: number; scheduled: number; broken: number };
  /** What this build did again: posts parsed, items rendered (their HTML made from Markdown). */
  work: BuildWork;
}

export interface BuildWork {
  parsed: number;
  rendered: number;
}

/**
 * Posts → the compiled site layout. Pure: the caller reads and writes files.
 * A broken post is reported and left out; it never affects the others.
 */
export function compileSite(input: CompileInput): CompileOutput {
  const { site, now } = input;
  const problems: Problem[] = [];
  const posts: Post[] = [];
  const seen = new Map<string, Post>();
  const postsByFile = new Map<string, Post>();
  const files = [...input.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const previous = input.previous?.version === STATE_VERSION ? input.previous : undefined;
  const templateKey = templateKeyOf(site, input.siteData);
  const configKey = hash(JSON.stringify(site) + templateKey);
  const parseKey = parseKeyOf(site);
  // Only posts edited in place, nothing else: patch the previous build instead of compiling again.
  const patched = previous && patchSite(input, files, previous, configKey);
  if (patched) return patched;
  const work: BuildWork = { parsed: 0, rendered: 0 };
  const parseOptions = siteParseOptions(site, input.siteData);
  const parse = (file: SourceFile) => {
    work.parsed++;
    return parsePost(file.path, textOf(file), parseOptions);
  };
  const state: BuildState = {
    version: STATE_VERSION,
    parsed: new ParsedPosts(),
    written: {},
    items: {},
    bundles: 1,
  };
  const sources = new Map<string, { file: SourceFile; key: string }>();
  const progress = input.onProgress ?? (() => {});
  for (const [i, file] of files.entries()) {
    progress("parsing posts", i, files.length);
    const keys = postKeys(file.path, parseKey, templateKey, file.hash ?? textHash((file as TextFile).text));
    const marker = previous?.parsed.get(keys.plain);
    let key = marker?.templated ? keys.templated : keys.plain;
    const cached = previous?.parsed.get(key);
    const result = cached ? { post: cached.post && revivePost(cached.post), problems: cached.problems } : parse(file);
    if (marker?.templated || (!cached && "templated" in result && result.templated)) {
      key = keys.templated;
      state.parsed.set(keys.plain, { problems: [], templated: true });
    }
    sources.set(file.path, { file, key });
    state.parsed.set(
      key,
      cached ?? { ...(result.post && { post: storePost(result.post) }), problems: result.problems },
    );
    problems.push(...result.problems);
    let post = result.post;
    if (!post) continue;
    let first = seen.get(post.slug);
    // One slug in two folders on two dates (Hugo and Zola keep the folders, such as years, in their
    // URLs): the later file in path order is served with its date added, and the author is told.
    // In one folder it is a mistake, refused below.
    const dated = first && `${post.slug}-${post.date.toISOString().slice(0, 10)}`;
    const otherFolder = first && folderOf(first.file) !== folderOf(post.file);
    if (first && dated && otherFolder && !sameDay(first.date, post.date) && !seen.has(dated)) {
      problems.push({
        file: post.file,
        line: post.lines.slug ?? 1,
        field: "slug",
        message: `"${post.slug}" is also the slug of ${first.file}; this post is served as ${postPath(dated)}`,
        severity: "warning",
      });
      post = { ...post, slug: dated };
      first = undefined;
    }
    if (first) {
      problems.push({
        file: post.file,
        line: post.lines.slug ?? 1,
        field: "slug",
        message: `duplicate slug "${post.slug}", already used by ${first.file}`,
        severity: "error",
      });
      continue;
    }
    seen.set(post.slug, post);
    posts.push(post);
    postsByFile.set(post.file, post);
  }

  const drafts = posts.filter((p) => p.draft).length;
  const scheduled = posts.filter((p) => !p.draft && p.date > now).length;
  const published = posts
    .filter((p) => !p.draft && p.date <= now)
    .sort((a, b) => b.date.getTime() - a.date.getTime() || (a.slug < b.slug ? -1 : 1));

  const images = new Map<string, ItemImage | undefined>();
  const ok: Post[] = [];
  // Many posts share an image: read and measure each file once.
  const facts = new Map<string, ImageFacts>();
  const imageSources = new Map<string, string>();
  const factsOf = (url: string, src: string) => {
    let known = facts.get(url);
    if (!known) {
      known = imageFacts(url, src, site, input.readPublicFile);
      facts.set(url, known);
      imageSources.set(url, src);
    }
    return known;
  };
  for (const post of published) {
    const image = post.image && leadImage(post, site, factsOf, problems);
    if (image === null) continue; // the image is broken: the post is reported, not published
    images.set(post.slug, image);
    ok.push(post);
  }

  for (const post of ok) {
    for (const slug of post.related) {
      if (!seen.has(slug)) {
        problems.push({
          file: post.file,
          line: post.lines.related ?? 1,
          field: "related",
          message: `no post has the slug "${slug}"; ignored`,
          severity: "warning",
        });
      }
    }
  }

  // Ranking looks only at slugs, dates, categories, tags and pinned slugs: an edit to a title
  // or a body leaves it as it was, and a rebuild reuses it.
  const rankingKey = hash(
    JSON.stringify([
      site.relatedPerPost,
      ok.map((p) => [p.slug, p.date.getTime(), p.category?.slug, p.tags.map((t) => t.slug), p.related]),
    ]),
  );
  const related =
    previous?.related?.key === rankingKey
      ? new Map(Object.entries(previous.related.bySlug))
      : relatedPosts(ok, site.relatedPerPost);
  state.related = { key: rankingKey, bySlug: Object.fromEntries(related) };
  const bySlug = new Map(ok.map((p) => [p.slug, p]));
  const out = new Map<string, string>();
  /** Records a data file; it is written only if its key differs from the previous build's. */
  const emit = (path: string, key: string, text: () => string | undefined) => {
    state.written[path] = key;
    if (previous?.written[path] === key) return;
    const value = text();
    if (value !== undefined) out.set(path, value);
  };
  const previousItem = previousItemReader(input.readPrevious, previous?.bundles ?? 1);
  state.bundles = bundleCount(ok.length);
  /** An item to be bundled, with what decides whether its JSON is reused, patched or rendered. */
  interface Member {
    post: Post;
    key: string;
    renderKey: string;
    refsJson: string;
  }
  const bundles = new Map<number, Member[]>();
  const itemTimes: Record<string, number> = {};
  const changed: string[] = [];
  // What another post's Related content says of a post, as JSON: made once per post, not once per mention.
  const refJson = new Map<string, string>();
  const refOf = (slug: string): string => {
    let json = refJson.get(slug);
    if (json === undefined) {
      json = relatedRefJson(bySlug.get(slug) as Post, images.get(slug), site);
      refJson.set(slug, json);
    }
    return json;
  };
  const itemJson = ({ post, key, renderKey, refsJson }: Member): string => {
    const before = previous?.items[post.slug];
    const old = before?.startsWith(`${renderKey}:`) ? previousItem(post.slug) : undefined;
    if (before === key && old !== undefined) return old;
    changed.push(post.slug);
    return remadeItemJson(
      old,
      refsJson,
      () => {
        work.rendered++;
        // A post from the state has no body: read it again from the source.
        const source = sources.get(post.file) as { file: SourceFile };
        const full = post.body ? post : (parse(source.file).post ?? post);
        return { post: full, image: images.get(post.slug) };
      },
      site,
      problems,
    );
  };
  for (const post of ok) {
    const refsJson = `[${(related.get(post.slug) ?? []).map(refOf).join(",")}]`;
    const source = sources.get(post.file) as { key: string };
    const renderKey = renderKeyOf(source.key, site, images.get(post.slug));
    const key = `${renderKey}:${hash(refsJson)}`;
    state.items[post.slug] = key;
    const was = previous?.modified?.items[post.slug];
    itemTimes[post.slug] = was !== undefined && previous?.items[post.slug] === key ? was : now.getTime();
    const index = bundleOf(post.slug, state.bundles);
    const members = bundles.get(index) ?? [];
    if (members.length === 0) bundles.set(index, members);
    members.push({ post, key, renderKey, refsJson });
  }
  let bundled = 0;
  for (const [index, members] of bundles) {
    progress("rendering items", bundled, ok.length);
    bundled += members.length;
    const key = bundleKey(members.map((m) => [m.post.slug, m.key]));
    emit(dataPath.bundle(index), key, () => packBundle(members.map((m) => [m.post.slug, itemJson(m)])));
  }

  const permalinks = permalinkMap(ok, site, problems);
  if (permalinks) emit(dataPath.permalinks(), hash(JSON.stringify(permalinks)), () => JSON.stringify(permalinks));

  const lists = buildLists(ok);
  const listInfos: Record<string, ListInfo> = {};
  for (const [key, list] of lists) {
    listInfos[key] = list.info;
    const oldestFirst = list.slugs.toReversed();
    for (let i = 0; i * SHARD_SIZE < oldestFirst.length || i === 0; i++) {
      const text = JSON.stringify(oldestFirst.slice(i * SHARD_SIZE, (i + 1) * SHARD_SIZE));
      emit(dataPath.shard(key, i), hash(text), () => text);
    }
  }

  const manifest: Manifest = { version: LAYOUT_VERSION, buildId: "", site, lists: listInfos, bundles: state.bundles };
  manifest.buildId = buildIdOf(state.written, manifest);
  state.modified = listTimes(lists, itemTimes, configKey, now.getTime(), previous);
  manifest.modified = manifestTimes(state.modified, [...lists.keys()]);
  const manifestText = JSON.stringify(manifest);
  state.written[dataPath.manifest()] = hash(manifestText);
  out.set(dataPath.manifest(), manifestText);
  const removed = Object.keys(previous?.written ?? {}).filter((path) => !(path in state.written));

  const broken = new Set(problems.filter((p) => p.severity === "error").map((p) => p.file)).size;
  const stats = { files: files.length, published: ok.length, drafts, scheduled, broken };
  const future = posts.filter((p) => !p.draft && p.date > now).map((p) => p.date.getTime());
  state.patch = {
    configKey,
    now: now.getTime(),
    scheduledUntil: future.length > 0 ? Math.min(...future) : null,
    files: Object.fromEntries(
      files.map((f) => {
        const post = postsByFile.get(f.path);
        const key = (sources.get(f.path) as { key: string }).key;
        const published = post !== undefined && bySlug.get(post.slug) === post;
        return [f.path, { key, ...(published && { slug: post.slug }), shape: post ? shapeOf(post) : "" }];
      }),
    ),
    refs: Object.fromEntries(refJson),
    images: Object.fromEntries(
      [...imageSources].map(([url, src]) => [url, { src, facts: JSON.stringify(facts.get(url)) }]),
    ),
    problems: [...problems],
    stats,
  };
  return { manifest, files: out, removed, changed: changed.sort(), state, problems, stats, work };
}

/**
 * When each list last changed: now if the list itself (its info and posts) or the site configuration
 * changed, else when it last did; a list changes too when one of its items does.
 */
function listTimes(
  lists: Map<string, { info: ListInfo; slugs: string[] }>,
  items: Record<string, number>,
  configKey: string,
  now: number,
  previous: BuildState | undefined,
): NonNullable<BuildState["modified"]> {
  const before = previous?.modified?.lists ?? {};
  const times: NonNullable<BuildState["modified"]> = { lists: {}, items, listsOf: {} };
  const record = (key: string, of: unknown) => {
    const hashed = hash(JSON.stringify([configKey, of]));
    const was = before[key];
    times.lists[key] = { key: hashed, at: was?.key === hashed ? was.at : now };
  };
  for (const [key, list] of lists) {
    record(key, [list.info, list.slugs]);
    for (const slug of list.slugs) {
      times.listsOf[slug] ??= [];
      times.listsOf[slug].push(key);
    }
  }
  record(
    LISTS_MODIFIED,
    [...lists.values()].map((l) => l.info),
  );
  return times;
}

/** `Manifest.modified`: a list's time is the latest of its own and its items'. */
export function manifestTimes(times: NonNullable<BuildState["modified"]>, keys: string[]): Record<string, string> {
  const latest = new Map(keys.map((key) => [key, times.lists[key]?.at ?? 0]));
  for (const [slug, at] of Object.entries(times.items)) {
    for (const key of times.listsOf[slug] ?? []) if (at > (latest.get(key) ?? 0)) latest.set(key, at);
  }
  const out: Record<string, string> = {};
  for (const [key, at] of latest) out[key] = new Date(at).toISOString();
  out[LISTS_MODIFIED] = new Date(times.lists[LISTS_MODIFIED]?.at ?? 0).toISOString();
  return out;
}

function buildLists(posts: Post[]): Map<string, { info: ListInfo; slugs: string[] }> {
  const lists = new Map<string, { info: ListInfo; slugs: string[] }>();
  const add = (kind: ListKind, slug: string, name: string, post: Post, updated: string) => {
    const key = listKey(kind, slug);
    let list = lists.get(key);
    if (!list) {
      list = { info: { kind, slug, name, count: 0 }, slugs: [] };
      lists.set(key, list);
    }
    list.slugs.push(post.slug);
    list.info.count++;
    if (!list.info.updated || updated > list.info.updated) list.info.updated = updated;
  };
  lists.set("site", { info: { kind: "site", slug: "", name: "", count: 0 }, slugs: [] });
  for (const post of posts) {
    const updated = post.updated.toISOString();
    add("site", "", "", post, updated);
    for (const tag of post.tags) add("tag", tag.slug, tag.name, post, updated);
    if (post.category) add("category", post.category.slug, post.category.name, post, updated);
    for (const author of post.authors) add("author", author.slug, author.name, post, updated);
  }
  return lists;
}

function folderOf(file: string): string {
  return file.slice(0, file.lastIndexOf("/") + 1);
}

function sameDay(a: Date, b: Date): boolean {
  return a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
}
