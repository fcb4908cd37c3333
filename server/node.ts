import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import { openNodeDb } from '../db/client-node'
import { createApp } from './app'
import { bootstrap } from './bootstrap'
import { configFromEnv, type Deps } from './env'
import { MemoryHub } from './live/memory-hub'
import { timerOutbox } from './outbox'
import { MemoryRateLimiter } from './ratelimit/memory'
import { deliverDue } from './services/webhooks'

const config = configFromEnv(process.env)
const file = process.env.CABILDO_DB || './data/cabildo.db'
const port = Number(process.env.PORT || 8787)
const host = process.env.HOST || '0.0.0.0'

// serveStatic takes a root relative to the working directory; the assets are built by `npm run build`.
const webDist = relative(process.cwd(), fileURLToPath(new URL('../web/dist', import.meta.url)))
const deps: Deps = {
  db: openNodeDb(file),
  config,
  now: () => new Date(),
  assets: serveStatic({ root: webDist }),
  live: new MemoryHub(),
  rateLimiter: new MemoryRateLimiter(config.rateLimits),
  // Behind a proxy the socket is the proxy's: the last X-Forwarded-For hop is the one it saw.
  clientIp: (c) =>
    (config.trustProxy && c.req.header('x-forwarded-for')?.split(',').pop()?.trim()) ||
    getConnInfo(c).remote.address,
  // Replaced below: the outbox needs the finished deps to deliver with.
  outbox: { wake: () => {} },
}
deps.outbox = timerOutbox(() => deliverDue(deps))
const { admin, demoSlug } = await bootstrap(deps)
const app = createApp(deps)

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const url = `http://localhost:${info.port}`
  const lines = [
    `Cabildo escucha en ${url}  (base de datos: ${file})`,
    demoSlug
      ? `Evento de demostración: ${url}/e/${demoSlug}  (API: ${url}/api/events/${demoSlug})`
      : 'Sin evento de demostración (CABILDO_DEMO=0).',
    `Documentación de la API: ${url}/api/docs`,
    admin.password
      ? `Administrador creado: ${admin.email} / contraseña: ${admin.password}  (se muestra solo esta vez)`
      : `Administrador: ${admin.email}${config.adminPassword ? ' (contraseña de CABILDO_ADMIN_PASSWORD)' : ' (contraseña mostrada en el primer arranque; fije CABILDO_ADMIN_PASSWORD para cambiarla)'}`,
  ]
  console.log(lines.join('\n'))
})

const stop = () => server.close(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
