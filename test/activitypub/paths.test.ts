import { describe, expect, it } from "vitest";
import {
  hasActivityRepresentation,
  isFederationPath,
  isInboxPath,
  wantsActivityJson,
} from "../../src/activitypub/paths.js";

// The one rule for which requests are ActivityPub's: the app, the Node response cache and the
// Worker's edge cache all follow it, so no cache answers one representation with the other.
describe("wantsActivityJson", () => {
  const cases: [string | undefined, boolean][] = [
    ["application/activity+json", true],
    ['application/ld+json; profile="https://www.w3.org/ns/activitystreams"', true],
    ['application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"', true],
    ["application/ld+json", false],
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false],
    ["text/html, application/activity+json;q=0.5", false],
    ["application/activity+json, text/html;q=0.5", true],
    ["application/activity+json;q=0", false],
    ["*/*", false],
    ["", false],
    [undefined, false],
  ];
  for (const [accept, expected] of cases) {
    it(`${JSON.stringify(accept)} → ${expected}`, () => expect(wantsActivityJson(accept)).toBe(expected));
  }
});

describe("paths", () => {
  it("knows the federation's own paths and the pages with an ActivityPub twin", () => {
    for (const path of [
      "/.well-known/webfinger",
      "/.well-known/nodeinfo",
      "/nodeinfo/2.1",
      "/ap/inbox",
      "/ap/actors/news",
    ])
      expect(isFederationPath(path), path).toBe(true);
    for (const path of ["/", "/posts/x", "/rss.xml", "/.well-known/security.txt", "/apple"])
      expect(isFederationPath(path), path).toBe(false);
    expect(hasActivityRepresentation("/posts/riverside-tram-line-opens")).toBe(true);
    expect(hasActivityRepresentation("/tags/japan")).toBe(false);
  });
});

describe("isInboxPath", () => {
  it("names the shared inbox and each actor's, nothing else", () => {
    for (const path of ["/ap/inbox", "/ap/actors/news/inbox"]) expect(isInboxPath(path), path).toBe(true);
    for (const path of [
      "/ap/inbox/x",
      "/ap/actors/news",
      "/ap/actors/news/outbox",
      "/ap/sync",
      "/inbox",
      "/ap/actors//inbox",
    ])
      expect(isInboxPath(path), path).toBe(false);
  });
});
