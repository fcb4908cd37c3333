/**
 * Failures the platform documents as passing, answered 503 UNAVAILABLE with a Retry-After instead of a
 * 500, so that the client tries again (the widget's outbox does, with the same Idempotency-Key):
 * - a Durable Object call whose error says `.retryable` or `.overloaded`
 *   (developers.cloudflare.com/durable-objects/best-practices/error-handling/);
 * - the D1_ERRORs whose recommended action is to retry, and D1's overloads
 *   (developers.cloudflare.com/d1/observability/debug-d1/#error-list). D1 sets no property on them:
 *   their messages are what tells them apart, wherever they sit in the cause chain (drizzle wraps them);
 * - on Node, SQLITE_BUSY once busy_timeout has run out: the transaction that met it was rolled back.
 */
const passing = new RegExp(
  [
    'reset because its code was updated',
    'Internal error (while starting up|in) D1 DB storage caused object to be reset',
    'Network connection lost',
    'Cannot resolve D1 DB due to transient issue on remote node',
    'this Durable Object instance is no longer active',
  ].join('|'),
)
const overloaded = new RegExp(
  [
    // "D1 DB is overloaded. …", "Durable Object is overloaded. …"
    '\\bis overloaded\\b',
    'storage operation exceeded timeout which caused object to be reset',
    'generating too much load on Durable Objects',
    'too many concurrent storage operations',
  ].join('|'),
)

/** Seconds to wait: a restart or a lost connection passes in about a second; an overload, only once the crowd spreads out. */
export const SOON = 1
export const LATER = 5

/** How long the client should wait before trying again, in seconds; null when `err` is not a passing failure. */
export function transientWait(err: unknown): number | null {
  let wait: number | null = null
  let e: any = err
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth++, e = e.cause) {
    const message = String(e.message ?? '')
    if (e.overloaded === true || overloaded.test(message) || /^SQLITE_BUSY/.test(String(e.code))) return LATER
    if (e.retryable === true || passing.test(message)) wait = SOON
  }
  return wait
}

/** What Cloudflare says may be sent again at once: retryable and not overloaded (retrying adds to an overload). */
export const mayCallAgain = (err: unknown) => {
  const e = err as { retryable?: unknown; overloaded?: unknown } | null
  return e?.retryable === true && e.overloaded !== true
}

/**
 * A Durable Object call sent once more when its failure says it may be, as Cloudflare recommends, and
 * only if the call is safe to repeat (`idempotent`): a read, or a submission carrying its
 * Idempotency-Key. `call` gets a fresh stub each time: a stub that threw may stay broken. The runtime
 * has already retried a call that never reached the object; this covers a failure after it did. One more
 * try, after a short random pause: beyond that the client, told 503 and Retry-After, backs off itself.
 */
export async function callOnceMore<T>(call: () => Promise<T>, idempotent: boolean): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (!idempotent || !mayCallAgain(err)) throw err
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100))
    return call()
  }
}
