import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Two projects: everything on Node, and the Worker inside workerd. Both need the
// sample site compiled first (test/global-setup.ts builds it into dist/site).
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
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "workerd", include: ["test/worker/**/*.test.ts"] },
      },
    ],
  },
});
