import { type Context, Hono } from 'hono'
import { render } from 'preact-render-to-string'
import { ConsolePage } from '../../web/console/ConsolePage'
import { open } from '../access'
import type { AppEnv } from '../env'
import { langOf } from '../errors'

// The console's pages carry no data: the script asks the API with the staff token (sent as a header).
const csp = (frameAncestors: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ')

function shell(c: Context<AppEnv>, projector = false) {
  c.header('content-security-policy', csp(projector ? '*' : "'none'"))
  c.header('x-content-type-options', 'nosniff')
  c.header('cache-control', 'no-store')
  c.header('referrer-policy', 'no-referrer')
  // Check-in reads attendees' QR codes with the camera of this page only.
  c.header('permissions-policy', projector ? 'camera=(), microphone=()' : 'camera=(self), microphone=()')
  return c.html(`<!doctype html>${render(<ConsolePage lang={langOf(c)} projector={projector} />)}`)
}

/**
 * The console for moderators and staff (/console/…, one shell, routed in the browser) and the projector
 * view (/console/proyector/:slug): public data only, so OBS and streaming studios may load or frame it.
 */
export const consoleRoutes = new Hono<AppEnv>()
  .get(
    '/console/proyector/:slug',
    open('Vista de proyector: la pregunta en pantalla y las cifras en vivo (fuente de navegador para OBS)'),
    (c) => shell(c, true),
  )
  .get(
    '/console',
    open('La consola de moderadores y personal (inicio de sesión en la página)', { scope: 'none' }),
    (c) => shell(c),
  )
  .get(
    '/console/*',
    open('Las vistas de la consola (moderación, ingreso, formularios, informe)', { scope: 'none' }),
    (c) => shell(c),
  )
