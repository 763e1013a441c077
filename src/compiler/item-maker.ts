import type { SiteConfig } from "../config/site-config.js";
import type { Post } from "../content/post.js";
import type { Problem } from "../content/problem.js";
import type { ItemImage } from "../store/data-layout.js";
import { previousItemReader, remadeItemJson } from "./item.js";
import { itemKeyOf, renderKeyIn } from "./keys.js";
import type { BuildRun } from "./run.js";

/** An item of a bundle to be made, with what decides whether its JSON is reused, given new refs, or rendered. */
export interface Member {
  slug: string;
  /** `itemKeyOf(renderKey, hash(refsJson))`. */
  readonly key: string;
  renderKey: string;
  /** Its Related content, as JSON. */
  readonly refsJson: string;
  /** The post and its lead image, to render it; absent when this build does not have it (a patched rebuild's other posts). */
  source?: () => { post: Post; image: ItemImage | undefined };
}

export function memberOf(slug: string, renderKey: string, refsJson: string, source?: Member["source"]): Member {
  return { slug, key: itemKeyOf(renderKey, refsJson), renderKey, refsJson, ...(source && { source }) };
}

/**
 * A member whose Related content is made each time it is read (`refsJson()`, from refs made once per
 * post), not held: a full build holds every member until its bundle is made, and the JSON of a
 * post's refs is most of what a member would hold.
 */
export function lazyMemberOf(
  slug: string,
  renderKey: string,
  refsJson: () => string,
  source: NonNullable<Member["source"]>,
): Member {
  return new LazyMember(slug, renderKey, refsJson, source);
}

// A class, not an object literal with getters: V8 keeps such a literal as a dictionary (~450 bytes).
class LazyMember implements Member {
  readonly slug: string;
  readonly renderKey: string;
  readonly source: NonNullable<Member["source"]>;
  readonly #refsJson: () => string;

  constructor(slug: string, renderKey: string, refsJson: () => string, source: NonNullable<Member["source"]>) {
    this.slug = slug;
    this.renderKey = renderKey;
    this.source = source;
    this.#refsJson = refsJson;
  }

  get refsJson(): string {
    return this.#refsJson();
  }

  get key(): string {
    return itemKeyOf(this.renderKey, this.#refsJson());
  }
}

/**
 * The render stage, one item at a time: the previous build's JSON when its key is unchanged, that
 * JSON with new Related content when only that changed, else rendered from the post. What rendering
 * warned about is kept by slug, so an item reused later still reports it.
 */
export class ItemMaker {
  /** Slugs of the items made anew. */
  readonly changed: string[] = [];
  /** Set when an item had to be rendered and its post was not there: the build must be a full one. */
  missing = false;
  readonly #run: BuildRun;
  readonly #site: SiteConfig;
  readonly #previousItems: Record<string, string>;
  readonly #previousItem: (slug: string) => string | undefined;
  readonly #rendered: Record<string, Problem[]>;

  /** `rendered`: slug → what rendering warned about; updated for the items rendered now. */
  constructor(run: BuildRun, rendered: Record<string, Problem[]>) {
    this.#run = run;
    this.#site = run.site;
    this.#previousItems = run.previous?.items ?? {};
    this.#previousItem = previousItemReader(run.input.readPrevious, run.previous?.bundles ?? 1);
    this.#rendered = rendered;
  }

  json(member: Member): string {
    const { slug, renderKey, refsJson, source } = member;
    const before = this.#previousItems[slug];
    const old = before !== undefined && renderKeyIn(before) === renderKey ? this.#previousItem(slug) : undefined;
    if (before === member.key && old !== undefined) return old;
    if (old === undefined && !source) {
      this.missing = true;
      return "";
    }
    this.changed.push(slug);
    const problems: Problem[] = [];
    let rendered = false;
    const json = remadeItemJson(
      old,
      refsJson,
      () => {
        this.#run.work.rendered++;
        rendered = true;
        return (source as NonNullable<Member["source"]>)();
      },
      this.#site,
      problems,
    );
    if (rendered && problems.length > 0) this.#rendered[slug] = problems;
    else if (rendered) delete this.#rendered[slug];
    return json;
  }
}
