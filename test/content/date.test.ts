import { describe, expect, it } from "vitest";
import { inTimeZone, parseDate } from "../../src/content/date.js";

const iso = (text: string) => parseDate(text)?.toISOString();

describe("parseDate: ISO 8601", () => {
  it("reads a date-only value as midnight UTC", () => {
    expect(iso("2025-03-30")).toBe("2025-03-30T00:00:00.000Z");
  });

  it("reads a date-time without a zone as UTC", () => {
    expect(iso("2025-03-30T08:45:00")).toBe("2025-03-30T08:45:00.000Z");
    expect(iso("2025-03-30T08:45")).toBe("2025-03-30T08:45:00.000Z");
    expect(iso("2025-03-30 08:45:10")).toBe("2025-03-30T08:45:10.000Z");
  });

  it("honours Z and numeric zones, with or without a colon", () => {
    expect(iso("2025-03-30T08:45:00Z")).toBe("2025-03-30T08:45:00.000Z");
    expect(iso("2025-03-30T08:45:00z")).toBe("2025-03-30T08:45:00.000Z");
    expect(iso("2025-03-30T08:45:00+02:00")).toBe("2025-03-30T06:45:00.000Z");
    expect(iso("2025-03-30T08:45:00-0530")).toBe("2025-03-30T14:15:00.000Z");
  });

  it("keeps fractional seconds", () => {
    expect(iso("2025-03-30T08:45:00.250Z")).toBe("2025-03-30T08:45:00.250Z");
  });

  it("trims surrounding whitespace", () => {
    expect(iso("  2025-03-30  ")).toBe("2025-03-30T00:00:00.000Z");
  });

  it("accepts 29 February in a leap year only", () => {
    expect(iso("2024-02-29")).toBe("2024-02-29T00:00:00.000Z");
    expect(parseDate("2025-02-29")).toBeUndefined();
  });

  it.each([
    "2025-02-30",
    "2025-04-31",
    "2025-13-01",
    "2025-00-10",
    "2025-01-00",
    "2025-03-30T25:00",
    "2025-03-30T08:61",
    "yesterday",
    "30/03/2025",
    "2025-3-30",
    "2025-03-30T08",
    "",
  ])("rejects %j instead of rolling it over or guessing", (text) => {
    expect(parseDate(text)).toBeUndefined();
  });
});

describe("parseDate: the other generators' forms", () => {
  it.each([
    ["2013-11-22 5:00:00 +0000", "2013-11-22T05:00:00.000Z"],
    ["2013-11-22 15:00:00 -0500", "2013-11-22T20:00:00.000Z"],
    ["2013-11-22 05:00:00 UTC", "2013-11-22T05:00:00.000Z"],
  ])("Jekyll's %j", (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ["Fri, 08 Jul 2022 10:00:00 +0000", "2022-07-08T10:00:00.000Z"],
    ["Fri, 8 Jul 2022 10:00:00 GMT", "2022-07-08T10:00:00.000Z"],
    ["8 Jul 2022 10:00 +0200", "2022-07-08T08:00:00.000Z"],
    ["Fri, 08 Jul 2022 10:00:00 PDT", "2022-07-08T17:00:00.000Z"],
  ])("RFC 2822 %j", (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ["Jul 08 2022", "2022-07-08T00:00:00.000Z"],
    ["July 8, 2022", "2022-07-08T00:00:00.000Z"],
    ["8 July 2022", "2022-07-08T00:00:00.000Z"],
    ["Sept 3 2021", "2021-09-03T00:00:00.000Z"],
    ["March 30, 2025 10:15", "2025-03-30T10:15:00.000Z"],
    ["March 30th, 2025", "2025-03-30T00:00:00.000Z"],
  ])("a month name: %j", (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    "07/08/2022",
    "08.07.2022",
    "Jul 2022",
    "Juliet 8 2022",
    "Feb 30 2024",
    "Fri, 08 Jul 2022 10:00:00 +2500",
    "Mon 8",
  ])("refuses %j (ambiguous or no real day)", (text) => {
    expect(parseDate(text)).toBeUndefined();
  });
});

describe("inTimeZone: dates without a zone in the site's zone (Jekyll's timezone, Hugo's timeZone)", () => {
  it("reads a zone-less date-time as that wall-clock time in the zone", () => {
    expect(inTimeZone("2019-07-03 19:37:00", "America/Los_Angeles")).toBe("2019-07-04T02:37:00Z");
    expect(inTimeZone("2019-01-03 19:37", "America/Los_Angeles")).toBe("2019-01-04T03:37:00Z");
    expect(inTimeZone("Jul 08 2022", "Europe/Berlin")).toBe("2022-07-07T22:00:00Z");
  });

  it("reads a date alone as midnight in the zone", () => {
    expect(inTimeZone("2014-03-27", "Asia/Tokyo")).toBe("2014-03-26T15:00:00Z");
  });

  it("leaves a date that names its zone, and text that is no date, as written", () => {
    for (const text of [
      "2013-05-06 02:12:52 +0200",
      "2022-07-08T10:00:00Z",
      "Fri, 08 Jul 2022 10:00:00 GMT",
      "07/08/2022",
    ])
      expect(inTimeZone(text, "America/Los_Angeles"), text).toBe(text);
  });

  it("takes the earlier reading of a time a clock change skips", () => {
    // 02:30 on 2024-03-10 does not exist in Los Angeles: the clock goes from 02:00 PST to 03:00 PDT.
    expect(inTimeZone("2024-03-10 02:30", "America/Los_Angeles")).toBe("2024-03-10T10:30:00Z");
  });
});
