import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './env'

/** The CSP of Cabildo's pages: scripts only from this origin, no inline script, no plugins, no framing. */
export const pageCsp = [
  "default-src 'self'",
  "script-src 'self'",
  // The page's own <style> and the widget's styles in its shadow root.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

// JSON, files and scripts are never documents: nothing may run or be framed in them.
const apiCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

const base = secureHeaders({
  // A handler's own header wins: a page with its own CSP, a file another site may load.
  overwrite: false,
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'DENY',
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
})

// Loaded by other sites with <script> or <img>: Cross-Origin-Resource-Policy must let them.
const embeddable = /^\/widget\.js$|^\/api\/events\/[^/]+\/(qr|checkin-qr)\.svg$/
const FRAME_ANCESTORS = /(^|;)\s*frame-ancestors\s/i
const FRAMED = /(^|;)\s*frame-ancestors\s+(?!'none')/i

/**
 * hono's secure headers with the options above, as [name, value] pairs: read once off its own
 * middleware, the first time a response needs them, so they stay exactly what it sets.
 */
let baseHeaders: [string, string][] | undefined
async function readBase() {
  const res = await new Hono()
    .use(base)
    .get('*', (c) => c.body(null, 204))
    .request('/')
  baseHeaders = [...res.headers].filter(([name]) => !name.startsWith('content-'))
  return baseHeaders
}

/** Where Node writes the response (@hono/node-server's bindings): headers set there join it. */
type Outgoing = { setHeader(name: string, value: string): unknown; headersSent: boolean }
const outgoingOf = (c: Context<AppEnv>): Outgoing | undefined => {
  const out = (c.env as { outgoing?: Outgoing } | undefined)?.outgoing
  return typeof out?.setHeader === 'function' && !out.headersSent ? out : undefined
}

/**
 * Security headers on every response (hono/secure-headers), and a CSP fit for what the response is.
 * A page that must be framed — the projector view, which streaming studios may load in an iframe —
 * says so in its own CSP (`frame-ancestors ...`); every other page gets `frame-ancestors 'none'`.
 * `extra` are added like them, where the response has none of its own (the request's id, say).
 * Called on the finished response (server/app.ts), not as a middleware that would stay suspended.
 *
 * A header the response already has is its handler's and stays (a page's own CSP, a file's
 * Cross-Origin-Resource-Policy), except X-Content-Type-Options, always `nosniff`, and an embeddable
 * file's Cross-Origin-Resource-Policy. On Node the headers added are handed to Node's response, which
 * joins them to the response's own as it writes them: setting each on the response's Headers (undici's,
 * which checks every name and value, and sorts them all again) was a fifth of every request's
 * instructions on the main thread (docs/throughput-log.md). Elsewhere (Workers, `app.request`) they
 * are set on the response itself.
 */
export const secureResponse = (c: Context<AppEnv>, extra: [string, string][] = []) =>
  baseHeaders ? secure(c, baseHeaders, extra) : readBase().then((list) => secure(c, list, extra))

/** The CSP a response goes with: its own, never without frame-ancestors; else the pages' or the API's. */
function policyOf(own: string | undefined, html: boolean) {
  if (!own) return html ? pageCsp : apiCsp
  return FRAME_ANCESTORS.test(own) ? own : `${own}; frame-ancestors 'none'`
}

function secure(c: Context<AppEnv>, list: [string, string][], extra: [string, string][]) {
  const own = new Map(c.res.headers)
  const csp = own.get('content-security-policy')
  const policy = policyOf(csp, /^text\/html/i.test(own.get('content-type') ?? ''))
  // A page that allows framing would be contradicted by X-Frame-Options, which has no allow-list.
  const framed = FRAMED.test(policy)
  const forced: [string, string][] = [['x-content-type-options', 'nosniff']]
  if (embeddable.test(c.req.path)) forced.push(['cross-origin-resource-policy', 'cross-origin'])
  if (csp) forced.push(['content-security-policy', policy])
  const added: [string, string][] = []
  for (const [name, value] of [...forced, ...list, ['content-security-policy', policy], ...extra] as const) {
    if (own.has(name) || (framed && name === 'x-frame-options')) continue
    own.set(name, value)
    added.push([name, value])
  }
  // What changes the response's own headers: rare (a page's CSP, a file's policy), and set on it.
  const changed = forced.filter(([name, value]) => own.get(name) !== value)
  const removed = [...(framed ? ['x-frame-options'] : []), 'x-powered-by'].filter((name) => own.has(name))
  const out = outgoingOf(c)
  if (changed.length || removed.length || !out)
    edit(c, (h) => {
      for (const [name, value] of changed) h.set(name, value)
      for (const name of removed) h.delete(name)
      if (!out) for (const [name, value] of added) h.set(name, value)
    })
  if (out) for (const [name, value] of added) out.setHeader(name, value)
}

/** Changes the response's headers; one fetched from elsewhere (the event's Durable Object) has them immutable. */
function edit(c: Context<AppEnv>, change: (h: Headers) => void) {
  try {
    change(c.res.headers)
  } catch {
    c.res = new Response(c.res.body, c.res)
    change(c.res.headers)
  }
}

/** secureResponse as a middleware, for an app of its own (server/asset-headers.ts). */
export const securityHeaders = (): MiddlewareHandler<AppEnv> => (c, next) =>
  next().then(() => secureResponse(c))
