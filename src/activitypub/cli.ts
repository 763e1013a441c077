import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allowPrivateAddresses } from "../hub/settings.js";
import { nodeTransport } from "../node/outbound-transport.js";
import { createOutbound } from "../outbound/request.js";
import { dataPath, type Manifest } from "../store/data-layout.js";
import { AP_PATHS } from "./paths.js";

/**
 * `npm run federate` (run by `npm run deploy` after `wrangler deploy`): asks the deployed Worker
 * to send its followers a Create, Update or Delete for each post the deploy added, changed or
 * removed — `POST SITE/ap/sync` with `Authorization: Bearer $ACTIVITYPUB_SYNC_TOKEN`, the secret
 * set with `wrangler secret put ACTIVITYPUB_SYNC_TOKEN`. Without the variable it does nothing (a
 * site no one follows needs no sync). The site is the compiled site's `baseUrl` (OUT_DIR).
 */
const token = process.env.ACTIVITYPUB_SYNC_TOKEN;
if (!token) {
  console.log("activitypub: ACTIVITYPUB_SYNC_TOKEN is not set: followers are not told about this deploy");
  process.exit(0);
}
const outDir = process.env.OUT_DIR || join("dist", "site");
const manifest = JSON.parse(readFileSync(join(outDir, dataPath.manifest()), "utf8")) as Manifest;
const allowPrivate = allowPrivateAddresses(process.env);
const outbound = createOutbound({ transport: nodeTransport(allowPrivate), allowPrivate, timeoutMs: 60_000 });
const url = `${manifest.site.baseUrl}${AP_PATHS.sync}`;
try {
  const response = await outbound(url, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
  const text = new TextDecoder().decode(response.body).trim();
  if (response.status !== 200) {
    console.error(`activitypub: ${url} answered ${response.status}: ${text}`);
    process.exit(1);
  }
  console.log(`activitypub: ${text}`);
} catch (error) {
  console.error(`activitypub: ${url}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
