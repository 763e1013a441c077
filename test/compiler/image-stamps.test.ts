import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IMAGE_STAMPS_FILE, stampedImages } from "../../src/compiler/image-stamps.js";
import { imageFacts } from "../../src/compiler/item.js";
import { publicFileReader } from "../../src/compiler/load.js";
import { fileStamp } from "../../src/compiler/public-files.js";
import { defaultSiteConfig } from "../../src/config/site-config.js";

const site = { ...defaultSiteConfig, baseUrl: "https://news.example" };
const URL_OF = "https://news.example/images/a.jpg";

describe("stampedImages: lead images measured once, then stat'ed", () => {
  const dir = mkdtempSync(join(tmpdir(), "feedloom-stamps-"));
  const publicDir = join(dir, "public");
  const builds = join(dir, ".site.builds");
  mkdirSync(join(publicDir, "images"), { recursive: true });
  mkdirSync(builds);
  const image = join(publicDir, "images", "a.jpg");
  copyFileSync("public/images/us-combat-base-japan.jpg", image);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** One build's reader: the facts of the image and how many times its bytes were read. */
  function build(started = Date.now()) {
    let reads = 0;
    const plain = publicFileReader(publicDir);
    const counted = (path: string) => {
      reads++;
      return plain(path);
    };
    const images = stampedImages(counted, (urlPath) => fileStamp(join(publicDir, urlPath)), builds, started);
    const facts = imageFacts(URL_OF, "/images/a.jpg", site, images.read);
    images.save();
    return { facts, reads };
  }
  const past = (ms: number) => new Date(Date.now() - ms);

  it("reads and measures an image the first time, then only stats it while it is unchanged", () => {
    utimesSync(image, past(60_000), past(60_000));
    const first = build();
    expect(first.reads).toBe(1);
    expect(first.facts).toMatchObject({ type: "image/jpeg", width: expect.any(Number), length: expect.any(Number) });
    expect(existsSync(join(builds, IMAGE_STAMPS_FILE))).toBe(true);
    const second = build();
    expect(second).toEqual({ facts: first.facts, reads: 0 });
    // What the second build reused is saved again: a third one reuses it too.
    expect(build().reads).toBe(0);
  });

  it("reads the image again when it changed, even with its old times put back", () => {
    const before = build();
    writeFileSync(image, Buffer.alloc(8), { flag: "a" });
    utimesSync(image, past(60_000), past(60_000));
    const after = build();
    expect(after.reads).toBe(1);
    expect((after.facts as { length: number }).length).toBe((before.facts as { length: number }).length + 8);
  });

  it("does not trust a file modified within 2 s of the build that measured it (racy)", () => {
    utimesSync(image, past(500), past(500));
    expect(build().reads).toBe(1);
    expect(build().reads).toBe(1);
  });

  it("keeps the facts of images a build did not ask about (a patched rebuild's few)", () => {
    const other = join(publicDir, "images", "b.jpg");
    copyFileSync("public/images/us-combat-base-japan.jpg", other);
    utimesSync(image, past(60_000), past(60_000));
    utimesSync(other, past(60_000), past(60_000));
    const both = (started = Date.now()) => {
      let reads = 0;
      const plain = publicFileReader(publicDir);
      const images = stampedImages(
        (path) => {
          reads++;
          return plain(path);
        },
        (urlPath) => fileStamp(join(publicDir, urlPath)),
        builds,
        started,
      );
      return { images, reads: () => reads };
    };
    const first = both();
    imageFacts(URL_OF, "/images/a.jpg", site, first.images.read);
    imageFacts("https://news.example/images/b.jpg", "/images/b.jpg", site, first.images.read);
    first.images.save();
    // Only a.jpg asked about, and measured again (it changed): b.jpg's facts stay.
    writeFileSync(image, Buffer.alloc(8), { flag: "a" });
    utimesSync(image, past(60_000), past(60_000));
    const second = both();
    imageFacts(URL_OF, "/images/a.jpg", site, second.images.read);
    second.images.save();
    expect(second.reads()).toBe(1);
    const third = both();
    imageFacts("https://news.example/images/b.jpg", "/images/b.jpg", site, third.images.read);
    expect(third.reads()).toBe(0);
  });

  it("measures every image when the saved facts are unreadable", () => {
    utimesSync(image, past(60_000), past(60_000));
    writeFileSync(join(builds, IMAGE_STAMPS_FILE), "{not json");
    expect(build().reads).toBe(1);
    expect(build().reads).toBe(0);
  });
});
