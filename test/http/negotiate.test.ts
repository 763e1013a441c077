import { describe, expect, it } from "vitest";
import { negotiate, variantKey } from "../../src/http/negotiate.js";

const ask = (headers: Record<string, string>) => negotiate((name) => headers[name]);

describe("negotiate", () => {
  it.each([
    ["gzip", true],
    ["gzip, deflate, br", true],
    ["GZIP;Q=0.5", true],
    ["*", true],
    ["br, *;q=0.1", true],
    ["gzip;q=0, *", false],
    ["*, gzip;q=0", false],
    ["gzip;q=0.000", false],
    ["*;q=0", false],
    ["identity", false],
    ["br, deflate", false],
    ["", false],
  ])("Accept-Encoding: %s → gzip %s", (acceptEncoding, gzip) => {
    expect(ask({ "accept-encoding": acceptEncoding }).gzip).toBe(gzip);
  });

  it("takes no gzip without Accept-Encoding", () => {
    expect(ask({}).gzip).toBe(false);
  });

  it.each([
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true],
    ["TEXT/HTML", true],
    ["application/rss+xml, application/xml;q=0.9, */*;q=0.1", false],
    ["*/*", false],
    ["text/html;q=0, application/atom+xml", false],
    ["application/xhtml+xml", false],
  ])("Accept: %s → browser %s", (accept, browser) => {
    expect(ask({ accept }).browser).toBe(browser);
  });

  it("names each representation once", () => {
    const keys = [false, true].flatMap((browser) => [false, true].map((gzip) => variantKey({ browser, gzip })));
    expect(new Set(keys).size).toBe(4);
  });
});
