import { type Context, createFederation, type Federation } from "@fedify/fedify";
import {
  Accept,
  Activity,
  Article,
  Create,
  Delete,
  Endpoints,
  Follow,
  Image,
  PUBLIC_COLLECTION,
  Service,
  Undo,
  Update,
} from "@fedify/fedify/vocab";
import type { SiteConfig } from "../config/site-config.js";
import { escapeHtml } from "../feed/xml.js";
import type { Outbound } from "../outbound/request.js";
import { PRODUCT_NAME } from "../product.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../state/jobs.js";
import type { SqlDb } from "../state/sql.js";
import { type Item, SHARD_SIZE } from "../store/data-layout.js";
import type { ContentStore } from "../store/store.js";
import { articleInputs, instant, itemToArticle, tombstone } from "./article.js";
import { Deliveries } from "./delivery.js";
import { guardedDocumentLoader } from "./document-loader.js";
import { Followers } from "./followers.js";
import { actorKeyPair } from "./keys.js";
import { SqlKvStore } from "./kv.js";
import { AP_PATHS } from "./paths.js";
import { Published } from "./published.js";

/** What each request hands the federation: the site being served now (a rebuild swaps it). */
export interface SiteData {
  store: ContentStore;
}

export interface SiteFederationDeps {
  db: SqlDb;
  /** Every request to another server (key fetches, deliveries) goes through it. */
  outbound: Outbound;
  /** Asks the runtime to run the deliveries at or after `at` (Node: a timer; Workers: the alarm). */
  wake: (at: number) => void;
  now?: () => number;
  log?: (line: string) => void;
  retry?: RetryPolicy;
}

/** What a sync sent: one activity per changed post (each to every follower's inbox). */
export interface SyncResult {
  created: number;
  updated: number;
  deleted: number;
  /** The first sync only records the published set: nothing is sent for posts that were there before. */
  baseline: boolean;
}

const PAGE = 20;

/**
 * The site as one ActivityPub actor, the same on Node and Workers: Fedify answers WebFinger,
 * NodeInfo, the actor, its outbox and followers, each post's Article and the inboxes (with their
 * HTTP Signatures); the followers, the key pair, Fedify's caches and the pending deliveries live
 * in the SQLite passed in. Outgoing activities are not sent by Fedify's queue but by
 * `Deliveries`, through the site's guarded outbound requests.
 */
export class SiteFederation {
  readonly followers: Followers;
  readonly deliveries: Deliveries;
  private readonly published: Published;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly kv: SqlKvStore;
  private readonly loader;
  private keys: Promise<CryptoKeyPair> | undefined;
  /** One Fedify instance per base URL: the canonical origin of every id. */
  private instance: { baseUrl: string; federation: Federation<SiteData> } | undefined;

  constructor(private readonly deps: SiteFederationDeps) {
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? ((line) => console.log(line));
    this.kv = new SqlKvStore(deps.db, this.now);
    this.followers = new Followers(deps.db);
    this.published = new Published(deps.db);
    this.loader = guardedDocumentLoader(deps.outbound);
    this.deliveries = new Deliveries({
      db: deps.db,
      outbound: deps.outbound,
      followers: this.followers,
      privateKey: async () => (await this.keyPair()).privateKey,
      retry: deps.retry ?? DEFAULT_RETRY,
      concurrency: 8,
      now: this.now,
      wake: deps.wake,
      log: this.log,
    });
  }

  /** The actor's key pair, made on first use and kept in the durable state. */
  keyPair(): Promise<CryptoKeyPair> {
    this.keys ??= actorKeyPair(this.deps.db);
    return this.keys;
  }

  /**
   * Answers an ActivityPub request, or undefined when it is none of Fedify's (another path, or a
   * post page asked for as HTML): the site's own routes answer it then.
   */
  async handle(request: Request, store: ContentStore): Promise<Response | undefined> {
    const federation = this.federation((await store.manifest()).site);
    let passed = false;
    const pass = () => {
      passed = true;
      return new Response(null, { status: 404 });
    };
    const response = await federation.fetch(request, {
      contextData: { store },
      onNotFound: pass,
      onNotAcceptable: pass,
    });
    return passed ? undefined : response;
  }

