import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { siteServer } from "../../src/node/http-server.js";
import { createNodeApp } from "../../src/node/site-app.js";
import { READER_CASES } from "../readers.js";

/** The sample site that test/global-setup.ts compiled. */
const SAMPLE = inject("sampleSite");

// The Node server as `npm start` runs it (with its response cache), over real HTTP.
describe("HTTP that readers rely on, from the Node server", () => {
  const { server } = siteServer(createNodeApp(SAMPLE));
  let base = "";
  beforeAll(
    () =>
      new Promise<void>((ready) =>
        server.listen(0, "127.0.0.1", () => {
          base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          ready();
        }),
      ),
  );
  afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

  for (const [name, check] of Object.entries(READER_CASES)) {
    it(name, () => check((path, init) => fetch(base + path, init)));
  }
});
