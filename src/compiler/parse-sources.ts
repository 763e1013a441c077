import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import { postKeys, textHash } from "./keys.js";
import { ownStrings } from "./own-strings.js";
import type { PostTexts } from "./post-texts.js";
import type { BuildRun } from "./run.js";
import { SharedTerms } from "./shared-terms.js";
import type { SourceFile } from "./source.js";
import { type ParsedEntry, type ParsedPosts, revivePost, storePost } from "./state.js";

/** A post file after the parse stage: the key its result is kept under, the post (if any) and its problems. */
export interface ParsedSource {
  file: SourceFile;
  /** `postKeys(…).templated` for a post with template syntax, else `.plain`. */
  key: string;
  /** A post reused from the state has no body: `render` reads the file again if it must. */
  post?: Post;
  problems: Problem[];
}

/** The parse keys of a post file under this build's settings. */
export function sourceKeysOf(run: BuildRun, file: SourceFile) {
  return postKeys(file.path, run.keys.parse, run.keys.template, file.hash ?? textHash((file as { text: string }).text));
}

/**
 * The parse stage: every file in `files` parsed, or its result taken from `reuse` (the previous
 * build's parse results) when its key is there. Returns the results and the state entries for them.
 * With `texts` (a full build), each post's body and summary go there and its file lets go of its text:
 * the posts returned have none, so that what the stages hold until rendering does not grow with them.
 */
export function parseSources(
  run: BuildRun,
  files: SourceFile[],
  reuse?: ParsedPosts,
  texts?: PostTexts,
): { sources: ParsedSource[]; entries: [string, ParsedEntry][] } {
  const sources: ParsedSource[] = [];
  const entries: [string, ParsedEntry][] = [];
  const terms = new SharedTerms();
  for (const [i, file] of files.entries()) {
    run.progress("parsing posts", i, files.length);
    const keys = sourceKeysOf(run, file);
    // A post with template syntax leaves a marker under its plain key: its result is under the templated one.
    const marker = reuse?.get(keys.plain);
    let key = marker?.templated ? keys.templated : keys.plain;
    const cached = reuse?.get(key);
    const result = cached
      ? { post: cached.post && revivePost(cached.post), problems: cached.problems }
      : run.parse(file);
    if (marker?.templated || (!cached && "templated" in result && result.templated)) {
      key = keys.templated;
      entries.push([keys.plain, { problems: [], templated: true }]);
    }
    let post = result.post;
    if (texts && post && !cached) {
      texts.put(file.path, { body: post.body, summary: post.summary });
      // Its strings are cut out of the file's text, which they would otherwise keep alive.
      post = terms.share(ownStrings({ ...post, body: "", summary: [] }));
      if ("release" in file) file.release?.();
    }
    entries.push([key, cached ?? { ...(post && { post: storePost(post) }), problems: result.problems }]);
    sources.push({ file, key, ...(post && { post }), problems: result.problems });
  }
  return { sources, entries };
}
