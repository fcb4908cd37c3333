import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { open } from '../access'
import type { AppEnv } from '../env'

export const healthRoutes = new Hono<AppEnv>().get('/', open('Estado del servicio'), async (c) => {
  await c.var.deps.db.run(sql`select 1`)
  return c.json({ status: 'ok', time: c.var.deps.now().toISOString() })
})
