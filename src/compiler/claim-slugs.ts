import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import { postPath } from "../urls.js";
import type { ParsedSource } from "./parse-sources.js";

/**
 * The validate stage: each post claims its slug, in path order. One slug in two folders on two dates
 * (Hugo and Zola keep the folders, such as years, in their URLs): the later file is served with its
 * date added, and the author is told. In one folder it is a mistake: the later post is refused.
 */
export function claimSlugs(
  sources: ParsedSource[],
  problems: Problem[],
): { posts: Post[]; seen: Map<string, Post>; byFile: Map<string, Post> } {
  const posts: Post[] = [];
  const seen = new Map<string, Post>();
  const byFile = new Map<string, Post>();
  for (const source of sources) {
    problems.push(...source.problems);
    let post = source.post;
    if (!post) continue;
    let first = seen.get(post.slug);
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
    byFile.set(post.file, post);
  }
  return { posts, seen, byFile };
}

function folderOf(file: string): string {
  return file.slice(0, file.lastIndexOf("/") + 1);
}

function sameDay(a: Date, b: Date): boolean {
  return a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
}
