import type { Event, Question } from '../../db/schema'
import {
  addBusinessDays,
  addMonthsTerm,
  type CalendarDay,
  type Country,
  completionMonths,
  FORWARD_TERM_DAYS,
  isBusinessDay,
} from './calendar'
import {
  type Constancia,
  completionOf,
  type DateMoved,
  type Extension,
  extensionOf,
  RECOUNTED,
} from './constancia'
import { receivedDay, termStart } from './question-views'

/**
 * A question's dates counted again on a calendar: one rule for the running terms a recorded day moves
 * (calendar-days.ts, moveTerms) and for a petition whose term runs again once the entity continues it ex
 * officio (question-status.ts), which no recorded day moved while it was withdrawn.
 */

/**
 * A running term's due date, counted from where it starts, and the last day to forward it (Ley 1755, art.
 * 21) from its receipt on the same calendar; that one unknown (null) for a question filed before it was kept.
 */
export function runningDue(
  q: Question,
  event: Pick<Event, 'timezone'>,
  country: Country,
  changes: readonly CalendarDay[],
) {
  const dueDate = addBusinessDays(country, termStart(q, event), q.termDays, changes)
  const received = receivedDay(q, event)
  const forwardDueDate = q.forwardDueDate && addBusinessDays(country, received, FORWARD_TERM_DAYS, changes)
  return { dueDate, forwardDueDate }
}

/**
 * An extended term ends on the date the petitioner was told, a business day when it was given. Should the
 * calendar make it a rest day, the term runs to the next business day (Ley 4 de 1913, art. 62), and back
 * to the date told when the day is taken out again.
 */
export function extendedDue(q: Question, country: Country, changes: readonly CalendarDay[]) {
  const kept = extensionOf(q) as Extension
  // The date told is kept in the constancia once moved, whatever else it keeps of the extension.
  const told = (q.constancia as Constancia | null)?.extension?.told ?? kept.dueDate
  const to = isBusinessDay(country, told, changes) ? told : addBusinessDays(country, told, 1, changes)
  return { kept, told, to }
}

/**
 * The last day to complete a petition returned to its petitioner (art. 17), a month or two once extended,
 * counted again from the request.
 */
export function completionDue(q: Question, country: Country, changes: readonly CalendarDay[]) {
  const asked = q.completionRequestedOn as string
  const from = q.completionDeadline as string
  return addMonthsTerm(country, asked, completionMonths(asked, from), changes)
}

/**
 * The dates of a petition the entity continues ex officio, back in the status it had, as they would stand
 * had it never been withdrawn: every day recorded or taken out meanwhile counts, as it did for the terms
 * that ran. Returns the fields that changed, and the constancia's entries that say so.
 */
export function termAgain(
  q: Question,
  event: Pick<Event, 'timezone'>,
  country: Country,
  changes: readonly CalendarDay[],
  at: string,
): { set: Partial<Question>; constancia: Record<string, unknown> } {
  const why = { reason: RECOUNTED.es, cause: 'exOfficio' } as const
  if (q.status === 'extended') {
    const { kept, told, to } = extendedDue(q, country, changes)
    if (to === q.extendedDueDate) return { set: {}, constancia: {} }
    const moved: DateMoved = { from: q.extendedDueDate as string, ...why, at }
    return { set: { extendedDueDate: to }, constancia: { extension: { ...kept, dueDate: to, told, moved } } }
  }
  if (q.status === 'incomplete') {
    const to = completionDue(q, country, changes)
    if (to === q.completionDeadline) return { set: {}, constancia: {} }
    return {
      set: { completionDeadline: to },
      constancia: { completion: completionOf({ ...q, completionDeadline: to }) },
    }
  }
  const { dueDate, forwardDueDate } = runningDue(q, event, country, changes)
  const set: Partial<Question> = {
    ...(dueDate !== q.dueDate ? { dueDate } : {}),
    ...(forwardDueDate !== q.forwardDueDate ? { forwardDueDate } : {}),
  }
  if (dueDate === q.dueDate) return { set, constancia: {} }
  const dueDateMoved: DateMoved = { from: q.dueDate, ...why, at }
  return { set, constancia: { dueDate, dueDateMoved } }
}
