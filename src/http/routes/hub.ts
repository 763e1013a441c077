import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HUB_PATH } from "../../hub/settings.js";

/** Hands a hub request to the runtime's hub: in-process on Node, the Durable Object on Workers. */
export type HubEndpoint = (request: Request, client: string) => Promise<Response>;

export interface HubRoute {
  endpoint: HubEndpoint;
  /** The requesting client's address, for the rate limit (from the socket on Node, CF-Connecting-IP on Workers). */
  client: (c: Context) => string;
  maxBodyBytes: number;
}

/** `POST /hub`: the site's own WebSub hub, behind a limit on the body size. */
export function hubRoutes(app: Hono, route: HubRoute): void {
  app.post(
    HUB_PATH,
    bodyLimit({
      maxSize: route.maxBodyBytes,
      onError: (c) => c.text(`Payload too large: the limit is ${route.maxBodyBytes} bytes\n`, 413),
    }),
    async (c) => route.endpoint(c.req.raw, route.client(c)),
  );
}
