import { Hono } from 'hono'
import { actorOf, staff } from '../access'
import type { AppEnv } from '../env'
import { holderAnswer } from '../schemas/contract'
import { holderSearchBody } from '../schemas/holders'
import { findHolder } from '../services/holders'
import { validate } from '../validate'

/** The holder's right to know: what the service holds about one person, for the entity's answer. */
export const holderRoutes = new Hono<AppEnv>().post(
  '/search',
  staff([], 'Buscar todo lo que se guarda de una persona (habeas data: derecho a conocer)', {
    answers: { 200: holderAnswer },
  }),
  validate('json', holderSearchBody),
  async (c) => {
    const found = await findHolder(c.get('deps').db, actorOf(c), c.req.valid('json'), c.get('deps').now())
    return c.json(found)
  },
)
