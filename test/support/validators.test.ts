import { describe, expect, it } from "vitest";
import { checkWellFormedXml, isRfc3339, parseWithFeedparser, validateAtom, validateJsonFeed } from "./validators.js";

// jing starts a JVM per call (~0.5 s here); give slow CI machines room.
const SLOW = 30_000;

const ATOM_NS = "http://www.w3.org/2005/Atom";

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

function atomFeed(entry: string, extraNs = ""): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="${ATOM_NS}"${extraNs}>
  <title>Example</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <updated>2024-01-02T03:04:05Z</updated>
  <author><name>Jane</name></author>
  <link rel="self" href="https://example.org/atom.xml"/>
  <link href="https://example.org/"/>
${entry}
</feed>
`;
}

const VALID_ENTRY = `  <entry>
    <title>Hello &amp; welcome</title>
    <id>https://example.org/posts/hello</id>
    <updated>2024-01-02T03:04:05Z</updated>
    <published>2024-01-01T00:00:00+01:00</published>
    <link rel="alternate" type="text/html" href="https://example.org/posts/hello"/>
    <category term="news" scheme="https://example.org/tags/" label="News"/>
    <summary type="html">&lt;p&gt;Hi&lt;/p&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <em>there</em></p></div></content>
  </entry>`;

const VALID_ATOM = atomFeed(VALID_ENTRY);

describe("checkWellFormedXml", () => {
  it("accepts a well-formed feed", () => {
    expect(checkWellFormedXml(VALID_ATOM)).toEqual([]);
    expect(checkWellFormedXml(`\uFEFF${VALID_ATOM}`)).toEqual([]);
  });

  it("accepts CDATA, comments, PIs and character references", () => {
    const xml = `<?xml version="1.0"?><!-- c --><a b="&#x3C;&lt;"><![CDATA[ a < b && ]]]]><?pi x?>&#233;&#x1F600;</a>`;
    expect(checkWellFormedXml(xml)).toEqual([]);
  });

  it("rejects broken nesting (XMLValidator)", () => {
    const errors = checkWellFormedXml("<a><b></a></b>");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^1:\d+: InvalidTag/);
  });

  it("rejects a bare ampersand", () => {
    expect(checkWellFormedXml("<a>Tom & Jerry</a>").join()).toMatch(/&/);
  });

  it("rejects what XMLValidator alone lets through", () => {
    const cases: Record<string, RegExp> = {
      "<a>&nbsp;</a>": /undefined entity &nbsp;/,
      "<a>x\u0001y</a>": /U\+0001 is not allowed/,
      '<a t="\u000b"/>': /U\+000B is not allowed/,
      "<a>\uFFFE</a>": /U\+FFFE is not allowed/,
      "<a>&#0;</a>": /character reference &#0;/,
      "<a/><b/>": /only one root element/,
      "<a/>junk": /text is not allowed outside the root element/,
      '<a x="<"/>': /"<" is not allowed in the value/,
      "<a>]]></a>": /"]]>" is not allowed/,
      "<a><!-- x -- y --></a>": /"--" is not allowed inside a comment/,
      '<rss><item><media:content url="x"/></item></rss>': /prefix "media" of element <media:content> is not declared/,
      '<a x:y="1"/>': /prefix "x" of attribute "x:y" is not declared/,
    };
    for (const [xml, expected] of Object.entries(cases)) {
      const errors = checkWellFormedXml(xml);
      expect(errors.join("\n"), xml).toMatch(expected);
    }
  });

  it("reports the position of an error", () => {
    expect(checkWellFormedXml("<a>\n  <b>&copy;</b>\n</a>")).toEqual([
      "2:6: undefined entity &copy; (XML only predefines amp, lt, gt, quot, apos)",
    ]);
  });

  it("honours entities declared in an internal DTD subset", () => {
    expect(checkWellFormedXml('<!DOCTYPE a [<!ENTITY foo "bar">]><a>&foo;</a>')).toEqual([]);
  });

  it("honours namespace declarations on ancestors and the predeclared xml prefix", () => {
    const xml = `<r xmlns:m="urn:m"><m:a xml:lang="en"><m:b m:c="1"/></m:a></r>`;
    expect(checkWellFormedXml(xml)).toEqual([]);
    expect(checkWellFormedXml(`<r><s xmlns:m="urn:m"/><m:a/></r>`).join()).toMatch(/prefix "m"/);
  });
});

