import type { Lang } from './api'

/**
 * The `lang` of what the entity's people and citizens wrote (titles, names, questions, answers): Spanish,
 * every entity's language, marked only where the interface speaks another (WCAG 3.1.2), so that a screen
 * reader does not read it with English sounds. The interface's own words take the page's language.
 */
export const contentLang = (ui: Lang) => (ui === 'es' ? undefined : 'es')

/**
 * A date as people read it where the event happens, in its time zone: "jueves, 27 de noviembre de 2026,
 * 2:00 p. m.". A calendar day ("2026-12-18", a legal due date) is that day wherever the reader is.
 * `dateStyle: 'full'` and `timeStyle: 'short'` write exactly that in both languages (test/dates-format.test.ts),
 * in fewer bytes of the widget than the five fields; Safari before 14.1 (iOS 14.5) ignores them and writes
 * figures with a time ("27/11/2026, 2:00:00 p. m."; a calendar day at noon): plainer, still the right day.
 */
export function when(value: string, lang: Lang, timeZone: string, time?: boolean): string {
  // A calendar day (YYYY-MM-DD) is ten characters long; an instant is longer.
  const day = value.length === 10
  return new Date(day ? `${value}T12:00:00Z` : value).toLocaleString(lang === 'en' ? 'en-US' : 'es-CO', {
    dateStyle: 'full',
    timeStyle: time ? 'short' : undefined,
    timeZone: day ? 'UTC' : timeZone,
  })
}

/**
 * `when` for a list of many dates (the console's cards), with the same text and options: toLocaleString
 * builds a formatter on every call, and at 5,000 questions building them took a quarter of drawing the
 * list; here each is built once. `when` keeps its own copy of the options because the widget carries it
 * and is at its size budget (test/dates-format.test.ts holds the two to the same text).
 */
export function whenInList(value: string, lang: Lang, timeZone: string, time?: boolean): string {
  const day = value.length === 10
  const key = `${lang} ${day ? 'UTC' : timeZone} ${time}`
  formatters[key] ??= new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-CO', {
    dateStyle: 'full',
    timeStyle: time ? 'short' : undefined,
    timeZone: day ? 'UTC' : timeZone,
  })
  return formatters[key].format(new Date(day ? `${value}T12:00:00Z` : value))
}
const formatters: Record<string, Intl.DateTimeFormat> = {}

/** What an entity's tax id is called where it is registered: Colombia's NIT, Ecuador's RUC. */
export const taxIdName = (country: string) => (country === 'EC' ? 'RUC' : 'NIT')

const zones: Record<string, [string, string]> = {
  'America/Bogota': ['hora de Colombia', 'Colombia time'],
  'America/Guayaquil': ['hora de Ecuador continental', 'mainland Ecuador time'],
  'Pacific/Galapagos': ['hora de Galápagos', 'Galápagos time'],
}

/** A time zone as people call it: "hora de Colombia"; one without a name here, by its IANA id. */
export const zoneName = (timeZone: string, lang: Lang) => zones[timeZone]?.[lang === 'en' ? 1 : 0] ?? timeZone

/**
 * ICU writes some spaces of a date as no-break ones, or not, by version: "2:00 p.\u00a0m." on workerd
 * and in browsers, "2:00 p. m." on Node. Text the server writes takes plain ones, as Node's, so the
 * runtimes write the same (`when` keeps ICU's: the widget carries it, at its size budget).
 */
export const plainSpaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

/** The start of an event with its zone named: "… 2:00 p. m. (hora de Colombia)". */
export const eventTime = (iso: string, timeZone: string, lang: Lang) =>
  `${plainSpaces(when(iso, lang, timeZone, true))} (${zoneName(timeZone, lang)})`

/** A calendar date (2026-12-24) or month (2026-06) as reports write it: "24 de diciembre de 2026", "junio de 2026". */
export function longDate(value: string | null, lang: Lang): string | null {
  if (!value || !/^\d{4}-\d{2}(-\d{2})?$/.test(value)) return value
  const day = value.length === 10
  const key = `${lang} ${day}`
  let f = longDates.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'es-CO', {
      ...(day ? { day: 'numeric' } : {}),
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })
    longDates.set(key, f)
  }
  return plainSpaces(f.format(new Date(`${day ? value : `${value}-01`}T00:00:00Z`)))
}
// Built once each: a formatter costs far more to build than to use, and a report writes a date a row.
const longDates = new Map<string, Intl.DateTimeFormat>()

/**
 * A text shortened to at most `max` characters for a list of choices or a title, ending in "…" so that
 * nobody takes it for the whole: cut after a word where one ends in its last third, and counted in
 * characters, never halving one (an emoji is two UTF-16 units).
 */
export function clip(text: string, max: number): string {
  const chars = Array.from(text)
  if (chars.length <= max) return text
  const head = chars.slice(0, max - 1).join('')
  const space = head.lastIndexOf(' ')
  const cut = space > (head.length * 2) / 3 ? head.slice(0, space) : head
  return `${cut.replace(/[\s,;:.—-]+$/u, '')}…`
}

/**
 * A whole count as staff type it: `1500`, or grouped by thousands as Spanish writes it (`1.500`, `1 500`)
 * or as English does (`1,500`), which the platforms' statistics pages show and people copy. Anything else,
 * a decimal among them (`1,5`), is `null`: a count of people has none.
 */
export function wholeCount(text: string): number | null {
  const t = text.trim()
  if (/^\d+$/.test(t)) return Number(t)
  const grouped = /^\d{1,3}(?:([.,\s\u00a0\u202f])\d{3})(?:\1\d{3})*$/.exec(t)
  return grouped ? Number(t.replace(/\D/g, '')) : null
}
