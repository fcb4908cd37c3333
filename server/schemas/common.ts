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

// Nothing a reader sees: white space of every kind (\s, and the separators \p{Z}: the no-break and the
// ideographic spaces), format characters (\p{Cf}: zero-width spaces and joiners, the byte order mark,
// direction marks), the other code points that display as nothing (Default_Ignorable_Code_Point: the
// Hangul fillers, variation selectors), the blank Braille cell and control characters.
const UNSEEN = /^[\s\p{Z}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800\p{Cc}]*$/u
// C0 and C1 control characters and DEL, but for tab, line feed and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for.
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/
// What ends a line or jumps along it: tab, line feed, carriage return, Unicode's line and paragraph separators.
const BREAK = /[\t\n\r\u2028\u2029]/

/** Whether a text shows nothing at all: a person sees an empty field, whatever it holds. */
export const isBlank = (s: string) => UNSEEN.test(s)

/**
 * What keeps a text (already trimmed) from being stored as sent: `empty`, when it shows nothing;
 * `control`, a control character (a NUL, an escape...) that no keyboard types, that no screen shows
 * and that breaks the exports, the report and whatever reads them; `break`, a line break or a tab in a
 * text of one line. Undefined when it can be stored as it is.
 */
export function textFault(s: string, oneLine: boolean): 'empty' | 'control' | 'break' | undefined {
  if (isBlank(s)) return 'empty'
  if (CONTROL.test(s)) return 'control'
  if (oneLine && BREAK.test(s)) return 'break'
  return undefined
}

export const controlMessage = said(
  'Quite los caracteres de control de este texto: no se ven y suelen llegar al pegar un texto copiado.',
  'Remove the control characters from this text: they are invisible and usually come with pasted text.',
)
export const breakMessage = said(
  'Escriba este dato en una sola línea, sin saltos de línea ni tabulaciones.',
  'Write this on a single line, without line breaks or tabs.',
)

/**
 * A text's own check, after trimming and its length: at most one issue a field. Empty to the eye, it
 * is empty, and says so as an empty field does (server/issue-messages.ts words `too_small` for strings).
 */
const written =
  (oneLine: boolean) =>
  (ctx: z.core.ParsePayload<string>): void => {
    if (ctx.issues.length) return
    const fault = textFault(ctx.value, oneLine)
    if (fault === 'empty')
      ctx.issues.push({ code: 'too_small', origin: 'string', minimum: 1, inclusive: true, input: ctx.value })
    else if (fault)
      ctx.issues.push({
        code: 'custom',
        message: fault === 'control' ? controlMessage : breakMessage,
        input: ctx.value,
      })
  }

/**
 * A free text (a petition, a description, an answer, a note): trimmed, not empty to the eye, without
 * control characters; its lines and tabs are the writer's.
 */
export const text = (max: number) => z.string().trim().min(1).max(max).check(written(false))

/**
 * A text of one line (a name, a title, a phone, a document's number, a place): as `text`, and without
 * line breaks or tabs, which are refused rather than turned into spaces. They name a person, an event or
 * an entity where a certificate, a radicado's receipt, the report and the exports (one to a cell) print
 * them, and a break there splits a name across lines or cells; but turned into a space, the stored name
 * is not what the person sent, reviewed and may be asked to prove, nor what their device kept to send
 * again. The forms' fields for them are of one line, where nobody types a break: one comes from a
 * client's bug or a paste into an API call, which is better told, naming the field, than reshaped.
 */
export const line = (max: number) => z.string().trim().min(1).max(max).check(written(true))

/**
 * A web address people open from a page or a notice (the stream, the entity's website) or a site the
 * widget is embedded in: http or https only. zod's URL takes any scheme, and a `javascript:` link in an
 * embedder's page would run in it.
 */
export const webUrl = (max: number) => z.url({ protocol: /^https?$/ }).max(max)
export const areaKeySchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,47}$/,
    said('Clave de área: minúsculas, números, - o _.', 'Area key: lower-case letters, digits, - or _.'),
  )
export const areaSchema = z.strictObject({ key: areaKeySchema, name: line(200) })
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
