import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/compiler/build-site.js";
import type { CompileOutput } from "../../src/compiler/compile.js";
import { snapshot } from "../support/snapshot.js";

/**
 * Random sequences of edits, adds, renames, deletes and breakages of a small posts folder: after each
 * step the rebuild from the previous build's state (from its output folder, or kept in memory as
 * `npm start` does) writes and reports exactly what a fresh build of the same folder does.
 */

const SLUGS = ["alpha", "beta", "gamma", "delta"];
const FOLDERS = ["", "2025/", "2026/"];
const TAGS = ["Rail", "Ports", "Energy", "Japan"];
const IMAGES = ["/images/rail-timetable-change.jpg", "/images/new-york-port-automation.jpg", "/images/missing.jpg"];
const BODIES = [
  "A short body.",
  "## A section\n\nWith a [link](https://example.com/) and a list:\n\n- one\n- two",
  "Liquid reads the site: {{ site.title }}.",
  // A site's own tag cannot be run: a warning made while parsing.
  "Before {% include note.html %} after.",
  // Nested past what the Markdown renderer follows: a warning made while rendering.
  `${"> ".repeat(120)}deep`,
];
/** Every date is before NOW but the last, which makes a scheduled post. */
const DATES = ["2025-01-05", "2025-06-30", "2026-02-14", "2026-11-24", "2027-03-01"];
const NOW = new Date("2026-11-25T00:00:00Z");

interface PostModel {
  title: string;
  date: string;
  tags: string[];
  draft: boolean;
  image?: string;
  related: string[];
  summary?: string;
  body: number;
}
type Breakage = "utf8" | "front matter" | "date";
interface FileModel {
  path: string;
  post: PostModel;
  broken?: Breakage;
}

const pathArb = fc.tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...SLUGS)).map(([f, s]) => `${f}${s}.md`);
const postArb: fc.Arbitrary<PostModel> = fc.record(
  {
    title: fc.constantFrom("Trams return", "Ports automate", "A grid for the sun", "Café opens"),
    date: fc.constantFrom(...DATES),
    tags: fc.subarray(TAGS),
    draft: fc.boolean(),
    image: fc.constantFrom(...IMAGES),
    related: fc.subarray([...SLUGS, "nowhere"], { maxLength: 2 }),
    summary: fc.constantFrom("**One:** a point.", "Two points, *emphasised*."),
    body: fc.nat(BODIES.length - 1),
  },
  { requiredKeys: ["title", "date", "tags", "draft", "related", "body"] },
);
type Edit = (post: PostModel) => PostModel;
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc
    .constantFrom("Retitled", "Another title")
    .map((title) => (p: PostModel) => ({ ...p, title: `${p.title} ${title}` })),
  fc.nat(BODIES.length - 1).map((body) => (p: PostModel) => ({ ...p, body })),
  fc.constantFrom("**Edited:** summary.", undefined).map((summary) => (p: PostModel) => ({ ...p, summary })),
  fc.constantFrom(...IMAGES, undefined).map((image) => (p: PostModel) => ({ ...p, image })),
  fc.subarray(TAGS).map((tags) => (p: PostModel) => ({ ...p, tags })),
  fc.constantFrom(...DATES).map((date) => (p: PostModel) => ({ ...p, date })),
  fc.constant((p: PostModel) => ({ ...p, draft: !p.draft })),
  fc.subarray(SLUGS, { maxLength: 2 }).map((related) => (p: PostModel) => ({ ...p, related })),
);
type Step =
  | { kind: "edit"; at: number; edit: Edit }
  | { kind: "add"; file: FileModel }
  | { kind: "rename"; at: number; path: string }
  | { kind: "delete"; at: number }
  | { kind: "break"; at: number; how: Breakage }
  | { kind: "fix"; at: number }
  | { kind: "image file"; image: number };
const stepArb: fc.Arbitrary<Step & { watch: boolean }> = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ kind: fc.constant("edit" as const), at: fc.nat(), edit: editArb }) },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant("add" as const), file: fc.record({ path: pathArb, post: postArb }) }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("rename" as const), at: fc.nat(), path: pathArb }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("break" as const),
          at: fc.nat(),
          how: fc.constantFrom<Breakage>("utf8", "front matter", "date"),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("fix" as const), at: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("image file" as const), image: fc.nat(1) }) },
    ),
    fc.boolean(),
  )
  .map(([step, watch]) => ({ ...step, watch }));

