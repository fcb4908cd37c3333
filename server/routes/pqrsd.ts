import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { questions } from '../../db/schema'
import { open } from '../access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { limitLookups } from '../ratelimit/middleware'
import { constanciaQuery, radicadoParam } from '../schemas/questions'
import { timingSafeEqual } from '../services/crypto'
import { statusView } from '../services/question-views'
import { findByRadicado } from '../services/questions'
import { validate } from '../validate'
import { sendConstancia } from './questions'

const enc = new TextEncoder()

export const pqrsdRoutes = new Hono<AppEnv>()
  .get(
    '/:radicado',
    open('Consultar el estado de una PQRSD por su radicado'),
    limitLookups,
    validate('param', radicadoParam),
    async (c) => {
      const { db } = c.get('deps')
      const full = await findByRadicado(db, c.req.valid('param').radicado)
      if (!full) throw new ApiError('RADICADO_NOT_FOUND')
      let primary: string | null = null
      if (full.question.mergedInto) {
        const [row] = await db
          .select({ radicado: questions.radicado })
          .from(questions)
          .where(eq(questions.id, full.question.mergedInto))
        primary = row?.radicado ?? null
      }
      return c.json({ pqrsd: statusView(full, primary) })
    },
  )
  .get(
    '/:radicado/constancia',
    open('La constancia, para quien radicó (con el token de su recibo)'),
    limitLookups,
    validate('param', radicadoParam),
    validate('query', constanciaQuery),
    async (c) => {
      const { token, format } = c.req.valid('query')
      const given = token ?? c.req.header('x-receipt-token') ?? ''
      const full = await findByRadicado(c.get('deps').db, c.req.valid('param').radicado)
      // A wrong token answers like an unknown radicado: the numbers are sequential, so guessable.
      if (!full || !given || !timingSafeEqual(enc.encode(given), enc.encode(full.question.receiptToken)))
        throw new ApiError('RADICADO_NOT_FOUND')
      // The petitioner's name and contact, behind a token in the address: kept by no cache.
      c.header('cache-control', 'private, no-store')
      return sendConstancia(c, full, format)
    },
  )
