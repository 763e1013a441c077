import { actorPath } from "../activitypub/paths.js";
import { termHeading } from "../lists/kinds.js";
import { formatDate } from "../present/fragments.js";
import type { Registry } from "../registry.js";
import type { Item, ListInfo, Manifest } from "../store/data-layout.js";
import { postPath } from "../urls.js";
import { Layout } from "./layout.js";

export interface ListPageProps {
  manifest: Manifest;
  registry: Registry;
  list: ListInfo;
  title: string;
  description: string;
  canonical: string;
  items: Item[];
  page: number;
  pages: number;
  pageHref: (page: number) => string;
}

/** The index, and the page of a tag, category or author: newest first, paged. */
export function ListPage({
  manifest,
  registry,
  list,
  title,
  description,
  canonical,
  items,
  page,
  pages,
  pageHref,
}: ListPageProps) {
  const site = manifest.lists.site as ListInfo;
  const feeds = list.kind === "site" ? [site] : [list, site];
  return (
    <Layout
      manifest={manifest}
      registry={registry}
      title={title}
      description={description}
      canonical={canonical}
      feeds={feeds}
      // The home page names the site's fediverse actor (src/activitypub/).
      {...(list.kind === "site" && {
        head: (
          <link
            rel="alternate"
            type="application/activity+json"
            href={manifest.site.baseUrl + actorPath(manifest.site.activityPub.username)}
          />
        ),
      })}
    >
      <h1>{list.kind === "site" ? "Latest news" : termHeading(list, registry.kinds)}</h1>
      {items.length === 0 ? (
        <p class="empty">Nothing published yet. Add a Markdown file to the posts folder and it appears here.</p>
      ) : (
        <ol class="post-list">
          {items.map((item) => (
            <li>
              {item.category && <span class="category">{item.category.name}</span>}
              <h2>
                <a href={postPath(item.slug)}>{item.title}</a>
              </h2>
              <p class="byline">
                {item.authors.map((a) => a.name).join(", ")} ·{" "}
                <time datetime={item.published}>{formatDate(item.published, manifest.site.language)}</time>
              </p>
              {item.summary[0] && <p>{item.summary[0]}</p>}
            </li>
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {page > 1 && (
            <a href={pageHref(page - 1)} rel="prev">
              Newer
            </a>
          )}
          <span>
            Page {page} of {pages}
          </span>
          {page < pages && (
            <a href={pageHref(page + 1)} rel="next">
              Older
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
