import { serve } from "@hono/node-server";
import { createNodeApp } from "./src/node/site-app.ts";

serve({ fetch: createNodeApp(process.argv[2]!).fetch, port: Number(process.argv[3]) });
