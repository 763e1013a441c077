/** What to run, from flags (`--small`, `--huge`, `--million`, `--rounds=N`, …) and BENCH_* environment variables. */
export interface Options {
  mode: "small" | "default" | "huge" | "million";
  /** Corpus sizes, in posts. */
  sizes: number[];
  /** Rounds per load figure and per cold request; min–max is over these. */
  rounds: number;
  /** Full builds at 1k (fewer at 10k and 100k: a 10k build takes about a minute). */
  buildRounds: number;
  /** Full builds and Hugo builds at 10k (each takes from 20 s to minutes). */
  bigBuildRounds: number;
  hugoBigRounds: number;
  /** Seconds of load per endpoint and server, split over the rounds (autocannon counts whole seconds). */
  phaseS: number;
  /** Seconds of warm-up of each server on all its endpoints before measuring. */
  warmupS: number;
  soakS: number;
  connections: number;
  seed: number;
  /** Parts left out: startup, hugo, floor, related, build, serve, cold, workerd, websub, soak. */
  skip: Set<string>;
  /** The whole run is stopped after this many seconds. */
  deadlineS: number;
}

export function parseOptions(argv: string[], env: Record<string, string | undefined>): Options {
  const flag = (name: string): string | undefined => {
    const hit = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (hit === undefined) return env[`BENCH_${name.toUpperCase()}`];
    return hit.includes("=") ? hit.slice(hit.indexOf("=") + 1) : "1";
  };
  const mode = flag("small")
    ? "small"
    : flag("huge")
      ? "huge"
      : flag("million")
        ? "million"
        : ((env.BENCH_MODE as Options["mode"]) ?? "default");
  const small = mode === "small";
  const num = (name: string, fallback: number) => {
    const value = Number(flag(name) ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: a positive number, not ${flag(name)}`);
    return value;
  };
  return {
    mode,
    sizes: small ? [1000] : mode === "huge" ? [1000, 10000, 100000] : mode === "million" ? [1000000] : [1000, 10000],
    rounds: Math.round(num("rounds", small ? 2 : 5)),
    buildRounds: Math.round(num("build-rounds", small ? 1 : 5)),
    bigBuildRounds: Math.round(num("big-build-rounds", 3)),
    hugoBigRounds: Math.round(num("hugo-big-rounds", 1)),
    phaseS: num("phase", small ? 2 : 5),
    warmupS: num("warmup", small ? 2 : 3),
    soakS: num("soak", small ? 5 : 20),
    connections: Math.round(num("connections", 10)),
    seed: Math.round(num("seed", 20261031)),
    skip: new Set((flag("skip") ?? "").split(",").filter(Boolean)),
    deadlineS: num("deadline", small ? 240 : mode === "huge" || mode === "million" ? 4 * 3600 : 2700),
  };
}

/** "1k", "10k", "100k". */
export const sizeLabel = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
