import type * as TemporalPolyfill from "@js-temporal/polyfill";
import { lazyPackage } from "./lazy-package.js";

const polyfill = lazyPackage<typeof TemporalPolyfill>("@js-temporal/polyfill");

/**
 * Dates as the generators accept them in front matter: ISO 8601 (Hugo, Zola, Astro), Jekyll's
 * `2013-11-22 5:00:00 +0000`, RFC 2822 (`Fri, 08 Jul 2022 10:00:00 +0000`) and a month name
 * (`Jul 08 2022`, `July 8, 2022`, `8 July 2022`), each with an optional time and zone.
 * Without a zone a date means UTC, or the site's `timeZone` (`inTimeZone`). Forms that stay
 * ambiguous (`07/08/2022`) are refused.
 */

/** Said in the error for a date that is none of the accepted forms. */
export const DATE_FORMS =
  "ISO 8601 (2022-07-08, 2022-07-08T10:00:00Z), Jekyll's 2022-07-08 10:00:00 +0000, RFC 2822 (Fri, 08 Jul 2022 10:00:00 +0000) or a month name (Jul 8 2022, 8 July 2022)";

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** Zones RFC 2822 names by letters (obsolete but still written). */
const NAMED_ZONES: Record<string, string> = {
  Z: "+00:00",
  UT: "+00:00",
  UTC: "+00:00",
  GMT: "+00:00",
  EST: "-05:00",
  EDT: "-04:00",
  CST: "-06:00",
  CDT: "-05:00",
  MST: "-07:00",
  MDT: "-06:00",
  PST: "-08:00",
  PDT: "-07:00",
};

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?`;
const ZONE = String.raw`(Z|[+-]\d{2}(?::?\d{2})?|UTC?|GMT|[ECMP][SD]T)`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:(?:T|\s+)${TIME}\s*${ZONE}?)?$`, "i");
const WEEKDAY = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?`;
const MONTH = String.raw`([a-z]{3,9})\.?`;
const TAIL = String.raw`(?:,?\s+(?:at\s+)?${TIME}\s*${ZONE}?)?`;
/** `08 Jul 2022`, `Fri, 8 July 2022 10:00 +0000` (RFC 2822 and the day-first spelling). */
const DAY_FIRST = new RegExp(String.raw`^${WEEKDAY}(\d{1,2})\s+${MONTH},?\s+(\d{4})${TAIL}$`, "i");
/** `Jul 08 2022`, `July 8, 2022 10:00`. */
const MONTH_FIRST = new RegExp(String.raw`^${WEEKDAY}${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TAIL}$`, "i");

/** Parses a front-matter date in one of the accepted forms; undefined when it is none of them or no real day. */
export function parseDate(text: string): Date | undefined {
  const fields = dateFields(text);
  return fields && build(...fields);
}

/**
 * A date written without a zone, as that wall-clock time in `timeZone` (an IANA name), written as
 * an ISO 8601 instant; any other text as it is. Jekyll reads such dates in its `timezone`, Hugo in
 * its `timeZone`: so do we, and the old URLs' days and the feed ids come out as theirs.
 */
export function inTimeZone(text: string, timeZone: string): string {
  const fields = dateFields(text);
  if (!fields || fields[3][4] !== undefined) return text;
  const wall = build(...fields);
  if (!wall) return text;
  const local = polyfill().Temporal.PlainDateTime.from({
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
  });
  // A time a clock change skips or repeats: the earlier reading, as Ruby and Go do.
  return local.toZonedDateTime(timeZone, { disambiguation: "compatible" }).toInstant().toString();
}

/** Year, month, day and the time's fields (hour, minute, second, fraction, zone) of an accepted form. */
function dateFields(text: string): [number, number, number, (string | undefined)[]] | undefined {
  // `2023-01-29 18:30:22 2023 -0800`: the year again before the zone, as `date` prints it; Jekyll
  // (Ruby's Time.parse) reads it as the date it repeats.
  const value = text.trim().replace(/^((\d{4})-\d{2}-\d{2}\s+\d{1,2}:\d{2}(?::\d{2})?)\s+\2(?=\s+[+-]\d{4}$)/, "$1");
  const iso = ISO.exec(value);
  if (iso) {
    const [, y, mo, d, ...time] = iso;
    return [Number(y), Number(mo), Number(d), time];
  }
  const dayFirst = DAY_FIRST.exec(value);
  if (dayFirst) {
    const [, d, month, y, ...time] = dayFirst;
    return [Number(y), monthNumber(month), Number(d), time];
  }
  const monthFirst = MONTH_FIRST.exec(value);
  if (monthFirst) {
    const [, month, d, y, ...time] = monthFirst;
    return [Number(y), monthNumber(month), Number(d), time];
  }
  return undefined;
}

function monthNumber(name: string | undefined): number {
  const lower = (name ?? "").toLowerCase();
  // `Jul`, `July`, `Sept`: three letters or more of the month's own name, never another word.
  const index = MONTHS.findIndex(
    (month) => month.startsWith(lower.slice(0, 3)) && (lower === "sept" || month.startsWith(lower)),
  );
  return index + 1;
}

function build(y: number, mo: number, d: number, time: (string | undefined)[]): Date | undefined {
  const [h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = time;
  if (mo < 1 || mo > 12 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  // Reject days that JavaScript silently rolls over, such as 2025-02-30.
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  const offset = zoneOffset(zone);
  if (offset === undefined) return undefined;
  const pad = (n: number | string, width = 2) => String(n).padStart(width, "0");
  const date = new Date(`${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${frac}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function zoneOffset(zone: string): string | undefined {
  const named = NAMED_ZONES[zone.toUpperCase()];
  if (named) return named;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const [, sign, hh, mm = "00"] = m;
  if (Number(hh) > 14 || Number(mm) > 59) return undefined;
  return `${sign}${hh}:${mm}`;
}
