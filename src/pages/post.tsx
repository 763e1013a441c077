import { formatDate, LeadFigure, RelatedSection } from "../present/fragments.js";
import type { Registry } from "../registry.js";
import type { Item, ListInfo, Manifest } from "../store/data-layout.js";
import { listPath } from "../urls.js";
import { Layout } from "./layout.js";

/** A post in the shape of a news article: category, title, byline, lead image, summary box, body, related. */
export function PostPage({
  manifest,
  registry,
  item,
  feeds,
}: {
  manifest: Manifest;
  registry: Registry;
  item: Item;
  feeds: ListInfo[];
}) {
  const { site } = manifest;
  const description = item.summary.join(" ") || item.title;
  const image = item.image;
  return (
    <Layout
      manifest={manifest}
      registry={registry}
      title={`${item.title} — ${site.title}`}
      description={description}
      canonical={item.url}
      feeds={feeds}
      ogType="article"
      {...(image && { image })}
      head={
        <>
          <meta property="article:published_time" content={item.published} />
          <meta property="article:modified_time" content={item.updated} />
          {item.category && <meta property="article:section" content={item.category.name} />}
          {item.tags.map((t) => (
            <meta property="article:tag" content={t.name} />
          ))}
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: newsArticle(item, manifest) }} />
          {/* The post's Article, by content negotiation at its own URL (src/activitypub/). */}
          <link rel="alternate" type="application/activity+json" href={item.url} />
        </>
      }
    >
      <article class="post">
        {item.category && (
          <a class="category" href={listPath({ kind: "category", slug: item.category.slug })}>
            {item.category.name}
          </a>
        )}
        <h1>{item.title}</h1>
        <p class="byline">
          {item.authors.map((a, i) => (
            <>
              {i > 0 && ", "}
              <a href={listPath({ kind: "author", slug: a.slug })} rel="author">
                {a.name}
              </a>
            </>
          ))}
          {" · "}
          <time datetime={item.published}>{formatDate(item.published, site.language)}</time>
          {item.updated !== item.published && (
            <>
              {" · Updated "}
              <time datetime={item.updated}>{formatDate(item.updated, site.language)}</time>
            </>
          )}
        </p>
        <LeadFigure image={image} />
        {item.summaryHtml.length > 0 && (
          <section class="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading">What do you need to know?</h2>
            <ul>
              {item.summaryHtml.map((html) => (
                <li dangerouslySetInnerHTML={{ __html: html }} />
              ))}
            </ul>
          </section>
        )}
        <div class="body" dangerouslySetInnerHTML={{ __html: item.contentHtml }} />
        {item.tags.length > 0 && (
          <ul class="tags" aria-label="Tags">
            {item.tags.map((t) => (
              <li>
                <a href={listPath({ kind: "tag", slug: t.slug })} rel="tag">
                  {t.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      </article>
      <RelatedSection related={item.related} language={site.language} />
    </Layout>
  );
}

/** schema.org NewsArticle as JSON-LD. A data block, never run: `<` is escaped so it cannot close the script. */
function newsArticle(item: Item, manifest: Manifest): string {
  const { site } = manifest;
  const data = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: item.title,
    ...(item.summary.length > 0 && { description: item.summary.join(" ") }),
    ...(item.image && { image: [item.image.url] }),
    datePublished: item.published,
    dateModified: item.updated,
    author: item.authors.map((a) => ({
      "@type": "Person",
      name: a.name,
      url: a.url ?? site.baseUrl + listPath({ kind: "author", slug: a.slug }),
    })),
    publisher: { "@type": "Organization", name: site.title, url: `${site.baseUrl}/` },
    mainEntityOfPage: item.url,
    ...(item.category && { articleSection: item.category.name }),
    ...(item.tags.length > 0 && { keywords: item.tags.map((t) => t.name).join(", ") }),
    inLanguage: site.language,
  };
  return JSON.stringify(data).replace(/</g, "\\u003c");
}
