import Holidays from 'date-holidays'

export type Country = 'CO' | 'EC'
export type YearOverride = { readonly add?: readonly string[]; readonly remove?: readonly string[] }
/**
 * A day an official act changes after this code was released, as staff record it
 * (server/services/calendar-days.ts): `rest` makes a weekday a rest day, `!rest` a holiday a working day.
 */
export type CalendarDay = { readonly date: string; readonly rest: boolean }

const DAY_MS = 86_400_000
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/

function parseYmd(ymd: string): number {
  const m = YMD.exec(ymd)
  const time = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN
  if (!m || new Date(time).toISOString().slice(0, 10) !== ymd) {
    throw new RangeError(`Not a valid YYYY-MM-DD date: ${ymd}`)
  }
  return time
}

/** Calendar arithmetic on YYYY-MM-DD strings (time-zone free). */
export function addDays(ymd: string, days: number): string {
  return new Date(parseYmd(ymd) + days * DAY_MS).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(ymd: string): number {
  return new Date(parseYmd(ymd)).getUTCDay()
}

function ymdOf(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10)
}

/** Gregorian Easter Sunday (Anonymous Gregorian / Meeus–Jones–Butcher algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const n = h + l - 7 * m + 114
  return ymdOf(year, Math.floor(n / 31), (n % 31) + 1)
}

/** A day an official act changed in a computed calendar, with the act. */
export type Decreed = CalendarDay & { readonly source: string }

/**
 * Official changes to Ecuador's computed calendar known at this release. The President issues the
 * calendar by executive decree at least yearly (Disposición General Cuarta, Ley Orgánica Reformatoria a
 * la LOSEP y al Código del Trabajo, R.O. Supl. 906, 20-XII-2016) and adds rest days at short notice;
 * admins record those that come after a release (server/services/calendar-days.ts). Recoverable work
 * suspensions (e.g. Decreto 438 for 31-X-2024) are not holidays.
 */
export const ecuadorDecrees: readonly Decreed[] = [
  // "Únicamente por este año", 1 May stays on its Tuesday.
  { date: '2018-04-30', rest: false, source: 'Decreto Ejecutivo 379 (R.O. Supl. 236, 8-V-2018)' },
  { date: '2018-05-01', rest: true, source: 'Decreto Ejecutivo 379 (R.O. Supl. 236, 8-V-2018)' },
  // Thursday 2 and Friday 3 January, not recoverable.
  { date: '2025-01-02', rest: true, source: 'Decreto Ejecutivo 474 de 6-XII-2024' },
  { date: '2025-01-03', rest: true, source: 'Decreto Ejecutivo 474 de 6-XII-2024' },
  // Thursday 9 October joins Friday 10, not recoverable.
  { date: '2025-10-09', rest: true, source: 'Decreto Ejecutivo 172 de 2-X-2025' },
  // Friday 2 January joins 1 January, not recoverable.
  { date: '2026-01-02', rest: true, source: 'Decreto Ejecutivo 249 de 17-XII-2025' },
]

/** The decrees of `country` known at this release that change days of `year`. */
export const decreesOf = (country: Country, year: number): Decreed[] =>
  country === 'EC' ? ecuadorDecrees.filter((d) => d.date.startsWith(`${year}-`)) : []

/** The days of `year` among `changes`, as an override of the computed list. */
function overrideOf(changes: readonly CalendarDay[], year: number): YearOverride | undefined {
  const mine = changes.filter((c) => c.date.startsWith(`${year}-`))
  if (!mine.length) return undefined
  return {
    add: mine.filter((c) => c.rest).map((c) => c.date),
    remove: mine.filter((c) => !c.rest).map((c) => c.date),
  }
}

