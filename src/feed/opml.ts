import type { ListInfo, Manifest } from "../store/data-layout.js";
import { feedPath, listPath } from "../urls.js";
import { describeList } from "./page.js";
import { el, textEl, writeXml } from "./xml.js";

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
  // `text` is what an outliner shows; written once as an attribute value, it reads back as the name.
  const outline = (list: ListInfo) =>
    el("outline", {
      type: "rss",
      text: describeList(list, site).title,
      title: describeList(list, site).title,
      xmlUrl: site.baseUrl + feedPath(list, "rss"),
      htmlUrl: site.baseUrl + listPath(list),
      version: "RSS2",
      language: site.language,
    });
  const groups = GROUPS.map(([kind, text]) =>
    el("outline", { text }, lists.filter((l) => l.kind === kind).map(outline)),
  );
  const doc = el("", {}, [
    el("opml", { version: "2.0" }, [
      el("head", {}, [
        textEl("title", `${site.title} — all feeds`),
        ...(newest ? [textEl("dateModified", new Date(newest).toUTCString())] : []),
        textEl("ownerName", site.author.name),
      ]),
      el(
        "body",
        {},
        groups.filter((group) => (group.elements ?? []).length > 0),
      ),
    ]),
  ]);
  return writeXml(doc, "opml");
}
