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

/**
 * The time zones of the countries served: where an event is held and its petitions received (Ecuador has
 * two: the mainland and Galápagos, an hour behind). Any other zone would date an event's receipts, due
 * dates and radicado years by a clock none of its people use.
 */
export const countryZones = {
  CO: ['America/Bogota'],
  EC: ['America/Guayaquil', 'Pacific/Galapagos'],
} as const satisfies Record<(typeof countries)[number], readonly string[]>

const zoneList = (list: readonly string[], or: string) =>
  list.length > 1 ? `${list.slice(0, -1).join(', ')} ${or} ${list.at(-1)}` : list[0]

/** The zones a country's events may have, as a message names them ("America/Guayaquil o Pacific/Galapagos"). */
export const zonesOf = (country: (typeof countries)[number], lang: 'es' | 'en') =>
  zoneList(countryZones[country], lang === 'es' ? 'o' : 'or')

export const timezoneSchema = z.enum([...countryZones.CO, ...countryZones.EC], {
  error: said(
    'Zona horaria no admitida: Colombia usa America/Bogota; Ecuador, America/Guayaquil o Pacific/Galapagos.',
    'Time zone not accepted: Colombia uses America/Bogota; Ecuador, America/Guayaquil or Pacific/Galapagos.',
  ),
})

/** Whether `zone` is one of `country`'s. */
export const isCountryZone = (country: (typeof countries)[number], zone: string) =>
  (countryZones[country] as readonly string[]).includes(zone)

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

// Words a staff password must not be once its digits and signs are set aside ("Password2026!").
const WEAK = new Set([
  'password',
  'contrasena',
  'contraseña',
  'clave',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'abcdef',
  'abcdefghij',
  'cabildo',
  'alcaldia',
  'alcaldía',
  'admin',
  'administrador',
  'bogota',
  'quito',
  'colombia',
  'ecuador',
  'rendicion',
  'rendición',
  'cuentas',
])

/**
 * A staff password: 10 characters or more, not one letter or digit repeated, nor a well-known word
 * dressed with digits, nor digits alone. A staff account reads citizens' personal data, and a
 * password guessed from many addresses at once meets only PBKDF2 (login-throttle.ts).
 */
export const passwordSchema = z
  .string()
  .min(10, said('Use al menos 10 caracteres.', 'Use at least 10 characters.'))
  .max(200)
  .refine(
    (p) => {
      const letters = p.toLowerCase().replace(/[^\p{L}]/gu, '')
      return new Set(p).size >= 5 && letters.length > 0 && !WEAK.has(letters)
    },
    said(
      'Esa contraseña es fácil de adivinar: use una frase o una mezcla de palabras, letras y números que no sea una palabra conocida con números.',
      'That password is easy to guess: use a phrase or a mix of words, letters and digits that is not a well-known word with digits.',
    ),
  )
