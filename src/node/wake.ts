/**
 * A runtime's "call me at" on Node: one timer for the earliest time asked, which calls `run`.
 * Durable jobs (the hub's, the federation's) are in SQLite; the timer only says when to look.
 */
export function timerWake(run: () => void, now: () => number = Date.now): { wake: (at: number) => void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  const wake = (at: number) => {
    if (timer && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    // setTimeout holds at most 2^31-1 ms; a later wake-up sets the next timer.
    const delay = Math.min(Math.max(0, at - now()), 2 ** 31 - 1);
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      run();
    }, delay);
    // Pending retries do not keep a process alive that has nothing else to do.
    timer.unref();
  };
  return { wake, stop: () => clearTimeout(timer) };
}
