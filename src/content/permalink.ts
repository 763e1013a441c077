import type { Post } from "./post.js";
import { termSlug } from "./slug.js";

/**
 * A post's URL path on the site it moved from: its own (front matter `permalink`, Hugo's `url`,
 * Zola's `path`), else the site's `permalink` pattern with the generators' placeholders filled in.
 * Undefined when neither says.
 *
 * | placeholder | value |
 * | --- | --- |
 * | `:year` `:month` `:day` `:short_year` `:i_month` `:i_day` `:hour` `:minute` `:second` | the post's date, in `timeZone` (default UTC), as Jekyll's and Hugo's are in theirs |
 * | `:title`, `:slug` | the post's slug |
 * | `:slugified_title` | the title as Hugo's `urlize` makes it |
 * | `:categories` | the category's slug |
 * | `:path`, `:filename`, `:contentbasename` | the file's path below the posts folder without extension (a page bundle's: its folder); its last segment |
 * | `:folder` | the first folder of that path (an Astro collection's subfolder, a Hugo section's) |
 * | `:output_ext` | `.html` |
 */
export function oldPostPath(post: Post, pattern: string | undefined, timeZone = "UTC"): string | undefined {
  if (post.permalink) return post.permalink;
  if (!pattern) return undefined;
  const d = wallClock(post.date, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  const path = post.sourcePath ?? post.slug;
  const values: Record<string, string> = {
    year: String(d.year),
    short_year: two(d.year % 100),
    month: two(d.month),
    i_month: String(d.month),
    day: two(d.day),
    i_day: String(d.day),
    hour: two(d.hour),
    minute: two(d.minute),
    second: two(d.second),
    title: post.slug,
    slug: post.slug,
    slugified_title: termSlug(post.title),
    categories: post.category?.slug ?? "",
    path,
    filename: path.slice(path.lastIndexOf("/") + 1),
    contentbasename: path.slice(path.lastIndexOf("/") + 1),
    folder: path.includes("/") ? path.slice(0, path.indexOf("/")) : "",
    output_ext: ".html",
  };
  const filled = pattern.replace(/:([a-z_]+)/g, (whole, name: string) => values[name] ?? whole);
  // An empty placeholder (no category) leaves no empty segment, as Jekyll does.
  return filled.replace(/\/{2,}/g, "/");
}

/** The fields of an instant on the clocks of `timeZone` (`Intl`, which knows the zones' rules). */
function wallClock(
  date: Date,
  timeZone: string,
): Record<"year" | "month" | "day" | "hour" | "minute" | "second", number> {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(date);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: field("year"),
    month: field("month"),
    day: field("day"),
    hour: field("hour"),
    minute: field("minute"),
    second: field("second"),
  };
}

/** Every old URL path of a post: its permalink (own or by the pattern) and its aliases. */
export function oldPostPaths(post: Post, pattern: string | undefined, timeZone?: string): string[] {
  const main = oldPostPath(post, pattern, timeZone);
  return [...(main ? [main] : []), ...(post.aliases ?? [])];
}
