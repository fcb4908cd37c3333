import { and, asc, eq, gt, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { auditLog } from '../../db/schema'
import { staff } from '../access'
import type { AppEnv } from '../env'
import { verifyAuditChain } from '../services/audit'
import { validate } from '../validate'

const listQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  eventId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})

export const auditRoutes = new Hono<AppEnv>()
  .get('/', staff([], 'Leer el registro de auditoría'), validate('query', listQuery), async (c) => {
    const q = c.req.valid('query')
    const where: SQL[] = [gt(auditLog.seq, q.after ?? 0)]
    if (q.eventId) where.push(eq(auditLog.eventId, q.eventId))
    const { db } = c.get('deps')
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(...where))
      .orderBy(asc(auditLog.seq))
      .limit(q.limit ?? 100)
    return c.json({ entries: entries.map((e) => ({ ...e, data: JSON.parse(e.data) })) })
  })
  .get('/verify', staff([], 'Verificar la cadena de hashes de la auditoría'), async (c) => {
    return c.json(await verifyAuditChain(c.get('deps').db))
  })
