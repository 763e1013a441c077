import { DEFAULT_RETRY, type RetryPolicy } from "../state/jobs.js";

/** The hub's run-time settings: limits against abuse, leases and retries. */
export interface HubSettings {
  /** Lease when the subscriber asks for none, and the bounds a requested lease is clamped to (seconds). */
  lease: { default: number; min: number; max: number };
  /** Verified subscriptions a single topic may have. */
  maxPerTopic: number;
  /** Subscriptions whose callbacks are on one host (all topics). */
  maxPerHost: number;
  /** Subscription requests one client may make per minute. */
  requestsPerMinute: number;
  /** Largest request body accepted (bytes). */
  maxBodyBytes: number;
  retry: RetryPolicy;
  /** Deliveries in flight at once. */
  concurrency: number;
}

export const DEFAULT_HUB_SETTINGS: HubSettings = {
  lease: { default: 10 * 86_400, min: 3_600, max: 30 * 86_400 },
  maxPerTopic: 10_000,
  maxPerHost: 100,
  requestsPerMinute: 60,
  maxBodyBytes: 8 * 1024,
  retry: DEFAULT_RETRY,
  concurrency: 32,
};

/** Environment (Node) or Worker var names of the settings that can be changed. */
const NUMBER_VARS = {
  WEBSUB_LEASE_SECONDS: (s: HubSettings, n: number) => {
    s.lease.default = Math.min(Math.max(n, s.lease.min), s.lease.max);
  },
  WEBSUB_MAX_PER_TOPIC: (s: HubSettings, n: number) => {
    s.maxPerTopic = n;
  },
  WEBSUB_MAX_PER_HOST: (s: HubSettings, n: number) => {
    s.maxPerHost = n;
  },
  WEBSUB_REQUESTS_PER_MINUTE: (s: HubSettings, n: number) => {
    s.requestsPerMinute = n;
  },
  WEBSUB_RETRY_SECONDS: (s: HubSettings, n: number) => {
    s.retry = { ...s.retry, baseMs: n * 1000 };
  },
} as const;

/** The hub's settings from the environment or Worker vars; an invalid value throws an error naming the variable. */
export function hubSettingsFrom(vars: Record<string, unknown>): HubSettings {
  const settings: HubSettings = structuredClone(DEFAULT_HUB_SETTINGS);
  for (const [name, apply] of Object.entries(NUMBER_VARS)) {
    const value = vars[name];
    if (typeof value !== "string" || value === "") continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`hub settings: ${name}: expected a whole number ≥ 1, got "${value}"`);
    apply(settings, n);
  }
  return settings;
}

/** ALLOW_PRIVATE_ADDRESSES=true lets outbound requests reach loopback and private networks (development, tests). */
export function allowPrivateAddresses(vars: Record<string, unknown>): boolean {
  return vars.ALLOW_PRIVATE_ADDRESSES === "true";
}

/** The hub feeds advertise and `npm run ping` notifies: WEBSUB_HUB when set, else the site's own at `/hub`. */
export function advertisedHub(vars: Record<string, unknown>, baseUrl: string): string {
  const external = vars.WEBSUB_HUB;
  return typeof external === "string" && external !== "" ? external : `${baseUrl}${HUB_PATH}`;
}

/** Where the site's own hub answers. */
export const HUB_PATH = "/hub";
