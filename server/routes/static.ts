import { Hono, type MiddlewareHandler } from 'hono'
import { open } from '../access'
import { ASSET_CACHE_CONTROL as CACHE_CONTROL } from '../asset-headers'
import type { AppEnv } from '../env'
import { cachedRead } from '../read-cache'

/**
 * A built file, read from the asset server once and kept in memory with its gzip and ETag
 * (server/read-cache.ts): every attendee's page loads these, and reading and compressing the file on
 * each request held /widget.js to about 700 a second at 100 clients. A file that is not there falls
 * through to the app's 404.
 */
const serveAsset: MiddlewareHandler<AppEnv> = async (c, next) => {
  const assets = c.get('deps').assets
  // `next()` resolves to the context, not a response: returning it would make callers treat it as one.
  if (!assets) {
    await next()
    return
  }
  // HEAD and ranges are answered from the file itself, as before.
  if (c.req.method !== 'GET' || c.req.header('range')) {
    const res = await assets(c, next)
    if (res?.ok) res.headers.set('cache-control', CACHE_CONTROL)
    return res
  }
  const res = await cachedRead(
    c,
    `asset\n${c.req.path}`,
    async () => {
      try {
        const file = await assets(c, async () => {})
        if (file?.status !== 200) return file ?? new Response(null, { status: 404 })
        const type = file.headers.get('content-type') ?? 'application/octet-stream'
        const body = new Uint8Array(await file.arrayBuffer())
        return { body, type, cacheControl: CACHE_CONTROL, vary: 'Accept-Encoding' }
      } finally {
        // The asset server set these on the context for its own response; the kept one brings its own.
        c.header('content-length', undefined)
        c.header('content-type', undefined)
      }
    },
    { kind: 'files' },
  )
  if (res.status !== 404) return res
  await next()
}

/**
 * The built web assets (web/dist) on runtimes that hand the app an asset server (Node). On Workers the
 * [assets] directory answers these paths before the app runs, with the headers of web/dist/_headers
 * (server/asset-headers.ts).
 */
export const staticRoutes = new Hono<AppEnv>()
  .get('/widget.js', open('El widget embebible (formularios para asistentes)', { scope: 'none' }), serveAsset)
  .get('/app/*', open('Los scripts de las páginas de Cabildo', { scope: 'none' }), serveAsset)
  // The pages' icon (their <link rel="icon">), from the app on both runtimes: a browser asked
  // /favicon.ico on every page and got a 404.
  .get('/favicon.svg', open('El icono de las páginas', { scope: 'none' }), (c) =>
    c.body(ICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': CACHE_CONTROL }),
  )
  .get('/favicon.ico', open('El icono de las páginas, donde el navegador lo busca', { scope: 'none' }), (c) =>
    c.redirect('/favicon.svg', 301),
  )

/** A speech bubble on the pages' blue: citizens' questions, the heart of an accountability event. */
const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5394"/><path d="M8 8h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#fff"/></svg>'
