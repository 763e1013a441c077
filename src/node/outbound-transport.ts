import { type LookupAddress, lookup } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { forbiddenAddress } from "../outbound/guard.js";
import type { Transport } from "../outbound/request.js";

/**
 * Resolves like `dns.lookup` and refuses when any address is not public: the check happens at
 * connection time, on the very addresses connected to, so a name cannot resolve to a public
 * address for a check and to a private one for the connection.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const refused = addresses.map((a) => forbiddenAddress(a.address)).find(Boolean);
    if (refused)
      return callback(Object.assign(new Error(`refused ${hostname}: ${refused}`), { code: "EREFUSED" }), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
};

const NULL_BODY = new Set([101, 204, 205, 304]);

/** node:http(s) with the guarded lookup (unless private addresses are allowed); redirects are not followed. */
export function nodeTransport(allowPrivate: boolean): Transport {
  return (url, { method, headers, body, signal }) =>
    new Promise((resolve, reject) => {
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const req = send(
        url.href,
        { method, headers, signal, ...(!allowPrivate && { lookup: guardedLookup }) },
        (res) => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : [value ?? ""]) responseHeaders.append(name, v);
          }
          const status = res.statusCode ?? 502;
          const stream = NULL_BODY.has(status) ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
          if (!stream) res.resume();
          resolve(new Response(stream, { status, headers: responseHeaders }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}
