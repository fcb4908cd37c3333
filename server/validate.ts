import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
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
  const mw = zValidator(target, schema, (result, c) => {
    if (result.success) return
    const lang = langOf(c as never)
    // Parse again with the request's locale: zod keeps one global locale, requests have their own.
    const again = schema.safeParse(result.data, { error: locales[lang] })
    const issues = (again.error ?? result.error).issues.map((i) => ({
      path: i.path.map(String).join('.') || target,
      message: i.message,
    }))
    throw new ApiError('VALIDATION_ERROR', { issues })
  })
  return Object.assign(mw, { [SCHEMA]: { target, schema } as SchemaDoc })
}