describe("validateAtom (jing + RFC 4287 schema)", () => {
  it(
    "accepts a valid feed, including a media:content extension",
    async () => {
      expect(await validateAtom(VALID_ATOM)).toEqual([]);
      const withMedia = atomFeed(
        VALID_ENTRY.replace(
          "</entry>",
          '<media:content url="https://example.org/a.jpg" medium="image"><media:credit>Jane</media:credit></media:content></entry>',
        ),
        ' xmlns:media="http://search.yahoo.com/mrss/"',
      );
      expect(await validateAtom(withMedia)).toEqual([]);
    },
    SLOW,
  );

  it(
    "rejects a category without term",
    async () => {
      const errors = await validateAtom(VALID_ATOM.replace('<category term="news"', "<category"));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^\d+:\d+: error: element "category" missing required attribute "term"/);
    },
    SLOW,
  );

  it(
    "rejects an entry without id",
    async () => {
      const errors = await validateAtom(VALID_ATOM.replace("<id>https://example.org/posts/hello</id>", ""));
      expect(errors.join("\n")).toMatch(/element "entry" incomplete; missing required element "id"/);
    },
    SLOW,
  );

  it(
    "rejects a date that is not xsd:dateTime",
    async () => {
      const errors = await validateAtom(
        VALID_ATOM.replace("2024-01-01T00:00:00+01:00", "Mon, 01 Jan 2024 00:00:00 GMT"),
      );
      expect(errors.join("\n")).toMatch(/published/);
    },
    SLOW,
  );

  it(
    "reports malformed XML instead of passing it",
    async () => {
      const errors = await validateAtom("<feed xmlns='http://www.w3.org/2005/Atom'><title>x</feed>");
      expect(errors.length).toBeGreaterThan(0);
    },
    SLOW,
  );
});

