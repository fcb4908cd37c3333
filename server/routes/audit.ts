import { and, asc, eq, gt, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { auditLog } from '../../db/schema'
import { staff } from '../access'
import type { AppEnv } from '../env'
import { said } from '../messages'
import { parseHead, verifyAuditChain } from '../services/audit'
import { validate } from '../validate'

const listQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  eventId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})

const verifyQuery = z.object({
  huella: z
    .string()
    .max(90)
    .transform((text, ctx) => {
      const head = parseHead(text)
      if (!head)
        ctx.addIssue({
          code: 'custom',
          message: said(
            'La huella es el número de la entrada, dos puntos y su hash de 64 caracteres (p. ej. 120:9f86d0…).',
            'The head is the entry number, a colon and its 64-character hash (e.g. 120:9f86d0…).',
          ),
        })
      return head ?? undefined
    })
    .optional()
    .describe(
      'La cabeza de la cadena registrada fuera de Cabildo: seq:hash, como la dio una verificación anterior',
    ),
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
  .get(
    '/verify',
    staff(
      [],
      'Verificar la cadena de hashes de la auditoría (?huella=seq:hash, una cabeza registrada antes)',
    ),
    validate('query', verifyQuery),
    async (c) => {
      const { huella } = c.req.valid('query')
      return c.json(await verifyAuditChain(c.get('deps').db, huella))
    },
  )
