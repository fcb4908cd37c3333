import { Hono } from 'hono'
import { open } from '../access'
import type { AppEnv } from '../env'
import { ApiError, langOf } from '../errors'
import { limitLookups } from '../ratelimit/middleware'
import { pqrsdAnswer } from '../schemas/contract'
import { constanciaQuery, radicadoParam } from '../schemas/questions'
import { isReceiptToken, lookupRadicado } from '../services/pqrsd-lookup'
import { findByRadicado } from '../services/questions'
import { validate } from '../validate'
import { sendConstancia } from './questions'

export const pqrsdRoutes = new Hono<AppEnv>()
  .get(
    '/:radicado',
    open('Consultar el estado de una PQRSD por su radicado', {
      scope: 'none',
      answers: { 200: pqrsdAnswer },
    }),
    limitLookups,
    validate('param', radicadoParam),
    async (c) => {
      const { db, now } = c.get('deps')
      const found = await lookupRadicado(db, c.req.valid('param').radicado, now(), langOf(c))
      if (!found) throw new ApiError('RADICADO_NOT_FOUND')
      return c.json({ pqrsd: found.pqrsd })
    },
  )
  .get(
    '/:radicado/constancia',
    open('La constancia, para quien radicó (con el token de su recibo)', { scope: 'none' }),
    limitLookups,
    validate('param', radicadoParam),
    validate('query', constanciaQuery),
    async (c) => {
      const { token, format } = c.req.valid('query')
      const full = await findByRadicado(c.get('deps').db, c.req.valid('param').radicado)
      // A wrong token answers like an unknown radicado: the numbers are sequential, so guessable.
      if (!full || !isReceiptToken(full.question, token ?? c.req.header('x-receipt-token')))
        throw new ApiError('RADICADO_NOT_FOUND')
      // The petitioner's name and contact, behind a token in the address: kept by no cache.
      c.header('cache-control', 'private, no-store')
      return sendConstancia(c, full, format)
    },
  )
