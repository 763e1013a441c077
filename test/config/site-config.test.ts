import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SettingsError, settingsOf } from "../../src/config/settings.js";
import {
  buildSettingsSchema,
  defaultRuntimeSettings,
  runtimeSettings,
  siteFileSchema,
} from "../../src/config/site-config.js";

describe("the settings schema", () => {
  const readme = readFileSync("README.md", "utf8");
  const buildKeys = new Set(settingsOf(buildSettingsSchema).map((s) => s.key));

  it("has every setting documented in the README: key, variable, default and when it is read", () => {
    const settings = settingsOf(siteFileSchema);
    expect(settings.length).toBeGreaterThan(10);
    for (const s of settings) {
      const env = s.meta.env ? `\`${s.meta.env}\`` : "—";
      const value = s.defaultValue === undefined ? "none" : `\`${s.defaultValue}\``;
      const when = buildKeys.has(s.key) ? "build" : "run";
      expect(readme, s.key).toContain(`| \`${s.key}\` | ${env} | ${value} | ${when} |`);
      expect(s.meta.description, s.key).not.toBe("");
    }
  });

  it("gives each variable to one setting only", () => {
    const names = settingsOf(siteFileSchema).flatMap((s) => (s.meta.env ? [s.meta.env] : []));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("run-time settings", () => {
  it("are the built values under the server's variables", () => {
    const built = { cacheMaxAge: 60, websubHub: "https://built.example/" };
    expect(runtimeSettings({}, built)).toEqual({ ...defaultRuntimeSettings, ...built });
    expect(runtimeSettings({ CACHE_MAX_AGE: "5", WEBSUB_HUB: "" }, built)).toEqual({
      ...defaultRuntimeSettings,
      cacheMaxAge: 5,
      websubHub: "https://built.example/",
    });
  });

  it("name the variable of a bad value", () => {
    expect(() => runtimeSettings({ CACHE_STALE_WHILE_REVALIDATE: "-3" })).toThrow(SettingsError);
    expect(() => runtimeSettings({ WEBSUB_HUB: "hub.example" })).toThrow(
      "environment: WEBSUB_HUB: must be an http(s) URL",
    );
  });
});
