import type { Post } from "../content/post.js";

/** What rendering needs of a post that lists, the ranking and the state do not: its body and summary. */
export type PostText = Pick<Post, "body" | "summary">;

/**
 * Where a full build keeps each post's text between the parse and the render stage, by source
 * path: the stages between hold every post at once, and its text is most of a post. Node's build
 * parks it in a temporary file (`spilledTexts`); without one it stays in memory.
 */
export interface PostTexts {
  put(file: string, text: PostText): void;
  get(file: string): PostText | undefined;
}

/** Post texts in memory. */
export function memoryTexts(): PostTexts {
  const texts = new Map<string, PostText>();
  return { put: (file, text) => texts.set(file, text), get: (file) => texts.get(file) };
}
