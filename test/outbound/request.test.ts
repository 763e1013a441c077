import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardedLookup, nodeTransport } from "../../src/node/outbound-transport.js";
import { forbiddenAddress, forbiddenUrl } from "../../src/outbound/guard.js";
import { createOutbound, RefusedRequest, type Transport } from "../../src/outbound/request.js";
import { USER_AGENT } from "../../src/product.js";

describe("the address guard", () => {
  it("refuses loopback, private, link-local, metadata and other non-public addresses", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:10.0.0.1",
      "::ffff:127.0.0.1",
      "224.0.0.1",
    ]) {
      expect([address, forbiddenAddress(address)]).toEqual([address, expect.any(String)]);
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
      expect(forbiddenAddress(address)).toBeUndefined();
  });

  it("checks URLs: http(s) only, no credentials, no local names or literals unless allowed", () => {
    const refused = (url: string, allow = false) => forbiddenUrl(new URL(url), allow);
    expect(refused("http://[::1]:8080/")).toMatch(/loopback/);
    expect(refused("http://169.254.169.254/latest/meta-data")).toMatch(/linkLocal/);
    expect(refused("http://localhost/")).toMatch(/local name/);
    expect(refused("http://metadata.google.internal/")).toMatch(/local name/);
    expect(refused("ftp://example.com/")).toMatch(/http/);
    expect(refused("https://user:pw@example.com/")).toMatch(/credentials/);
    expect(refused("https://example.com/cb")).toBeUndefined();
    expect(refused("http://127.0.0.1/", true)).toBeUndefined();
  });

  it("refuses a name that resolves to loopback at connection time", async () => {
    const error = await new Promise<Error | null>((done) => guardedLookup("localhost", {}, (e) => done(e)));
    expect(error?.message).toMatch(/refused localhost: .* loopback address/);
  });
});

describe("outbound requests", () => {
  let server: Server;
  let origin: string;
  const seen: { path: string; agent: string | undefined }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? "", agent: req.headers["user-agent"] });
      if (req.url === "/to-metadata") res.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data" }).end();
      else if (req.url === "/to-ok") res.writeHead(307, { Location: "/ok" }).end();
      else if (req.url === "/big") res.end(Buffer.alloc(64 * 1024));
      else if (req.url === "/slow") setTimeout(() => res.end("late"), 5_000).unref();
      else res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  // "public.example" stands for a public host: the transport connects it to the loopback server.
  const viaPublicName: Transport = (url, init) =>
    nodeTransport(true)(url.hostname === "public.example" ? new URL(url.pathname, origin) : url, init);

  it("checks every redirect, names the project in the User-Agent and follows allowed redirects", async () => {
    const outbound = createOutbound({ transport: viaPublicName, allowPrivate: false });
    await expect(outbound("http://public.example/to-metadata")).rejects.toThrow(RefusedRequest);
    expect(seen.at(-1)).toEqual({ path: "/to-metadata", agent: USER_AGENT });
    const loose = createOutbound({ transport: nodeTransport(true), allowPrivate: true });
    const ok = await loose(`${origin}/to-ok`, { method: "POST", body: new TextEncoder().encode("x") });
    expect([ok.status, new TextDecoder().decode(ok.body), ok.url]).toEqual([200, "ok", `${origin}/ok`]);
  });

  it("refuses loopback without ALLOW_PRIVATE_ADDRESSES, before connecting", async () => {
    const before = seen.length;
    const strict = createOutbound({ transport: nodeTransport(false), allowPrivate: false });
    await expect(strict(`${origin}/ok`)).rejects.toThrow(/refused .* loopback/);
    expect(seen.length).toBe(before);
  });

  it("limits the size of an answer and the time it takes", async () => {
    const small = createOutbound({ transport: nodeTransport(true), allowPrivate: true, maxResponseBytes: 1024 });
    await expect(small(`${origin}/big`)).rejects.toThrow(/over 1024 bytes/);
    const impatient = createOutbound({ transport: nodeTransport(true), allowPrivate: true, timeoutMs: 100 });
    await expect(impatient(`${origin}/slow`)).rejects.toThrow(/abort|timeout/i);
  });
});
