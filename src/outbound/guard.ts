import ipaddr from "ipaddr.js";

/**
 * Address ranges the server never sends a request to (unless private addresses are allowed):
 * everything but ordinary unicast. Loopback, RFC 1918, link-local (169.254/16 holds the cloud
 * metadata services), unique-local, carrier-grade NAT, multicast, reserved and unspecified.
 */
const ALLOWED_RANGES = new Set(["unicast"]);

/** The reason `address` (an IP literal) may not be contacted, or undefined when it may. */
export function forbiddenAddress(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return `not an IP address: ${address}`;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 and friends reach the IPv4 address inside.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  return ALLOWED_RANGES.has(range) ? undefined : `${address} is a ${range} address`;
}

/** Host names that name the machine itself or a cloud's metadata service, whatever DNS says. */
const FORBIDDEN_NAMES = /(^|\.)(localhost|internal|local|localdomain)$|^metadata(\.google\.internal)?$/i;

/**
 * Checks a URL before any connection: http(s) only, no credentials, and, unless private
 * addresses are allowed, no IP literal or well-known local name outside the public internet.
 * Names are checked again after DNS resolution where the runtime can resolve (Node).
 */
export function forbiddenUrl(url: URL, allowPrivate: boolean): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return `not http(s): ${url.protocol}`;
  if (url.username || url.password) return "credentials in URL";
  if (allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host)) return forbiddenAddress(host);
  if (FORBIDDEN_NAMES.test(host.replace(/\.$/, ""))) return `${host} is a local name`;
  return undefined;
}
