import { addDays, type Country, holidays, weekday } from './holidays'
import { localDate } from './local-date'

export { localDate }

export type DueDateInput = {
  country: Country
  /** IANA zone of the receiving office, e.g. America/Bogota, America/Guayaquil. */
  timeZone: string
  receivedAt: Date
  /** Legal term in business days. */
  businessDays: number
}

const holidaySets = new Map<string, ReadonlySet<string>>()

function holidaySet(country: Country, year: number): ReadonlySet<string> {
  const key = `${country}:${year}`
  let set = holidaySets.get(key)
  if (!set) {
    set = new Set(holidays(country, year))
    holidaySets.set(key, set)
  }
  return set
}

export function isBusinessDay(country: Country, ymd: string): boolean {
  const day = weekday(ymd)
  return day !== 0 && day !== 6 && !holidaySet(country, Number(ymd.slice(0, 4))).has(ymd)
}

/** The n-th business day after `fromYmd` (the count starts the day after; n = 0 returns `fromYmd`). */
export function addBusinessDays(country: Country, fromYmd: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`Business days must be a whole number ≥ 0: ${n}`)
  let day = addDays(fromYmd, 0)
  for (let left = n; left > 0; ) {
    day = addDays(day, 1)
    if (isBusinessDay(country, day)) left--
  }
  return day
}

/** Legal due date: the term runs from the day after the local date of receipt, whatever that day is. */
export function dueDate({ country, timeZone, receivedAt, businessDays }: DueDateInput): string {
  return addBusinessDays(country, localDate(receivedAt, timeZone), businessDays)
}

/** Latest date an extension may set: twice the original term, counted from the same start. */
export function extendedDueLimit({ country, timeZone, receivedAt, businessDays }: DueDateInput): string {
  return addBusinessDays(country, localDate(receivedAt, timeZone), 2 * businessDays)
}
