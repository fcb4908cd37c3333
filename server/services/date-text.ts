import { plainSpaces, zoneName } from '../../web/shared/format'
import type { Lang } from '../messages'

type Styles = { date: 'full' | 'long'; time: 'short' | 'medium' }

// One formatter per language, zone and style: building one costs far more than using it.
const formatters = new Map<string, Intl.DateTimeFormat>()
const formatter = (lang: Lang, timeZone: string, options: Intl.DateTimeFormatOptions) => {
  const key = `${lang} ${timeZone} ${JSON.stringify(options)}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-CO', { ...options, timeZone })
    formatters.set(key, f)
  }
  return f
}

/**
 * An instant's date and time in the event's zone, as the report and the constancia write it: "martes,
 * 1 de diciembre de 2026, 10:00 a. m.". ICU's text changes with its version, so with the runtime:
 * workerd's writes "a.\u00a0m." with a no-break space where Node's writes a plain one, and joins a long
 * date to its time with a comma where Node's says "a las" (wrong at one o'clock). The date and the time
 * are formatted apart, joined here, and given plain spaces, so every runtime writes the same text.
 */
export function dateTimeText(iso: string, lang: Lang, timeZone: string, styles: Styles): string {
  const at = new Date(iso)
  const date = formatter(lang, timeZone, { dateStyle: styles.date }).format(at)
  const time = formatter(lang, timeZone, { timeStyle: styles.time }).format(at)
  return plainSpaces(`${date}${lang === 'en' ? ' at ' : ', '}${time}`)
}

/**
 * When an event ran, as the report's "Fecha" says it: its start, and its end when it has one. The same
 * day: "martes, 1 de diciembre de 2026, de 10:00 a. m. a 12:30 p. m." (en: "Tuesday, December 1, 2026,
 * from 10:00 AM to 12:30 PM"); another day: both instants in full, joined by a dash.
 */
export function dateSpanText(startIso: string, endIso: string | null, lang: Lang, timeZone: string): string {
  const full = (iso: string) => dateTimeText(iso, lang, timeZone, { date: 'full', time: 'short' })
  if (!endIso || endIso <= startIso) return full(startIso)
  const day = (iso: string) => formatter(lang, timeZone, { dateStyle: 'full' }).format(new Date(iso))
  const time = (iso: string) => formatter(lang, timeZone, { timeStyle: 'short' }).format(new Date(iso))
  if (day(startIso) !== day(endIso)) return `${full(startIso)} – ${full(endIso)}`
  return plainSpaces(
    lang === 'en'
      ? `${day(startIso)}, from ${time(startIso)} to ${time(endIso)}`
      : `${day(startIso)}, de ${time(startIso)} a ${time(endIso)}`,
  )
}

/**
 * The zone the times of a text are in, as the report names it once beside them: "hora de Colombia
 * (UTC−5)", "hora de Galápagos (UTC−6)", "Colombia time (UTC−5)". The name is the one the attendee's
 * page and the constancia give; a zone without one there takes ICU's long name. The offset is the zone's
 * at `at` (Intl's, so a zone with summer time says the one in force), with a minus sign, not a hyphen.
 */
export function zoneText(timeZone: string, lang: Lang, at: Date): string {
  const offset = formatter(lang, timeZone, { timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value
  const [, sign, hours, minutes] = /^(?:GMT|UTC)([+\-\u2212])(\d{1,2})(?::(\d{2}))?$/.exec(offset ?? '') ?? []
  const utc = sign
    ? `UTC${sign === '+' ? '+' : '\u2212'}${Number(hours)}${minutes && minutes !== '00' ? `:${minutes}` : ''}`
    : 'UTC'
  const known = zoneName(timeZone, lang)
  const name =
    known !== timeZone
      ? known
      : (formatter(lang, timeZone, { timeZoneName: 'long' })
          .formatToParts(at)
          .find((p) => p.type === 'timeZoneName')?.value ?? timeZone)
  return `${name} (${utc})`
}
