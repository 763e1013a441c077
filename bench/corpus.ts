import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A seeded corpus: the same seed and size always give the same posts, byte for byte.
 * Posts look like posts/*.md — about 800 words, `##` sections, lists, links, a lead image
 * from public/images, a GFM table now and then — with Zipf-distributed tags.
 */

export interface CorpusPost {
  /** File name, `YYYY-MM-DD-slug.md`. */
  file: string;
  slug: string;
  title: string;
  date: Date;
  updated?: Date;
  author: string;
  category: string;
  tags: string[];
  summary: string[];
  image: { src: string; alt: string; caption: string; credit: string };
  /** The file in public/images the post's own lead image is made from. */
  imageBase: string;
  body: string;
}

export interface Corpus {
  posts: CorpusPost[];
  /** Tag names, most used first (rank 0 is the Zipf head). */
  tags: string[];
  authors: string[];
  categories: string[];
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = `the of and to in a is that for on was with as by at from it an be this have are has were which
their said not more after its new had been but also would who will about than they year into over two other
people some could there first last government city council plan report minister officials said project data
network energy water rail port market price budget policy public service workers students research team study
system region local national world report month week percent million billion growth cost funding support board
agency company industry technology science climate health education transport housing election court law vote
community farmers scientists engineers residents leaders experts analysts visitors passengers schools hospitals
program season increase decline record pressure demand supply capacity results evidence approach decision process
change question answer impact future history model standard access pilot trial contract partner proposal review`
  .split(/\s+/)
  .filter(Boolean);

const TITLE_WORDS =
  `harbour tram solar library compiler expedition timetable port heat fisheries telescope reactor bridge
archive vaccine satellite forest river festival museum airport stadium tunnel orchard glacier coral battery chip
factory highway canal vineyard observatory wind grid drought flood census budget summit treaty strike election
reform merger startup robot drone ferry subway campus clinic market`
    .split(/\s+/)
    .filter(Boolean);
const TITLE_VERBS = `opens expands delays approves rejects launches upgrades digitises tests reopens plans funds doubles
trims wins loses reaches secures unveils revives`
  .split(/\s+/)
  .filter(Boolean);

const FIRST = `Barbara Ines Kenji Amara Lukas Sofia Mateo Priya Oliver Hana Tomasz Leila Daniel Chloe Ravi Marta Jonas
Yuki Fatima Pierre Elena Kwame Nora Diego Ingrid Samuel Aiko Olga Hugo Zanele`
  .split(/\s+/)
  .filter(Boolean);
const LAST = `Kwiatkowska Calder Tanaka Okafor Becker Rossi Fernandez Sharma Hughes Kim Nowak Haddad Cohen Martin Iyer
Silva Lindqvist Sato Rahman Dubois Petrova Mensah Berg Alvarez Hansen Osei Watanabe Ivanova Moreau Dlamini`
  .split(/\s+/)
  .filter(Boolean);

const CATEGORIES = ["World", "Technology", "Science", "Business", "Climate", "Culture", "Transport", "Health"];

const TAG_BASES = `Japan,United States,New York,Europe,Africa,Asia-Pacific,Latin America,Middle East,Canada,India,China,
Brazil,Germany,France,Nigeria,Australia,Arctic,Pacific,Defence,Energy,Solar,Wind,Nuclear,Rail,Trams,Ports,Aviation,
Shipping,Climate,Heat,Floods,Drought,Fisheries,Oceans,Forests,Wildlife,Space,Telescopes,Satellites,Semiconductors,
Open source,Compilers,AI,Robotics,Cybersecurity,Privacy,Libraries,Archives,Museums,Education,Universities,Health,
Vaccines,Hospitals,Housing,Budget,Trade,Jobs,Elections,Courts,Cities,Water,Agriculture,Food,Tourism,Sport,Music,Film,
Books,C++,Défense,日本`
  .split(",")
  .map((t) => t.trim())
  .filter(Boolean);
const TAG_QUALIFIERS = ["policy", "research", "funding"];

const LINK_HOSTS = ["https://example.org", "https://data.example.net", "https://www.example.com/reports"];

const END = Date.UTC(2026, 9, 31, 23, 59, 59);
const FIVE_YEARS = 5 * 365.25 * 24 * 3600 * 1000;

/** The ~200 tag names: 74 bases, then "<base> policy|research|funding" until there are enough. */
function tagNames(count: number): string[] {
  const names = [...TAG_BASES];
  for (const q of TAG_QUALIFIERS) for (const b of TAG_BASES) if (/^[A-Za-z ]+$/.test(b)) names.push(`${b} ${q}`);
  return names.slice(0, count);
}

export function generateCorpus(count: number, seed = 20261031, images: string[] = []): Corpus {
  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

  const authors = FIRST.map((f, i) => `${f} ${LAST[(i * 7) % LAST.length]}`).slice(0, 30);
  // The tag ranks are shuffled once so the Zipf head is not always the first bases.
  const tags = tagNames(200);
  for (let i = tags.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [tags[i], tags[j]] = [tags[j] as string, tags[i] as string];
  }
  // Zipf (s = 1): rank k has weight 1/(k+1).
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < tags.length; k++) {
    total += 1 / (k + 1);
    cumulative.push(total);
  }
  const zipfTag = () => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return tags[lo] as string;
  };

  const sentence = (min = 8, max = 22, plain = false) => {
    const words = Array.from({ length: int(min, max) }, () => pick(WORDS));
    if (plain) return `${words.join(" ").replace(/^./, (c) => c.toUpperCase())}.`;
    if (rand() < 0.25) words[int(0, words.length - 1)] = `**${pick(WORDS)} ${pick(WORDS)}**`;
    else if (rand() < 0.2) words[int(0, words.length - 1)] = `*${pick(WORDS)}*`;
    const text = words.join(" ");
    return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: int(3, 6) }, () => sentence()).join(" ");
  const link = (slugs: string[]) =>
    slugs.length > 0 && rand() < 0.4
      ? `[${pick(WORDS)} ${pick(WORDS)}](/posts/${pick(slugs)})`
      : `[${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}](${pick(LINK_HOSTS)}/${pick(WORDS)}-${int(1, 999)})`;

  const posts: CorpusPost[] = [];
  const slugs: string[] = [];
  for (let i = 0; i < count; i++) {
    const titleWords = [pick(TITLE_WORDS), pick(TITLE_WORDS), pick(TITLE_VERBS), pick(WORDS), pick(TITLE_WORDS)];
    const title = `${titleWords.join(" ").replace(/^./, (c) => c.toUpperCase())} in ${pick(TAG_BASES)}`;
    const slug = `${titleWords.join("-")}-${i.toString(36)}`;
    const date = new Date(END - Math.floor((rand() * FIVE_YEARS) / 60000) * 60000);
    const updated = rand() < 0.3 ? new Date(date.getTime() + int(1, 48) * 3600000) : undefined;
    const postTags = new Set<string>();
    while (postTags.size < 3) postTags.add(zipfTag());

    const parts: string[] = [paragraph()];
    const sections = int(3, 5);
    for (let s = 0; s < sections; s++) {
      parts.push(`## ${sentence(4, 8, true).replace(/\.$/, "?")}`);
      parts.push(`${paragraph()} See ${link(slugs)}.`);
      if (rand() < 0.5) parts.push(Array.from({ length: int(3, 5) }, () => `- ${sentence(5, 12)}`).join("\n"));
      if (rand() < 0.15) parts.push(`> ${sentence()}`);
      if (rand() < 0.6) parts.push(paragraph());
    }
    if (i % 8 === 3) {
      const rows = Array.from(
        { length: int(3, 6) },
        () => `| ${pick(TITLE_WORDS)} | ${int(1, 9999)} | ${int(-50, 50)}% | ${pick(WORDS)} ${pick(WORDS)} |`,
      );
      parts.splice(3, 0, ["| item | value | change | note |", "| --- | ---: | ---: | --- |", ...rows].join("\n"));
    }
    // Top up to about 800 words of body.
    let words = parts.join(" ").split(/\s+/).length;
    while (words < 780) {
      const p = paragraph();
      parts.push(p);
      words += p.split(/\s+/).length;
    }

    const img = images.length > 0 ? pick(images) : "us-combat-base-japan.jpg";
    // One image per post, as real sites have: the build measures and copies each one.
    posts.push({
      file: `${date.toISOString().slice(0, 10)}-${slug}.md`,
      slug,
      title,
      date,
      ...(updated && { updated }),
      author: pick(authors),
      category: pick(CATEGORIES),
      tags: [...postTags],
      summary: Array.from({ length: int(2, 4) }, () => `**${pick(WORDS)} ${pick(WORDS)}:** ${sentence(10, 24)}`),
      image: {
        src: `/images/posts/${slug}.jpg`,
        alt: `Sample artwork: ${sentence(5, 10, true).replace(/\.$/, "")}`,
        caption: sentence(8, 16, true),
        credit: `© Feedloom sample art | ${pick(authors)}`,
      },
      body: parts.join("\n\n"),
      imageBase: img,
    });
    slugs.push(slug);
  }
  return { posts, tags, authors, categories: CATEGORIES };
}

