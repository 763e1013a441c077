import { SELF } from "cloudflare:test";
import { describe, it } from "vitest";
import { READER_CASES } from "../readers.js";

describe("HTTP that readers rely on, from the Worker", () => {
  for (const [name, check] of Object.entries(READER_CASES)) {
    it(name, () => check((path, init) => SELF.fetch(`https://feeds.example${path}`, init)));
  }
});
