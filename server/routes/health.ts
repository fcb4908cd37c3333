import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { open } from '../access'
import type { AppEnv } from '../env'

export const healthRoutes = new Hono<AppEnv>()
  .get('/', open('Estado del servicio (incluye la base de datos)', { scope: 'none' }), async (c) => {
    await c.get('deps').db.run(sql`select 1`)
    return c.json({ status: 'ok', time: c.get('deps').now().toISOString() })
  })
  // Liveness without touching the database: also the bare-route baseline of the benchmarks.
  .get('/ping', open('Respuesta mínima, sin base de datos', { scope: 'none' }), (c) => c.json({ pong: true }))
