import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Corpus, writeCorpus } from "./corpus.js";
import { timed } from "./util.js";

/** Debian's `hugo`, or undefined when it is not installed (the bench then skips Hugo). */
export function hugoBinary(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v hugo"], { encoding: "utf8" });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path) return undefined;
  const version = spawnSync(path, ["version"], { encoding: "utf8", timeout: 10_000 });
  return version.status === 0 ? path : undefined;
}

export function hugoVersion(hugo: string): string {
  return spawnSync(hugo, ["version"], { encoding: "utf8" }).stdout.trim().split(" ")[1] ?? "?";
}

const CONFIG = `baseURL = "http://127.0.0.1:8787/"
languageCode = "en"
title = "Feedloom News"
disableKinds = ["sitemap", "robotsTXT", "404"]
rssLimit = 20
paginate = 20

[taxonomies]
  tag = "tags"
  category = "categories"
  author = "authors"

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML", "RSS"]
  term = ["HTML", "RSS"]

# Related content on tags only, like ours (Hugo's default threshold).
[related]
  includeNewer = true
  threshold = 80
  toLower = true
  [[related.indices]]
    name = "tags"
    weight = 100

[markup.goldmark.renderer]
  unsafe = true
`;

// Minimal templates that do what the Feedloom build and feeds do: full content, lead
// image, related posts (3), newest-first lists of 20 with paging.
const LAYOUTS: Record<string, string> = {
  "_default/baseof.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head><body>{{ block "main" . }}{{ end }}</body></html>`,
  "_default/single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ with .Params.summary }}<ul>{{ range . }}<li>{{ . | markdownify }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.image }}<figure><img src="{{ .src }}" alt="{{ .alt }}"><figcaption>{{ .caption }} <small>{{ .credit }}</small></figcaption></figure>{{ end }}
{{ .Content }}
{{ with .Site.RegularPages.Related . | first 3 }}<section><h2>Related content</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>{{ end }}
</article>{{ end }}`,
  "_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary | plainify | truncate 280 }}</li>{{ end }}
</ul>{{ end }}`,
  "_default/rss.xml": `{{- $pages := .RegularPagesRecursive -}}{{- if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>{{ .Title }}</title><link>{{ .Permalink }}</link>
<description>{{ .Title }}</description>{{ with .OutputFormats.Get "RSS" }}<atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml"/>{{ end }}
{{ range first 20 $pages.ByDate.Reverse }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate><description>{{ .Content | html }}</description></item>{{ end }}
</channel></rss>`,
};

/** A Hugo site of the same posts, written to `dir`: config, minimal layouts, content/posts, static/. */
export function writeHugoSite(corpus: Corpus, dir: string, publicDir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.toml"), CONFIG);
  for (const [path, text] of Object.entries(LAYOUTS)) {
    mkdirSync(join(dir, "layouts", path, ".."), { recursive: true });
    writeFileSync(join(dir, "layouts", path), text);
  }
  writeCorpus(corpus, join(dir, "content", "posts"), "hugo");
  cpSync(publicDir, join(dir, "static"), { recursive: true });
}

/** One `hugo --quiet` build of the site in `dir`: wall time and peak RSS (GNU time, when present). */
export function hugoBuild(hugo: string, dir: string, timeoutMs: number): { ms: number; maxRssKb?: number } {
  const out = join(dir, "public");
  rmSync(out, { recursive: true, force: true });
  const useTime = spawnSync("sh", ["-c", "test -x /usr/bin/time"]).status === 0;
  const [cmd, args] = useTime
    ? ["/usr/bin/time", ["-f", "MAXRSS %M", hugo, "--quiet", "--source", dir, "--destination", out]]
    : [hugo, ["--quiet", "--source", dir, "--destination", out]];
  const { value: result, ms } = timed(() =>
    spawnSync(cmd, args as string[], { encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }),
  );
  if (result.status !== 0)
    throw new Error(`hugo failed (${result.status ?? result.signal}): ${result.stderr.slice(-2000)}`);
  const rss = /MAXRSS (\d+)/.exec(result.stderr);
  return { ms, ...(rss && { maxRssKb: Number(rss[1]) }) };
}