  /**
   * Compares the published set with what followers were last sent and queues a `Create` for each
   * new post, an `Update` for each changed one and a `Delete` for each removed or unpublished
   * one, one request per shared inbox. Called after each rebuild (Node) or deploy (Workers).
   */
  async sync(store: ContentStore): Promise<SyncResult> {
    const manifest = await store.manifest();
    const { site } = manifest;
    const ctx = this.federation(site).createContext(new URL(site.baseUrl), { store });
    const actor = ctx.getActorUri(site.activityPub.username);
    const lastBuild = this.published.syncedBuild();
    const result: SyncResult = { created: 0, updated: 0, deleted: 0, baseline: lastBuild === undefined };
    // The build id changes whenever a served byte may have: the same build has nothing new to send.
    if (lastBuild === manifest.buildId) return result;
    const inboxes = this.followers.inboxes();
    const keyId = await this.keyId(ctx, site.activityPub.username);
    const send = async (activity: Activity) => {
      if (result.baseline) return;
      const body = JSON.stringify(await activity.toJsonLd({ contextLoader: this.loader }));
      this.deliveries.enqueue({ id: (activity.id as URL).href, body, keyId }, inboxes);
    };
    const known = this.published.all();
    const gone = new Set(known.keys());
    const list = manifest.lists.site;
    const total = list?.count ?? 0;
    // A shard at a time: one list file read per step.
    for (let offset = 0; list && offset < total; offset += SHARD_SIZE) {
      for (const item of await store.items(await store.slugs("site", list, offset, SHARD_SIZE))) {
        gone.delete(item.slug);
        // The Article's inputs, not its JSON-LD: an unchanged post costs a hash, not a compaction.
        const hash = await sha256(articleInputs(item, [site.baseUrl, site.activityPub.username]));
        const before = known.get(item.slug)?.hash;
        if (before === hash) continue;
        this.published.put(item.slug, item.url, hash);
        const article = this.article(ctx, item, site);
        const common = {
          id: new URL(`${item.url}#${before === undefined ? "create" : "update"}-${hash.slice(0, 16)}`),
          actor,
          object: article,
          to: PUBLIC_COLLECTION,
          cc: ctx.getFollowersUri(site.activityPub.username),
        };
        if (before === undefined) {
          await send(new Create({ ...common, published: instant(item.published) }));
          result.created++;
        } else {
          await send(new Update({ ...common, published: instant(item.updated) }));
          result.updated++;
        }
      }
    }
    for (const slug of gone) {
      const url = known.get(slug)?.url as string;
      this.published.remove(slug);
      const now = this.now();
      await send(
        new Delete({
          id: new URL(`${url}#delete-${now}`),
          actor,
          object: tombstone(url, now),
          to: PUBLIC_COLLECTION,
          cc: ctx.getFollowersUri(site.activityPub.username),
        }),
      );
      result.deleted++;
    }
    this.published.synced(manifest.buildId);
    if (result.baseline) result.created = result.updated = result.deleted = 0;
    return result;
  }

  private article(ctx: Context<SiteData>, item: Item, site: SiteConfig) {
    const username = site.activityPub.username;
    return itemToArticle(item, {
      baseUrl: site.baseUrl,
      actor: ctx.getActorUri(username),
      followers: ctx.getFollowersUri(username),
    });
  }

  /** The id of the actor's public key: the `keyId` of its signatures. */
  private async keyId(ctx: Context<SiteData>, username: string): Promise<string> {
    const [pair] = await ctx.getActorKeyPairs(username);
    if (!pair) throw new Error("the actor has no key pair");
    return pair.keyId.href;
  }

  private federation(site: SiteConfig): Federation<SiteData> {
    if (this.instance?.baseUrl === site.baseUrl) return this.instance.federation;
    const federation = this.build(site.baseUrl);
    this.instance = { baseUrl: site.baseUrl, federation };
    return federation;
  }

