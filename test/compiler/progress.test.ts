import { describe, expect, it } from "vitest";
import { terminalProgress } from "../../src/compiler/progress.js";

function terminal(isTTY: boolean) {
  const written: string[] = [];
  let t = 0;
  return {
    stream: { isTTY, write: (text: string) => written.push(text) },
    written,
    clock: { now: () => t, advance: (ms: number) => (t += ms) },
  };
}

describe("terminalProgress", () => {
  it("prints nothing for a build shorter than a second", () => {
    const { stream, written, clock } = terminal(true);
    const progress = terminalProgress(stream, { now: clock.now });
    for (let i = 0; i < 100; i++) {
      progress.update("parsing posts", i, 100);
      clock.advance(9);
    }
    progress.done();
    expect(written).toEqual([]);
  });

  it("after a second, rewrites one line at most every 100 ms, then clears it", () => {
    const { stream, written, clock } = terminal(true);
    const progress = terminalProgress(stream, { now: clock.now });
    clock.advance(1000);
    for (let i = 0; i < 50; i++) {
      progress.update("rendering items", i, 50);
      clock.advance(10);
    }
    progress.update("rendering items", 50, 50);
    expect(written.length).toBeGreaterThanOrEqual(5);
    expect(written.length).toBeLessThanOrEqual(7);
    expect(written[0]).toBe("\r\x1b[Krendering items: 0/50 (0%), 1.0 s");
    expect(written.at(-1)).toBe("\r\x1b[Krendering items: 50/50 (100%), 1.5 s");
    expect(written.every((w) => w.startsWith("\r\x1b[K") && !w.includes("\n"))).toBe(true);
    progress.done();
    expect(written.at(-1)).toBe("\r\x1b[K");
  });

  it("never writes to a log that is not a terminal", () => {
    const { stream, written, clock } = terminal(false);
    const progress = terminalProgress(stream, { now: clock.now });
    clock.advance(5000);
    progress.update("writing files", 1, 2);
    progress.done();
    expect(written).toEqual([]);
  });
});
