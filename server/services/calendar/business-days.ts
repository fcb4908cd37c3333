import { addDays, type CalendarDay, type Country, holidays, weekday } from './holidays'
import { localDate } from './local-date'
import { completionMonths, monthsOn } from './months'

export { completionMonths, localDate, monthsOn }

export type DueDateInput = {
  country: Country
  /** IANA zone of the receiving office, e.g. America/Bogota, America/Guayaquil. */
  timeZone: string
  receivedAt: Date
  /** Legal term in business days. */
  businessDays: number
  /** The days staff recorded in the country's official calendar (server/services/calendar-days.ts). */
  changes?: readonly CalendarDay[]
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

type Changed = ReadonlyMap<string, boolean> | undefined
const changedOf = (changes: readonly CalendarDay[] = []): Changed =>
  changes.length ? new Map(changes.map((c) => [c.date, c.rest])) : undefined

function businessDay(country: Country, ymd: string, changed: Changed): boolean {
  const day = weekday(ymd)
  if (day === 0 || day === 6) return false
  const rest = changed?.get(ymd)
  if (rest !== undefined) return !rest
  return !holidaySet(country, Number(ymd.slice(0, 4))).has(ymd)
}

/** Not a Saturday, a Sunday or a holiday (of the computed calendar, with `changes` applied). */
export function isBusinessDay(country: Country, ymd: string, changes?: readonly CalendarDay[]): boolean {
  return businessDay(country, ymd, changedOf(changes))
}

/** The n-th business day after `fromYmd` (the count starts the day after; n = 0 returns `fromYmd`). */
export function addBusinessDays(
  country: Country,
  fromYmd: string,
  n: number,
  changes?: readonly CalendarDay[],
): string {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`Business days must be a whole number ≥ 0: ${n}`)
  const changed = changedOf(changes)
  let day = addDays(fromYmd, 0)
  for (let left = n; left > 0; ) {
    day = addDays(day, 1)
    if (businessDay(country, day, changed)) left--
  }
  return day
}

/** Legal due date: the term runs from the day after the local date of receipt, whatever that day is. */
export function dueDate({ country, timeZone, receivedAt, businessDays, changes }: DueDateInput): string {
  return addBusinessDays(country, localDate(receivedAt, timeZone), businessDays, changes)
}

/**
 * The end of a term of `months` months from `fromYmd` (Ley 4 de 1913, arts. 59 and 62): the same day
 * of the month that many months on, or that month's last day when it has no such day, and, when that is
 * not a business day, the next one.
 */
export function addMonthsTerm(
  country: Country,
  fromYmd: string,
  months: number,
  changes?: readonly CalendarDay[],
): string {
  const ymd = monthsOn(fromYmd, months)
  return isBusinessDay(country, ymd, changes) ? ymd : addBusinessDays(country, ymd, 1, changes)
}
