import type { SiteConfig } from "../config/site-config.js";
import { type ParseOptions, type ParseResult, parsePost, siteParseOptions } from "../content/parse.js";
import type { BuildWork, CompileInput } from "./compile.js";
import { configKeyOf, parseKeyOf, templateKeyOf } from "./keys.js";
import type { Progress } from "./progress.js";
import { type SourceFile, textOf } from "./source.js";
import { type BuildState, STATE_VERSION } from "./state.js";

/** What every stage of one build reads: the input, the settings' keys, the previous state and the work counters. */
export interface BuildRun {
  input: CompileInput;
  site: SiteConfig;
  now: Date;
  /** The previous build's state, if it is of this version (else there is none). */
  previous: BuildState | undefined;
  keys: { config: string; parse: string; template: string };
  work: BuildWork;
  progress: Progress;
  /** Parses a post file (and counts it). */
  parse: (file: SourceFile) => ParseResult;
}

export function startRun(input: CompileInput): BuildRun {
  const { site } = input;
  const work: BuildWork = { parsed: 0, rendered: 0 };
  let options: ParseOptions | undefined;
  const template = templateKeyOf(site, input.siteData);
  return {
    input,
    site,
    now: input.now,
    previous: input.previous?.version === STATE_VERSION ? input.previous : undefined,
    keys: { config: configKeyOf(site, template), parse: parseKeyOf(site), template },
    work,
    progress: input.onProgress ?? (() => {}),
    parse: (file) => {
      work.parsed++;
      options ??= siteParseOptions(site, input.siteData);
      return parsePost(file.path, textOf(file), options);
    },
  };
}
