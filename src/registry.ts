import { FEED_FORMATS, type FeedFormats } from "./feed/formats.js";
import { LIST_KINDS, type ListKinds } from "./lists/kinds.js";

/** The two tables the site is made from: which lists there are, and which feeds each has. */
export interface Registry {
  formats: FeedFormats;
  kinds: ListKinds;
}

export const REGISTRY: Registry = { formats: FEED_FORMATS, kinds: LIST_KINDS };
