import { escapeHtml } from "./context.js";

/**
 * Embedded media, written the way every surface can show it: feed readers strip iframes and
 * scripts, and the pages' CSP frames nothing, so a video is a linked thumbnail and a post, gist
 * or photo elsewhere is a link. One table: adding a provider is one entry.
 */
export const EMBEDS = {
  youtube: (id: string) => ({
    url: `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`,
    label: "Watch the video on YouTube",
    thumbnail: `https://i.ytimg.com/vi/${encodeURIComponent(id)}/hqdefault.jpg`,
  }),
  vimeo: (id: string) => ({ url: `https://vimeo.com/${encodeURIComponent(id)}`, label: "Watch the video on Vimeo" }),
  gist: (id: string) => ({
    url: `https://gist.github.com/${id.split("/").map(encodeURIComponent).join("/")}`,
    label: "View the gist on GitHub",
  }),
  x: (id: string) => ({
    url: `https://x.com/${id.split("/").map(encodeURIComponent).join("/status/")}`,
    label: "View the post on X",
  }),
  instagram: (id: string) => ({
    url: `https://www.instagram.com/p/${encodeURIComponent(id)}/`,
    label: "View the post on Instagram",
  }),
} satisfies Record<string, (id: string) => { url: string; label: string; thumbnail?: string }>;

export type EmbedKind = keyof typeof EMBEDS;

/** The HTML block for one embed: a paragraph with a link, around a thumbnail when there is one. */
export function embedHtml(kind: EmbedKind, id: string): string {
  const embed: { url: string; label: string; thumbnail?: string } = EMBEDS[kind](id);
  const inner = embed.thumbnail
    ? `<img src="${escapeHtml(embed.thumbnail)}" alt="${escapeHtml(embed.label)}" width="480" height="360"><br>${escapeHtml(embed.label)}`
    : escapeHtml(embed.label);
  return `\n\n<p><a href="${escapeHtml(embed.url)}">${inner}</a></p>\n\n`;
}
