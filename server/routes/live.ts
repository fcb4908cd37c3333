import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { bearer, open, staff } from '../access'
import type { AppEnv } from '../env'
import type { Audience } from '../live/hub'
import { slugParam } from '../schemas/common'
import { authenticate } from '../services/auth'
import { requireEvent } from '../services/events'
import { validate } from '../validate'

// EventSource sends Last-Event-ID as a header on reconnect; a client that reconnects by hand may use the query.
const liveQuery = z.object({ lastEventId: z.string().max(64).optional() })

async function stream(c: Context<AppEnv>, slug: string, audience: Audience, lastEventId?: string) {
  const { db, live } = c.get('deps')
  const { event } = await requireEvent(db, slug, { staff: audience === 'moderation' })
  const res = await live.stream(event.id, {
    audience,
    lastEventId: c.req.header('last-event-id') || lastEventId,
    signal: c.req.raw.signal,
  })
  return audience === 'moderation' ? whileSignedIn(c, res) : res
}

/**
 * The moderation stream carries petitioners' personal data: it ends once its token stops working
 * (revoked at sign-out, a role change or a disabled user, or expired) or its user's entities change, checked every
 * `liveRecheckMs`, rather than running on for the hours the connection may last. The client then
 * reconnects with its token and is refused, which brings the sign-in back.
 */
function whileSignedIn(c: Context<AppEnv>, res: Response) {
  const { db, now, config } = c.get('deps')
  const token = bearer(c)!
  const { role, entityIds } = c.get('user')!
  // The entities it was let in for: a change of them ends the stream, and the reconnection is checked anew.
  const scope = JSON.stringify(entityIds)
  const reader = res.body!.getReader()
  let timer: ReturnType<typeof setInterval> | undefined
  let closed = false
  const stop = () => {
    closed = true
    clearInterval(timer)
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(async () => {
        const user = await authenticate(db, token, now()).catch(() => undefined)
        if (
          closed ||
          user === undefined ||
          (user && user.role === role && JSON.stringify(user.entityIds) === scope)
        )
          return
        stop()
        controller.close()
        void reader.cancel()
      }, config.liveRecheckMs)
    },
    async pull(controller) {
      const { done, value } = await reader.read()
      if (closed) return
      if (done) {
        stop()
        controller.close()
      } else controller.enqueue(value)
    },
    cancel(reason) {
      stop()
      return reader.cancel(reason)
    },
  })
  const headers = new Headers(res.headers)
  // Petitioners' names and contacts: kept by no cache, shared or private, as every staff read is (app.ts).
  headers.set('cache-control', 'private, no-store, no-transform')
  return new Response(body, { status: res.status, headers })
}

export const liveRoutes = new Hono<AppEnv>()
  .get(
    '/:slug/live',
    open('Eventos en vivo (SSE): contadores y preguntas aprobadas', { media: ['text/event-stream'] }),
    validate('param', slugParam),
    validate('query', liveQuery),
    (c) => stream(c, c.req.valid('param').slug, 'public', c.req.valid('query').lastEventId),
  )
  .get(
    '/:slug/live/moderation',
    staff(['moderator'], 'Eventos en vivo para moderadores (SSE): toda pregunta y todo cambio', {
      media: ['text/event-stream'],
    }),
    validate('param', slugParam),
    validate('query', liveQuery),
    (c) => stream(c, c.req.valid('param').slug, 'moderation', c.req.valid('query').lastEventId),
  )
