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
  .get('/app/*', open('Los scripts de las páginas de Cabildo'), compress(), serveAsset)