  private build(baseUrl: string): Federation<SiteData> {
    const federation = createFederation<SiteData>({
      kv: this.kv,
      origin: baseUrl,
      documentLoaderFactory: () => this.loader,
      // Fedify fetches nothing itself: keys, actors and contexts come through the guarded loader
      // (which sets the User-Agent), and this class sends the deliveries.
      contextLoaderFactory: () => this.loader,
      authenticatedDocumentLoaderFactory: (identity) => guardedDocumentLoader(this.deps.outbound, identity),
    });
    const siteOf = async (ctx: Context<SiteData>) => (await ctx.data.store.manifest()).site;

    federation
      .setActorDispatcher(AP_PATHS.actor, async (ctx, identifier) => {
        const site = await siteOf(ctx);
        const ap = site.activityPub;
        if (identifier !== ap.username) return null;
        const keys = await ctx.getActorKeyPairs(identifier);
        return new Service({
          id: ctx.getActorUri(identifier),
          preferredUsername: identifier,
          name: ap.name ?? site.title,
          summary: `<p>${escapeHtml(ap.summary ?? site.description)}</p>`,
          url: new URL(`${site.baseUrl}/`),
          ...(ap.icon && { icon: new Image({ url: new URL(ap.icon, `${site.baseUrl}/`) }) }),
          inbox: ctx.getInboxUri(identifier),
          outbox: ctx.getOutboxUri(identifier),
          followers: ctx.getFollowersUri(identifier),
          endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
          publicKey: keys[0]?.cryptographicKey ?? null,
          assertionMethods: keys.map((k) => k.multikey),
          manuallyApprovesFollowers: false,
          discoverable: true,
        });
      })
      .mapHandle(async (ctx, username) => ((await siteOf(ctx)).activityPub.username === username ? username : null))
      .setKeyPairsDispatcher(async () => [await this.keyPair()]);

    federation
      .setOutboxDispatcher(AP_PATHS.outbox, async (ctx, identifier, cursor) => {
        const manifest = await ctx.data.store.manifest();
        const list = manifest.lists.site;
        if (identifier !== manifest.site.activityPub.username || cursor === null || !list) return null;
        const offset = Number(cursor) || 0;
        const items = await ctx.data.store.items(await ctx.data.store.slugs("site", list, offset, PAGE));
        const actor = ctx.getActorUri(identifier);
        return {
          items: items.map((item) => {
            const article = this.article(ctx, item, manifest.site);
            return new Create({
              id: new URL(`${item.url}#create`),
              actor,
              object: article,
              published: instant(item.published),
              to: PUBLIC_COLLECTION,
              cc: ctx.getFollowersUri(identifier),
            });
          }),
          nextCursor: offset + PAGE < list.count ? String(offset + PAGE) : null,
        };
      })
      .setCounter(async (ctx) => (await ctx.data.store.manifest()).lists.site?.count ?? 0)
      .setFirstCursor(() => "0");

    federation
      .setFollowersDispatcher(AP_PATHS.followers, async (ctx, identifier, cursor) => {
        if (identifier !== (await siteOf(ctx)).activityPub.username || cursor === null) return null;
        const offset = Number(cursor) || 0;
        const page = this.followers.page(offset, PAGE + 1);
        return {
          items: page.slice(0, PAGE).map((f) => ({
            id: new URL(f.actor),
            inboxId: new URL(f.inbox),
            endpoints: f.sharedInbox ? { sharedInbox: new URL(f.sharedInbox) } : null,
          })),
          nextCursor: page.length > PAGE ? String(offset + PAGE) : null,
        };
      })
      .setCounter(() => this.followers.count())
      .setFirstCursor(() => "0");

    federation.setObjectDispatcher(Article, AP_PATHS.article, async (ctx, { slug }) => {
      const item = slug === undefined ? undefined : await ctx.data.store.item(slug);
      return item ? this.article(ctx, item, await siteOf(ctx)) : null;
    });

    federation.setNodeInfoDispatcher(AP_PATHS.nodeInfo, async (ctx) => ({
      software: { name: PRODUCT_NAME.toLowerCase(), version: "0.1.0" },
      protocols: ["activitypub"],
      usage: {
        users: { total: 1, activeMonth: 1, activeHalfyear: 1 },
        localPosts: (await ctx.data.store.manifest()).lists.site?.count ?? 0,
        localComments: 0,
      },
      openRegistrations: false,
    }));

    federation
      .setInboxListeners(AP_PATHS.inbox, AP_PATHS.sharedInbox)
      .on(Follow, async (ctx, follow) => {
        const username = (await siteOf(ctx)).activityPub.username;
        const actor = ctx.getActorUri(username);
        if (follow.objectId?.href !== actor.href || !follow.id) return;
        const follower = await follow.getActor(ctx);
        if (!follower?.id || !follower.inboxId) return;
        this.followers.put(
          {
            actor: follower.id.href,
            inbox: follower.inboxId.href,
            sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
          },
          this.now(),
        );
        const accept = new Accept({
          id: new URL(`${actor.href}#accepts/${crypto.randomUUID()}`),
          actor,
          // The Follow as its sender wrote it, by reference: not the actor document fetched meanwhile.
          object: new Follow({ id: follow.id, actor: follower.id, object: actor }),
          to: follower.id,
        });
        const body = JSON.stringify(await accept.toJsonLd({ contextLoader: this.loader }));
        const keyId = await this.keyId(ctx, username);
        this.deliveries.enqueue({ id: (accept.id as URL).href, body, keyId }, [follower.inboxId.href]);
        this.log(`activitypub: ${follower.id.href} follows`);
      })
      .on(Undo, async (ctx, undo) => {
        const object = await undo.getObject(ctx).catch(() => null);
        if (!(object instanceof Follow) || !undo.actorId || object.actorId?.href !== undo.actorId.href) return;
        if (this.followers.remove(undo.actorId.href)) this.log(`activitypub: ${undo.actorId.href} unfollowed`);
      })
      // Likes, boosts, replies: accepted (202) and ignored for now.
      .on(Activity, () => {})
      .onError((_ctx, error) => this.log(`activitypub: inbox: ${error.message}`));
    return federation;
  }
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
