import { contentTypeOf } from "../http/content-type.js";
import { ReadFailed } from "../store/read-failed.js";

/**
 * A file of the compiled site from the R2 bucket the Worker binds as `CONTENT` (`CONTENT_STORE=r2`,
 * for sites past Static Assets' file limit): the key is the file's path in the compiled site without
 * its leading `/` (`_data/manifest.json`, `images/x.jpg`), as `npm run upload:r2` puts them. Undefined
 * when there is no such object; a failed read is a `ReadFailed`, which the next request tries again.
 */
export async function readR2File(bucket: R2Bucket | undefined, path: string): Promise<Response | undefined> {
  if (!bucket) throw new ReadFailed(path, "CONTENT_STORE is r2 but the Worker has no CONTENT R2 binding");
  let object: R2ObjectBody | null;
  try {
    object = await bucket.get(path.replace(/^\//, ""));
  } catch (error) {
    throw new ReadFailed(path, error);
  }
  if (!object) return undefined;
  const headers = new Headers({ "Content-Type": object.httpMetadata?.contentType ?? contentTypeOf(path) });
  headers.set("ETag", object.httpEtag);
  return new Response(object.body, { headers });
}
