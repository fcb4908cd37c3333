import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from './env'

// What the app answers reads with: JSON and its pages, always built in memory. Event streams, files
// and exports are left as they are; the built scripts are kept gzipped by read-cache.ts.
const compressible = /^(application\/json|text\/html)\b/i
/** An Accept-Encoding that takes gzip (with a q above zero, or through `*`). */
export const acceptsGzip = /(^|,)\s*(gzip|\*)\s*(;\s*q\s*=\s*(0?\.\d*[1-9]|1(\.0*)?)\s*)?(,|$)/i
/** Below this a body is not worth a compression stream (a submission's short answer, an empty wall). */
export const MIN_BYTES = 1024

/**
 * What attendees load on a weak connection — the event with its forms (15 KB of JSON, 4.3 KB gzipped),
 * the pages, the wall — gzipped when the client accepts it. Only reads, and only bodies of 1 KB or
 * more: a submission's short answer, or an empty wall, is not worth a compression stream.
 */
export const compressReads =
  (): MiddlewareHandler<AppEnv> =>
  // Anything but a GET passes as it is, with no async function suspended while a submission waits.
  (c, next) =>
    c.req.method === 'GET' ? next().then(() => compressed(c)) : next()

async function compressed(c: Context<AppEnv>) {
  if (c.res.status !== 200) return
  // Headers and status first: on Node, the body of the response a handler built (a string, kept aside
  // by @hono/node-server) becomes a web stream the moment it is read, and is then sent chunked.
  const h = c.res.headers
  if (h.has('content-encoding') || !compressible.test(h.get('content-type') ?? '')) return
  // A response that already varies on Accept-Encoding has chosen its encoding (read-cache.ts).
  if (/accept-encoding/i.test(h.get('vary') ?? '')) return
  if (/no-transform/i.test(h.get('cache-control') ?? '')) return
  h.append('vary', 'Accept-Encoding')
  if (!acceptsGzip.test(c.req.header('accept-encoding') ?? '') || !c.res.body) return
  const body = await c.res.arrayBuffer()
  const plain = body.byteLength < MIN_BYTES
  const init = { status: 200, headers: h }
  // Unset first: Hono would otherwise rebuild the new response around its body, as a stream again.
  c.res = undefined
  if (plain) {
    // Bytes, which @hono/node-server sends with their length, as it would have sent the string.
    c.res = new Response(new Uint8Array(body), init)
    return
  }
  h.delete('content-length')
  h.set('content-encoding', 'gzip')
  c.res = new Response(new Response(body).body!.pipeThrough(new CompressionStream('gzip')), init)
}
