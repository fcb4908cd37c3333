import { formatPercent } from '../../server/services/percent'
import { label } from '../../server/services/report/labels'
import { longDate } from '../shared/format'
import { lang } from './session'
import { num } from './text'

/** An event as GET /api/events lists it: what the pickers show. */
export type ListedEvent = {
  slug: string
  title: string
  startsAt: string
  timezone: string
  entity: { id: string; name: string }
}

/** GET /api/reports/totals (server/services/report/across.ts): null where the event's report hides it. */
export type TotalsEvent = {
  slug: string
  title: string
  date: string
  participants: number
  checkedIn: number
  women: number | null
  men: number | null
  surveyResponses: number
  questions: number
}
export type Totals = {
  totals: Omit<TotalsEvent, 'slug' | 'title' | 'date'> & { events: number }
  sentence: string
  events: TotalsEvent[]
}

/** GET /api/reports/compare: a hidden side has no count, no share, and no difference beside it. */
export type Side = { count: number; percent: number } | { count: null; percent: null; suppressed: true }
export type Compared = {
  a: { slug: string; title: string; date: string; responses: number }
  b: { slug: string; title: string; date: string; responses: number }
  figures: { key: string; label: string; a: number | null; b: number | null; difference: number | null }[]
  questions: {
    id: string
    label: string
    /** 'es': staff wrote it only in Spanish, shown as such in an English console. */
    lang?: 'es'
    answered: { a: number; b: number }
    options: { value: string; label: string; lang?: 'es'; a: Side; b: Side; difference: number | null }[]
  }[]
}

/** The word and the note the report uses for a figure it does not publish (labels.ts). */
export const hiddenWord = () => label('suppressed', lang.value)
export const hiddenNote = () => label('suppressedNote', lang.value)

// A real minus sign, as typeset figures have it: a hyphen reads as a dash beside "+12".
const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '')

/** A count or the word for a hidden one. */
export const count = (x: number | null) => (x === null ? hiddenWord() : num(x))

/** A difference of people: "+12", "−3", "0"; "—" where a side is hidden. */
export const signed = (x: number | null) => (x === null ? '—' : `${sign(x)}${num(Math.abs(x))}`)

/** A difference of shares in percentage points: "+4,5 pp", "−0,8 pp". */
export const points = (x: number | null) =>
  x === null ? '—' : `${sign(x)}${formatPercent(Math.abs(x), lang.value).replace(/\s?%$/, '')} pp`

/** One side of an option: "12 (55,2 %)", the word for a hidden cell, or "—" where nobody answered. */
export const share = (x: Side, answered: number) =>
  !answered
    ? '—'
    : x.count === null
      ? hiddenWord()
      : `${num(x.count)} (${formatPercent(x.percent, lang.value)})`

/** The calendar day an event is held where it is held, as reports write it: "27 de noviembre de 2026". */
export function eventDay(e: Pick<ListedEvent, 'startsAt' | 'timezone'>) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: e.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(e.startsAt))
  const part = (type: string) => parts.find((p) => p.type === type)?.value
  return longDate(`${part('year')}-${part('month')}-${part('day')}`, lang.value)!
}

/** An event in a picker: its title, its day and, when several entities are listed, its entity. */
export const eventName = (e: ListedEvent, withEntity: boolean) =>
  `${e.title} — ${eventDay(e)}${withEntity ? ` · ${e.entity.name}` : ''}`

/** The query of GET /api/reports/totals for what the form holds; the language is the console's. */
export function totalsQuery(f: {
  pick: boolean
  entityId: string
  from: string
  to: string
  slugs: string[]
}) {
  const q = new URLSearchParams()
  if (f.pick) q.set('slugs', f.slugs.join(','))
  else {
    if (f.entityId) q.set('entityId', f.entityId)
    if (f.from) q.set('from', f.from)
    if (f.to) q.set('to', f.to)
  }
  q.set('lang', lang.value)
  return q.toString()
}
