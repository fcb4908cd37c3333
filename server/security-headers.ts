import type { Context, MiddlewareHandler } from 'hono'
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

/**
 * Security headers on every response (hono/secure-headers), and a CSP fit for what the response is.
 * A page that must be framed — the projector view, which streaming studios may load in an iframe —
 * says so in its own CSP (`frame-ancestors ...`); every other page gets `frame-ancestors 'none'`.
 * Called on the finished response (server/app.ts): hono's middleware sets its headers after `next()`,
 * and run then, with a `next` that has already finished, it does not stay suspended meanwhile.
 */
export const secureResponse = (c: Context<AppEnv>) =>
  base(c, async () => {
    // A response fetched from elsewhere (the event's Durable Object on Workers) has immutable headers.
    try {
      c.res.headers.set('x-content-type-options', 'nosniff')
    } catch {
      c.res = new Response(c.res.body, c.res)
    }
  }).then(() => {
    const h = c.res.headers
    if (embeddable.test(c.req.path)) h.set('cross-origin-resource-policy', 'cross-origin')
    const html = /^text\/html/i.test(h.get('content-type') ?? '')
    const csp = h.get('content-security-policy')
    if (!csp) h.set('content-security-policy', html ? pageCsp : apiCsp)
    else if (!/(^|;)\s*frame-ancestors\s/i.test(csp))
      h.set('content-security-policy', `${csp}; frame-ancestors 'none'`)
    // A page that allows framing would be contradicted by X-Frame-Options, which has no allow-list.
    if (/(^|;)\s*frame-ancestors\s+(?!'none')/i.test(h.get('content-security-policy')!))
      h.delete('x-frame-options')
  })

/** secureResponse as a middleware, for an app of its own (server/asset-headers.ts). */
export const securityHeaders = (): MiddlewareHandler<AppEnv> => (c, next) =>
  next().then(() => secureResponse(c))
