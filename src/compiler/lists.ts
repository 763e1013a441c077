import { dataPath, LISTS_MODIFIED, type ListInfo, SHARD_SIZE } from "../store/data-layout.js";
import type { DataFiles } from "./data-files.js";
import { hash } from "./keys.js";
import type { BuiltList } from "./shape.js";
import type { BuildState } from "./state.js";

export type ListTimes = Pick<NonNullable<BuildState["modified"]>, "lists" | "listsOf">;

/** Writes each list's shards (oldest post first, `SHARD_SIZE` slugs each); returns the lists' infos by key. */
export function emitShards(lists: Map<string, BuiltList>, data: DataFiles): Record<string, ListInfo> {
  const infos: Record<string, ListInfo> = {};
  for (const [key, list] of lists) {
    infos[key] = list.info;
    const oldestFirst = list.slugs.toReversed();
    for (let i = 0; i * SHARD_SIZE < oldestFirst.length || i === 0; i++) {
      const text = JSON.stringify(oldestFirst.slice(i * SHARD_SIZE, (i + 1) * SHARD_SIZE));
      data.emit(dataPath.shard(key, i), hash(text), () => text);
    }
  }
  return infos;
}

/**
 * When each list itself (its info and posts) last changed: now if it or the site configuration
 * changed, else when it last did; and which lists each post is in (its items' times count too).
 */
export function listTimes(
  lists: Map<string, BuiltList>,
  configKey: string,
  now: number,
  previous: BuildState["modified"],
): ListTimes {
  const before = previous?.lists ?? {};
  const times: ListTimes = { lists: {}, listsOf: {} };
  const record = (key: string, of: unknown) => {
    const hashed = hash(JSON.stringify([configKey, of]));
    const was = before[key];
    times.lists[key] = { key: hashed, at: was?.key === hashed ? was.at : now };
  };
  for (const [key, list] of lists) {
    record(key, [list.info, list.slugs]);
    for (const slug of list.slugs) {
      times.listsOf[slug] ??= [];
      times.listsOf[slug].push(key);
    }
  }
  record(
    LISTS_MODIFIED,
    [...lists.values()].map((l) => l.info),
  );
  return times;
}

/** `Manifest.modified`: a list's time is the latest of its own and its items'. */
export function manifestTimes(times: NonNullable<BuildState["modified"]>, keys: string[]): Record<string, string> {
  const latest = new Map(keys.map((key) => [key, times.lists[key]?.at ?? 0]));
  for (const [slug, at] of Object.entries(times.items)) {
    for (const key of times.listsOf[slug] ?? []) if (at > (latest.get(key) ?? 0)) latest.set(key, at);
  }
  const out: Record<string, string> = {};
  for (const [key, at] of latest) out[key] = new Date(at).toISOString();
  out[LISTS_MODIFIED] = new Date(times.lists[LISTS_MODIFIED]?.at ?? 0).toISOString();
  return out;
}
