import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSettings, siteFileOf } from "../../src/config/load.js";
import { defaultRuntimeSettings, defaultSiteConfig, SettingsError } from "../../src/config/site-config.js";

const dir = mkdtempSync(join(tmpdir(), "feedloom-settings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function siteFile(text: string): string {
  const file = join(dir, `site-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

function errorLines(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof SettingsError) return e.lines;
    throw e;
  }
  throw new Error("no SettingsError");
}

describe("settings from defaults, site.yaml and the environment", () => {
  it("are the defaults without a file or variables", () => {
    expect(loadSettings({ vars: {} })).toEqual({ site: defaultSiteConfig, runtime: defaultRuntimeSettings });
    expect(loadSettings({ file: join(dir, "absent.yaml"), vars: {} }).site).toEqual(defaultSiteConfig);
  });

  it("take the file's values, nested ones merged into their defaults", () => {
    const file = siteFile("title: From the file\nauthor:\n  email: desk@example.com\ncacheMaxAge: 60\n");
    const { site, runtime } = loadSettings({ file, vars: {} });
    expect(site.title).toBe("From the file");
    expect(site.author).toEqual({ name: defaultSiteConfig.author.name, email: "desk@example.com" });
    expect(site.description).toBe(defaultSiteConfig.description);
    expect(runtime).toEqual({ ...defaultRuntimeSettings, cacheMaxAge: 60 });
  });

  it("let environment variables override the file, and the file override the fallback", () => {
    const file = siteFile("title: From the file\nbaseUrl: https://file.example/\ncacheMaxAge: 60\n");
    const fallback = { baseUrl: "http://localhost:9999" };
    const vars = { SITE_TITLE: "From the environment", CACHE_MAX_AGE: "5", SITE_AUTHOR: "Env Author" };
    const { site, runtime } = loadSettings({ file, vars, fallback });
    expect(site.title).toBe("From the environment");
    expect(site.baseUrl).toBe("https://file.example");
    expect(site.author.name).toBe("Env Author");
    expect(runtime.cacheMaxAge).toBe(5);
    expect(loadSettings({ vars: {}, fallback }).site.baseUrl).toBe("http://localhost:9999");
  });

  it("name the variable of a bad value, and the file's line for the file's own mistakes", () => {
    const file = siteFile("title: Fine\nitemsPerFeed: 10\n");
    expect(errorLines(() => loadSettings({ file, vars: { ITEMS_PER_FEED: "many" } }))).toEqual([
      "environment: ITEMS_PER_FEED: Invalid input: expected number, received string",
    ]);
    expect(errorLines(() => loadSettings({ file, vars: { SITE_URL: "not a url" } }))).toEqual([
      "environment: SITE_URL: must be an http(s) URL",
    ]);
    const bad = siteFile("title: Fine\nitemsPerFeed: 0\n");
    // The file is checked on its own: a variable that would fix the value does not hide the mistake.
    expect(errorLines(() => loadSettings({ file: bad, vars: { ITEMS_PER_FEED: "5" } }))).toEqual([
      `${bad}:2: itemsPerFeed: Too small: expected number to be >=1`,
    ]);
  });

  it("come from SITE_CONFIG when it is set, which must then exist", () => {
    expect(siteFileOf({})).toEqual({ file: "site.yaml", required: false });
    expect(siteFileOf({ SITE_CONFIG: "conf/site.yaml" })).toEqual({ file: "conf/site.yaml", required: true });
    const missing = join(dir, "missing.yaml");
    expect(errorLines(() => loadSettings({ file: missing, required: true, vars: {} }))).toEqual([
      `${missing}:1: file: no such file (named by SITE_CONFIG)`,
    ]);
  });
});
