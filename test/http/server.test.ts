import { type ChildProcess, spawn } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import { createNodeApp } from "../../src/node/site-app.js";
import { type Item, type ListInfo, listKey, type Manifest } from "../../src/store/data-layout.js";
import { describeResponse, ENCODED_DATA_PATHS, siteRoutes } from "../routes.js";
import { freePort } from "../support/free-port.js";
import { allItems, fromDir } from "../support/site-data.js";
import { WALK_HUB } from "../support/walk-hub.js";

const ROOT = process.cwd();
const SAMPLE = inject("sampleSite");

const TYPES = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
  html: "text/html; charset=utf-8",
  opml: "text/x-opml; charset=utf-8",
  css: "text/css; charset=utf-8",
} as const;

const FORMATS = [
  { file: "rss.xml", type: TYPES.rss },
  { file: "atom.xml", type: TYPES.atom },
  { file: "feed.json", type: TYPES.json },
] as const;

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  isArray: (name) => ["item", "entry", "link", "category"].includes(name),
});

/** One entry of a parsed feed: its post URL and its publication date. */
interface Entry {
  url: string;
  published: number;
}

/** Parses a feed of any of the three formats; throws when it does not parse. */
function entries(file: string, body: string): Entry[] {
  if (file.endsWith("feed.json")) {
    const feed = JSON.parse(body) as { version: string; items: { url: string; date_published: string }[] };
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    return feed.items.map((i) => ({ url: i.url, published: Date.parse(i.date_published) }));
  }
  const doc = xml.parse(body, true);
  if (file.endsWith("rss.xml")) {
    expect(doc.rss?.["@_version"]).toBe("2.0");
    const items = (doc.rss.channel.item ?? []) as { link: string[]; pubDate: string }[];
    return items.map((i) => ({ url: String(i.link[0]), published: Date.parse(i.pubDate) }));
  }
  expect(doc.feed?.["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
  const items = (doc.feed.entry ?? []) as { link: { "@_href": string; "@_rel"?: string }[]; published: string }[];
  return items.map((e) => {
    const alternate = e.link.filter((l) => (l["@_rel"] ?? "alternate") === "alternate");
    expect(alternate).toHaveLength(1);
    return { url: String(alternate[0]?.["@_href"]), published: Date.parse(e.published) };
  });
}

interface Listening {
  base: string;
  port: number;
  close: () => Promise<void>;
}

function listen(outDir: string): Promise<Listening> {
  const app = createNodeApp(outDir, undefined, WALK_HUB);
  return new Promise((done) => {
    const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
      done({
        base: `http://127.0.0.1:${info.port}`,
        port: info.port,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}

/** A GET whose path is sent byte for byte (fetch would normalize `..` and `%2e%2e` before sending). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => {
        body += d;
      });
      res.on("end", () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

const tmp = mkdtempSync(join(tmpdir(), "feedloom-http-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writePosts(dir: string, posts: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(posts)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("npm start, over real HTTP", () => {
  const VALID = [
    "2025-01-21-riverside-tram-line-opens.md",
    "2025-06-03-library-digitises-archives.md",
    "2025-07-17-open-source-compiler-release.md",
  ];
  const BROKEN = "2025-09-02-no-title.md";
  const postsDir = join(tmp, "start-posts");
  let child: ChildProcess;
  let port: number;
  let stdout = "";
  let stderr = "";
  let exited: Promise<void>;

  beforeAll(async () => {
    mkdirSync(postsDir);
    for (const name of VALID) copyFileSync(join(ROOT, "posts", name), join(postsDir, name));
    writeFileSync(join(postsDir, BROKEN), "---\ndate: 2025-09-02\ncategory: World\n---\n\nNo title.\n");
    port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      POSTS_DIR: postsDir,
      OUT_DIR: join(tmp, "start-out"),
      DATA_DIR: join(tmp, "start-data"),
    };
    delete env.SITE_URL;
    delete env.PUBLIC_DIR;
    child = spawn(join(ROOT, "node_modules/.bin/tsx"), ["src/node/server.ts"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    exited = new Promise((done) => child.on("exit", () => done()));
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    await new Promise<void>((ready, fail) => {
      child.stdout?.on("data", (d) => {
        stdout += d;
        if (stdout.includes("served at")) ready();
      });
      child.on("exit", (code) => fail(new Error(`server exited with ${code}\n${stdout}\n${stderr}`)));
    });
  }, 60_000);

  afterAll(async () => {
    if (child?.pid !== undefined && child.exitCode === null) {
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
  });

  it("logs where it serves the valid posts", () => {
    expect(stdout).toContain(`${VALID.length} posts served at http://localhost:${port} (port ${port})`);
  });

  it("logs the broken post's problem line on stderr", () => {
    const file = `${relative(ROOT, postsDir).split("\\").join("/")}/${BROKEN}`;
    expect(stderr.split("\n")).toContain(`${file}:1: title: required`);
    expect(stderr).toContain("1 broken post(s) left out");
  });

  it("lists exactly the valid posts in /rss.xml, with links on SITE_URL's default", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/rss.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(TYPES.rss);
    const urls = entries("rss.xml", await response.text()).map((e) => e.url);
    const slugs = VALID.map((n) => n.replace(/^\d{4}-\d{2}-\d{2}-/, "").replace(/\.md$/, ""));
    expect(urls).toEqual(slugs.reverse().map((s) => `http://localhost:${port}/posts/${s}`));
  });

  it("serves a valid post and not the broken one", async () => {
    expect((await fetch(`http://127.0.0.1:${port}/posts/riverside-tram-line-opens`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/posts/no-title`)).status).toBe(404);
  });

  it("serves an HTTP/1.0 request without Host as the site (SITE_URL's host), not an empty 400", async () => {
    const raw = await new Promise<string>((done, fail) => {
      const socket = connect(port, "127.0.0.1");
      const chunks: Buffer[] = [];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("error", fail);
      socket.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
      socket.write("GET /rss.xml HTTP/1.0\r\n\r\n");
    });
    expect(raw).toMatch(/^HTTP\/1\.[01] 200 /);
    expect(raw).toContain(`<link>http://localhost:${port}/</link>`);
  });

  it("rebuilds on an edit and serves the new site: the fixed post appears, the edited title changes", async () => {
    // Cached before the edit: the new site must not answer from the old cache.
    expect(await (await fetch(`http://127.0.0.1:${port}/rss.xml`)).text()).not.toContain("Now with a title");
    // The rebuild of this edit: a watcher event from before it may rebuild first, with nothing changed.
    const edited = /rebuilt in \d+ ms: \d+ item\(s\) changed, 4 posts served/;
    const rebuilt = new Promise<void>((done) => {
      child.stdout?.on("data", () => {
        if (edited.test(stdout)) done();
      });
    });
    writeFileSync(
      join(postsDir, BROKEN),
      "---\ntitle: Now with a title\ndate: 2025-09-02\ncategory: World\n---\n\nFixed.\n",
    );
    await rebuilt;
    expect(stdout).toMatch(edited);
    const page = await fetch(`http://127.0.0.1:${port}/posts/no-title`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Now with a title");
    const rss = await (await fetch(`http://127.0.0.1:${port}/rss.xml`)).text();
    expect(entries("rss.xml", rss)).toHaveLength(4);
    expect(rss).toContain("Now with a title");
  }, 30_000);

  /** Resolves once the server's output (stdout or stderr, since now) holds `text`. */
  const logged = (text: string) => {
    const from = { out: stdout.length, err: stderr.length };
    return new Promise<void>((done) => {
      const check = () => {
        if (stdout.slice(from.out).includes(text) || stderr.slice(from.err).includes(text)) done();
      };
      child.stdout?.on("data", check);
      child.stderr?.on("data", check);
    });
  };
  const rssCount = async () =>
    entries("rss.xml", await (await fetch(`http://127.0.0.1:${port}/rss.xml`)).text()).length;

  it("keeps serving when the posts folder goes away, and watches it again when it comes back", async () => {
    const failed = logged("not rebuilt: the last good build is still served.");
    renameSync(postsDir, `${postsDir}.old`);
    await failed;
    expect(stderr).toContain("no such folder (POSTS_DIR); nothing was built, the last build is kept");
    expect(await rssCount()).toBe(4);
    const back = logged("rebuilt in");
    renameSync(`${postsDir}.old`, postsDir);
    await back;
    const edited = logged("rebuilt in");
    writeFileSync(join(postsDir, BROKEN), "---\ntitle: Back again\ndate: 2025-09-02\ncategory: World\n---\n\nFixed.\n");
    await edited;
    expect(await (await fetch(`http://127.0.0.1:${port}/posts/no-title`)).text()).toContain("Back again");
  }, 30_000);

  it("reports a dangling post link as a problem line and serves the other posts", async () => {
    const file = `${relative(ROOT, postsDir).split("\\").join("/")}/2025-09-09-dangling.md`;
    const reported = logged(`${file}:1: file: a symbolic link to a missing file`);
    const rebuilt = logged("rebuilt in");
    symlinkSync(join(tmp, "nowhere.md"), join(postsDir, "2025-09-09-dangling.md"));
    await Promise.all([reported, rebuilt]);
    expect(await rssCount()).toBe(4);
    rmSync(join(postsDir, "2025-09-09-dangling.md"));
  }, 30_000);

  /** Runs `script` to its end with this server's OUT_DIR and other posts. */
  const runBeside = (script: string) =>
    new Promise<{ code: number | null; stderr: string }>((done) => {
      const other = writePosts(join(tmp, "other-posts"), {});
      const env = { ...process.env, PORT: "0", POSTS_DIR: other, OUT_DIR: join(tmp, "start-out"), WATCH: "false" };
      const run = spawn(join(ROOT, "node_modules/.bin/tsx"), [script], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let err = "";
      run.stderr?.on("data", (d) => {
        err += d;
      });
      run.on("close", (code) => done({ code, stderr: err }));
    });

  it.each([
    ["a second npm start", "src/node/server.ts"],
    ["npm run build", "src/compiler/cli.ts"],
  ])(
    "refuses %s into its output folder, naming the server, and still serves",
    async (_, script) => {
      const { code, stderr: err } = await runBeside(script);
      expect(code).toBe(1);
      expect(err.trim()).toMatch(
        /^OUT_DIR=\S+ is in use by npm start \(posts from \S+start-posts\) \(pid \d+\); stop it, or give this one its own OUT_DIR$/,
      );
      expect(await rssCount()).toBe(4);
    },
    30_000,
  );
});

describe("the sample site over real HTTP", () => {
  const manifest = JSON.parse(readFileSync(join(SAMPLE, "_data/manifest.json"), "utf8")) as Manifest;
  const items = [...allItems(fromDir(SAMPLE)).values()];
  const slugs = items.map((i) => i.slug);
  const routes = siteRoutes(manifest, slugs);
  const NOT_FOUND = new Set([
    "//_data/manifest.json",
    "/no-such-page",
    "/tags/no-such-tag/rss.xml",
    "/posts/no-such-post",
    "/_data/manifest.json",
    ...ENCODED_DATA_PATHS,
    "/.assetsignore",
    "/rss.xml?page=999",
  ]);
  const BAD_REQUEST = new Set(["/rss.xml?page=0", "/rss.xml?limit=101", "/rss.xml?page=two"]);
  let server: Listening;

  beforeAll(async () => {
    server = await listen(SAMPLE);
  });
  afterAll(() => server.close());

  const get = (path: string, init?: RequestInit) => fetch(server.base + path, init);

  it("has the sample posts", () => {
    expect(items.length).toBe(12);
    expect(manifest.lists.site?.count).toBe(12);
    expect(manifest.site.itemsPerFeed).toBeGreaterThanOrEqual(12);
    for (const route of [...NOT_FOUND, ...BAD_REQUEST]) expect(routes).toContain(route);
  });

  function expectedType(route: string): string {
    const path = route.split("?")[0] as string;
    if (path.endsWith("/rss.xml")) return TYPES.rss;
    if (path.endsWith("/atom.xml")) return TYPES.atom;
    if (path.endsWith("/feed.json")) return TYPES.json;
    if (path === "/opml.xml") return TYPES.opml;
    if (path.endsWith(".css")) return TYPES.css;
    return TYPES.html;
  }

  const recorded = inject("nodeRoutes");
  for (const route of routes) {
    it(`GET ${route}`, async () => {
      const response = await get(route);
      const type = response.headers.get("content-type") ?? "";
      if (NOT_FOUND.has(route)) {
        expect(response.status).toBe(404);
        expect(type).toMatch(/^text\/html; charset=utf-8$/i);
      } else if (BAD_REQUEST.has(route)) {
        expect(response.status).toBe(400);
        expect(type).toMatch(/^text\/plain/);
      } else {
        expect(response.status).toBe(200);
        expect(type).toBe(expectedType(route));
      }
      // The bytes over the wire are the ones the app answers in-process (global setup);
      // fetch asks for gzip, which gets its own ETag and is decoded back to the same bytes.
      const wire = await describeResponse(response);
      const expected = recorded[route];
      if (response.headers.get("content-encoding") === "gzip") {
        expect(wire.etag).toBe(expected?.etag?.replace(/"$/, '-gzip"'));
        expect({ ...wire, etag: expected?.etag }).toEqual(expected);
      } else {
        expect(wire).toEqual(expected);
      }
    });
  }

  /** Items of a list, newest first, as the item files describe them. */
  function members(list: ListInfo): Item[] {
    const inList = (i: Item) => {
      switch (list.kind) {
        case "site":
          return true;
        case "tag":
          return i.tags.some((t) => t.slug === list.slug);
        case "category":
          return i.category?.slug === list.slug;
        case "author":
          return i.authors.some((a) => a.slug === list.slug);
      }
    };
    return items
      .filter(inList)
      .sort((a, b) => Date.parse(b.published) - Date.parse(a.published) || (a.slug < b.slug ? -1 : 1));
  }

  const lists = Object.values(manifest.lists);
  for (const list of lists) {
    const base =
      list.kind === "site"
        ? ""
        : `/${{ tag: "tags", category: "categories", author: "authors" }[list.kind]}/${encodeURIComponent(list.slug)}`;
    for (const { file, type } of FORMATS) {
      it(`${base}/${file} parses, newest first, with exactly the ${list.kind}'s posts`, async () => {
        const response = await get(`${base}/${file}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe(type);
        const got = entries(file, await response.text());
        const published = got.map((e) => e.published);
        expect(published.every((d) => !Number.isNaN(d))).toBe(true);
        expect(published).toEqual([...published].sort((a, b) => b - a));
        const expected = members(list);
        expect(expected.length).toBe(list.count);
        expect(got.map((e) => e.url)).toEqual(expected.map((i) => i.url));
        // When the list last changed (kept across builds), not the newest item's date.
        const modified = manifest.modified?.[listKey(list.kind, list.slug)] as string;
        expect(response.headers.get("last-modified")).toBe(new Date(modified).toUTCString());
      });
    }
  }

  it("has a feed for every tag that an item has", () => {
    const tags = new Set(items.flatMap((i) => i.tags.map((t) => t.slug)));
    expect(new Set(lists.filter((l) => l.kind === "tag").map((l) => l.slug))).toEqual(tags);
  });

  const CONDITIONAL = [
    "/rss.xml",
    "/atom.xml",
    "/feed.json",
    "/tags/japan/atom.xml",
    "/",
    "/opml.xml",
    "/posts/us-combat-base-japan",
  ];

  for (const route of CONDITIONAL) {
    it(`${route}: If-None-Match with the ETag → 304 without a body`, async () => {
      const first = await get(route);
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag") as string;
      expect(etag).toMatch(/^"[0-9a-f]{32}(-gzip)?"$/);
      expect((await first.arrayBuffer()).byteLength).toBeGreaterThan(0);
      for (const header of [etag, `W/${etag}`, `"nope", ${etag}`, "*"]) {
        const again = await get(route, { headers: { "If-None-Match": header } });
        expect(again.status, header).toBe(304);
        expect(again.headers.get("etag")).toBe(etag);
        expect(await again.text()).toBe("");
      }
      const other = await get(route, { headers: { "If-None-Match": '"nope"' } });
      expect(other.status).toBe(200);
      expect(other.headers.get("etag")).toBe(etag);
      expect((await other.arrayBuffer()).byteLength).toBeGreaterThan(0);
    });

    it(`${route}: If-Modified-Since equal to Last-Modified → 304; earlier → 200`, async () => {
      const first = await get(route);
      await first.arrayBuffer();
      const lastModified = first.headers.get("last-modified") as string;
      expect(Date.parse(lastModified)).not.toBeNaN();
      const same = await get(route, { headers: { "If-Modified-Since": lastModified } });
      expect(same.status).toBe(304);
      expect(await same.text()).toBe("");
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      const changed = await get(route, { headers: { "If-Modified-Since": earlier } });
      expect(changed.status).toBe(200);
      expect((await changed.arrayBuffer()).byteLength).toBeGreaterThan(0);
      // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
      const both = await get(route, { headers: { "If-None-Match": '"nope"', "If-Modified-Since": lastModified } });
      expect(both.status).toBe(200);
      await both.arrayBuffer();
    });

    it(`HEAD ${route} answers like GET, without a body`, async () => {
      const getResponse = await get(route);
      await getResponse.arrayBuffer();
      const head = await get(route, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-type")).toBe(getResponse.headers.get("content-type"));
      expect(head.headers.get("etag")).toBe(getResponse.headers.get("etag"));
      expect(head.headers.get("last-modified")).toBe(getResponse.headers.get("last-modified"));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
      const conditional = await get(route, {
        method: "HEAD",
        headers: { "If-None-Match": getResponse.headers.get("etag") as string },
      });
      expect(conditional.status).toBe(304);
    });
  }

  it("answers 400 to every malformed paging parameter", async () => {
    for (const query of [
      "page=0",
      "page=-1",
      "page=abc",
      "page=01",
      "page=1.5",
      "limit=0",
      "limit=101",
      "page=1&page=2",
      "limit=5&limit=5",
    ]) {
      for (const path of ["/rss.xml", "/tags/japan/feed.json", "/", "/categories/world"]) {
        const response = await get(`${path}?${query}`);
        expect(response.status, `${path}?${query}`).toBe(400);
        await response.arrayBuffer();
      }
    }
  });

  it("answers 404 to a page past the end and 200 to the last page", async () => {
    const japan = manifest.lists["tag/japan"] as ListInfo;
    const last = japan.count;
    for (const path of ["/tags/japan/rss.xml", "/tags/japan/atom.xml", "/tags/japan/feed.json", "/tags/japan"]) {
      const ok = await get(`${path}?limit=1&page=${last}`);
      expect(ok.status, path).toBe(200);
      await ok.arrayBuffer();
      const past = await get(`${path}?limit=1&page=${last + 1}`);
      expect(past.status, path).toBe(404);
      await past.arrayBuffer();
    }
  });

  it("never serves the data files", async () => {
    const paths = [
      "/_data/manifest.json",
      "/_data/lists/site/0.json",
      "/_data/items/0.json",
      "/_data",
      "/_data/",
      "//_data/manifest.json",
      "/images/..//_data/manifest.json",
      "/./_data/manifest.json",
      "/images/../_data/manifest.json",
      "/images/%2e%2e/_data/manifest.json",
      ...ENCODED_DATA_PATHS,
      "/_data%2Fmanifest.json",
      "/.assetsignore",
      "/%2Eassetsignore",
    ];
    const leaked: string[] = [];
    for (const path of paths) {
      const response = await rawGet(server.port, path);
      if (response.status !== 404 || response.body.includes(manifest.buildId))
        leaked.push(`${path} → ${response.status}`);
    }
    expect(leaked).toEqual([]);
  });

  it("never serves a file outside the site, whatever the path encoding", async () => {
    const packageJson = readFileSync(join(ROOT, "package.json"), "utf8");
    const paths = [
      "/images/..%2f..%2fpackage.json",
      "/images/..%2f..%2f..%2fpackage.json",
      "/images/..%2F..%2F..%2Fpackage.json",
      "/%2e%2e/package.json",
      "/%2e%2e/%2e%2e/package.json",
      "/images/%2e%2e/%2e%2e/%2e%2e/package.json",
      "/../../package.json",
      "/..%2f..%2fpackage.json",
      "/%2e%2e%2f%2e%2e%2fpackage.json",
      "/images/..%5c..%5c..%5cpackage.json",
      "/images/%252e%252e/%252e%252e/package.json",
      "/posts/..%2f..%2f..%2fpackage",
      "/tags/..%2f..%2f..%2fpackage/rss.xml",
    ];
    for (const path of paths) {
      const response = await rawGet(server.port, path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(response.body, path).not.toContain('"devDependencies"');
      expect(response.body).not.toBe(packageJson);
    }
  });

  it("still serves the site's own files", async () => {
    const image = await rawGet(server.port, "/images/us-combat-base-japan.jpg");
    expect(image.status).toBe(200);
    const css = await get("/site.css");
    expect(css.headers.get("content-type")).toBe(TYPES.css);
    expect(await css.text()).toBe(readFileSync(join(SAMPLE, "site.css"), "utf8"));
  });
});

describe("tags with symbols and non-Latin letters", () => {
  let server: Listening;
  const TAGS = [
    { name: "New York", path: "/tags/new-york" },
    { name: "C++", path: "/tags/c-plus-plus" },
    { name: "Défense", path: "/tags/defense" },
    { name: "日本", path: "/tags/%E6%97%A5%E6%9C%AC" },
  ];

  beforeAll(async () => {
    const postsDir = writePosts(join(tmp, "unicode-posts"), {
      "2025-01-01-all-tags.md": '---\ntitle: All tags\ntags: ["New York", "C++", "Défense", "日本"]\n---\n\nBody.\n',
      "2025-01-02-japan-only.md": "---\ntitle: Japan only\ntags: [日本]\n---\n\nBody.\n",
    });
    const out = join(tmp, "unicode-out");
    const built = buildSite({ postsDir, publicDir: "public", outDir: out, env: {} });
    expect(built.problems).toEqual([]);
    server = await listen(out);
  });
  afterAll(() => server?.close());

  for (const tag of TAGS) {
    for (const { file, type } of FORMATS) {
      it(`${tag.name}: ${tag.path}/${file}`, async () => {
        const response = await fetch(`${server.base}${tag.path}/${file}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe(type);
        const body = await response.text();
        const urls = entries(file, body).map((e) => e.url);
        const expected = tag.name === "日本" ? ["japan-only", "all-tags"] : ["all-tags"];
        expect(urls).toEqual(expected.map((s) => `http://localhost:8787/posts/${s}`));
        // The feed names itself by the same percent-encoded URL.
        expect(body).toContain(`http://localhost:8787${tag.path}/${file}`);
      });
    }

    it(`${tag.name}: ${tag.path} page`, async () => {
      const response = await fetch(server.base + tag.path);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(TYPES.html);
      expect(await response.text()).toContain(tag.name.replace("&", "&amp;"));
    });
  }

  it("accepts lowercase percent-encoding of the same slug", async () => {
    const response = await fetch(`${server.base}/tags/%e6%97%a5%e6%9c%ac/rss.xml`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  });
});

describe("paging across list shards", () => {
  const COUNT = 250;
  let server: Listening;
  /** Slugs newest first. */
  const order = Array.from({ length: COUNT }, (_, i) => `p-${String(COUNT - 1 - i).padStart(3, "0")}`);

  beforeAll(async () => {
    const posts: Record<string, string> = {};
    for (let i = 0; i < COUNT; i++) {
      const n = String(i).padStart(3, "0");
      const date = new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();
      posts[`p-${n}.md`] = `---\ntitle: Post ${n}\ndate: ${date}\ntags: [Bulk]\n---\n\nBody ${n}.\n`;
    }
    const out = join(tmp, "many-out");
    const built = buildSite({
      postsDir: writePosts(join(tmp, "many-posts"), posts),
      publicDir: "public",
      outDir: out,
      env: {},
    });
    expect(built.stats.published).toBe(COUNT);
    server = await listen(out);
  }, 60_000);
  afterAll(() => server?.close());

  const pageOf = async (path: string) => {
    const response = await fetch(server.base + path);
    expect(response.status, path).toBe(200);
    const feed = JSON.parse(await response.text()) as { items: { url: string }[]; next_url?: string };
    return { slugs: feed.items.map((i) => i.url.replace(/^.*\/posts\//, "")), next: feed.next_url };
  };

  for (const [page, limit] of [
    [1, 20],
    [3, 40],
    [2, 100],
    [3, 100],
    [5, 60],
    [13, 20],
  ] as const) {
    it(`page ${page} with limit ${limit}`, async () => {
      for (const base of ["/feed.json", "/tags/bulk/feed.json"]) {
        const { slugs, next } = await pageOf(`${base}?page=${page}&limit=${limit}`);
        expect(slugs).toEqual(order.slice((page - 1) * limit, page * limit));
        expect(next !== undefined).toBe(page * limit < COUNT);
      }
    });
  }

  it("404s past the last page", async () => {
    for (const path of ["/feed.json?page=4&limit=100", "/rss.xml?page=14", "/tags/bulk/atom.xml?page=6&limit=50"]) {
      const response = await fetch(server.base + path);
      expect(response.status, path).toBe(404);
      await response.arrayBuffer();
    }
  });
});

describe("a site without posts", () => {
  let server: Listening;

  beforeAll(async () => {
    const out = join(tmp, "empty-out");
    buildSite({ postsDir: writePosts(join(tmp, "empty-posts"), {}), publicDir: "public", outDir: out, env: {} });
    server = await listen(out);
  });
  afterAll(() => server?.close());

  it("serves empty feeds and pages, and 404s page 2", async () => {
    for (const { file, type } of FORMATS) {
      const response = await fetch(`${server.base}/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(type);
      expect(entries(file, await response.text())).toEqual([]);
      const past = await fetch(`${server.base}/${file}?page=2`);
      expect(past.status).toBe(404);
      await past.arrayBuffer();
    }
    for (const path of ["/", "/opml.xml"]) {
      const response = await fetch(server.base + path);
      expect(response.status, path).toBe(200);
      await response.arrayBuffer();
    }
  });
});
