import type { Context, MiddlewareHandler } from 'hono'
import type { Db } from '../db/client'
import type { Role } from '../db/schema'
import type { LiveHub } from './live/hub'
import type { AttemptStore } from './ratelimit/attempts'
import { parseRule, type RateLimiter, type RateRule } from './ratelimit/interface'
import type { register } from './services/attendance'
import type { Reader } from './services/heavy-reads'
import type { submitResponse } from './services/responses'

export type Config = {
  /** First admin; with neither set on Node, one is generated and printed once. */
  adminEmail?: string
  adminPassword?: string
  /** Seed the labelled demo event (CABILDO_DEMO=0 turns it off). */
  demo: boolean
  /** PBKDF2-SHA256 rounds for new password hashes; 100,000 is the most Workers' WebCrypto allows. */
  passwordIterations: number
  tokenTtlHours: number
  /** How often a moderator's open live stream checks that its token still works (revoked, expired, role). */
  liveRecheckMs: number
  maxBodyBytes: number
  /** Public submissions per client IP and per event (Node; Workers set theirs in wrangler.toml); null: off. */
  rateLimits: { ip: RateRule | null; event: RateRule | null; lookup: RateRule | null }
  /** Node behind a reverse proxy: take the client IP from X-Forwarded-For (CABILDO_TRUST_PROXY=1). */
  trustProxy: boolean
  /** The public address of the site, for join links and their QR codes; else the request's own origin. */
  publicUrl?: string
  /**
   * Days after a closed event's end when its attendees' personal data is anonymised, for events that set
   * no period of their own (CABILDO_RETENTION_DAYS); null: never by default, archive rules may require keeping it.
   */
  retentionDays: number | null
  /**
   * Days a webhook message's body (which may name a petitioner) stays in the delivery log after it was
   * written; then, once delivered or failed for good, it is erased (CABILDO_WEBHOOK_LOG_DAYS); null: kept.
   */
  webhookLogDays: number | null
  /**
   * Webhooks may go to this machine or a link-local address (CABILDO_WEBHOOKS_ALLOW_LOCAL=1): for a
   * receiver beside Cabildo in development or tests. Off, such a URL is refused (see webhook-url.ts).
   */
  webhooksAllowLocal: boolean
}

export type Deps = {
  db: Db
  config: Config
  /** The clock, injectable so tests can cross deadlines and midnights. */
  now: () => Date
  /** Live updates (SSE): an in-process hub on Node, a Durable Object per event on Workers. */
  live: LiveHub
  /** Sends queued webhook messages outside the request: a timer on Node, waitUntil and a cron on Workers. */
  outbox: Outbox
  /** Serves the built web assets (web/dist) where the runtime does not do it before the app (Node). */
  assets?: MiddlewareHandler<AppEnv>
  /** Runs the reads that scan raw responses off the request's thread (reader threads on Node). */
  reader?: Reader
  /** Limits public submissions: in memory on Node, the rate limiting binding on Workers. */
  rateLimiter?: RateLimiter
  /** The client's IP as the runtime knows it (socket on Node, CF-Connecting-IP on Workers). */
  clientIp?: (c: Context<AppEnv>) => string | undefined
  /**
   * The addresses a host name resolves to, where the runtime can say (Node's DNS lookup): a webhook whose
   * name resolves to this machine or a link-local address is refused (services/webhook-url.ts).
   */
  resolveHost?: (host: string) => Promise<string[]>
  /**
   * The fetch webhook deliveries send with, where the runtime's own is not enough: on Node, one that
   * refuses to connect to a local address whatever the DNS answers then (server/node-webhook-fetch.ts).
   */
  webhookFetch?: typeof fetch
  /** Staff sign-in attempts, throttled after repeated failures: in memory on Node, a D1 table on Workers. */
  loginAttempts?: AttemptStore
  /** A consistent copy of the SQLite file while serving (Node); absent on Workers, where D1 Time Travel is the backup. */
  backup?: Backup
  /** Compress what GET requests read (Node); on Workers, Cloudflare's edge compresses. */
  compress?: boolean
  /**
   * Whether a request may wait on another's build of a kept read (server/read-cache.ts): on Node; not on
   * Workers, where a promise settled by another request's I/O is cancelled if that request ends first.
   * With `live` wrapped in `forgetLiveOnPublish`, it also keeps the wall and the results.
   */
  shareReads?: boolean
  /** Runs the public submissions elsewhere (Node: on the writer thread); absent, the route runs them. */
  submitter?: Submitter
  /**
   * The deployed Worker version (CF_VERSION_METADATA), which fixes the secrets: the admin's is checked
   * against the stored hash once per version, not per isolate. Absent on Node, which checks per start.
   */
  deployedVersion?: string
}

