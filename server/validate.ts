import { zValidator } from '@hono/zod-validator'
import type { Context, MiddlewareHandler, ValidationTargets } from 'hono'
import type { z } from 'zod'
import type { AppEnv } from './env'
import { ApiError, langOf } from './errors'
import { issueMessages, meaningful } from './issue-messages'
import type { Lang } from './messages'

export const SCHEMA = Symbol('cabildo.schema')
export type SchemaDoc = { target: keyof ValidationTargets; schema: z.ZodType }

/**
 * zod-validator that throws the one error envelope, with every issue's path and a message in the
 * request's language. The schema rides on the middleware so the OpenAPI document is built from it.
 */
export function validate<T extends keyof ValidationTargets, S extends z.ZodType>(
  target: T,
  schema: S,
  opts: { unreadWhen?: (c: Context<AppEnv>) => boolean } = {},
) {
  const inner = zValidator(target, schema, (result, c) => {
    if (!result.success) refuse(c as never, schema, result.data, target)
  })
  const mw = target === 'json' || target === 'param' ? plainly(target, schema, opts.unreadWhen) : inner
  return Object.assign(mw as typeof inner, { [SCHEMA]: { target, schema } as SchemaDoc })
}

/**
 * The path's parameters and the JSON body, which every submission has checked, checked as hono's
 * validator and zod-validator would: the same value read (none for a body of another media type; a
 * malformed one is BAD_JSON, as the app answers hono's 400 for it, server/errors.ts), the same parse,
 * the same data for `c.req.valid()`. But as a plain function that returns `next()`: theirs is an async
 * function that awaits it, and stays suspended, with all it holds, while a submission waits for its
 * commit (docs/throughput-log.md); and with zod's synchronous parse, where zod-validator calls the asynchronous
 * one for schemas that never await.
 */
function plainly(
  target: 'json' | 'param',
  schema: z.ZodType,
  unreadWhen?: (c: Context<AppEnv>) => boolean,
): MiddlewareHandler {
  const quick = QUICK.get(schema)
  const check = (c: Context, value: unknown) =>
    c.req.addValidatedData(
      target,
      checkedValue(schema, quick, value, () => langOf(c as never), target),
    )
  if (target === 'param')
    return (c, next) => {
      check(c, c.req.param())
      return next()
    }
  return (c, next) => {
    jsonOnly(c)
    const type = c.req.header('content-type')?.split(';')[0].trim() ?? ''
    if (!HONO_JSON_TYPE.test(type)) {
      check(c, {})
      return next()
    }
    const text = bodyReadFirst(c)
    // Left unread for whoever decides the request (`unreadWhen`), who reads it as this would (`readJson`).
    if (text !== undefined && unreadWhen?.(c as Context<AppEnv>)) {
      ;(c as Context<AppEnv>).set('unreadBody', text)
      return next()
    }
    if (text !== undefined) {
      // Hono's own readers (`c.req.json()`, `c.req.text()`) get the same text without reading again.
      ;(c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text)
      check(c, parsed(text))
      return next()
    }
    return c.req.text().then(
      (text) => {
        check(c, parsed(text))
        return next()
      },
      // A body that could not be read as text, as hono's reader refused it before.
      (err) => {
        throw err instanceof ApiError ? err : new ApiError('BAD_JSON')
      },
    )
  }
}

const QUICK = new WeakMap<z.ZodType, (value: unknown) => unknown>()

/**
 * `schema` with a check of its own for the values it accepts, for a body every submission sends: `quick`
 * answers exactly what `schema` would give for a value it accepts, or undefined, and zod then decides,
 * with its messages. The schema stays the one of record (the refusals, the OpenAPI document); a test
 * holds the two to the same answers (test/quick-schemas.test.ts).
 */
export function quickly<S extends z.ZodType>(
  schema: S,
  quick: (value: unknown) => z.output<S> | undefined,
): S {
  QUICK.set(schema, quick)
  return schema
}

/** The quick check `quickly` gave `schema`, if any. */
export const quickCheckOf = (schema: z.ZodType) => QUICK.get(schema)

/**
 * A JSON body's text parsed and checked by `schema` as the `json` validator does, refused with the same
 * envelope in `lang`: for a body left unread by the route (`unreadWhen`) and read where it is decided.
 */
