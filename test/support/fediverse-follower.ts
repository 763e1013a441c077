import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fediverse account on another server, written from the specs and not from our code or Fedify:
 * ActivityPub (W3C), WebFinger (RFC 7033) and HTTP Signatures as Mastodon sends and checks them
 * (draft-cavage-http-signatures-12: `(request-target) host date digest`, rsa-sha256, a `Digest:
 * SHA-256=` of the body, a recent `Date`). A real HTTP server on 127.0.0.1 serving its actor and
 * key, with an inbox (and a shared inbox) that records and verifies every POST. Its log is also
 * served at `/log`, and `/sign` signs a POST for a caller that cannot (a test inside workerd).
 */
export interface Received {
  path: string;
  activity: Record<string, unknown>;
  /** The signature verified: the key fetched from its keyId (or trusted), digest and date checked. */
  verified: boolean;
  /** Why not, when not. */
  problem?: string;
  keyId?: string;
}

export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const AS = "https://www.w3.org/ns/activitystreams";
const SECURITY = "https://w3id.org/security/v1";
const AP_TYPE = "application/activity+json";
const MAX_SKEW_MS = 5 * 60_000;

export class Follower {
  readonly received: Received[] = [];
  /** Statuses the inbox answers the next POSTs with (then 202). */
  readonly failNext: number[] = [];
  /** Public keys (PEM) taken as the keyId's without fetching it: for a site the follower cannot reach (workerd). */
  readonly trusted = new Map<string, string>();
  private readonly keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly waiters: (() => void)[] = [];
  private server!: Server;
  private sequence = 0;
  url = "";

  constructor(readonly name = "reader") {}