/**
 * A public submission's JSON body and Idempotency-Key as the request brought them, left unread by the
 * route for where the submission is decided to read, check and hash (server/submissions-elsewhere.ts,
 * `withBody`), refusing them as the route would have; `scope` is the key's.
 */
export type Unread = { text: string; key: string | undefined; scope: string }
/** A service's input with its body and key read, or still unread. */
export type Sent<I extends { body: unknown; idem: unknown }> =
  | I
  | (Omit<I, 'body' | 'idem'> & { unread: Unread })

/** The services of the public submissions, as a runtime may run them for the routes. */
export type Submitter = {
  survey(deps: Deps, input: Sent<Parameters<typeof submitResponse>[1]>): ReturnType<typeof submitResponse>
  attendance(deps: Deps, input: Sent<Parameters<typeof register>[1]>): ReturnType<typeof register>
  /**
   * Whether it takes a body unread (Node: the writer thread reads it). The route then leaves it so, and
   * its own thread neither parses, checks nor hashes it.
   */
  readsBodies?: boolean
}

export interface Backup {
  /** The whole database as one file, copied online; `bytes` is its size. */
  snapshot(): Promise<{ body: ReadableStream<Uint8Array>; bytes: number }>
}

/** Background delivery of the webhook outbox; `waitUntil` keeps a Worker alive for it after the response. */
export interface Outbox {
  wake(waitUntil?: (task: Promise<unknown>) => void): void
}

export type SessionUser = {
  id: string
  email: string
  role: Role
  tokenId: string
  /** The entities whose events this user may work on; null: every entity (admins, and unscoped staff). */
  entityIds: string[] | null
  /**
   * The password was generated by Cabildo or reset by an admin and is not changed yet: the session may
   * only change it, read who it is and sign out (server/access.ts).
   */
  mustChangePassword?: boolean
}

export type AppEnv = {
  Variables: {
    deps: Deps
    requestId: string
    language: string
    user?: SessionUser
    /** A JSON body the `json` validator left unread for the submitter (`Unread`). */
    unreadBody?: string
  }
}

export const defaultConfig: Config = {
  demo: true,
  passwordIterations: 100_000,
  tokenTtlHours: 12,
  liveRecheckMs: 30_000,
  maxBodyBytes: 64 * 1024,
  // A venue's Wi-Fi puts hundreds of attendees behind one IP: the per-IP limit must allow a room.
  rateLimits: {
    ip: { limit: 600, windowSeconds: 60 },
    event: { limit: 6000, windowSeconds: 60 },
    // A petitioner looks a radicado up a few times; the numbers run in order, so more is a listing.
    lookup: { limit: 60, windowSeconds: 60 },
  },
  trustProxy: false,
  retentionDays: null,
  webhookLogDays: 30,
  webhooksAllowLocal: false,
}

/** CABILDO_RETENTION_DAYS: unset, empty or 0 is off; otherwise a whole number of days. */
export function parseRetentionDays(value: string | undefined): number | null {
  const v = value?.trim()
  if (!v) return null
  if (!/^\d{1,6}$/.test(v))
    throw new Error(
      `CABILDO_RETENTION_DAYS inválido: "${value}" (un número entero de días, o 0 para no borrar nada)`,
    )
  return Number(v) || null
}