export function readJson<S extends z.ZodType>(schema: S, text: string, lang: Lang): z.output<S> {
  return checkedValue(schema, QUICK.get(schema), parsed(text), () => lang, 'json') as z.output<S>
}

/** `value` as `schema` gives it: its quick check's answer, else zod's, else the 400 envelope in `lang()`. */
function checkedValue(
  schema: z.ZodType,
  quick: ((value: unknown) => unknown) | undefined,
  value: unknown,
  lang: () => Lang,
  where: string,
): object {
  const done = quick?.(value)
  if (done !== undefined) return done as object
  const r = schema.safeParse(value)
  if (!r.success) throw refusal(lang(), schema, value, where)
  return r.data as object
}

/**
 * A JSON body's value. An empty one (a vote whose token rides in its header, sent by a client that
 * labels every POST as JSON) is no body, as one without a Content-Type is: the schema says what is
 * missing, if anything. Anything else that is not JSON is BAD_JSON.
 */
function parsed(text: string): unknown {
  if (!text.trim()) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError('BAD_JSON')
  }
}
const utf8 = new TextDecoder()

/**
 * The JSON body server/node-body.ts read from the socket before the app saw the request (Node only:
 * `incoming.rawBody`), as text, a leading byte order mark dropped as `text()` drops it; undefined where
 * it was not read first (on Workers, or another kind of body), which is then read as usual.
 */
function bodyReadFirst(c: Context): string | undefined {
  const raw = (c.env as { incoming?: { rawBody?: unknown } } | undefined)?.incoming?.rawBody
  return raw instanceof Uint8Array ? utf8.decode(raw) : undefined
}

// What hono's validator reads as JSON (hono/validator); a body of another media type is read as none.
const HONO_JSON_TYPE = /^application\/([\w.-]+\+)?json$/i

/** A JSON media type: application/json, or a `+json` one, with or without parameters. */
export const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i

/**
 * A body sent as anything but JSON is refused as such (415), where the validator would read it as no
 * body at all and answer that every field is missing: a form post or a `text/plain` beacon is told what
 * went wrong. A request with no body goes on, and the schema says what it lacks.
 */
function jsonOnly(c: Context): undefined {
  const length = c.req.header('content-length')
  const body = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined
  if (body && !JSON_TYPE.test(c.req.header('content-type') ?? ''))
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE')
  return undefined
}

/**
 * `schema.parse(data)` for what a request builds from its input (a form's definition with one more
 * question, say): a refusal is the one 400 envelope with its issues, never a bare ZodError (a 500).
 */
export function checked<S extends z.ZodType>(
  c: Context,
  schema: S,
  data: unknown,
  where = 'json',
): z.output<S> {
  const r = schema.safeParse(data)
  if (!r.success) refuse(c, schema, data, where)
  return r.data as z.output<S>
}

function refuse(c: Context, schema: z.ZodType, data: unknown, where: string): never {
  throw refusal(langOf(c as never), schema, data, where)
}

/** The 400 envelope for `data` that `schema` refuses, its issues in `lang`: for a service's own checks. */
export function refusal(lang: 'es' | 'en', schema: z.ZodType, data: unknown, where = 'json'): ApiError {
  // Parse again in the request's language (server/issue-messages.ts): zod keeps one global locale,
  // requests have their own.
  const say = issueMessages[lang]
  const again = schema.safeParse(data, { error: say })
  // An issue with the whole body (an array sent, nothing to change in a PATCH) is the body's, named as
  // BAD_JSON names it; one with a whole query string or header set is named by its part.
  const whole = where === 'json' ? 'body' : where
  const pathOf = (path: PropertyKey[]) => path.map(String).join('.') || whole
  // zod reports a strict object's unknown keys as one issue at the object; a client needs each key named.
  const issues = meaningful(again.error?.issues ?? []).flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({
          path: pathOf([...i.path, key]),
          message: say({ ...i, keys: [key], input: undefined } as Parameters<typeof say>[0]) ?? i.message,
        }))
      : [{ path: pathOf(i.path), message: i.message }],
  )
  return new ApiError('VALIDATION_ERROR', { issues })
}
