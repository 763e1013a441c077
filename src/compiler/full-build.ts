import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import { bundleCount } from "../store/bundle.js";
import { dataPath } from "../store/data-layout.js";
import { claimSlugs } from "./claim-slugs.js";
import type { CompileOutput } from "./compile.js";
import { completeBuild } from "./complete-build.js";
import { DataFiles } from "./data-files.js";
import { ImageMemo } from "./images.js";
import { lazyMemberOf } from "./item-maker.js";
import { hash, renderKeyOf } from "./keys.js";
import { emitShards, listTimes } from "./lists.js";
import { parseSources } from "./parse-sources.js";
import { permalinkMap } from "./permalinks.js";
import { memoryTexts, type PostText } from "./post-texts.js";
import { publishSet, withLeadImages } from "./publish.js";
import { pinnedWarnings, RelatedRefs, rankRelated } from "./related-content.js";
import type { BuildRun } from "./run.js";
import { buildLists, postShape, shapeKey } from "./shape.js";
import type { SourceFile } from "./source.js";
import { ParsedPosts } from "./state.js";

/**
 * Every stage over every post file (`files`, in path order). What the previous build left is
 * reused by key: parse results, the Related ranking, item JSON and whole data files.
 */
export function fullBuild(run: BuildRun, files: SourceFile[]): CompileOutput {
  const { site, previous } = run;
  const problems: Problem[] = [];
  // parse
  const texts = run.input.texts ?? memoryTexts();
  const { sources, entries } = parseSources(run, files, previous?.parsed, texts);
  const parsed = new ParsedPosts();
  for (const [key, entry] of entries) parsed.set(key, entry);
  // validate
  const { posts, seen, byFile } = claimSlugs(sources, problems);
  // publish set
  const set = publishSet(posts, run.now.getTime());
  const images = new ImageMemo(site, run.input.readPublicFile);
  const { ok, imageOf } = withLeadImages(set.published, site, images, problems);
  // related
  pinnedWarnings(ok, (slug) => seen.has(slug), problems);
  const shapes = ok.map(postShape);
  const related = rankRelated(shapes, site.relatedPerPost, previous?.related);
  const published = new Map(ok.map((post) => [post.slug, post]));
  const refs = new RelatedRefs(site, {}, (slug) => {
    const post = published.get(slug);
    return post && { post, image: imageOf.get(slug) };
  });
  // render and bundle (made in `completeBuild`, bundle by bundle)
  const sourceOf = new Map(sources.map((s) => [s.file.path, s]));
  const members = ok.map((post) => {
    const source = sourceOf.get(post.file) as (typeof sources)[number];
    const image = imageOf.get(post.slug);
    return lazyMemberOf(
      post.slug,
      renderKeyOf(source.key, site, image),
      () => refs.refsJson(related.bySlug[post.slug] ?? []),
      // Its text is in `texts`; a post from the state has none there: its source is parsed again
      // (its slug stays the one it was given, such as a dated one).
      () => ({ post: withText(post, texts.get(post.file) ?? run.parse(source.file).post), image }),
    );
  });
  // Every ref a member will show, made before the state records them.
  for (const post of ok) refs.prepare(related.bySlug[post.slug] ?? []);
  // write: the lists' shards here, the bundles and the manifest in `completeBuild`
  const data = new DataFiles(previous?.written, {}, run.input.writeData);
  const lists = buildLists(shapes);
  const listInfos = emitShards(lists, data);
  // Old URLs → posts (a patched rebuild keeps this file: the old URLs are part of a post's shape).
  const permalinks = permalinkMap(ok, site, problems);
  if (permalinks) data.emit(dataPath.permalinks(), hash(JSON.stringify(permalinks)), () => JSON.stringify(permalinks));
  const output = completeBuild(run, {
    files,
    parsed,
    problems,
    data,
    bundles: bundleCount(ok.length),
    members,
    kept: { items: {}, times: {}, rendered: {} },
    lists: listInfos,
    listTimes: listTimes(lists, run.keys.config, run.now.getTime(), previous?.modified),
    related,
    memo: {
      scheduledUntil: set.scheduledUntil,
      files: Object.fromEntries(
        sources.map((s) => {
          const post = byFile.get(s.file.path);
          const isPublished = post !== undefined && published.get(post.slug) === post;
          return [
            s.file.path,
            { key: s.key, ...(isPublished && { slug: post.slug }), shape: post ? shapeKey(postShape(post)) : "" },
          ];
        }),
      ),
      refs: refs.record(),
      images: images.record(),
      counts: { published: ok.length, drafts: set.drafts, scheduled: set.scheduled },
    },
  });
  // Every post of a full build is there to be rendered: no item can be missing.
  return output as CompileOutput;
}

function withText(post: Post, text: PostText | undefined): Post {
  return text ? { ...post, body: text.body, summary: text.summary } : post;
}