/**
 * CABILDO_WEBHOOK_LOG_DAYS: unset or empty is 30; 0 keeps every body; otherwise a whole number of days.
 */
export function parseWebhookLogDays(value: string | undefined): number | null {
  const v = value?.trim()
  if (!v) return defaultConfig.webhookLogDays
  if (!/^\d{1,6}$/.test(v))
    throw new Error(
      `CABILDO_WEBHOOK_LOG_DAYS inválido: "${value}" (un número entero de días, o 0 para conservar los mensajes)`,
    )
  return Number(v) || null
}

/**
 * CABILDO_LIVE_RECHECK_SECONDS: how often an open moderation stream checks that its session still
 * works; unset or empty is 30. A whole number of seconds, 1 to 3600.
 */
export function parseRecheckMs(value: string | undefined): number {
  const v = value?.trim()
  if (!v) return defaultConfig.liveRecheckMs
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > 3600)
    throw new Error(
      `CABILDO_LIVE_RECHECK_SECONDS inválido: "${value}" (un número entero de segundos, de 1 a 3600)`,
    )
  return Number(v) * 1000
}

/**
 * A switch (CABILDO_DEMO, CABILDO_TRUST_PROXY, CABILDO_WEBHOOKS_ALLOW_LOCAL): 1 or 0, unset or empty
 * its default. Anything else is refused: `CABILDO_TRUST_PROXY=true` read as off would count a whole
 * town behind the proxy as one client.
 */
export function parseSwitch(name: string, value: string | undefined, fallback: boolean): boolean {
  const v = value?.trim()
  if (!v) return fallback
  if (v === '1' || v === '0') return v === '1'
  throw new Error(`${name} inválido: "${value}" (1 para sí, 0 para no)`)
}

/** CABILDO_PUBLIC_URL: an http(s) address (its trailing slashes dropped); unset or empty: none. */
export function parsePublicUrl(value: string | undefined): string | undefined {
  const v = value?.trim().replace(/\/+$/, '')
  if (!v) return undefined
  if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol))
    throw new Error(
      `CABILDO_PUBLIC_URL inválido: "${value}" (la dirección completa del sitio, p. ej. https://cabildo.alcaldia.gov.co)`,
    )
  return v
}

/** Reads the environment variables that both runtimes share (process.env on Node, vars/secrets on Workers). */
export function configFromEnv(env: Record<string, string | undefined>): Config {
  return {
    ...defaultConfig,
    adminEmail: env.CABILDO_ADMIN_EMAIL || undefined,
    adminPassword: env.CABILDO_ADMIN_PASSWORD || undefined,
    demo: parseSwitch('CABILDO_DEMO', env.CABILDO_DEMO, defaultConfig.demo),
    rateLimits: {
      ip: parseRule(env.CABILDO_RATE_LIMIT_IP, defaultConfig.rateLimits.ip),
      event: parseRule(env.CABILDO_RATE_LIMIT_EVENT, defaultConfig.rateLimits.event),
      lookup: parseRule(env.CABILDO_RATE_LIMIT_LOOKUP, defaultConfig.rateLimits.lookup),
    },
    trustProxy: parseSwitch('CABILDO_TRUST_PROXY', env.CABILDO_TRUST_PROXY, false),
    publicUrl: parsePublicUrl(env.CABILDO_PUBLIC_URL),
    retentionDays: parseRetentionDays(env.CABILDO_RETENTION_DAYS),
    webhookLogDays: parseWebhookLogDays(env.CABILDO_WEBHOOK_LOG_DAYS),
    liveRecheckMs: parseRecheckMs(env.CABILDO_LIVE_RECHECK_SECONDS),
    webhooksAllowLocal: parseSwitch('CABILDO_WEBHOOKS_ALLOW_LOCAL', env.CABILDO_WEBHOOKS_ALLOW_LOCAL, false),
  }
}
