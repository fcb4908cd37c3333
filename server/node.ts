import { serve } from '@hono/node-server'
import { openNodeDb } from '../db/client-node'
import { createApp } from './app'
import { bootstrap } from './bootstrap'
import { configFromEnv, type Deps } from './env'

const config = configFromEnv(process.env)
const file = process.env.CABILDO_DB || './data/cabildo.db'
const port = Number(process.env.PORT || 8787)
const host = process.env.HOST || '0.0.0.0'

const deps: Deps = { db: openNodeDb(file), config, now: () => new Date() }
const { admin, demoSlug } = await bootstrap(deps)
const app = createApp(deps)

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const url = `http://localhost:${info.port}`
  const lines = [
    `Cabildo escucha en ${url}  (base de datos: ${file})`,
    demoSlug
      ? `Evento de demostración: ${url}/api/events/${demoSlug}`
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
