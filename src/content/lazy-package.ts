import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A package loaded on first use, synchronously (its CommonJS entry): for the ones most builds never
 * call — the sanitizer (plain Markdown skips it), Liquid (posts without templates), the Temporal
 * polyfill (sites without a `timeZone`) and gray-matter (the plainest front matter does without it)
 * — whose loading was a tenth of a small build's CPU.
 * Build-side only: the Worker never imports `src/content/`.
 */
export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
