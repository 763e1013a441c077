import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { listPublicFiles, type PublicFiles } from "./public-files.js";
import { isStaticAsset, type SiteSource } from "./site-data.js";

/** Post files, which are never served as files (the loader reads them as posts). */
const POST_FILE = /\.(md|markdown|mdx|html?)$/i;

/**
 * The files the site serves: `public/` first, then the generator site's static folders (Hugo's and
 * Zola's `static/`, Astro's and Eleventy's `public/`, Jekyll's asset folders such as `assets/`) at
 * the URLs it served them, then the posts folder's other files (page bundles' images) under
 * `/posts/` by their path below it. A URL two of them have is the earlier one's. Symbolic links
 * are followed only inside each folder (`listPublicFiles`).
 */
export function siteFiles(
  publicFiles: PublicFiles,
  source: SiteSource | undefined,
  postsDir: string,
  filesUrl = "/posts/",
): PublicFiles {
  const files = new Map(publicFiles.files);
  const problems = [...publicFiles.problems];
  const add = (
    dir: string,
    prefix: string,
    keep: (name: string, source: string) => boolean,
    unwanted?: (name: string) => boolean,
  ) => {
    let listed: PublicFiles;
    try {
      listed = listPublicFiles(dir, process.cwd(), unwanted);
    } catch {
      return; // a folder holding `_data`: not ours to serve
    }
    problems.push(...listed.problems);
    for (const [path, file] of listed.files) {
      const url = prefix ? `${prefix}/${path}` : path;
      if (keep(path, file.source) && !files.has(url)) files.set(url, file);
    }
  };
  for (const folder of source?.staticFolders ?? []) {
    add(folder.dir, folder.prefix, (name) => isStaticAsset(folder, source?.generator, name));
  }
  // Posts and `_` folders are left out by name, before a stat: a site's every post would be one.
  const notServed = (name: string) =>
    name.split("/").some((s) => s.startsWith("_")) || (POST_FILE.test(name) && !/\.html?$/i.test(name));
  add(
    postsDir,
    decodeURIComponent(filesUrl).replace(/^\/|\/$/g, ""),
    (name, file) => {
      if (notServed(name)) return false;
      // An HTML file without front matter is a page asset the generator copies (a report, an embed).
      return !POST_FILE.test(name) || !startsWithFrontMatter(file);
    },
    notServed,
  );
  return { files, problems };
}

function startsWithFrontMatter(path: string): boolean {
  try {
    const fd = openSync(path, "r");
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    closeSync(fd);
    return /^(---|\+\+\+|\{)/.test(head.toString("utf8").replace(/^\uFEFF/, ""));
  } catch {
    return true;
  }
}

/** Reads a served file by URL path (`/images/a.jpg`) from what `siteFiles` lists. */
export function siteFileReader(files: PublicFiles): (urlPath: string) => Uint8Array | undefined {
  return (urlPath) => {
    const file = files.files.get(urlPath.replace(/^\/+/, ""));
    if (!file) return undefined;
    try {
      return readFileSync(file.source);
    } catch {
      return undefined;
    }
  };
}
