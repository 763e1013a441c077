import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Three projects: everything on Node, the Worker inside workerd, and the Worker with [vars]. All need the
// sample site compiled first: test/global-setup.ts builds it into a temporary folder and provides it as
// `sampleSite`, which the workerd projects serve as their Static Assets (over wrangler.toml's dist/site).
const sampleAssets = ({ inject }: { inject: (key: "sampleSite") => string }) => ({ directory: inject("sampleSite") });
export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: { name: "node", include: ["test/**/*.test.ts", "test/**/*.test.tsx"], exclude: ["test/worker/**"] },
      },
      {
        extends: true,
        plugins: [
          cloudflareTest((context) => ({
            wrangler: { configPath: "./wrangler.toml" },
            // The hub delivers to a subscriber on 127.0.0.1 (test/global-setup.ts).
            // The fediverse follower is on loopback too; the sync token is the test's own (test/worker/activitypub.test.ts).
            // CONTENT: the R2 bucket of CONTENT_STORE=r2 (test/worker/r2.test.ts); commented out in wrangler.toml.
            miniflare: {
              bindings: { ALLOW_PRIVATE_ADDRESSES: "true", ACTIVITYPUB_SYNC_TOKEN: "test-sync-token" },
              r2Buckets: ["CONTENT"],
              assets: sampleAssets(context),
            },
          })),
        ],
        test: { name: "workerd", include: ["test/worker/**/*.test.ts"], exclude: ["test/worker/vars/**"] },
      },
      {
        // The same Worker with run-time settings in its wrangler.toml [vars].
        extends: true,
        plugins: [
          cloudflareTest((context) => ({
            wrangler: { configPath: "./test/worker/vars/wrangler.toml" },
            miniflare: { assets: sampleAssets(context) },
          })),
        ],
        test: { name: "workerd-vars", include: ["test/worker/vars/**/*.test.ts"] },
      },
    ],
  },
});
