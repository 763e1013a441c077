import { parsePost, siteParseOptions } from "../content/parse.js";
import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import { bundleOf, packBundle } from "../store/bundle.js";
import { dataPath, type ItemImage, type Manifest } from "../store/data-layout.js";
import { type CompileInput, type CompileOutput, manifestTimes } from "./compile.js";
import { type ImageFacts, imageFacts, leadImage, previousItemReader, relatedRefJson, remadeItemJson } from "./item.js";
import { type SourceFile, type TextFile, textOf } from "./source.js";
import {
  type BuildState,
  buildIdOf,
  bundleKey,
  hash,
  type ParsedEntry,
  type PatchMemo,
  parseKeyOf,
  postKeys,
  renderKeyOf,
  shapeOf,
  storePost,
  templateKeyOf,
  textHash,
} from "./state.js";

/** Past this many edited files a full compile is as quick, and simpler. */
const MAX_EDITED = 100;

interface Edited {
  path: string;
  key: string;
  /** The key without the template settings: differs from `key` for a post with template syntax. */
  plainKey: string;
  post: Post;
  image: ItemImage | undefined;
  problems: Problem[];
}

/**
 * The rebuild after posts were edited in place, done without looking at the other posts:
 * when no post was added, removed, published, unpublished or broken, and no edit touched
 * what lists and the Related ranking read (slug, dates, category, tags, authors, pinned
 * related posts, draft), then every list, shard and ranking is the previous build's. Only
 * the edited items, the items whose Related content names an edited title, date or image,
 * and their bundles are made again. Returns undefined when a full compile is needed.
 * The result is the same as a full compile's (tested).
 */
