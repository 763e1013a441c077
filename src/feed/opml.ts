import { REGISTRY, type Registry } from "../registry.js";
import type { ListInfo, Manifest } from "../store/data-layout.js";
import { feedPath, listPath } from "../urls.js";
import { FEED_FORMATS } from "./formats.js";
import { describeList } from "./page.js";
import { el, textEl, writeXml } from "./xml.js";

/**
 * OPML 2.0 listing the RSS feed of every list (the one format every outliner takes), grouped by
 * kind in the registry's order, for one-click import.
 */
export function toOpml(manifest: Manifest, { kinds }: Registry = REGISTRY): string {
  const { site } = manifest;
  const lists = Object.values(manifest.lists).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const newest = manifest.lists.site?.updated;
  // `text` is what an outliner shows; written once as an attribute value, it reads back as the name.
  const outline = (list: ListInfo) =>
    el("outline", {
      type: "rss",
      text: describeList(list, site, kinds).title,
      title: describeList(list, site, kinds).title,
      xmlUrl: site.baseUrl + feedPath(list, FEED_FORMATS.rss, kinds),
      htmlUrl: site.baseUrl + listPath(list, kinds),
      version: "RSS2",
      language: site.language,
    });
  const groups = Object.entries(kinds).map(([kind, { group }]) =>
    el("outline", { text: group }, lists.filter((l) => l.kind === kind).map(outline)),
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