function fileBytes({ post, broken }: FileModel): Buffer {
  const lines = [
    `title: ${JSON.stringify(post.title)}`,
    `date: ${broken === "date" ? "07/08/2022" : post.date}`,
    `tags: ${JSON.stringify(post.tags)}`,
    ...(post.draft ? ["draft: true"] : []),
    ...(post.image ? [`image:\n  src: ${post.image}\n  alt: "An image"`] : []),
    ...(post.related.length > 0 ? [`related: ${JSON.stringify(post.related)}`] : []),
    ...(post.summary ? [`summary: ${JSON.stringify(post.summary)}`] : []),
    ...(broken === "front matter" ? ["tags: [unclosed"] : []),
  ];
  const text = `---\n${lines.join("\n")}\n---\n\n${BODIES[post.body]}\n`;
  // Latin-1 bytes of an "é": not UTF-8.
  return broken === "utf8" ? Buffer.from(`${text}Caf\xe9\n`, "latin1") : Buffer.from(text);
}

/** Applies a step to the model; the folder is rewritten from it. */
function apply(files: FileModel[], step: Step): FileModel[] {
  const at = "at" in step && files.length > 0 ? step.at % files.length : -1;
  const target = files[at];
  const others = files.filter((_, i) => i !== at);
  const free = (path: string) => !others.some((f) => f.path === path);
  switch (step.kind) {
    case "edit":
      return target ? [...others, { ...target, post: step.edit(target.post) }] : files;
    case "add":
      return files.some((f) => f.path === step.file.path) ? files : [...files, step.file];
    case "rename":
      return target && free(step.path) ? [...others, { ...target, path: step.path }] : files;
    case "delete":
      return others;
    case "break":
      return target ? [...others, { ...target, broken: step.how }] : files;
    case "fix": {
      if (!target) return files;
      const { broken: _, ...fixed } = target;
      return [...others, fixed];
    }
    case "image file":
      return files;
  }
}

describe("a rebuild after any sequence of changes equals a fresh build", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  const paths = { patched: 0, full: 0 };

  it("in files, problems and stats", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ path: pathArb, post: postArb }), {
          selector: (f) => f.path,
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(stepArb, { minLength: 1, maxLength: 8 }),
        (start, steps) => {
          const root = mkdtempSync(join(tmpdir(), "feedloom-rebuilds-"));
          roots.push(root);
          const posts = join(root, "posts");
          const publicDir = join(root, "public");
          cpSync("public", publicDir, { recursive: true });
          const build = (outDir: string, previous?: CompileOutput) =>
            buildSite({
              postsDir: posts,
              publicDir,
              outDir,
              env: {},
              now: NOW,
              ...(previous && { previous: previous.state }),
            });
          // Only what changed is written or removed, as an author's editor does.
          const write = (before: FileModel[], after: FileModel[]) => {
            for (const file of before) if (!after.some((f) => f.path === file.path)) rmSync(join(posts, file.path));
            for (const file of after) {
              const bytes = fileBytes(file);
              const was = before.find((f) => f.path === file.path);
              if (was && fileBytes(was).equals(bytes)) continue;
              mkdirSync(dirname(join(posts, file.path)), { recursive: true });
              writeFileSync(join(posts, file.path), bytes);
            }
          };
          mkdirSync(posts);
          let files: FileModel[] = start;
          write([], files);
          const incremental = join(root, "incremental");
          let last = build(incremental);
          for (const [n, step] of steps.entries()) {
            const next = apply(files, step);
            write(files, next);
            files = next;
            if (step.kind === "image file") {
              const [from, to] = step.image === 0 ? [IMAGES[1], IMAGES[0]] : [IMAGES[0], IMAGES[1]];
              cpSync(join("public", from as string), join(publicDir, to as string));
            }
            const output = build(incremental, step.watch ? last : undefined);
            if (output.patched) paths.patched++;
            else paths.full++;
            const freshDir = join(root, `fresh-${n}`);
            const fresh = build(freshDir);
            expect(output.problems).toEqual(fresh.problems);
            expect(output.stats).toEqual(fresh.stats);
            expect(snapshot(incremental)).toEqual(snapshot(freshDir));
            rmSync(freshDir, { recursive: true, force: true });
            rmSync(join(root, `.fresh-${n}.builds`), { recursive: true, force: true });
            last = output;
          }
        },
      ),
      { seed: 20261202, numRuns: 50 },
    );
    // Both ways of rebuilding were taken, many times each.
    expect(paths.patched).toBeGreaterThan(10);
    expect(paths.full).toBeGreaterThan(10);
  }, 60_000);
});
