import { copyFileSync, linkSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileLines, LineWriter } from "./record-files.js";

/**
 * One kind of state record (item keys by slug, source stamps by path, …) as files of a state folder:
 * `NAME.ndjson`, the base (one `[key, value]` line each), and `NAME.log`, what changed since the base
 * (`[key, value]`, or `[key]` for a key removed). A rebuild that changed a few records hard-links the
 * served generation's base (never written to again: every write makes a new file) and writes the log
 * anew with its few lines added, instead of writing every record again.
 */
export type Table = Record<string, unknown>;

/** Where a table object's records are on disk: the state folder and the id of the write that put them there. */
interface Origin {
  dir: string;
  id: string;
}

/** How many records a table's base and log hold (kept in the state's head). */
export type TableCounts = [base: number, log: number];

/** Table objects as read from (or written to) a state folder: what a later write may extend by a log. */
const origins = new WeakMap<object, Origin>();

/** A log longer than this share of its base (or than `MIN_LOG` records) is folded into a new base. */
const LOG_SHARE = 4;
const MIN_LOG = 1000;

const baseFile = (dir: string, name: string) => join(dir, `${name}.ndjson`);
const logFile = (dir: string, name: string) => join(dir, `${name}.log`);

function put(table: Table, key: string, value: unknown): void {
  // JSON.parse makes `__proto__` an own key; assignment would set the prototype.
  if (key === "__proto__")
    Object.defineProperty(table, key, { value, enumerable: true, writable: true, configurable: true });
  else table[key] = value;
}

