import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { open, staff } from '../access'
import type { AppEnv } from '../env'
import type { Audience } from '../live/hub'
import { slugParam } from '../schemas/common'
import { requireEvent } from '../services/events'
import { validate } from '../validate'

// EventSource sends Last-Event-ID as a header on reconnect; a client that reconnects by hand may use the query.
const liveQuery = z.object({ lastEventId: z.string().max(64).optional() })

async function stream(c: Context<AppEnv>, slug: string, audience: Audience, lastEventId?: string) {
  const { db, live } = c.var.deps
  const { event } = await requireEvent(db, slug, { staff: audience === 'moderation' })
  return live.stream(event.id, {
    audience,
    lastEventId: c.req.header('last-event-id') || lastEventId,
    signal: c.req.raw.signal,
  })
}

export const liveRoutes = new Hono<AppEnv>()
  .get(
    '/:slug/live',
    open('Eventos en vivo (SSE): contadores y preguntas aprobadas'),
    validate('param', slugParam),
    validate('query', liveQuery),
    (c) => stream(c, c.req.valid('param').slug, 'public', c.req.valid('query').lastEventId),
  )
  .get(
    '/:slug/live/moderation',
    staff(['moderator'], 'Eventos en vivo para moderadores (SSE): toda pregunta y todo cambio'),
    validate('param', slugParam),
    validate('query', liveQuery),
    (c) => stream(c, c.req.valid('param').slug, 'moderation', c.req.valid('query').lastEventId),
  )
