import { js2xml } from "xml-js";
import type { ListInfo, Manifest } from "../store/layout.js";
import { feedPath, listPath } from "../urls.js";
import { describeList } from "./page.js";
import { escapeHtml, xmlAttr, xmlText } from "./xml.js";

const GROUPS: [ListInfo["kind"], string][] = [
  ["site", "Everything"],
  ["category", "Categories"],
  ["tag", "Tags"],
  ["author", "Authors"],
];

/** OPML 2.0 listing the RSS feed of every list, grouped by kind, for one-click import. */
export function toOpml(manifest: Manifest): string {
  const { site } = manifest;
  const lists = Object.values(manifest.lists).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const newest = manifest.lists.site?.updated;
  const outline = (list: ListInfo) => ({
    _attributes: {
      type: "rss",
      // OPML's text may hold HTML: plain names are escaped as HTML.
      text: xmlAttr(escapeHtml(describeList(list, site).title)),
      title: xmlAttr(escapeHtml(describeList(list, site).title)),
      xmlUrl: xmlAttr(site.baseUrl + feedPath(list, "rss")),
      htmlUrl: xmlAttr(site.baseUrl + listPath(list)),
      version: "RSS2",
      language: site.language,
    },
  });
  return js2xml(
    {
      _declaration: { _attributes: { version: "1.0", encoding: "utf-8" } },
      opml: {
        _attributes: { version: "2.0" },
        head: {
          title: { _text: xmlText(`${site.title} — all feeds`) },
          ...(newest && { dateModified: { _text: new Date(newest).toUTCString() } }),
          ownerName: { _text: xmlText(site.author.name) },
        },
        body: {
          outline: GROUPS.map(([kind, text]) => ({
            _attributes: { text },
            outline: lists.filter((l) => l.kind === kind).map(outline),
          })).filter((group) => group.outline.length > 0),
        },
      },
    },
    { compact: true, spaces: 2 },
  );
}
