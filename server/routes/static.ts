import { Hono, type MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'
import { open } from '../access'
import type { AppEnv } from '../env'

// File names carry no hash (embedders link /widget.js for years), so caches revalidate after 5 minutes.
const serveAsset: MiddlewareHandler<AppEnv> = async (c, next) => {
  const assets = c.var.deps.assets
  // `next()` resolves to the context, not a response: returning it would make callers treat it as one.
  if (!assets) {
    await next()
    return
  }
  const res = await assets(c, next)
  if (res?.ok) res.headers.set('cache-control', 'public, max-age=300')
  return res
}

/**
 * The built web assets (web/dist) on runtimes that hand the app an asset server (Node). On Workers the
 * [assets] directory answers these paths before the app runs.
 */
export const staticRoutes = new Hono<AppEnv>()
  .get('/widget.js', open('El widget embebible (formularios para asistentes)'), compress(), serveAsset)
  // Fetched by English widgets on other sites (on Workers, web/dist/_headers gives the same header).
  .get('/widget-en.json', open('Los textos del widget en inglés'), compress(), async (c, next) => {
    const res = await serveAsset(c, next)
    res?.headers.set('access-control-allow-origin', '*')
    return res
  })
  .get('/app/*', open('Los scripts de las páginas de Cabildo'), compress(), serveAsset)
