import type { SiteConfig } from "../config/site-config.js";
import { oldPostPaths } from "../content/permalink.js";
import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import { postPath } from "../urls.js";

const CLASH = "old URL ";

/** A warning of `permalinkMap`'s: it stands while the posts' shapes do (a patched rebuild keeps it). */
export function isPermalinkClash(problem: Problem): boolean {
  return problem.field === "permalink" && problem.message.startsWith(CLASH);
}

/**
 * Old URL path → slug ("" for the home page; `OLD/*` → the URL folder a page bundle's files are served from now) for the published posts that had another URL on the site they moved from
 * (`_data/permalinks.json`, read by the 301 of `oldUrlRedirect`); undefined when none had one.
 * Two posts claiming one old path: the first (newest) keeps it, the other is told.
 */
export function permalinkMap(posts: Post[], site: SiteConfig, problems: Problem[]): Record<string, string> | undefined {
  const map: Record<string, string> = {};
  let any = false;
  for (const post of posts) {
    // A page bundle's relative link to another post (`../why-histograms`) lands where that post's
    // folder would be served: on a migrated site, that path redirects too.
    const mirror = post.sourcePath && (site.generator || post.base) ? [`/posts/${post.sourcePath}/`] : [];
    for (const path of [...oldPostPaths(post, site.permalink, site.timeZone), ...mirror]) {
      if (path === postPath(post.slug) || path === `${postPath(post.slug)}/`) continue;
      const taken = map[path];
      if (taken !== undefined && taken !== post.slug) {
        problems.push({
          file: post.file,
          line: post.lines.permalink ?? 1,
          field: "permalink",
          message: `${CLASH}${path} is also post "${taken}"'s; it redirects there`,
          severity: "warning",
        });
        continue;
      }
      map[path] = post.slug;
      any = true;
      // A page bundle's files were served below its old URL (`/2024/05/07/cargo/info.svg`): `DIR/*` → where they are now.
      if (post.base && path.endsWith("/") && map[`${path}*`] === undefined) map[`${path}*`] = post.base;
    }
  }
  // The old blog's own index (`/blog/`, `/news/`) is the home page here.
  const index = site.permalink?.slice(0, site.permalink.indexOf(":")).replace(/\/[^/]*$/, "/");
  if (any && index && index !== "/" && map[index] === undefined) map[index] = "";
  return any ? map : undefined;
}
