import { eq } from 'drizzle-orm'
import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { events } from '../db/schema'
import type { AppEnv } from './env'
import { ApiError } from './errors'

const grant = cors({
  origin: '*',
  allowMethods: ['GET', 'POST'],
  allowHeaders: ['Content-Type', 'Accept-Language', 'Idempotency-Key', 'X-Device-Token', 'Last-Event-ID'],
  // A form on another site reads when to retry after a 429, and the id to quote when reporting a fault.
  exposeHeaders: ['Retry-After', 'X-Request-Id'],
  maxAge: 600,
})

const hostOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).host.toLowerCase() : undefined
  } catch {
    return undefined
  }
}
const originOf = (url: string) => {
  try {
    return new URL(url).origin.toLowerCase()
  } catch {
    return undefined
  }
}

const safeDecode = (s: string | undefined) => {
  try {
    return s === undefined ? undefined : decodeURIComponent(s)
  } catch {
    return undefined
  }
}

/** The page calling is Cabildo's own (the attendee page, the console): no CORS involved. */
function isOwn(c: Context<AppEnv>, origin: string) {
  const host = hostOf(origin)
  if (!host) return false
  const { config } = c.get('deps')
  const own = [c.req.header('host'), hostOf(c.req.url), hostOf(config.publicUrl)]
  if (config.trustProxy) own.push(c.req.header('x-forwarded-host')?.split(',')[0]?.trim())
  return own.some((h) => h?.toLowerCase() === host)
}

/** A path under one event, its slug first: the only ones an event's list of sites can allow. */
const EVENT_PATH = /^\/api\/events\/([^/]+)\//

/** The origins an event lets the widget submit from (`allowedOrigins`, PATCH /api/events/:slug). */
async function allowedBy(c: Context<AppEnv>, origin: string) {
  const slug = safeDecode(EVENT_PATH.exec(c.req.path)?.[1])
  if (!slug) return false
  const { db } = c.get('deps')
  const [row] = await db
    .select({ details: events.details })
    .from(events)
    .where(eq(events.slug, slug))
    .limit(1)
  const wanted = originOf(origin)
  return Boolean(wanted && row?.details.allowedOrigins?.some((o) => originOf(o) === wanted))
}

/**
 * CORS for what the embedded widget calls from other sites. Reads of public data are open to any
 * origin. A submission (POST) from a browser on another site is accepted only from an origin the event
 * allows; an event with no list takes submissions from Cabildo's own pages only. Requests without an
 * Origin (servers, scripts, same-origin GETs) are not browsers acting for a foreign page and pass. No
 * credentials and no Authorization header are ever granted, so a staff token cannot be used from a
 * foreign page.
 *
 * The refusal is readable: the preflight of a POST passes, and the POST itself is answered 403
 * ORIGIN_NOT_ALLOWED with CORS headers, before any route runs. Refused at the preflight, the browser
 * would hide why, and the widget could not tell a site it must not send from a connection that lost
 * the reply: it would either keep the submission forever or guess, and a wrong guess sent it twice.
 */
/**
 * The refusal of what no event's list can allow: staff's work (creating an event, a PATCH, a DELETE) from
 * a page of another site. ORIGIN_NOT_ALLOWED's own words speak of an event's list of sites.
 */
const staffElsewhere = {
  detail: {
    es: 'Esta solicitud no se acepta desde la página de otro sitio: hágala desde la consola de Cabildo.',
    en: "This request is not accepted from another site's page: make it from Cabildo's console.",
  },
}

export const publicCors = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const origin = c.req.header('origin')
  if (!origin || isOwn(c, origin)) return next()
  const preflight = c.req.method === 'OPTIONS' ? c.req.header('access-control-request-method') : undefined
  const method = (preflight ?? c.req.method).toUpperCase()
  if (method === 'GET' || method === 'HEAD') return grant(c, next)
  if (method !== 'POST') throw new ApiError('ORIGIN_NOT_ALLOWED', staffElsewhere)
  if (preflight || (await allowedBy(c, origin))) return grant(c, next)
  const ofEvent = EVENT_PATH.test(c.req.path)
  return grant(c, async () => {
    throw new ApiError('ORIGIN_NOT_ALLOWED', ofEvent ? {} : staffElsewhere)
  })
}
