import { preloadedContexts } from "@fedify/fedify";
import jsonld from "jsonld";

/**
 * Expands a JSON-LD document with the `jsonld` package, offline: the contexts come from Fedify's
 * preloaded copies (ActivityStreams, security, …) and any other context is an error, so a
 * document that names a context nobody can resolve fails here as it would on a strict server.
 */
export async function expandOffline(document: unknown): Promise<unknown[]> {
  const documentLoader = async (url: string) => {
    const context = preloadedContexts[url];
    if (context === undefined) throw new Error(`no offline copy of the JSON-LD context ${url}`);
    return { contextUrl: undefined, documentUrl: url, document: context };
  };
  return jsonld.expand(
    document as jsonld.JsonLdDocument,
    { documentLoader, safe: true } as unknown as jsonld.Options.Expand,
  );
}
