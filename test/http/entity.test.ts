import { describe, expect, it } from "vitest";
import { isNotModified, notModifiedHeaders } from "../../src/http/entity.js";
import { parseHttpDate } from "../../src/http/http-date.js";

const entity = { etag: '"abc"', lastModified: new Date("2026-03-04T05:06:07.890Z") };
const ask = (headers: Record<string, string>, e: Parameters<typeof isNotModified>[1] = entity) =>
  isNotModified((name) => headers[name], e);

describe("isNotModified", () => {
  it.each(['"abc"', 'W/"abc"', '"x", "abc"', '"x",W/"abc" ', "*", " * "])("If-None-Match: %s → 304", (inm) => {
    expect(ask({ "if-none-match": inm })).toBe(true);
  });

  it.each(['"abd"', '"x", "y"', "abc", ""])("If-None-Match: %s → 200", (inm) => {
    expect(ask({ "if-none-match": inm })).toBe(false);
  });

  it("compares a weak ETag of ours weakly too", () => {
    expect(ask({ "if-none-match": '"abc"' }, { etag: 'W/"abc"' })).toBe(true);
  });

  it("lets If-None-Match win over If-Modified-Since (RFC 9110 §13.2.2)", () => {
    expect(ask({ "if-none-match": '"other"', "if-modified-since": "Wed, 04 Mar 2026 05:06:07 GMT" })).toBe(false);
  });

  it.each([
    "Wed, 04 Mar 2026 05:06:07 GMT",
    "Thu, 05 Mar 2026 00:00:00 GMT",
    "Wednesday, 04-Mar-26 05:06:07 GMT",
    "Wed Mar  4 05:06:07 2026",
  ])("If-Modified-Since: %s (not before the whole second) → 304", (ims) => {
    expect(ask({ "if-modified-since": ims })).toBe(true);
  });

  it.each([
    "Wed, 04 Mar 2026 05:06:06 GMT",
    // RFC 9110 §13.1.3: a value that is not an HTTP-date is ignored, whatever Date.parse makes of it.
    "99999",
    "tuesday 2099",
    "2099-01-01",
    "Fri, 01 Jan 2099 00:00:00",
    "Fri, 01 Jan 2099 00:00:00 PST",
    "Tue, 31 Feb 2099 00:00:00 GMT",
    "Tue, 01 Jan 2099 25:00:00 GMT",
    "Tue, 01 Jan 2099 00:00:00 GMT, Wed, 02 Jan 2099 00:00:00 GMT",
    "",
  ])("If-Modified-Since: %s → 200", (ims) => {
    expect(ask({ "if-modified-since": ims })).toBe(false);
  });

  it("has nothing to compare If-Modified-Since with when there is no Last-Modified", () => {
    expect(ask({ "if-modified-since": "Fri, 01 Jan 2099 00:00:00 GMT" }, { etag: '"abc"' })).toBe(false);
  });
});

describe("parseHttpDate", () => {
  it("reads the three forms of RFC 9110 §5.6.7 as the same time", () => {
    const time = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")).toBe(time);
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT")).toBe(time);
    expect(parseHttpDate("Sun Nov  6 08:49:37 1994")).toBe(time);
  });

  it("reads what Date#toUTCString writes", () => {
    const date = new Date("2031-12-31T23:59:59Z");
    expect(parseHttpDate(date.toUTCString())).toBe(date.getTime());
  });
});

describe("notModifiedHeaders", () => {
  it("keeps the validators, caching, CORS and security headers and drops those of the body", () => {
    const ok = {
      "content-type": "application/rss+xml; charset=utf-8",
      "content-length": "1234",
      "content-encoding": "gzip",
      etag: '"abc-gzip"',
      "last-modified": "Wed, 04 Mar 2026 05:06:07 GMT",
      "cache-control": "public, max-age=300",
      vary: "Accept, Accept-Encoding",
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "ETag, Last-Modified",
      "content-security-policy": "default-src 'none'",
      "x-content-type-options": "nosniff",
    };
    const { "content-type": _type, "content-length": _length, "content-encoding": _encoding, ...kept } = ok;
    expect(notModifiedHeaders(ok)).toEqual(kept);
  });
});
