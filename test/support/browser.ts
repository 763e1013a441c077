import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Browser, chromium, type Page } from "playwright-core";
import { createNodeApp } from "../../src/node/site-app.js";

/**
 * Debian's Chromium, never a downloaded browser; flags keep it off the (closed) network.
 * Playwright's `launch` gives every browser a fresh, temporary profile (`--user-data-dir`).
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return { browser, close: () => browser.close() };
}

/** Serves a compiled site over real HTTP on a free loopback port. */
export async function serveSite(outDir: string, port = 0): Promise<{ origin: string; close: () => Promise<void> }> {
  const app = createNodeApp(outDir);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Records console errors and failed requests of a page, for tests to assert none happened. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** The little of the DOM that page code in tests uses (the project's types are Node's and Workers'). */
export interface BrowserElement {
  getElementsByTagNameNS(namespace: string, name: string): ArrayLike<BrowserElement>;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
  getAttribute(name: string): string | null;
  textContent: string | null;
}
export interface BrowserGlobals {
  document: BrowserElement & { title: string };
  getComputedStyle(element: BrowserElement, pseudo?: string): Record<string, string>;
}
