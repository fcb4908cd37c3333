import type { Context, MiddlewareHandler } from 'hono'
import { acceptsGzip, MIN_BYTES } from './compress'
import type { AppEnv } from './env'
import type { LiveHub } from './live/hub'
import { sha256Words } from './services/sha256'

/**
 * Public reads that every attendee's page makes and that only staff change: the event with its forms,
 * above all. Building that one takes six queries, the forms in the request's language, 15 KB of JSON and
 * its gzip — about 3.4 ms of the event loop, so 100 page loads at once were served at 258 a second with
 * a p99 of 4.9 s (`npx tsx bench/profile.ts event`). Each is built once, with an ETag, kept as its JSON
 * and its gzip, and served from there. On Node, requests for a read that is being built wait for that
 * build; on Workers each builds its own, since a promise settled by another request's I/O is cancelled
 * if that request ends first (`Deps.shareReads`). A kept read is forgotten when it is TTL_MS old and
 * whenever staff send anything but a read (`forgetOnStaffWrites`): on Node's one process a page never
 * shows what staff have changed; on Workers, another isolate may serve the previous version for up to
 * TTL_MS.
 */
const TTL_MS = 2000
/** Reads kept per database: a handful of events are live at once; the oldest goes first. */
const MAX_KEPT = 256

/** What a read answers with: its body and Content-Type, and how long browsers may keep it. */
export type Read = { body: string | Uint8Array<ArrayBuffer>; type: string; cacheControl?: string }
type Kept = Read & { etag: string; gzip?: Promise<Uint8Array<ArrayBuffer>> }
/** A kept read, or one being built that other requests may wait on (Node only: `Deps.shareReads`). */
type Entry = { at: number; kept?: Kept; building?: Promise<Kept | Response> }
type Store = Map<string, Entry>
// Per database, so that two apps (tests, two entities' databases) never share a read; the reads that
// follow the public's submissions (`live`) apart, to be forgotten on every publish.
const stores = new WeakMap<object, { reads: Store; live: Store }>()
const storeOf = (db: object, live: boolean) => {
  const both = stores.get(db) ?? { reads: new Map(), live: new Map() }
  stores.set(db, both)
  return live ? both.live : both.reads
}
const keep = (store: Store, key: string, entry: Entry) => {
  store.delete(key)
  store.set(key, entry)
  if (store.size > MAX_KEPT) store.delete(store.keys().next().value!)
}

// Text compresses; images and fonts are compressed already.
const compressible = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/i
const gzipOf = (body: string | Uint8Array<ArrayBuffer>) =>
  new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip')))
    .arrayBuffer()
    .then((b) => new Uint8Array(b))
const encoder = new TextEncoder()
// A string's UTF-8 length is at least its length in code units: counted only when that is not enough.
const sizeOf = (body: string | Uint8Array) =>
  typeof body !== 'string'
    ? body.byteLength
    : body.length >= MIN_BYTES
      ? body.length
      : encoder.encode(body).length
/** A weak ETag from the body's SHA-256 (its first 128 bits), computed once per build. */
const etagOf = (body: string | Uint8Array) => {
  const words = sha256Words(typeof body === 'string' ? encoder.encode(body) : body).subarray(0, 4)
  return `W/"${Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('')}"`
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
function matches(header: string | undefined, etag: string) {
  if (!header) return false
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare)
}

/**
 * Answers `c` with what `build` reads, kept under `key`, which must name everything the read depends on
 * besides the database (the event, the language, the address). A build that answers with a Response of
 * its own (a page's 404), or fails (an API error), is not kept.
 *
 * A `live` read changes with the public's own submissions (the wall's votes, the survey's results). It
 * is kept only where one process sees every publish (Node: `Deps.shareReads`, its hub wrapped in
 * `forgetLiveOnPublish`), forgotten on each one, and built per request elsewhere.
 */
export async function cachedRead(
  c: Context<AppEnv>,
  key: string,
  build: () => Promise<Read | Response>,
  opts: { live?: boolean } = {},
) {
  const { db, now: clock, shareReads } = c.var.deps
  const live = Boolean(opts.live)
  if (live && !shareReads) {
    const read = await build()
    return read instanceof Response ? read : answer(c, { ...read, etag: etagOf(read.body) })
  }
  const store = storeOf(db, live)
  const now = clock().getTime()
  const entry = store.get(key)
  if (entry?.kept && now - entry.at <= TTL_MS) return answer(c, entry.kept)
  if (entry?.building) {
    const built = await entry.building
    return built instanceof Response ? built.clone() : answer(c, built)
  }
  const building = build().then((read) =>
    read instanceof Response ? read : { ...read, etag: etagOf(read.body) },
  )
  const mine: Entry = { at: now, building }
  if (shareReads) keep(store, key, mine)
  // Shared, it is kept only if nothing forgot it while it was built; otherwise a staff write since
  // has left `store` behind, and the build with it.
  const current = () => !shareReads || store.get(key) === mine
  let built: Kept | Response
  try {
    built = await building
  } catch (err) {
    if (store.get(key) === mine) store.delete(key)
    throw err
  }
  if (built instanceof Response) {
    if (store.get(key) === mine) store.delete(key)
    return built
  }
  if (current()) keep(store, key, { at: now, kept: built })
  return answer(c, built)
}

async function answer(c: Context<AppEnv>, kept: Kept) {
  // no-cache (unless said otherwise): a browser may keep it, and asks again with If-None-Match.
  const headers = {
    etag: kept.etag,
    vary: 'Accept-Encoding',
    'cache-control': kept.cacheControl ?? 'no-cache',
  }
  if (matches(c.req.header('if-none-match'), kept.etag)) return c.body(null, 304, headers)
  // Gzipped where the app compresses (Node); on Workers, Cloudflare's edge compresses.
  const gzip =
    c.var.deps.compress &&
    compressible.test(kept.type) &&
    sizeOf(kept.body) >= MIN_BYTES &&
    acceptsGzip.test(c.req.header('accept-encoding') ?? '')
  if (!gzip) return c.body(kept.body, 200, { ...headers, 'content-type': kept.type })
  kept.gzip ??= gzipOf(kept.body)
  return c.body(await kept.gzip, 200, { ...headers, 'content-type': kept.type, 'content-encoding': 'gzip' })
}

/** `cachedRead` of the JSON of what `build` returns. */
export const cachedJson = (
  c: Context<AppEnv>,
  key: string,
  build: () => Promise<unknown>,
  opts: { live?: boolean } = {},
) => cachedRead(c, key, async () => ({ body: JSON.stringify(await build()), type: 'application/json' }), opts)

/** The hub, forgetting the database's kept `live` reads before each publish (Node's entry). */
export function forgetLiveOnPublish(hub: LiveHub, db: object): LiveHub {
  return {
    publish: (eventId, message) => {
      stores.get(db)?.live.clear()
      return hub.publish(eventId, message)
    },
    stream: (eventId, opts) => hub.stream(eventId, opts),
  }
}

/** Forgets every kept read of the database once a staff request other than a read has run. */
export const forgetOnStaffWrites = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next()
  const m = c.req.method
  if (c.var.user && m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS') stores.delete(c.var.deps.db)
}
