import type { Context, MiddlewareHandler } from 'hono'
import { acceptsGzip, MIN_BYTES } from './compress'
import type { AppEnv } from './env'
import type { LiveHub } from './live/hub'
import { sha256Words } from './services/sha256'

/**
 * The public reads that every attendee's page makes: the event with its forms above all, the page, the
 * built scripts, the wall and the survey's results. Building the event takes six queries, the forms in
 * the request's language, 15 KB of JSON and its gzip — about 3.4 ms of the event loop, so 100 page loads
 * at once were served at 258 a second with a p99 of 4.9 s (`npx tsx bench/profile.ts event`). Each is
 * built once, with an ETag, kept as its body and its gzip, and served from there. On Node, requests for
 * a read that is being built wait for that build; on Workers each builds its own, since a promise
 * settled by another request's I/O is cancelled if that request ends first (`Deps.shareReads`).
 *
 * A kept read is forgotten when it is TTL_MS old and whenever staff send anything but a read
 * (`forgetOnStaffWrites`; the built files excepted), and the wall and the results also on every publish
 * of the live hub (`forgetLiveOnPublish`). On Node's one process a page never shows less than what has
 * been committed; on Workers, another isolate may serve an event or a page up to TTL_MS old after a
 * staff edit, and the wall and the results are not kept.
 */
const TTL_MS = 2000
/** Per store: a handful of events are live at once. The least recently used goes first. */
const MAX_KEPT = 256
const MAX_BYTES = 32 * 2 ** 20

/**
 * What a read answers with: its body and Content-Type, how long browsers may keep it, and what it
 * varies on besides the database (the language, unless said otherwise).
 */
export type Read = {
  body: string | Uint8Array<ArrayBuffer>
  type: string
  cacheControl?: string
  vary?: string
}
type Kept = Read & { etag: string; gzip?: Promise<Uint8Array<ArrayBuffer>> }
/** A kept read, or one being built that other requests may wait on (Node only: `Deps.shareReads`). */
type Entry = { at: number; kept?: Kept; building?: Promise<Kept | Response>; bytes: number }

/** Kept reads in the order of their last use, within a count and a byte budget. */
class Store {
  readonly #entries = new Map<string, Entry>()
  #bytes = 0
  get size() {
    return this.#entries.size
  }
  /** The entry, now the most recently used. */
  use(key: string) {
    const entry = this.#entries.get(key)
    if (entry) {
      this.#entries.delete(key)
      this.#entries.set(key, entry)
    }
    return entry
  }
  peek = (key: string) => this.#entries.get(key)
  set(key: string, entry: Entry) {
    this.delete(key)
    this.#entries.set(key, entry)
    this.#bytes += entry.bytes
    while (this.#entries.size > 1 && (this.#entries.size > MAX_KEPT || this.#bytes > MAX_BYTES))
      this.delete(this.#entries.keys().next().value!)
  }
  delete(key: string) {
    const entry = this.#entries.get(key)
    if (!entry) return
    this.#bytes -= entry.bytes
    this.#entries.delete(key)
  }
}

type Kind = 'reads' | 'live' | 'files'
// Per database, so that two apps (tests, two entities' databases) never share a read. Three stores:
// what staff change (`reads`), what also changes with the public's submissions (`live`, forgotten on
// every publish) and the built files (`files`, which no write changes).
const stores = new WeakMap<object, Record<Kind, Store>>()
const storesOf = (db: object) => {
  const all = stores.get(db) ?? { reads: new Store(), live: new Store(), files: new Store() }
  stores.set(db, all)
  return all
}

// The hub that forgets the `live` reads on each publish, and the database it forgets them for.
const FORGETS = Symbol('cabildo.forgetsLiveReads')

// Text compresses; images and fonts are compressed already.
const compressible = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/i
const gzipOf = (body: string | Uint8Array<ArrayBuffer>) =>
  new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip')))
    .arrayBuffer()
    .then((b) => new Uint8Array(b))
const encoder = new TextEncoder()
const withEtag = (read: Read): Kept => ({ ...read, etag: etagOf(read.body) })
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
 * is kept only where one process sees every publish — Node, with `Deps.shareReads` and its hub wrapped
 * in `forgetLiveOnPublish` — is forgotten on each one, and is built per request elsewhere. A `files`
 * read (a built script) depends on nothing that a write changes.
 */
export async function cachedRead(
  c: Context<AppEnv>,
  key: string,
  build: () => Promise<Read | Response>,
  opts: { kind?: Kind } = {},
) {
  const { db, now: clock, shareReads, live: hub } = c.get('deps')
  const kind = opts.kind ?? 'reads'
  const own = async () => {
    const read = await build()
    return read instanceof Response ? read : answer(c, withEtag(read))
  }
  if (kind === 'live' && !(shareReads && (hub as { [FORGETS]?: object })[FORGETS] === db)) return own()
  const store = storesOf(db)[kind]
  const now = clock().getTime()
  const entry = store.use(key)
  if (entry?.kept && now - entry.at <= TTL_MS) return answer(c, entry.kept)
  if (entry?.building) {
    const built = await entry.building
    // A Response is the building request's own (its request id, say): this one builds its own.
    return built instanceof Response ? own() : answer(c, built)
  }
  const building = build().then((read) => (read instanceof Response ? read : withEtag(read)))
  const mine: Entry = { at: now, building, bytes: 0 }
  if (shareReads) store.set(key, mine)
  let built: Kept | Response
  try {
    built = await building
  } catch (err) {
    if (store.peek(key) === mine) store.delete(key)
    throw err
  }
  if (built instanceof Response) {
    if (store.peek(key) === mine) store.delete(key)
    return built
  }
  // Shared, it is kept only if nothing forgot it while it was built. Either way, a write since then
  // has left `store` behind, and what is kept there with it.
  if (!shareReads || store.peek(key) === mine)
    store.set(key, { at: now, kept: built, bytes: 2 * sizeOf(built.body) })
  return answer(c, built)
}

async function answer(c: Context<AppEnv>, kept: Kept) {
  // no-cache (unless said otherwise): a browser may keep it, and asks again with If-None-Match.
  const headers = {
    etag: kept.etag,
    vary: kept.vary ?? 'Accept-Encoding, Accept-Language',
    'cache-control': kept.cacheControl ?? 'no-cache',
  }
  if (matches(c.req.header('if-none-match'), kept.etag)) return c.body(null, 304, headers)
  // Gzipped where the app compresses (Node); on Workers, Cloudflare's edge compresses.
  const gzip =
    c.get('deps').compress &&
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
  opts: { kind?: Kind } = {},
) => cachedRead(c, key, async () => ({ body: JSON.stringify(await build()), type: 'application/json' }), opts)

/** The hub, forgetting the database's kept `live` reads before each publish (Node's entry). */
export function forgetLiveOnPublish(hub: LiveHub, db: object): LiveHub {
  return {
    [FORGETS]: db,
    publish: (eventId, message) => {
      // Every submission publishes: nothing is allocated when there is nothing to forget.
      const all = storesOf(db)
      if (all.live.size) all.live = new Store()
      return hub.publish(eventId, message)
    },
    stream: (eventId, opts) => hub.stream(eventId, opts),
  } as LiveHub
}

/** Forgets the database's kept reads, but the built files, once a staff request other than a read has run. */
export const forgetOnStaffWrites = (): MiddlewareHandler<AppEnv> => (c, next) => {
  const m = c.req.method
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return next()
  return next().then(() => {
    if (!c.get('user')) return
    const all = storesOf(c.get('deps').db)
    all.reads = new Store()
    all.live = new Store()
  })
}
