import { plainSpaces } from '../../web/shared/format'
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
