import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** One figure: the table prints it, the JSON keeps it whole. */
export interface Row {
  /** e.g. "build 10k", "serve 1k", "workerd". */
  group: string;
  metric: string;
  unit: string;
  /** null when the figure could not be taken (see note). */
  value: number | null;
  /** `samples`: the baseline's own rounds, paired with this row's when they were interleaved. */
  baseline?: { label: string; value: number; samples?: number[] };
  /** value ÷ baseline.value. */
  ratio?: number;
  /** Lowest and highest ratio of a round to its paired baseline round (when both have as many rounds). */
  ratioRange?: [number, number];
  rounds?: number;
  min?: number;
  max?: number;
  /** Every round's figure, for the JSON. */
  samples?: number[];
  note?: string;
}

export class Report {
  rows: Row[] = [];
  extra: Record<string, unknown> = {};

  add(row: Row): Row {
    const ratio =
      row.ratio ??
      (row.baseline && row.value !== null && row.baseline.value > 0 ? row.value / row.baseline.value : undefined);
    const ratioRange = pairedRatios(row.samples, row.baseline?.samples);
    const full = { ...row, ...(ratio !== undefined && { ratio }), ...(ratioRange && { ratioRange }) };
    this.rows.push(full);
    return full;
  }

  /** A figure from rounds: `pick` (median or min) of the samples, with the spread. */
  addRounds(
    row: Omit<Row, "value" | "min" | "max" | "rounds" | "samples">,
    samples: number[],
    pick: (s: number[]) => number,
  ) {
    return this.add({
      ...row,
      value: samples.length ? pick(samples) : null,
      rounds: samples.length,
      min: Math.min(...samples),
      max: Math.max(...samples),
      samples,
    });
  }

  skip(group: string, metric: string, why: string): void {
    this.add({ group, metric, unit: "", value: null, note: why });
  }

  /** The one table: metric | value | baseline | ratio | min–max over rounds. */
  table(): string {
    const head = ["metric", "value", "baseline", "ratio", "min–max over rounds", "ratio per paired round"];
    const lines = this.rows.map((r) => [
      `${r.group}: ${r.metric}`,
      r.value === null ? `— (${r.note ?? "not measured"})` : `${fmt(r.value)} ${r.unit}`.trim(),
      r.baseline ? `${fmt(r.baseline.value)} ${r.unit} ${r.baseline.label}`.trim() : "",
      r.ratio !== undefined ? `×${ratioText(r.ratio)}` : "",
      r.rounds && r.rounds > 1 && r.min !== undefined && r.max !== undefined
        ? `${fmt(r.min)}–${fmt(r.max)} (${r.rounds})`
        : r.value !== null && r.note
          ? r.note
          : "",
      r.ratioRange ? `×${ratioText(r.ratioRange[0])}–×${ratioText(r.ratioRange[1])}` : "",
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
    return [line(head), line(widths.map((w) => "-".repeat(w))), ...lines.map(line)].join("\n");
  }

  write(path: string, meta: Record<string, unknown>): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ ...meta, rows: this.rows, details: this.extra }, null, 2)}\n`);
  }
}

/**
 * Each round's ratio to the baseline's round of the same index: the spread of the comparison
 * itself, which the two rows' own spreads do not give when the load moved between rounds.
 */
export function pairedRatios(samples?: number[], baseline?: number[]): [number, number] | undefined {
  if (!samples || !baseline || samples.length < 2 || samples.length !== baseline.length) return undefined;
  const ratios = samples.flatMap((s, i) => ((baseline[i] as number) > 0 ? [s / (baseline[i] as number)] : []));
  return ratios.length ? [Math.min(...ratios), Math.max(...ratios)] : undefined;
}

function ratioText(r: number): string {
  return r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

/** 3 significant digits, thousands separated. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return n.toLocaleString("en-US");
  const abs = Math.abs(n);
  if (abs >= 100) return Math.round(n).toLocaleString("en-US");
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  return n.toPrecision(2);
}