export function patchSite(
  input: CompileInput,
  files: SourceFile[],
  previous: BuildState,
  configKey: string,
): CompileOutput | undefined {
  const memo = previous.patch;
  const { site } = input;
  const now = input.now.getTime();
  if (!memo || memo.configKey !== configKey || !input.readPrevious || !previous.related) return undefined;
  if (now < memo.now || (memo.scheduledUntil !== null && now >= memo.scheduledUntil)) return undefined;
  if (files.length !== Object.keys(memo.files).length) return undefined;

  // A file in public/ behind a lead image may have changed (or appeared): measure each again.
  const images = { ...memo.images };
  for (const [url, { src, facts }] of Object.entries(memo.images)) {
    if (JSON.stringify(imageFacts(url, src, site, input.readPublicFile)) !== facts) return undefined;
  }

  const edited = new Map<string, Edited>();
  const parseKey = parseKeyOf(site);
  const templateKey = templateKeyOf(site, input.siteData);
  const parseOptions = siteParseOptions(site, input.siteData);
  const work = { parsed: 0, rendered: 0 };
  for (const file of files) {
    const before = memo.files[file.path];
    if (!before) return undefined;
    const keys = postKeys(file.path, parseKey, templateKey, file.hash ?? textHash((file as TextFile).text));
    if (keys.plain === before.key || keys.templated === before.key) continue;
    if (!before.slug || edited.size >= MAX_EDITED) return undefined;
    work.parsed++;
    const { post, problems, templated } = parsePost(file.path, textOf(file), parseOptions);
    const key = templated ? keys.templated : keys.plain;
    if (!post || problems.some((p) => p.severity === "error")) return undefined;
    if (post.slug !== before.slug || shapeOf(post) !== before.shape || post.draft || post.date.getTime() > now) {
      return undefined;
    }
    // A pinned post that is not published would need its warning made again.
    if (post.related.some((slug) => previous.items[slug] === undefined)) return undefined;
    const imageProblems: Problem[] = [];
    const factsOf = (url: string, src: string): ImageFacts => {
      const facts = imageFacts(url, src, site, input.readPublicFile);
      images[url] ??= { src, facts: JSON.stringify(facts) };
      return facts;
    };
    const image = post.image ? leadImage(post, site, factsOf, imageProblems) : undefined;
    if (image === null) return undefined;
    edited.set(post.slug, { path: file.path, key, plainKey: keys.plain, post, image, problems });
  }

  // Refs of the edited posts; the posts whose Related content shows a ref that changed.
  const refs = { ...memo.refs };
  const refChanged = new Set<string>();
  for (const [slug, e] of edited) {
    const json = relatedRefJson(e.post, e.image, site);
    if (refs[slug] !== undefined && refs[slug] !== json) {
      refs[slug] = json;
      refChanged.add(slug);
    }
  }
  const bySlug = previous.related.bySlug;
  const affected = new Set(edited.keys());
  if (refChanged.size > 0) {
    for (const [slug, related] of Object.entries(bySlug)) {
      if (related.some((r) => refChanged.has(r))) affected.add(slug);
    }
  }

  const items = { ...previous.items };
  const refsJsonOf = new Map<string, string>();
  const dirty = new Set<number>();
  for (const slug of affected) {
    const e = edited.get(slug);
    const renderKey = e
      ? renderKeyOf(e.key, site, e.image)
      : (previous.items[slug] as string).slice(0, (previous.items[slug] as string).indexOf(":"));
    const refsJson = `[${(bySlug[slug] ?? []).map((r) => refs[r]).join(",")}]`;
    const key = `${renderKey}:${hash(refsJson)}`;
    if (key === previous.items[slug]) continue;
    items[slug] = key;
    refsJsonOf.set(slug, refsJson);
    dirty.add(bundleOf(slug, previous.bundles));
  }

  const editedPaths = new Set([...edited.values()].map((e) => e.path));
  const problems = memo.problems.filter((p) => !editedPaths.has(p.file));
  for (const e of edited.values()) problems.push(...e.problems);
  const out = new Map<string, string>();
  const written = { ...previous.written };
  const changed: string[] = [];
  const members = new Map<number, string[]>();
  for (const slug of Object.keys(items)) {
    const index = bundleOf(slug, previous.bundles);
    if (!dirty.has(index)) continue;
    const slugs = members.get(index) ?? [];
    if (slugs.length === 0) members.set(index, slugs);
    slugs.push(slug);
  }
  const previousItem = previousItemReader(input.readPrevious, previous.bundles);
  for (const [index, slugs] of members) {
    const entries: [string, string][] = [];
    for (const slug of slugs) {
      const refsJson = refsJsonOf.get(slug);
      const old = previousItem(slug);
      const e = edited.get(slug);
      // An item the previous build should have written and did not: its files are not what its state says.
      if (!e && old === undefined) return undefined;
      if (refsJson === undefined) {
        entries.push([slug, old as string]);
        continue;
      }
      changed.push(slug);
      const json = remadeItemJson(
        e ? undefined : old,
        refsJson,
        () => {
          work.rendered++;
          return e as Edited;
        },
        site,
        problems,
      );
      entries.push([slug, json]);
    }
    const path = dataPath.bundle(index);
    written[path] = bundleKey(slugs.map((slug) => [slug, items[slug] as string]));
    out.set(path, packBundle(entries));
  }

  const manifestPath = dataPath.manifest();
  const manifest = JSON.parse(input.readPrevious(manifestPath) ?? "null") as Manifest | null;
  if (!manifest) return undefined;
  delete written[manifestPath];
  manifest.buildId = buildIdOf(written, manifest);
  // The lists are the previous build's; those holding a remade item changed now.
  const times = previous.modified && {
    ...previous.modified,
    items: { ...previous.modified.items, ...Object.fromEntries(changed.map((slug) => [slug, now])) },
  };
  if (times) manifest.modified = manifestTimes(times, Object.keys(manifest.lists));
  const manifestText = JSON.stringify(manifest);
  written[manifestPath] = hash(manifestText);
  out.set(manifestPath, manifestText);

  const memoFiles = { ...memo.files };
  for (const e of edited.values())
    memoFiles[e.path] = { ...(memo.files[e.path] as PatchMemo["files"][string]), key: e.key };
  const state: BuildState = {
    ...previous,
    // The edited posts' entries are added; the others are not even read.
    parsed: previous.parsed.plus(
      [...edited.values()].flatMap((e): [string, ParsedEntry][] => [
        ...(e.plainKey !== e.key ? [[e.plainKey, { problems: [], templated: true }] as [string, ParsedEntry]] : []),
        [e.key, { post: storePost(e.post), problems: e.problems }],
      ]),
    ),
    written,
    items,
    ...(times && { modified: times }),
    patch: { ...memo, now, files: memoFiles, refs, images, problems: [...problems] },
  };
  return {
    manifest,
    files: out,
    removed: [],
    changed: changed.sort(),
    state,
    problems,
    stats: memo.stats,
    work,
    patched: true,
  };
}
