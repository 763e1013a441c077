import type { Problem } from "../content/problem.js";
import { bundleOf, packBundle } from "../store/bundle.js";
import { dataPath, LAYOUT_VERSION, type ListInfo, type Manifest } from "../store/data-layout.js";
import type { CompileOutput } from "./compile.js";
import type { DataFiles } from "./data-files.js";
import { ItemMaker, type Member } from "./item-maker.js";
import { bundleKey } from "./keys.js";
import { type ListTimes, manifestTimes } from "./lists.js";
import type { BuildRun } from "./run.js";
import type { SourceFile } from "./source.js";
import { type BuildState, type ParsedPosts, type PatchMemo, STATE_VERSION } from "./state.js";

/** What the stages up to related content leave for render, bundle and write, from a full or a patched build. */
export interface BuildPlan {
  files: SourceFile[];
  parsed: ParsedPosts;
  /** What the stages before rendering found. */
  problems: Problem[];
  data: DataFiles;
  bundles: number;
  /** The items of the bundles to make, newest first; a bundle is made from all its members. */
  members: Member[];
  /** What this build keeps of the previous one's records (a patched rebuild: all it does not make again). */
  kept: { items: Record<string, string>; times: Record<string, number>; rendered: Record<string, Problem[]> };
  lists: Record<string, ListInfo>;
  listTimes: ListTimes;
  related: NonNullable<BuildState["related"]>;
  memo: Omit<PatchMemo, "configKey" | "now" | "problems" | "rendered">;
}

/**
 * The render, bundle and write stages, shared by full and patched builds: each bundle's items made
 * (`ItemMaker`) and packed as the bundle is emitted, then the manifest with the build id and times,
 * the problems in file order, the stats and the state. Undefined when an item could not be made.
 */
export function completeBuild(run: BuildRun, plan: BuildPlan): CompileOutput | undefined {
  const { site, now, previous } = run;
  const items = { ...plan.kept.items };
  const times = { ...plan.kept.times };
  const rendered = { ...plan.kept.rendered };
  const maker = new ItemMaker(run, rendered);
  const groups = new Map<number, Member[]>();
  for (const member of plan.members) {
    const index = bundleOf(member.slug, plan.bundles);
    const group = groups.get(index);
    if (group) group.push(member);
    else groups.set(index, [member]);
    const key = member.key;
    items[member.slug] = key;
    const was = previous?.modified?.items[member.slug];
    times[member.slug] = was !== undefined && previous?.items[member.slug] === key ? was : now.getTime();
    const warned = previous?.patch?.rendered[member.slug];
    if (warned) rendered[member.slug] = warned;
    else delete rendered[member.slug];
  }
  let bundled = 0;
  for (const [index, group] of groups) {
    run.progress("rendering items", bundled, plan.members.length);
    bundled += group.length;
    const key = bundleKey(group.map((m) => [m.slug, items[m.slug] as string]));
    plan.data.emit(dataPath.bundle(index), key, () => packBundle(group.map((m) => [m.slug, maker.json(m)])));
  }
  if (maker.missing) return undefined;

  const modified = { lists: plan.listTimes.lists, items: times, listsOf: plan.listTimes.listsOf };
  const manifest: Manifest = { version: LAYOUT_VERSION, buildId: "", site, lists: plan.lists, bundles: plan.bundles };
  manifest.modified = manifestTimes(modified, Object.keys(plan.lists));
  plan.data.emitManifest(dataPath.manifest(), manifest);

  const compiled = inFileOrder([...plan.problems, ...Object.values(rendered).flat()]);
  const readProblems = run.input.readProblems ?? [];
  const problems = [...readProblems, ...compiled];
  const unread = filesWithErrors(readProblems).size;
  const stats = { files: plan.files.length + unread, ...plan.memo.counts, broken: filesWithErrors(problems).size };
  const state: BuildState = {
    version: STATE_VERSION,
    parsed: plan.parsed,
    written: plan.data.written,
    items,
    bundles: plan.bundles,
    ...(run.input.sources && { sources: run.input.sources }),
    related: plan.related,
    modified,
    patch: {
      configKey: run.keys.config,
      now: now.getTime(),
      ...plan.memo,
      problems: inFileOrder(plan.problems),
      rendered,
    },
  };
  return {
    manifest,
    files: plan.data.files,
    streamed: plan.data.streamed,
    removed: plan.data.removed(),
    changed: maker.changed.sort(),
    state,
    problems,
    stats,
    work: run.work,
  };
}

/** Problems grouped by file, in path order, each file's in the order the stages found them. */
function inFileOrder(problems: Problem[]): Problem[] {
  return problems.toSorted((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function filesWithErrors(problems: Problem[]): Set<string> {
  return new Set(problems.filter((p) => p.severity === "error").map((p) => p.file));
}
