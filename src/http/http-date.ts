const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";

/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT` */
const RFC850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** `Sun Nov  6 08:49:37 1994` */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * The time an HTTP-date names (RFC 9110 §5.6.7: IMF-fixdate and the two obsolete forms), in
 * milliseconds; undefined for anything else, which a conditional request must ignore
 * (§13.1.3) — `Date.parse` would read `99999` or `tuesday 2099` as dates.
 */
export function parseHttpDate(text: string): number | undefined {
  const value = text.trim();
  let m = IMF_FIXDATE.exec(value);
  if (m) return utc(Number(m[3]), m[2] as string, Number(m[1]), m.slice(4));
  m = RFC850.exec(value);
  if (m) {
    // §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    const yy = Number(m[3]);
    const thisYear = new Date().getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + yy;
    if (year > thisYear + 50) year -= 100;
    return utc(year, m[2] as string, Number(m[1]), m.slice(4));
  }
  m = ASCTIME.exec(value);
  if (m) return utc(Number(m[6]), m[1] as string, Number((m[2] as string).trim()), m.slice(3, 6));
  return undefined;
}

function utc(year: number, month: string, day: number, time: string[]): number | undefined {
  const [h, mi, s] = time.map(Number) as [number, number, number];
  const monthIndex = MONTHS.indexOf(month);
  if (h > 23 || mi > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, monthIndex, day, h, mi, Math.min(s, 59));
  // No roll-over: 31 Feb is not 3 Mar.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}
