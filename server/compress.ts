import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './env'

// What the app answers reads with: JSON and its pages, always built in memory. Event streams, files
// and exports are left as they are (the static files come precompressed).
const compressible = /^(application\/json|text\/html)\b/i
const acceptsGzip = /(^|,)\s*(gzip|\*)\s*(;\s*q\s*=\s*(0?\.\d*[1-9]|1(\.0*)?)\s*)?(,|$)/i
const MIN_BYTES = 1024

/**
 * What attendees load on a weak connection — the event with its forms (15 KB of JSON, 4.3 KB gzipped),
 * the pages, the wall — gzipped when the client accepts it. Only reads, and only bodies of 1 KB or
 * more: a submission's short answer, or an empty wall, is not worth a compression stream.
 */
export const compressReads = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  await next()
  if (c.req.method !== 'GET' || c.res.status !== 200 || !c.res.body) return
  const h = c.res.headers
  if (h.has('content-encoding') || !compressible.test(h.get('content-type') ?? '')) return
  if (/no-transform/i.test(h.get('cache-control') ?? '')) return
  h.append('vary', 'Accept-Encoding')
  if (!acceptsGzip.test(c.req.header('accept-encoding') ?? '')) return
  const body = await c.res.arrayBuffer()
  const plain = body.byteLength < MIN_BYTES
  const out = plain ? body : new Response(body).body!.pipeThrough(new CompressionStream('gzip'))
  c.res = new Response(out, c.res)
  if (plain) return
  c.res.headers.delete('content-length')
  c.res.headers.set('content-encoding', 'gzip')
}
