import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Manifest } from "../../src/store/data-layout.js";
import { allItems, fromDir } from "../support/site-data.js";

/** `npm run build`, run for real as a child process. */

const ROOT = process.cwd();
const TSX = join(ROOT, "node_modules/.bin/tsx");

/** Sample posts without `related` pins, so that a subset of them builds without warnings. */
const SAMPLES = [
  "2025-01-21-riverside-tram-line-opens.md",
  "2025-05-12-regional-solar-farm-grid.md",
  "2025-06-03-library-digitises-archives.md",
  "2025-07-17-open-source-compiler-release.md",
];

/** A valid post that has one unknown key: a warning, not an error. */
const WITH_WARNING = {
  name: "2025-08-01-unknown-key.md",
  text: "---\ntitle: A post with an unknown key\ndate: 2025-08-01\nflavour: vanilla\n---\n\nStill published.\n",
};

interface Expected {
  name: string;
  text: string;
  /** Every problem the file must produce: line, field (with `warning: ` for warnings), message pattern. */
  problems: { line: number; field: string; message: RegExp }[];
}

const BROKEN: Expected[] = [
  {
    name: "2025-09-01-bad-yaml.md",
    // Line 3: an unquoted ": " inside a value is not valid YAML.
    text: "---\ndate: 2025-09-01\ntitle: Breaking: storm hits the coast\ntags: [Weather]\n---\n\nBody.\n",
    problems: [{ line: 3, field: "front matter", message: /^invalid YAML/ }],
  },
  {
    name: "2025-09-02-no-title.md",
    // A key that is missing has no line of its own: the problem points at the front matter's start.
    text: "---\ndate: 2025-09-02\ncategory: World\n---\n\nBody.\n",
    problems: [{ line: 1, field: "title", message: /^required$/ }],
  },
  {
    name: "2025-09-03-bad-date.md",
    text: "---\ntitle: February has no 30th\ncategory: World\ndate: 2025-02-30\n---\n\nBody.\n",
    problems: [{ line: 4, field: "date", message: /^not a date: "2025-02-30"; write ISO 8601/ }],
  },
  {
    name: "2025-09-04-two-problems.md",
    text: "---\ntitle: Two problems\nslug: Not Valid\ndate: 2025-09-04\nrelated:\n  - fine\n  - ''\n---\n\nBody.\n",
    problems: [
      { line: 3, field: "slug", message: /letters, digits and single hyphens/ },
      { line: 7, field: "related[1]", message: /must not be empty/ },
    ],
  },
  {
    name: "2025-09-05-missing-image.md",
    text: "---\ntitle: Missing image\ndate: 2025-09-05\nimage:\n  src: /images/nope.jpg\n  alt: Nothing\n---\n\nBody.\n",
    problems: [{ line: 4, field: "image", message: /^file not found: public\/images\/nope\.jpg$/ }],
  },
];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBuild(postsDir: string, outDir: string, extra: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, POSTS_DIR: postsDir, PUBLIC_DIR: "public", OUT_DIR: outDir };
    for (const key of Object.keys(env)) if (key.startsWith("SITE_") || key === "ITEMS_PER_FEED") delete env[key];
    Object.assign(env, extra);
    const child = spawn(TSX, ["src/compiler/cli.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "feedloom-cli-"));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function postsDir(name: string, broken: Expected[]): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  for (const file of SAMPLES) copyFileSync(join(ROOT, "posts", file), join(dir, file));
  writeFileSync(join(dir, WITH_WARNING.name), WITH_WARNING.text);
  for (const post of broken) writeFileSync(join(dir, post.name), post.text);
  return dir;
}

describe("npm run build with broken posts", () => {
  let run: Run;
  let dir: string;
  let out: string;
  /** How the CLI names a file: its path from the working directory, with `/`. */
  const shown = (name: string) => `${relative(ROOT, dir).split("\\").join("/")}/${name}`;

  beforeAll(async () => {
    dir = postsDir("broken", BROKEN);
    out = join(tmp, "broken-out");
    run = await runBuild(dir, out);
  }, 60_000);

  it("exits 1", () => {
    expect(run.code).toBe(1);
  });

  it("names each file by a path that leads to it from the working directory", () => {
    for (const post of BROKEN) expect(resolve(ROOT, shown(post.name))).toBe(join(dir, post.name));
  });

  it("prints every problem, and nothing else, on its own line of stderr", () => {
    const expectedCount = BROKEN.reduce((n, p) => n + p.problems.length, 0) + 1; // + the warning
    expect(lines(run.stderr)).toHaveLength(expectedCount);
    for (const line of lines(run.stderr)) expect(line).toMatch(/^[^:\n]+:\d+: (warning: )?[^:]+: .+$/);
  });

  for (const post of BROKEN) {
    for (const problem of post.problems) {
      it(`reports ${post.name}: ${problem.field} on line ${problem.line}`, () => {
        const prefix = `${shown(post.name)}:`;
        const fileLines = lines(run.stderr).filter((l) => l.startsWith(prefix));
        expect(fileLines).toHaveLength(post.problems.length);
        const found = fileLines.filter((l) => l.slice(prefix.length).split(": ")[1] === problem.field);
        expect(found).toHaveLength(1);
        const line = found[0] as string;
        const head = `${prefix}${problem.line}: ${problem.field}: `;
        expect(line.startsWith(head), `${line}\n  should start with\n${head}`).toBe(true);
        expect(line.slice(head.length)).toMatch(problem.message);
      });
    }
  }

  it("reports the warning with its line and the `warning:` mark", () => {
    expect(lines(run.stderr)).toContain(`${shown(WITH_WARNING.name)}:4: warning: flavour: unknown key, ignored`);
  });

  it("ends with a summary that counts published and broken posts, feeds, errors and warnings", () => {
    const summary = lines(run.stdout);
    expect(summary).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(join(out, "_data/manifest.json"), "utf8")) as Manifest;
    const feeds = Object.keys(manifest.lists).length * 3;
    const errors = BROKEN.reduce((n, p) => n + p.problems.length, 0);
    expect(summary[0]).toMatch(
      new RegExp(
        `^${SAMPLES.length + 1} posts published \\(0 drafts, 0 scheduled, ${BROKEN.length} broken\\), ` +
          `${feeds} feeds, ${errors} errors, 1 warnings, \\d+ ms → `,
      ),
    );
    expect(summary[0]?.endsWith(out)).toBe(true);
  });

  it("still writes the valid posts, and only them", () => {
    const manifest = JSON.parse(readFileSync(join(out, "_data/manifest.json"), "utf8")) as Manifest;
    expect(manifest.lists.site?.count).toBe(SAMPLES.length + 1);
    expect([...allItems(fromDir(out)).keys()].sort()).toEqual(
      expect.arrayContaining(["riverside-tram-line-opens", "unknown-key"]),
    );
    expect(allItems(fromDir(out)).has("missing-image")).toBe(false);
    expect(allItems(fromDir(out)).has("bad-date")).toBe(false);
    expect(allItems(fromDir(out)).size).toBe(SAMPLES.length + 1);
  });
});

