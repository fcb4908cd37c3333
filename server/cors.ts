import { cors } from 'hono/cors'

/**
 * CORS for what the embedded widget calls from other sites: public reads and submissions. Any origin,
 * no credentials, and no Authorization header allowed, so a staff token can never be used from a
 * foreign page. The per-event allow-list (`allowedOrigins`) tightens this later.
 */
export const publicCors = () =>
  cors({
    origin: '*',
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Content-Type', 'Accept-Language', 'Idempotency-Key', 'X-Device-Token', 'Last-Event-ID'],
    maxAge: 600,
  })