function* linesOrNone(file: string): Generator<string> {
  try {
    yield* fileLines(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

/** Table `name` of the state folder `dir` (written by the write `id`): its base with its log applied. */
export function readTable<V>(dir: string, name: string, id: string): Record<string, V> {
  // Made a dictionary at once: adding thousands of keys to a fresh object one by one makes as many
  // hidden classes first (a third of the time of reading the state).
  const table: Table = { "": 0 };
  delete table[""];
  for (const line of fileLines(baseFile(dir, name))) {
    const [key, value] = JSON.parse(line) as [string, unknown];
    put(table, key, value);
  }
  for (const line of linesOrNone(logFile(dir, name))) {
    const record = JSON.parse(line) as [string, unknown?];
    if (record.length === 1) delete table[record[0]];
    else put(table, record[0], record[1]);
  }
  origins.set(table, { dir, id });
  return table as Record<string, V>;
}

/**
 * The entries of `next` that differ from `before` (by identity: an unchanged record is the same
 * object) and the keys it lost, if `before` with them applied (changed keys in place, new ones at the
 * end) has `next`'s key order; undefined otherwise (then the base is written again).
 */
export function tableChanges(before: Table, next: Table): { set: string[]; removed: string[] } | undefined {
  if (before === next) return { set: [], removed: [] };
  const beforeKeys = Object.keys(before);
  const nextKeys = Object.keys(next);
  // The usual case, a copy with some values changed: the same keys in the same order.
  if (nextKeys.length === beforeKeys.length && nextKeys.every((key, i) => key === beforeKeys[i])) {
    const [was, is] = [Object.values(before), Object.values(next)];
    return { set: nextKeys.filter((_, i) => was[i] !== is[i]), removed: [] };
  }
  const set: string[] = [];
  let i = 0;
  let added = false;
  for (const key of nextKeys) {
    if (!Object.hasOwn(before, key)) {
      set.push(key);
      added = true;
      continue;
    }
    while (i < beforeKeys.length && !Object.hasOwn(next, beforeKeys[i] as string)) i++;
    if (added || beforeKeys[i] !== key) return undefined;
    i++;
    if (before[key] !== next[key]) set.push(key);
  }
  const removed = beforeKeys.filter((key) => !Object.hasOwn(next, key));
  return { set, removed };
}

/**
 * Writes `table` as table `name` of the state folder `dir` (emptied of it beforehand), for the write
 * `id`. When `before` is the table that the state folder `served` holds (as read or written there by
 * the write `servedId`), its base is linked and its log extended with what changed; else every record
 * is written. Returns the counts for the head.
 */
export function writeTable(
  dir: string,
  name: string,
  id: string,
  table: Table,
  previous?: { before: Table | undefined; served: string; servedId: string; counts: TableCounts | undefined },
): TableCounts {
  const origin = previous?.before && origins.get(previous.before);
  if (previous?.before && previous.counts && origin?.dir === previous.served && origin.id === previous.servedId) {
    const changes = tableChanges(previous.before, table);
    const [base, logged] = previous.counts;
    const log = logged + (changes ? changes.set.length + changes.removed.length : 0);
    if (changes && log <= Math.max(MIN_LOG, base / LOG_SHARE)) {
      linkOrCopy(baseFile(previous.served, name), baseFile(dir, name));
      if (logged > 0) copyFileSync(logFile(previous.served, name), logFile(dir, name));
      if (changes.set.length + changes.removed.length > 0) {
        const writer = new LineWriter(logFile(dir, name), true);
        try {
          for (const key of changes.removed) writer.line(JSON.stringify([key]));
          for (const key of changes.set) writer.line(JSON.stringify([key, table[key]]));
        } finally {
          writer.close();
        }
      }
      origins.set(table, { dir, id });
      return [base, log];
    }
  }
  const count = writeRecords(baseFile(dir, name), Object.entries(table));
  origins.set(table, { dir, id });
  return [count, 0];
}

/**
 * Writes a table whose records are never changed, only added (parse results, by content key):
 * `added` are the records added to `base`, the table the state folder `served` holds; undefined
 * when `entries` are to be written whole. Returns the counts for the head.
 */
export function writeGrowingTable(
  dir: string,
  name: string,
  id: string,
  entries: () => Iterable<[string, unknown]>,
  grown?: {
    base: object;
    added: [string, unknown][];
    served: string;
    servedId: string;
    counts: TableCounts | undefined;
  },
  register?: object,
): TableCounts {
  const origin = grown && origins.get(grown.base);
  if (grown?.counts && origin?.dir === grown.served && origin.id === grown.servedId) {
    const [base, logged] = grown.counts;
    const log = logged + grown.added.length;
    if (log <= Math.max(MIN_LOG, base / LOG_SHARE)) {
      linkOrCopy(baseFile(grown.served, name), baseFile(dir, name));
      if (logged > 0) copyFileSync(logFile(grown.served, name), logFile(dir, name));
      if (grown.added.length > 0) writeRecords(logFile(dir, name), grown.added, true);
      if (register) origins.set(register, { dir, id });
      return [base, log];
    }
  }
  const count = writeRecords(baseFile(dir, name), entries());
  if (register) origins.set(register, { dir, id });
  return [count, 0];
}

/** Records `[key, value]` of a table read by `readRecords`: the base, then the log (growing tables only). */
export function* readRecords<V>(dir: string, name: string): Generator<[string, V]> {
  for (const line of fileLines(baseFile(dir, name))) yield JSON.parse(line) as [string, V];
  for (const line of linesOrNone(logFile(dir, name))) yield JSON.parse(line) as [string, V];
}

/** Marks `object` as the table the state folder `dir` holds, as written by `id` (a growing table read lazily). */
export function registerOrigin(object: object, dir: string, id: string): void {
  origins.set(object, { dir, id });
}

/** Writes `[key, value]` lines to `file`; returns how many. */
export function writeRecords(file: string, records: Iterable<[string, unknown]>, append = false): number {
  const writer = new LineWriter(file, append);
  try {
    for (const record of records) writer.line(JSON.stringify(record));
  } finally {
    writer.close();
  }
  return writer.lines;
}

/** A list of records (problems) as one JSON value a line. */
export function writeList(file: string, values: Iterable<unknown>): void {
  const writer = new LineWriter(file);
  try {
    for (const value of values) writer.line(JSON.stringify(value));
  } finally {
    writer.close();
  }
}

export function readList<V>(file: string): V[] {
  return [...fileLines(file)].map((line) => JSON.parse(line) as V);
}

function linkOrCopy(from: string, to: string): void {
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