// Indexed by weekday (Sun…Sat): Tue→Mon, Wed/Thu→Fri, Sat→Fri, Sun→Mon.
const MOVE = [1, 0, -1, 2, 1, 0, -1]
// 1 Jan and 25 Dec are exempt from the weekday moves but not from the weekend ones.
const WEEKEND_MOVE = [1, 0, 0, 0, 0, 0, -1]
// 2 and 3 Nov move as a pair, by the weekday of 2 Nov: offsets of the two rest days from 2 Nov.
const NOVEMBER_PAIR: readonly (readonly [number, number])[] = [
  [1, 2], // Sun+Mon → Mon+Tue
  [0, 1], // Mon+Tue stay
  [-1, 0], // Tue+Wed → Mon+Tue
  [1, 2], // Wed+Thu → Thu+Fri
  [0, 1], // Thu+Fri stay
  [-1, 0], // Fri+Sat → Thu+Fri
  [-1, 2], // Sat+Sun → Fri+Mon
]

/** Rest days of Ecuador's national holidays of `year`, after the transfer rule (may fall in year-1). */
function ecuadorRestDays(year: number): string[] {
  const easter = easterSunday(year)
  const moved = (ymd: string, table: readonly number[]) => addDays(ymd, table[weekday(ymd)])
  const nov2 = ymdOf(year, 11, 2)
  return [
    moved(ymdOf(year, 1, 1), WEEKEND_MOVE),
    addDays(easter, -48), // Carnaval, Monday and Tuesday
    addDays(easter, -47),
    addDays(easter, -2), // Viernes Santo
    moved(ymdOf(year, 5, 1), MOVE),
    moved(ymdOf(year, 5, 24), MOVE),
    moved(ymdOf(year, 8, 10), MOVE),
    moved(ymdOf(year, 10, 9), MOVE),
    ...NOVEMBER_PAIR[weekday(nov2)].map((offset) => addDays(nov2, offset)),
    moved(ymdOf(year, 12, 25), WEEKEND_MOVE),
  ]
}

/** Ecuador's rest days falling in `year` by the transfer rule alone, without official overrides. */
export function ecuadorComputedHolidays(year: number): string[] {
  const prefix = `${year}-`
  const days = [...ecuadorRestDays(year), ...ecuadorRestDays(year + 1)].filter((d) => d.startsWith(prefix))
  return [...new Set(days)].sort()
}

export function applyOverride(dates: readonly string[], override: YearOverride | undefined): string[] {
  if (!override) return [...dates]
  const removed = new Set(override.remove ?? [])
  return [...new Set([...dates.filter((d) => !removed.has(d)), ...(override.add ?? [])])].sort()
}

let colombiaSource: Holidays | undefined

function colombiaHolidays(year: number): string[] {
  colombiaSource ??= new Holidays('CO')
  // date-holidays lists Easter Sunday as "public"; it is not one of Colombia's legal holidays.
  const easter = easterSunday(year)
  const days = colombiaSource
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h) => h.date.slice(0, 10))
    .filter((d) => d !== easter)
  return [...new Set(days)].sort()
}

const cache = new Map<string, readonly string[]>()

/**
 * Sorted YYYY-MM-DD national non-working holidays of `year`, whatever weekday they fall on; with
 * `changes`, the days recorded by staff applied on top.
 */
export function holidays(country: Country, year: number, changes: readonly CalendarDay[] = []): string[] {
  return applyOverride(builtIn(country, year), overrideOf(changes, year))
}

function builtIn(country: Country, year: number): string[] {
  if (!Number.isInteger(year) || year < 1900 || year > 9998) throw new RangeError(`Unsupported year: ${year}`)
  const key = `${country}:${year}`
  let days = cache.get(key)
  if (!days) {
    if (country === 'CO') days = colombiaHolidays(year)
    else if (country === 'EC')
      days = applyOverride(ecuadorComputedHolidays(year), overrideOf(ecuadorDecrees, year))
    else throw new RangeError(`Unsupported country: ${String(country)}`)
    cache.set(key, days)
  }
  return [...days]
}