const q = (s: string) => JSON.stringify(s);

/**
 * The post as a Markdown file. `hugo` writes the taxonomies as Hugo wants them
 * (`categories: [...]`, `authors: [...]`); Feedloom reads both spellings.
 */
export function postFile(post: CorpusPost, flavor: "feedloom" | "hugo" = "feedloom"): string {
  const lines = [
    "---",
    `title: ${q(post.title)}`,
    `date: ${post.date.toISOString()}`,
    ...(post.updated ? [`updated: ${post.updated.toISOString()}`] : []),
    flavor === "hugo" ? `authors: [${q(post.author)}]` : `author: ${q(post.author)}`,
    flavor === "hugo" ? `categories: [${q(post.category)}]` : `category: ${q(post.category)}`,
    `tags: [${post.tags.map(q).join(", ")}]`,
    "summary:",
    ...post.summary.map((s) => `  - ${q(s)}`),
    "image:",
    `  src: ${post.image.src}`,
    `  alt: ${q(post.image.alt)}`,
    `  caption: ${q(post.image.caption)}`,
    `  credit: ${q(post.image.credit)}`,
    "---",
    "",
    post.body,
    "",
  ];
  return lines.join("\n");
}

/** Writes every post to `dir` (created if needed). */
export function writeCorpus(corpus: Corpus, dir: string, flavor: "feedloom" | "hugo" = "feedloom"): void {
  mkdirSync(dir, { recursive: true });
  for (const post of corpus.posts) writeFileSync(join(dir, post.file), postFile(post, flavor));
}

