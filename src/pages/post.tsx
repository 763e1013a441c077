import type { Item, ListInfo, Manifest } from "../store/layout.js";
import { categoryPath, postPath, tagPath } from "../urls.js";
import { formatDate, Layout } from "./layout.js";

/** A post in the shape of a news article: category, title, byline, lead image, summary box, body, related. */
export function PostPage({ manifest, item, feeds }: { manifest: Manifest; item: Item; feeds: ListInfo[] }) {
  const { site } = manifest;
  const description = item.summary.join(" ") || item.title;
  const image = item.image;
  return (
    <Layout
      manifest={manifest}
      title={`${item.title} — ${site.title}`}
      description={description}
      canonical={item.url}
      feeds={feeds}
    >
      <article class="post">
        {item.category && (
          <a class="category" href={categoryPath(item.category.slug)}>
            {item.category.name}
          </a>
        )}
        <h1>{item.title}</h1>
        <p class="byline">
          {item.authors.map((a, i) => (
            <>
              {i > 0 && ", "}
              <a href={`/authors/${encodeURIComponent(a.slug)}`} rel="author">
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
        {image && (
          <figure class="lead-image">
            <img src={image.url} alt={image.alt} width={image.width} height={image.height} />
            {(image.caption || image.credit) && (
              <figcaption>
                {image.caption && <span class="caption">{image.caption}</span>}
                {image.credit && <span class="credit">Images source: {image.credit}</span>}
              </figcaption>
            )}
          </figure>
        )}
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
                <a href={tagPath(t.slug)} rel="tag">
                  {t.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      </article>
      {item.related.length > 0 && (
        <section class="related" aria-labelledby="related-heading">
          <h2 id="related-heading">Related content</h2>
          <ul>
            {item.related.map((r) => (
              <li>
                {r.image && (
                  <img
                    src={r.image.url}
                    alt=""
                    width={160}
                    height={r.image.width && r.image.height ? Math.round((160 * r.image.height) / r.image.width) : 90}
                    loading="lazy"
                  />
                )}
                <a href={postPath(r.slug)}>{r.title}</a>
                <time datetime={r.published}>{formatDate(r.published, site.language)}</time>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