  get actor(): string {
    return `${this.url}/users/${this.name}`;
  }
  get keyId(): string {
    return `${this.actor}#main-key`;
  }
  get inbox(): string {
    return `${this.actor}/inbox`;
  }
  get sharedInbox(): string {
    return `${this.url}/inbox`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.answer(req).then(
        ({ status, type, body }) => {
          res.writeHead(status, { "Content-Type": type }).end(body);
          for (const w of this.waiters.splice(0)) w();
        },
        (error) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves when `test` holds on what was received. */
  async until(test: (received: Received[]) => boolean, what: string, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test(this.received)) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** The activities of a type received so far. */
  of(type: string): Received[] {
    return this.received.filter((r) => r.activity.type === type);
  }

  /** A new activity id on this server. */
  newId(kind: string): string {
    return `${this.url}/activities/${kind}-${++this.sequence}`;
  }

  follow(object: string): Record<string, unknown> {
    return { "@context": AS, id: this.newId("follow"), type: "Follow", actor: this.actor, object };
  }

  undo(activity: Record<string, unknown>): Record<string, unknown> {
    const { "@context": _, ...inner } = activity;
    return { "@context": AS, id: this.newId("undo"), type: "Undo", actor: this.actor, object: inner };
  }

  /**
   * A POST signed as Mastodon signs one. `tamper` breaks it on purpose: the signature from another
   * key, a digest that does not match the body, or a Date an hour old.
   */
  signed(url: string, activity: unknown, tamper?: "key" | "digest" | "date"): SignedRequest {
    const body = JSON.stringify(activity);
    const target = new URL(url);
    const date = new Date(Date.now() - (tamper === "date" ? 3_600_000 : 0)).toUTCString();
    const digest = `SHA-256=${createHash("sha256")
      .update(tamper === "digest" ? `${body} ` : body)
      .digest("base64")}`;
    const signingString = [
      `(request-target): post ${target.pathname}${target.search}`,
      `host: ${target.host}`,
      `date: ${date}`,
      `digest: ${digest}`,
    ].join("\n");
    const key =
      tamper === "key" ? generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey : this.keys.privateKey;
    const signature = sign("sha256", Buffer.from(signingString), key).toString("base64");
    return {
      url,
      body,
      headers: {
        "Content-Type": AP_TYPE,
        Date: date,
        Digest: digest,
        Signature: `keyId="${this.keyId}",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="${signature}"`,
      },
    };
  }

  /** Sends a signed POST (see `signed`) and returns the status. */
  async post(url: string, activity: unknown, tamper?: "key" | "digest" | "date"): Promise<number> {
    const request = this.signed(url, activity, tamper);
    const response = await fetch(url, { method: "POST", headers: request.headers, body: request.body });
    await response.arrayBuffer();
    return response.status;
  }

  /** The site's actor as a follower's server finds it: the home page's `rel="alternate"` ActivityStreams link. */
  static async actorFromHomePage(home: string): Promise<string> {
    const html = await (await fetch(home, { headers: { Accept: "text/html" } })).text();
    for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
      if (/rel="alternate"/.test(tag) && /type="application\/activity\+json"/.test(tag)) {
        const href = /href="([^"]+)"/.exec(tag)?.[1];
        if (href) return new URL(href.replace(/&amp;/g, "&"), home).href;
      }
    }
    throw new Error(`no ActivityStreams link on ${home}`);
  }

  /** RFC 7033: the `self` link of type application/activity+json for `acct:user@host`. */
  static async webfinger(origin: string, acct: string): Promise<{ status: number; self?: string; type?: string }> {
    const response = await fetch(`${origin}/.well-known/webfinger?resource=${encodeURIComponent(acct)}`);
    const type = response.headers.get("content-type") ?? "";
    if (response.status !== 200) return { status: response.status, type };
    const jrd = (await response.json()) as { links?: { rel: string; type?: string; href?: string }[] };
    const self = jrd.links?.find((l) => l.rel === "self" && l.type === AP_TYPE)?.href;
    return { status: 200, type, ...(self && { self }) };
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; type: string; body: string }> {
    const url = new URL(req.url ?? "/", this.url);
    const body = await readBody(req);
    if (req.method === "GET" && (url.pathname === `/users/${this.name}` || url.pathname === `/users/${this.name}/`)) {
      return { status: 200, type: AP_TYPE, body: JSON.stringify(this.actorDocument()) };
    }
    if (req.method === "GET" && url.pathname === "/log") {
      return { status: 200, type: "application/json", body: JSON.stringify(this.received) };
    }
    if (req.method === "POST" && url.pathname === "/sign") {
      const { url: target, activity, tamper } = JSON.parse(body);
      return { status: 200, type: "application/json", body: JSON.stringify(this.signed(target, activity, tamper)) };
    }
    if (req.method === "POST" && url.pathname === "/trust") {
      const { keyId, pem } = JSON.parse(body);
      this.trusted.set(keyId, pem);
      return { status: 204, type: "text/plain", body: "" };
    }
    if (req.method === "GET" && url.pathname === "/follow") {
      return {
        status: 200,
        type: "application/json",
        body: JSON.stringify(this.follow(url.searchParams.get("object") ?? "")),
      };
    }
    if (req.method === "POST" && (url.pathname === new URL(this.inbox).pathname || url.pathname === "/inbox")) {
      const check = await this.verify(req, url, body);
      let activity: Record<string, unknown> = {};
      try {
        activity = JSON.parse(body);
      } catch {
        // recorded as an empty activity
      }
      this.received.push({ path: url.pathname, activity, ...check });
      const status = this.failNext.shift() ?? 202;
      return { status, type: "text/plain", body: "" };
    }
    return { status: 404, type: "text/plain", body: "" };
  }

  private actorDocument() {
    return {
      "@context": [AS, SECURITY],
      id: this.actor,
      type: "Person",
      preferredUsername: this.name,
      inbox: this.inbox,
      outbox: `${this.actor}/outbox`,
      endpoints: { sharedInbox: this.sharedInbox },
      publicKey: {
        id: this.keyId,
        owner: this.actor,
        publicKeyPem: this.keys.publicKey.export({ type: "spki", format: "pem" }),
      },
    };
  }

  /** draft-cavage-12 §2.5 (verification), with Mastodon's rules on what must be signed. */
  private async verify(req: IncomingMessage, url: URL, body: string): Promise<Omit<Received, "path" | "activity">> {
    const header = req.headers.signature;
    if (typeof header !== "string") return { verified: false, problem: "no Signature header" };
    const params = Object.fromEntries(
      [...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    const { keyId, headers: names = "date", signature } = params;
    if (!keyId || !signature) return { verified: false, problem: "keyId or signature missing" };
    if (params.algorithm && !/^(rsa-sha256|hs2019)$/.test(params.algorithm))
      return { verified: false, problem: `algorithm ${params.algorithm}`, keyId };
    const signedNames = names.toLowerCase().split(/\s+/);
    for (const required of ["(request-target)", "host", "date", "digest"]) {
      if (!signedNames.includes(required)) return { verified: false, problem: `${required} not signed`, keyId };
    }
    const digest = `SHA-256=${createHash("sha256").update(body).digest("base64")}`;
    if (req.headers.digest !== digest) return { verified: false, problem: "Digest does not match the body", keyId };
    const date = Date.parse(String(req.headers.date));
    if (!(Math.abs(Date.now() - date) < MAX_SKEW_MS)) return { verified: false, problem: "Date not recent", keyId };
    const lines = signedNames.map((name) =>
      name === "(request-target)"
        ? `(request-target): ${(req.method ?? "").toLowerCase()} ${url.pathname}${url.search}`
        : `${name}: ${req.headers[name] ?? ""}`,
    );
    let key: KeyObject;
    try {
      key = createPublicKey(this.trusted.get(keyId) ?? (await fetchKeyPem(keyId)));
    } catch (error) {
      return { verified: false, problem: `key: ${error instanceof Error ? error.message : error}`, keyId };
    }
    const ok = verify("sha256", Buffer.from(lines.join("\n")), key, Buffer.from(signature, "base64"));
    return ok ? { verified: true, keyId } : { verified: false, problem: "signature does not verify", keyId };
  }
}

/** The PEM of a key id: the actor document (or the key itself) fetched as ActivityStreams. */
export async function fetchKeyPem(keyId: string): Promise<string> {
  const response = await fetch(keyId.replace(/#.*$/, ""), { headers: { Accept: AP_TYPE } });
  if (response.status !== 200) throw new Error(`${keyId}: HTTP ${response.status}`);
  const document = (await response.json()) as { id?: string; publicKeyPem?: string; publicKey?: unknown };
  const keys = [document.publicKey].flat() as { id?: string; publicKeyPem?: string }[];
  const pem = document.publicKeyPem ?? keys.find((k) => k?.id === keyId)?.publicKeyPem;
  if (!pem) throw new Error(`${keyId}: no publicKeyPem`);
  return pem;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