/**
 * The corpus's public folder: `source` (CSS, icons, the sample images) and each post's own lead
 * image, `images/posts/<slug>.jpg`: its base image with a JPEG comment naming the post, so every
 * file differs while its type and dimensions stay real.
 */
export function writePublic(corpus: Corpus, dir: string, source: string): void {
  cpSync(source, dir, { recursive: true });
  mkdirSync(join(dir, "images", "posts"), { recursive: true });
  const bases = new Map<string, Buffer>();
  for (const post of corpus.posts) {
    let base = bases.get(post.imageBase);
    if (!base) {
      base = readFileSync(join(source, "images", post.imageBase));
      bases.set(post.imageBase, base);
    }
    const text = Buffer.from(post.slug);
    const comment = Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]);
    // After the SOI marker (FF D8): a COM segment, which image decoders skip.
    writeFileSync(
      join(dir, "images", "posts", `${post.slug}.jpg`),
      Buffer.concat([base.subarray(0, 2), comment, text, base.subarray(2)]),
    );
  }
}

/** The lead images the build can find: the files in public/images. */
export function publicImages(publicDir: string): string[] {
  try {
    return readdirSync(join(publicDir, "images"))
      .filter((n) => /\.jpe?g$/i.test(n))
      .sort();
  } catch {
    return [];
  }
}