describe("parseWithFeedparser", () => {
  it("parses a valid Atom feed", async () => {
    const r = await parseWithFeedparser(VALID_ATOM);
    expect(r.bozo).toBe(0);
    expect(r.bozo_exception).toBeNull();
    expect(r.version).toBe("atom10");
    expect(r.feed.title).toBe("Example");
    expect(r.feed.links.map((l) => l.rel)).toEqual(["self", "alternate"]);
    const e = only(r.entries);
    expect(e.id).toBe("https://example.org/posts/hello");
    expect(e.title).toBe("Hello & welcome");
    expect(e.link).toBe("https://example.org/posts/hello");
    expect(e.tags).toEqual([{ term: "news", scheme: "https://example.org/tags/", label: "News" }]);
    expect(e.summary).toBe("<p>Hi</p>");
    expect(e.content[0]?.value).toContain("<em>there</em>");
    expect(e.published_parsed).toBe("2023-12-31T23:00:00Z");
    expect(e.updated_parsed).toBe("2024-01-02T03:04:05Z");
  });

  it("exposes RSS enclosures and Media RSS fields", async () => {
    const rss = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
  <title>R</title><link>https://example.org/</link><description>d</description><language>en-gb</language>
  <item>
    <title>Ep 1</title><link>https://example.org/1</link><guid isPermaLink="false">ep-1</guid>
    <description>Summary</description>
    <pubDate>Tue, 02 Jan 2024 03:04:05 GMT</pubDate>
    <enclosure url="https://example.org/1.mp3" type="audio/mpeg" length="1234"/>
    <media:content url="https://example.org/1.jpg" medium="image" type="image/jpeg">
      <media:credit role="photographer">Jane</media:credit>
    </media:content>
  </item>
</channel></rss>`;
    const r = await parseWithFeedparser(rss);
    expect(r.bozo).toBe(0);
    expect(r.version).toBe("rss20");
    expect(r.feed.language).toBe("en-gb");
    const e = only(r.entries);
    expect(e.id).toBe("ep-1");
    expect(e.published_parsed).toBe("2024-01-02T03:04:05Z");
    expect(e.enclosures).toEqual([
      { href: "https://example.org/1.mp3", type: "audio/mpeg", length: "1234", rel: null },
    ]);
    expect(e.media_content).toEqual([{ url: "https://example.org/1.jpg", medium: "image", type: "image/jpeg" }]);
    expect(e.media_credit).toEqual([{ role: "photographer", content: "Jane" }]);
  });

  it("flags malformed XML as bozo", async () => {
    const r = await parseWithFeedparser("<rss version='2.0'><channel><title>A & B</title></channel></rss>");
    expect(r.bozo).toBe(1);
    expect(r.bozo_exception).toMatch(/SAXParseException/);
  });

  it("keeps non-ASCII text intact", async () => {
    const r = await parseWithFeedparser(atomFeed("").replace("<title>Example</title>", "<title>Café ✓ 😀</title>"));
    expect(r.feed.title).toBe("Café ✓ 😀");
  });
});

describe("validateJsonFeed", () => {
  const valid = () => ({
    version: "https://jsonfeed.org/version/1.1",
    title: "Example",
    home_page_url: "https://example.org/",
    feed_url: "https://example.org/feed.json",
    authors: [{ name: "Jane", url: "mailto:jane@example.org" }],
    language: "en-GB",
    expired: false,
    hubs: [{ type: "WebSub", url: "https://hub.example.org/" }],
    _custom: { about: "https://example.org/ext" },
    items: [
      {
        id: "https://example.org/1",
        url: "https://example.org/1",
        title: "One",
        content_html: "<p>One</p>",
        date_published: "2024-01-02T03:04:05Z",
        date_modified: "2024-01-02T04:04:05.123+01:00",
        tags: ["a", "b"],
        attachments: [{ url: "https://example.org/1.mp3", mime_type: "audio/mpeg", size_in_bytes: 1234 }],
        _image: { alt: "x" },
      },
      { id: "2", content_text: "Two" },
    ],
  });

  it("accepts a valid feed (object or JSON text)", () => {
    expect(validateJsonFeed(valid())).toEqual([]);
    expect(validateJsonFeed(JSON.stringify(valid()))).toEqual([]);
  });

  it("rejects the 1.0 version string and missing required fields", () => {
    expect(validateJsonFeed({ version: "https://jsonfeed.org/version/1" })).toEqual([
      'feed.version: must be exactly "https://jsonfeed.org/version/1.1" (got "https://jsonfeed.org/version/1")',
      "feed.title: required, must be a string",
      "feed.items: required, must be an array",
    ]);
  });

  it("rejects item problems", () => {
    const feed = valid();
    const [one = {}, two = {}] = feed.items as Record<string, unknown>[];
    delete one.content_html;
    one.date_published = "2024-01-02 03:04:05";
    one.url = "/posts/1";
    one.tags = ["a", 1];
    one.author = { name: "Jane" };
    one.attachments = [{ url: "https://example.org/a" }];
    delete two.id;
    (feed.items as unknown[]).push(
      { id: 3, content_text: "x" },
      { id: "", content_text: "x" },
      { id: "https://example.org/1", content_text: "dup" },
    );
    expect(validateJsonFeed(feed)).toEqual([
      "items[0]: needs content_html or content_text (or both)",
      'items[0].url: must be an absolute URL (got "/posts/1")',
      'items[0].date_published: must be an RFC 3339 date-time (got "2024-01-02 03:04:05")',
      'items[0].author: deprecated JSON Feed 1.0 field; use "authors" (an array)',
      "items[0].tags: must be an array of strings",
      "items[0].attachments[0].mime_type: required, must be a string",
      "items[1].id: required, must be a non-empty string",
      "items[2].id: must be a non-empty string (got 3)",
      'items[3].id: must be a non-empty string (got "")',
      'items[4].id: duplicate of items[0].id ("https://example.org/1")',
    ]);
  });

  it("rejects unknown keys, bad extensions, bad authors, hubs and URLs", () => {
    const feed = {
      ...valid(),
      subtitle: "nope",
      _: 1,
      author: { name: "Jane" },
      authors: [{}, { email: "x@y" }],
      hubs: [{ type: "WebSub" }],
      icon: "icon.png",
      expired: "no",
      language: "en_US",
    };
    expect(validateJsonFeed(feed)).toEqual([
      'feed.subtitle: unknown key (custom extensions must start with "_")',
      'feed._: extension names must be "_" followed by a letter',
      'feed.icon: must be an absolute URL (got "icon.png")',
      'feed.author: deprecated JSON Feed 1.0 field; use "authors" (an array)',
      "feed.authors[0]: needs at least one of name, url, avatar",
      'feed.authors[1].email: unknown key (custom extensions must start with "_")',
      "feed.authors[1]: needs at least one of name, url, avatar",
      'feed.language: must be a language tag string such as "en" or "en-US" (got "en_US")',
      "feed.expired: must be a boolean",
      "feed.hubs[0].url: required, must be an absolute URL",
    ]);
  });

  it("checks RFC 3339 dates properly", () => {
    for (const ok of ["2024-02-29T00:00:00Z", "2024-01-01t10:00:00.5z", "1999-12-31T23:59:60-08:00"])
      expect(isRfc3339(ok), ok).toBe(true);
    for (const bad of [
      "2023-02-29T00:00:00Z",
      "2024-01-01T00:00:00",
      "2024-01-01",
      "2024-13-01T00:00:00Z",
      "2024-01-01T24:00:00Z",
    ])
      expect(isRfc3339(bad), bad).toBe(false);
  });
});
