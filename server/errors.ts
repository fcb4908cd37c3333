import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from './env'
import { type ErrorCode, errorCodes, errorMessage, inLang, type Lang, type Said } from './messages'
import { transientWait } from './transient'

/** One thing wrong with a request; `message` is a pair, or a fixed message of `said()`. */
export type Issue = { path: string; message: string | Said }

/**
 * Whether `err` or any error in its `cause` chain matches: drivers wrap SQLite's own error (drizzle's
 * query error around better-sqlite3's or D1's), and callers look for a constraint by its message.
 */
export function someCause(
  err: unknown,
  match: (e: { message?: unknown; code?: unknown }) => boolean,
): boolean {
  for (let e: any = err; e; e = e.cause) if (match(e)) return true
  return false
}

/** Drizzle's query error as text: `Failed query: <sql>\nparams: <the values>`. */
const BOUND_TEXT = /^Failed query: ([\s\S]*?)\nparams: /

/**
 * What the server's log may keep of a failure. Drizzle's query error writes the query's bound values
 * into its message, and so its stack: on D1 the attendee's name, document and e-mail of a registration
 * that met a passing failure, a holder searched for, a petitioner's contact. The log is read by whoever
 * runs the installation and kept by the platform: it gets the query and the driver's own cause, never
 * the values. An error that crossed from a writer object or thread kept only its message: the values
 * are cut from that text.
 */
export function loggable(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error) || depth > 8) return err
  const cause = 'cause' in err ? loggable(err.cause, depth + 1) : undefined
  const e = err as Error & { query?: unknown; params?: unknown }
  const crossed = BOUND_TEXT.exec(err.message)
  const bound = ('params' in e && typeof e.query === 'string') || crossed !== null
  if (!bound && cause === err.cause) return err
  const query = typeof e.query === 'string' ? e.query : crossed?.[1]
  const message = bound ? `Failed query: ${query}` : err.message
  const safe = new Error(message, 'cause' in err ? { cause } : undefined)
  safe.name = err.name
  safe.stack = bound
    ? `${err.name}: ${message}\n${(err.stack ?? '')
        .split('\n')
        .filter((l) => /^\s+at /.test(l))
        .join('\n')}`
    : err.stack
  return safe
}

/** The one error class: handlers throw it, `toResponse` turns it into the one envelope. */
export class ApiError extends HTTPException {
  readonly code: ErrorCode
  readonly issues?: Issue[]
  /** A message that replaces the default one, in both languages. */
  readonly detail?: { es: string; en: string }
  /** Seconds the client should wait before trying again (Retry-After), for UNAVAILABLE. */
  readonly retryAfter?: number

  constructor(
    code: ErrorCode,
    opts: { issues?: Issue[]; detail?: { es: string; en: string }; retryAfter?: number } = {},
  ) {
    super(errorCodes[code][0] as ContentfulStatusCode, { message: code })
    this.code = code
    this.issues = opts.issues
    this.detail = opts.detail
    this.retryAfter = opts.retryAfter
  }
}

export const langOf = (c: Context<AppEnv>): Lang => (c.get('language') === 'en' ? 'en' : 'es')

export function errorBody(err: ApiError, lang: Lang, requestId: string) {
  const message = err.detail ? err.detail[lang] : errorMessage(err.code, lang)
  // docs/API.md: a 400 comes with `issues`. One that is about the whole request (a body that is not
  // JSON, say) names the body, or nothing, as its path.
  const issues =
    err.issues?.map((i) => ({ path: i.path, message: inLang(i.message, lang) })) ??
    (err.status === 400 ? [{ path: err.code === 'BAD_JSON' ? 'body' : '', message }] : undefined)
  return { error: { code: err.code, message, requestId, ...(issues ? { issues } : {}) } }
}

/**
 * Maps anything thrown to the envelope. A 5xx is logged with the request id and shown only as
 * INTERNAL_ERROR, or, when the platform documents the failure as passing (server/transient.ts), as 503
 * UNAVAILABLE with a Retry-After.
 */
export function toResponse(err: unknown, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId') ?? ''
  let apiError: ApiError
  if (err instanceof ApiError) apiError = err
  else if (err instanceof HTTPException && err.status < 500) apiError = new ApiError(fromStatus(err))
  else {
    console.error(`[${requestId}]`, loggable(err))
    apiError = unexpected(err)
  }
  if (apiError.retryAfter) c.header('Retry-After', String(apiError.retryAfter))
  return c.json(errorBody(apiError, langOf(c), requestId), apiError.status)
}

/** What a failure no handler expected is shown as: UNAVAILABLE if it passes (with its wait), else INTERNAL_ERROR. */
function unexpected(err: unknown): ApiError {
  const wait = transientWait(err)
  return wait ? new ApiError('UNAVAILABLE', { retryAfter: wait }) : new ApiError('INTERNAL_ERROR')
}

function fromStatus(err: HTTPException): ErrorCode {
  if (err.status === 400 && /json/i.test(err.message)) return 'BAD_JSON'
  const byStatus: Record<number, ErrorCode> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
  }
  return byStatus[err.status] ?? 'UNPROCESSABLE'
}

/**
 * The envelope for a request that never reached the app because the app could not start (on Workers,
 * a missing D1 binding or an unmigrated database fails the first request's bootstrap): the same 500 as
 * any internal error, with a request id for the log, instead of the platform's own error page; the same
 * 503 as any passing failure when D1 was only restarting or overloaded.
 */
export function startupFailure(request: Request, err: unknown): Response {
  const requestId = crypto.randomUUID()
  console.error(`[${requestId}] the app could not start:`, loggable(err))
  const lang: Lang = /^\s*en\b/i.test(request.headers.get('accept-language') ?? '') ? 'en' : 'es'
  const apiError = unexpected(err)
  return Response.json(errorBody(apiError, lang, requestId), {
    status: apiError.status,
    headers: {
      'x-request-id': requestId,
      'cache-control': 'no-store',
      ...(apiError.retryAfter ? { 'retry-after': String(apiError.retryAfter) } : {}),
    },
  })
}
