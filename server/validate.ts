import { zValidator } from '@hono/zod-validator'
import type { Context, ValidationTargets } from 'hono'
import type { z } from 'zod'
import { en, es } from 'zod/locales'
import { ApiError, langOf } from './errors'

export const SCHEMA = Symbol('cabildo.schema')
export type SchemaDoc = { target: keyof ValidationTargets; schema: z.ZodType }

const locales = { es: es().localeError, en: en().localeError }

/**
 * zod-validator that throws the one error envelope, with every issue's path and a message in the
 * request's language. The schema rides on the middleware so the OpenAPI document is built from it.
 */
export function validate<T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) {
  const inner = zValidator(target, schema, (result, c) => {
    if (!result.success) refuse(c as never, schema, result.data, target)
  })
  const mw = target === 'json' ? (((c, next) => jsonOnly(c) ?? inner(c, next)) as typeof inner) : inner
  return Object.assign(mw, { [SCHEMA]: { target, schema } as SchemaDoc })
}

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
  // Parse again with the request's locale: zod keeps one global locale, requests have their own.
  const again = schema.safeParse(data, { error: locales[langOf(c as never)] })
  const issues = (again.error?.issues ?? []).map((i) => ({
    path: i.path.map(String).join('.') || where,
    message: i.message,
  }))
  throw new ApiError('VALIDATION_ERROR', { issues })
}
