import type { ListInfo, Manifest } from "../store/data-layout.js";
import { Layout } from "./layout.js";

export function NotFoundPage({ manifest, path }: { manifest: Manifest; path: string }) {
  return (
    <Layout
      manifest={manifest}
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
