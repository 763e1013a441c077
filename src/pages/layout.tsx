import type { Child } from "hono/jsx";
import { formatList } from "../feed/formats.js";
import { describeList } from "../feed/page.js";
import { termHeading } from "../lists/kinds.js";
import type { Registry } from "../registry.js";
import type { ItemImage, ListInfo, Manifest } from "../store/data-layout.js";
import { feedPath, listPath } from "../urls.js";

export interface LayoutProps {
  manifest: Manifest;
  /** The list kinds and feed formats the autodiscovery links and the subscribe block name. */
  registry: Registry;
  title: string;
  description: string;
  canonical: string;
  /** Lists whose feeds this page advertises, the site's first. */
  feeds: ListInfo[];
  /** Open Graph type: "article" on posts. */
  ogType?: "website" | "article";
  image?: ItemImage;
  head?: Child;
  children?: Child;
}

/** The frame of every page: autodiscovery links, header, the subscribe block and footer. */
export function Layout(props: LayoutProps) {
  const { manifest, registry, title, description, canonical, feeds, head, children, image, ogType = "website" } = props;
  const { site } = manifest;
  const categories = Object.values(manifest.lists)
    .filter((l) => l.kind === "category")
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  return (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description} />
        <link rel="canonical" href={canonical} />
        <link rel="stylesheet" href="/site.css" />
        <link rel="icon" href="/favicon.ico" />
        <meta property="og:site_name" content={site.title} />
        <meta property="og:type" content={ogType} />
        <meta property="og:title" content={title} />
        <meta property="og:description" content={description} />
        <meta property="og:url" content={canonical} />
        <meta property="og:locale" content={site.language.replace("-", "_")} />
        <meta name="twitter:card" content={image ? "summary_large_image" : "summary"} />
        <meta name="twitter:title" content={title} />
        <meta name="twitter:description" content={description} />
        {image && (
          <>
            <meta property="og:image" content={image.url} />
            {image.type && <meta property="og:image:type" content={image.type} />}
            {image.width && <meta property="og:image:width" content={String(image.width)} />}
            {image.height && <meta property="og:image:height" content={String(image.height)} />}
            {image.alt && <meta property="og:image:alt" content={image.alt} />}
            <meta name="twitter:image" content={image.url} />
            {image.alt && <meta name="twitter:image:alt" content={image.alt} />}
          </>
        )}
        {feeds.flatMap((list) =>
          formatList(registry.formats).map((format) => (
            <link
              rel="alternate"
              type={format.mediaType}
              title={`${describeList(list, site, registry.kinds).title} (${format.name})`}
              href={site.baseUrl + feedPath(list, format, registry.kinds)}
            />
          )),
        )}
        {head}
      </head>
      <body>
        <header class="site-header">
          <a class="site-title" href="/">
            {site.title}
          </a>
          <p class="site-description">{site.description}</p>
          {categories.length > 0 && (
            <nav class="site-nav" aria-label="Categories">
              <ul>
                {categories.map((c) => (
                  <li>
                    <a href={listPath(c, registry.kinds)}>{c.name}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main>{children}</main>
        <Subscribe manifest={manifest} registry={registry} feeds={feeds} />
        <footer class="site-footer">
          <p>{site.copyright}</p>
        </footer>
      </body>
    </html>
  );
}

/** Feed URLs a reader can copy, and the OPML of every feed. */
export function Subscribe({
  manifest,
  registry,
  feeds,
}: {
  manifest: Manifest;
  registry: Registry;
  feeds: ListInfo[];
}) {
  const { site } = manifest;
  const { kinds } = registry;
  return (
    <aside class="subscribe" aria-labelledby="subscribe-heading">
      <h2 id="subscribe-heading">Subscribe</h2>
      <p>Paste a feed address into your feed reader.</p>
      {feeds.map((list) => (
        <div class="feed-group">
          <h3>{list.kind === "site" ? kinds.site?.group : termHeading(list, kinds)}</h3>
          <ul>
            {formatList(registry.formats).map((format) => (
              <li>
                <a href={site.baseUrl + feedPath(list, format, kinds)} type={format.mediaType}>
                  {format.name}
                </a>{" "}
                <code>{site.baseUrl + feedPath(list, format, kinds)}</code>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p>
        All feeds at once: <a href="/opml.xml">OPML</a>
      </p>
    </aside>
  );
}
