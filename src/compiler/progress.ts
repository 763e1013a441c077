/** Which part of the build a progress report is about. */
export type BuildPhase = "reading posts" | "parsing posts" | "rendering items" | "writing files";

/** Called as the build advances: `done` of `total` units of `phase`. */
export type Progress = (phase: BuildPhase, done: number, total: number) => void;

interface Terminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * One status line on a terminal, rewritten in place, for builds that run longer than
 * `delayMs`: quick builds print nothing, and logs (not a TTY) never see it.
 */
export function terminalProgress(
  stream: Terminal = process.stderr,
  { delayMs = 1000, intervalMs = 100, now = () => performance.now() } = {},
): { update: Progress; done: () => void } {
  const started = now();
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  const update: Progress = (phase, done, total) => {
    if (!stream.isTTY) return;
    const t = now();
    if (t - started < delayMs || (t - last < intervalMs && done < total)) return;
    last = t;
    shown = true;
    const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
    stream.write(`\r\x1b[K${phase}: ${done}/${total} (${percent}%), ${((t - started) / 1000).toFixed(1)} s`);
  };
  // Clears the status line, so the summary and the problems print on a clean line.
  const done = () => {
    if (shown) stream.write("\r\x1b[K");
    shown = false;
  };
  return { update, done };
}