describe("npm run build with valid posts only", () => {
  let run: Run;
  let out: string;

  beforeAll(async () => {
    const dir = postsDir("valid", []);
    out = join(tmp, "valid-out");
    run = await runBuild(dir, out);
  }, 60_000);

  it("exits 0, even with a warning", () => {
    expect(run.code).toBe(0);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(lines(run.stderr)[0]).toMatch(/unknown-key\.md:\d+: warning: flavour: unknown key, ignored$/);
  });

  it("says so in the summary", () => {
    expect(lines(run.stdout)).toHaveLength(1);
    expect(run.stdout).toMatch(
      new RegExp(
        `^${SAMPLES.length + 1} posts published \\(0 drafts, 0 scheduled, 0 broken\\), \\d+ feeds, 0 errors, 1 warnings, `,
      ),
    );
  });

  it("writes the site: the public files and the data", () => {
    expect(existsSync(join(out, "_data/manifest.json"))).toBe(true);
    expect(existsSync(join(out, "site.css"))).toBe(true);
    expect(readFileSync(join(out, "images/riverside-tram-line-opens.jpg"))).toEqual(
      readFileSync("public/images/riverside-tram-line-opens.jpg"),
    );
  });
});

describe("npm run build with a site.yaml", () => {
  let dir: string;
  const configFile = (name: string, text: string) => {
    const file = join(tmp, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(() => {
    dir = postsDir("with-config", []);
  });

  it("exits 1 on a typo, with one `site.yaml:LINE: key: message` line per mistake, and writes nothing", async () => {
    const file = configFile("typo.yaml", "title: Fine\n# a comment\ntitel: Oops\nitemsPerFeed: 0\n");
    const out = join(tmp, "typo-out");
    const run = await runBuild(dir, out, { SITE_CONFIG: file });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `${file}:3: titel: unknown setting; did you mean "title"? (the README lists every setting)`,
      `${file}:4: itemsPerFeed: Too small: expected number to be >=1`,
    ]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it("exits 1 naming the variable when an environment variable is invalid", async () => {
    const run = await runBuild(dir, join(tmp, "env-out"), { CACHE_MAX_AGE: "soon" });
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual(["environment: CACHE_MAX_AGE: must be a whole number"]);
  }, 60_000);

  it("takes the title from the file, and from SITE_TITLE over the file", async () => {
    const file = configFile("good.yaml", "title: Title From The File\n");
    const out = join(tmp, "good-out");
    expect((await runBuild(dir, out, { SITE_CONFIG: file })).code).toBe(0);
    const manifest = (): Manifest => JSON.parse(readFileSync(join(out, "_data/manifest.json"), "utf8"));
    expect(manifest().site.title).toBe("Title From The File");
    expect((await runBuild(dir, out, { SITE_CONFIG: file, SITE_TITLE: "Title From The Environment" })).code).toBe(0);
    expect(manifest().site.title).toBe("Title From The Environment");
  }, 60_000);
});

describe("npm run build when the file system is in the way", () => {
  it("prints one problem line, no stack trace, for a dangling post link", async () => {
    const dir = postsDir("dangling", []);
    symlinkSync(join(tmp, "nowhere.md"), join(dir, "2025-09-09-dangling.md"));
    const run = await runBuild(dir, join(tmp, "dangling-out"));
    expect(run.code).toBe(1);
    const shown = `${relative(ROOT, dir).split("\\").join("/")}/2025-09-09-dangling.md`;
    expect(lines(run.stderr)).toContain(`${shown}:1: file: a symbolic link to a missing file`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toMatch(/ 1 broken\), /);
  }, 60_000);

  it("exits 1 with one line, and keeps the last build, when the posts folder is missing", async () => {
    const out = join(tmp, "missing-folder-out");
    await runBuild(postsDir("typo", []), out);
    const manifest = readFileSync(join(out, "_data/manifest.json"), "utf8");
    const run = await runBuild(join(tmp, "typ"), out);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `${join(tmp, "typ")}: no such folder (POSTS_DIR); nothing was built, the last build is kept`,
    ]);
    expect(run.stdout).toBe("");
    expect(readFileSync(join(out, "_data/manifest.json"), "utf8")).toBe(manifest);
  }, 60_000);
});
