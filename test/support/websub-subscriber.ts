import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser } from "fast-xml-parser";

/**
 * A WebSub subscriber written from the W3C Recommendation, not from our hub: it discovers
 * (§4), subscribes (§5.1), confirms intent only for what it asked for (§5.3), and checks each
 * delivery's signature (§7–8). A real HTTP server on 127.0.0.1; each subscription gets its own
 * callback path `/cb/NAME`. Events are also served as JSON at `/log` for tests inside workerd.
 */
export interface Verification {
  name: string;
  mode: string;
  topic: string;
  lease: string | null;
  confirmed: boolean;
}

export interface Delivery {
  name: string;
  status: number;
  contentType: string | undefined;
  link: string | undefined;
  body: string;
  /** The X-Hub-Signature matched the body under the secret (or there is no secret and no signature). */
  signed: boolean;
}

export interface Discovered {
  hub: string;
  self: string;
}

export class Subscriber {
  readonly verifications: Verification[] = [];
  readonly deliveries: Delivery[] = [];
  /** Statuses to answer the next deliveries to a callback with (then 204). */
  readonly failNext = new Map<string, number[]>();
  private readonly wanted = new Map<string, { mode: string; topic: string; secret?: string }>();
  private readonly waiters: (() => void)[] = [];
  private server!: Server;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.answer(req).then(({ status, body }) => {
        res.writeHead(status, { "Content-Type": "text/plain" }).end(body);
        for (const w of this.waiters.splice(0)) w();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  callback(name: string): string {
    return `${this.url}/cb/${name}`;
  }

  /** §4: the hub and self URLs from the `Link` header and from the document; both must agree. */
  async discover(feedUrl: string): Promise<{ header: Discovered; document: Discovered }> {
    const response = await fetch(feedUrl);
    const body = await response.text();
    return { header: fromLinkHeader(response.headers.get("link") ?? ""), document: fromDocument(body) };
  }

  /** §5.1: a subscription request; returns the hub's status and its one-line answer. */
  async request(
    hub: string,
    mode: "subscribe" | "unsubscribe",
    topic: string,
    name: string,
    options: { secret?: string; lease?: number } = {},
  ): Promise<{ status: number; text: string; retryAfter: string | null }> {
    this.wanted.set(name, { mode, topic, ...(options.secret && { secret: options.secret }) });
    const form = new URLSearchParams({ "hub.mode": mode, "hub.topic": topic, "hub.callback": this.callback(name) });
    if (options.secret) form.set("hub.secret", options.secret);
    if (options.lease) form.set("hub.lease_seconds", String(options.lease));
    const response = await fetch(hub, { method: "POST", body: form });
    return { status: response.status, text: await response.text(), retryAfter: response.headers.get("retry-after") };
  }

  /** Resolves when `test` holds, checking after every request the subscriber answers. */
  async until(test: () => boolean, what: string, attempts = 200): Promise<void> {
    for (let i = 0; i < attempts && !test(); i++) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        // Also look again now and then: the condition may depend on something else than a request.
        setTimeout(resolve, 250).unref();
      });
    }
    if (!test()) throw new Error(`subscriber: gave up waiting for ${what}`);
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: string }> {
    const url = new URL(req.url ?? "/", this.url);
    if (url.pathname === "/log") {
      return { status: 200, body: JSON.stringify({ verifications: this.verifications, deliveries: this.deliveries }) };
    }
    if (url.pathname === "/want") {
      // For tests inside workerd, which send their subscription requests themselves.
      const p = url.searchParams;
      const secret = p.get("secret");
      this.wanted.set(p.get("name") ?? "", {
        mode: p.get("mode") ?? "",
        topic: p.get("topic") ?? "",
        ...(secret && { secret }),
      });
      return { status: 204, body: "" };
    }
    const name = url.pathname.startsWith("/cb/") ? url.pathname.slice(4) : undefined;
    if (!name) return { status: 404, body: "" };
    if (req.method === "GET") {
      // §5.3: confirm only the mode and topic this subscriber asked for.
      const wanted = this.wanted.get(name);
      const mode = url.searchParams.get("hub.mode") ?? "";
      const topic = url.searchParams.get("hub.topic") ?? "";
      const confirmed = wanted?.mode === mode && wanted.topic === topic;
      this.verifications.push({ name, mode, topic, lease: url.searchParams.get("hub.lease_seconds"), confirmed });
      return confirmed ? { status: 200, body: url.searchParams.get("hub.challenge") ?? "" } : { status: 404, body: "" };
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const status = this.failNext.get(name)?.shift() ?? 204;
    this.deliveries.push({
      name,
      status,
      contentType: req.headers["content-type"],
      link: req.headers.link as string | undefined,
      body: body.toString("utf8"),
      signed: signatureMatches(
        this.wanted.get(name)?.secret,
        req.headers["x-hub-signature"] as string | undefined,
        body,
      ),
    });
    return { status, body: "" };
  }
}

function signatureMatches(secret: string | undefined, header: string | undefined, body: Buffer): boolean {
  if (!secret) return header === undefined;
  const [method, signature] = (header ?? "").split("=");
  if (method !== "sha256" || !signature) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** RFC 8288 `Link` values: `<url>; rel="a b"`, comma-separated. */
export function fromLinkHeader(header: string): Discovered {
  const links: Record<string, string> = {};
  for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel="?([^";,]+)"?/.exec(match[2] ?? "")?.[1];
    for (const r of rel?.split(/\s+/) ?? []) links[r] ??= match[1] as string;
  }
  return { hub: links.hub ?? "", self: links.self ?? "" };
}

/** The Atom links of an RSS or Atom document, or a JSON Feed's `hubs` and `feed_url`. */
export function fromDocument(body: string): Discovered {
  if (body.trimStart().startsWith("{")) {
    const json = JSON.parse(body) as { hubs?: { url: string }[]; feed_url?: string };
    return { hub: json.hubs?.[0]?.url ?? "", self: json.feed_url ?? "" };
  }
  const xml = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (n) => /link$/.test(n),
  }).parse(body);
  const root = xml.rss?.channel ?? xml.feed;
  const links = [...(root?.["atom:link"] ?? []), ...(root?.link ?? [])].filter((l) => typeof l === "object");
  const all = (rel: string) =>
    links.filter((l: { rel?: string }) => l.rel === rel).map((l: { href: string }) => l.href);
  const selves = all("self");
  if (selves.length !== 1) throw new Error(`expected exactly one rel="self", found ${selves.length}`);
  return { hub: all("hub")[0] ?? "", self: selves[0] as string };
}
