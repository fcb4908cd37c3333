import { z } from 'zod'
import { said } from '../messages'

export const countries = ['CO', 'EC'] as const
export const defaultTimezone = { CO: 'America/Bogota', EC: 'America/Guayaquil' } as const

export const slugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])$/,
    said(
      'Use minúsculas, números y guiones (3 a 80 caracteres).',
      'Use lower-case letters, digits and hyphens (3 to 80 characters).',
    ),
  )

export const timezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz })
      return tz.includes('/')
    } catch {
      return false
    }
  },
  said(
    'Zona horaria IANA desconocida (p. ej. America/Bogota).',
    'Unknown IANA time zone (e.g. America/Bogota).',
  ),
)

export const instantSchema = z.iso.datetime({ offset: true })
export const text = (max: number) => z.string().trim().min(1).max(max)
export const areaKeySchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,47}$/,
    said('Clave de área: minúsculas, números, - o _.', 'Area key: lower-case letters, digits, - or _.'),
  )
export const areaSchema = z.strictObject({ key: areaKeySchema, name: text(200) })
export const roleSchema = z.enum(['admin', 'moderator', 'analyst'])

/** `?format=` and other query strings: unknown keys are tolerated there, as browsers and proxies add them. */
export const idParam = z.object({ id: z.string().min(1).max(64) })
export const slugParam = z.object({ slug: z.string().min(1).max(120) })
