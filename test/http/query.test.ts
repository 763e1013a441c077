import { describe, expect, it } from "vitest";
import { parsePaging } from "../../src/http/query.js";

const parse = (search: string, defaultLimit = 20) =>
  parsePaging(new URL(`https://feeds.example/rss.xml${search}`), defaultLimit);

describe("parsePaging", () => {
  it("defaults to the first page at the site's feed size", () => {
    expect(parse("")).toEqual({ ok: true, value: { page: 1, limit: 20 } });
    expect(parse("", 7)).toEqual({ ok: true, value: { page: 1, limit: 7 } });
  });

  it("reads page and limit, in any order, and ignores other parameters (the route redirects them away)", () => {
    expect(parse("?page=3&limit=5")).toEqual({ ok: true, value: { page: 3, limit: 5 } });
    expect(parse("?limit=100&page=999999999&utm_source=x")).toEqual({
      ok: true,
      value: { page: 999999999, limit: 100 },
    });
  });

  it.each([
    ["?page=0", "page must be a whole number from 1"],
    ["?page=-1", "page must be a whole number from 1"],
    ["?page=01", "page must be a whole number from 1"],
    ["?page=1.5", "page must be a whole number from 1"],
    ["?page=two", "page must be a whole number from 1"],
    ["?page=", "page must be a whole number from 1"],
    ["?page=1000000000", "page must be a whole number from 1"],
    ["?page=%201", "page must be a whole number from 1"],
    ["?limit=0", "limit must be a whole number from 1 to 100"],
    ["?limit=101", "limit must be a whole number from 1 to 100"],
    ["?limit=1e2", "limit must be a whole number from 1 to 100"],
    ["?page=1&page=2", "page and limit may each be given once"],
    ["?limit=5&limit=5", "page and limit may each be given once"],
  ])("%s is a 400: %s", (search, reason) => {
    expect(parse(search)).toEqual({ ok: false, reason });
  });
});
