import type { Registry } from "../registry.js";
import type { ListInfo, Manifest } from "../store/data-layout.js";
import { Layout } from "./layout.js";

export function NotFoundPage({ manifest, registry, path }: { manifest: Manifest; registry: Registry; path: string }) {
  return (
    <Layout
      manifest={manifest}
      registry={registry}
      title={`Not found — ${manifest.site.title}`}
      description="This page does not exist."
      canonical={`${manifest.site.baseUrl}/`}
      feeds={[manifest.lists.site as ListInfo]}
    >
      <h1>Not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. Try the <a href="/">front page</a> or one of the feeds below.
      </p>
    </Layout>
  );
}
