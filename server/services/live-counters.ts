import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { attendanceCounters, formCounters } from '../../db/schema'

/** A live `counters` frame: the figures a commit moved, each the count its row held after it. */
export type LiveCounters = {
  attendance?: { registered?: number; checkedIn?: number }
  forms?: Record<string, { responses?: number }>
}

const dimensionOf = { registered: 'registered', checkedIn: 'checked_in' } as const
type Figure = keyof typeof dimensionOf

/**
 * The figures a counters frame names, as their counter rows hold them now. Frames from several places
 * (Workers' writer objects) can arrive out of commit order, and a count also goes down (a registration
 * deleted), so no merge of the frames alone can tell the newest figure: the rows can.
 */
export async function storedCounters(db: Db, eventId: string, frame: LiveCounters): Promise<LiveCounters> {
  const figures = Object.keys(frame.attendance ?? {}).filter((k): k is Figure => k in dimensionOf)
  const keys = Object.entries(frame.forms ?? {}).flatMap(([k, f]) => ('responses' in f ? [k] : []))
  const [people, forms] = await Promise.all([
    figures.length
      ? db
          .select({ dimension: attendanceCounters.dimension, count: attendanceCounters.count })
          .from(attendanceCounters)
          .where(
            and(
              eq(attendanceCounters.eventId, eventId),
              inArray(
                attendanceCounters.dimension,
                figures.map((f) => dimensionOf[f]),
              ),
              eq(attendanceCounters.value, ''),
            ),
          )
      : [],
    keys.length
      ? db
          .select({ formId: formCounters.formId, count: formCounters.count })
          .from(formCounters)
          .where(
            and(
              inArray(
                formCounters.formId,
                keys.map((k) => `${eventId}/${k}`),
              ),
              eq(formCounters.questionId, ''),
              eq(formCounters.value, ''),
            ),
          )
      : [],
  ])
  const out: LiveCounters = { ...frame }
  if (figures.length) {
    out.attendance = { ...frame.attendance }
    for (const f of figures)
      out.attendance[f] = people.find((r) => r.dimension === dimensionOf[f])?.count ?? 0
  }
  if (keys.length) {
    out.forms = { ...frame.forms }
    for (const k of keys)
      out.forms[k] = {
        ...frame.forms![k],
        responses: forms.find((r) => r.formId === `${eventId}/${k}`)?.count ?? 0,
      }
  }
  return out
}
