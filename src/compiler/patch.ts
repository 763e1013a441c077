import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import { bundleOf } from "../store/bundle.js";
import { dataPath, type Manifest } from "../store/data-layout.js";
import type { CompileOutput } from "./compile.js";
import { completeBuild } from "./complete-build.js";
import { DataFiles } from "./data-files.js";
import { ImageMemo } from "./images.js";
import { type Member, memberOf } from "./item-maker.js";
import { renderKeyIn, renderKeyOf } from "./keys.js";
import { parseSources, sourceKeysOf } from "./parse-sources.js";
import { isPermalinkClash } from "./permalinks.js";
import { withLeadImages } from "./publish.js";
import { RelatedRefs } from "./related-content.js";
import type { BuildRun } from "./run.js";
import { postShape, shapeKey } from "./shape.js";
import type { SourceFile } from "./source.js";
import type { BuildState } from "./state.js";

/** Past this many edited files a full compile is as quick, and simpler. */
const MAX_EDITED = 100;

/**
 * The rebuild after posts were edited in place: the same stages as a full build, over the edited
 * posts only. It applies when no post was added, removed, published, unpublished or broken, and no
 * edit touched a post's shape (what lists and the Related ranking read, `PostShape`): then every
 * list, shard and the ranking are the previous build's, and only the edited items, the items whose
 * Related content shows an edited title, date or image, and their bundles are made again. Returns
 * undefined when a full build is needed. The result is the same as a full build's (tested).
 */
export function patchSite(run: BuildRun, files: SourceFile[], previous: BuildState): CompileOutput | undefined {
  const { site, input } = run;
  const memo = previous.patch;
  const now = run.now.getTime();
  const readPrevious = input.readPrevious;
  if (!memo || memo.configKey !== run.keys.config || !readPrevious || !previous.related || !previous.modified) return;
  if (now < memo.now || (memo.scheduledUntil !== null && now >= memo.scheduledUntil)) return;
  if (files.length !== Object.keys(memo.files).length) return;
  // A file in public/ behind a lead image may have changed (or appeared): each is measured again.
  const images = new ImageMemo(site, input.readPublicFile, memo.images, input.publicUnchanged);
  if (!input.publicUnchanged && !images.unchanged()) return;

  // read: the files whose parse key changed
  const edited: SourceFile[] = [];
  const stamps = previous.sources?.files;
  for (const file of files) {
    const before = memo.files[file.path];
    if (!before) return;
    // The same text as the previous build's, under the same settings (`configKey` covers the parse
    // and template keys): the same parse key, not hashed again.
    if (file.hash !== undefined && stamps?.[file.path]?.hash === file.hash) continue;
    const keys = sourceKeysOf(run, file);
    if (keys.plain === before.key || keys.templated === before.key) continue;
    if (!before.slug || edited.length >= MAX_EDITED) return;
    edited.push(file);
  }
  // parse
  const { sources, entries } = parseSources(run, edited);
  // validate and publish set: each edited post keeps its place (its slug and shape, published)
  const problems: Problem[] = [];
  const posts: Post[] = [];
  for (const { file, post, problems: found } of sources) {
    const before = memo.files[file.path] as (typeof memo.files)[string];
    if (!post || found.some((p) => p.severity === "error")) return;
    if (post.slug !== before.slug || shapeKey(postShape(post)) !== before.shape) return;
    // A pinned post that is not published would need its warning made again.
    if (post.related.some((slug) => previous.items[slug] === undefined)) return;
    problems.push(...found);
    posts.push(post);
  }
  const { ok, imageOf } = withLeadImages(posts, site, images, problems);
  if (ok.length < posts.length) return;
  // related: the ranking is the previous build's; the refs of edited posts are made again
  const { bySlug } = previous.related;
  const editedBySlug = new Map(ok.map((post) => [post.slug, post]));
  const refs = new RelatedRefs(site, memo.refs, () => undefined);
  const refChanged = new Set(ok.filter((post) => refs.update(post, imageOf.get(post.slug))).map((p) => p.slug));
  const affected = new Set(editedBySlug.keys());
  if (refChanged.size > 0) {
    for (const [slug, related] of Object.entries(bySlug))
      if (related.some((r) => refChanged.has(r))) affected.add(slug);
  }
  // render and bundle: every bundle holding an item whose key changed, made from all its members
  const sourceKeyOf = new Map(sources.map((s) => [s.post?.slug, s.key]));
  const member = (slug: string): Member => {
    const post = editedBySlug.get(slug);
    const refsJson = refs.refsJson(bySlug[slug] ?? []);
    if (!post) return memberOf(slug, renderKeyIn(previous.items[slug] as string), refsJson);
    const image = imageOf.get(slug);
    return memberOf(slug, renderKeyOf(sourceKeyOf.get(slug) as string, site, image), refsJson, () => ({ post, image }));
  };
  const dirty = new Set<number>();
  for (const slug of affected) {
    if (member(slug).key !== previous.items[slug]) dirty.add(bundleOf(slug, previous.bundles));
  }
  const members = Object.keys(previous.items)
    .filter((slug) => dirty.has(bundleOf(slug, previous.bundles)))
    .map(member);
  // write: the lists are the previous build's
  const manifest = JSON.parse(readPrevious(dataPath.manifest()) ?? "null") as Manifest | null;
  if (!manifest) return;
  const editedPaths = new Set(edited.map((f) => f.path));
  const memoFiles = { ...memo.files };
  for (const s of sources)
    memoFiles[s.file.path] = { ...(memo.files[s.file.path] as (typeof memoFiles)[string]), key: s.key };
  const output = completeBuild(run, {
    files,
    parsed: previous.parsed.plus(entries),
    problems: [...memo.problems.filter((p) => !editedPaths.has(p.file) || isPermalinkClash(p)), ...problems],
    data: new DataFiles(previous.written, previous.written),
    bundles: previous.bundles,
    members,
    kept: { items: previous.items, times: previous.modified.items, rendered: memo.rendered },
    lists: manifest.lists,
    listTimes: previous.modified,
    related: previous.related,
    memo: {
      scheduledUntil: memo.scheduledUntil,
      files: memoFiles,
      refs: refs.record(),
      images: images.record(),
      counts: memo.counts,
    },
  });
  return output && { ...output, patched: true };
}
