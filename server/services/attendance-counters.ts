import { sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { documentTypes } from '../../db/enums'
import { counterStatement, plusExcluded } from '../../db/prepared'
import { type Attendee, attendanceCounters } from '../../db/schema'
import { linkChannels, type RegistrationInput } from '../schemas/attendance'
import { normText } from './answers'

/** The characterisation fields counted per value; the survey asks the same with the same options. */
export const dimensions = [
  'gender',
  'ageRange',
  'occupation',
  'education',
  'populationGroups',
  'territory',
  'channel',
  'linkChannel',
] as const
export type Dimension = (typeof dimensions)[number]

export type CounterRow = { dimension: string; value: string; label?: string }

/** The counters a registration adds one to: totals, its source, and each characterisation it gave. */
export function counterRows(a: Pick<Attendee, Dimension | 'source'>): CounterRow[] {
  const rows: CounterRow[] = [
    { dimension: 'registered', value: '' },
    { dimension: 'source', value: a.source },
  ]
  for (const d of dimensions) {
    const v = a[d]
    if (v === null || v === undefined || (Array.isArray(v) && !v.length)) continue
    rows.push({ dimension: d, value: '' })
    if (d === 'territory') rows.push({ dimension: d, value: normText(v as string), label: v as string })
    else for (const one of Array.isArray(v) ? v : [v]) rows.push({ dimension: d, value: one })
  }
  return rows
}

type StoredCounter = { eventId: string; dimension: string; value: string; label: string | null }
const countAttendance = counterStatement<StoredCounter>({
  chunk: 20,
  keys: ['eventId', 'dimension', 'value'],
  build: (db, rows) =>
    db
      .insert(attendanceCounters)
      .values(
        rows.map((r) => ({
          eventId: r.eventId,
          dimension: r.dimension,
          value: r.value,
          label: r.label,
          count: r.delta,
        })),
      )
      .onConflictDoUpdate({
        target: [attendanceCounters.eventId, attendanceCounters.dimension, attendanceCounters.value],
        set: { count: plusExcluded(attendanceCounters.count) },
      })
      .returning({ dimension: attendanceCounters.dimension, count: attendanceCounters.count }),
})

/** `+1` (or `-1`) on each counter, as upserts; only the `registered` count is read back. */
export function counterStmts(db: Db, eventId: string, rows: CounterRow[], delta: 1 | -1): Stmt[] {
  const full = rows.map((r) => ({ eventId, dimension: r.dimension, value: r.value, label: r.label ?? null }))
  const read = full.filter((r) => r.dimension === 'registered')
  const moved = full.filter((r) => r.dimension !== 'registered')
  return [...countAttendance(db, read, delta), ...countAttendance(db, moved, delta, true)]
}

/**
 * `-1` on each of `rows` that exists, 20 a statement: taking a registration out never creates a counter.
 */
export function lessOne(db: Db, eventId: string, rows: CounterRow[]): Stmt[] {
  const stmts: Stmt[] = []
  for (let i = 0; i < rows.length; i += 20) {
    const pairs = sql.join(
      rows.slice(i, i + 20).map((r) => sql`(${r.dimension}, ${r.value})`),
      sql`, `,
    )
    stmts.push(
      db
        .update(attendanceCounters)
        .set({ count: sql`${attendanceCounters.count} - 1` })
        .where(
          sql`${attendanceCounters.eventId} = ${eventId} and (${attendanceCounters.dimension}, ${attendanceCounters.value}) in (values ${pairs})`,
        ),
    )
  }
  return stmts
}

/**
 * The documents whose numbers share one series: Colombia's civil registry gives a person one number for
 * life (the NUIP), on the RC, then the TI, then the CC. Every other kind numbers its own.
 */
const oneSeries: readonly string[] = ['CC', 'TI', 'RC', 'NUIP']
/** The series a document's number belongs to (`oneSeries`): 'CO', or the document's own kind. */
export const documentSeries = (type: string | null | undefined) =>
  !type || oneSeries.includes(type) ? 'CO' : type
/** The kinds of document whose numbers are one series with `type`'s: the TI, RC and CC of one person. */
export const seriesTypes = (type: string): readonly string[] =>
  oneSeries.includes(type) ? oneSeries : [type]
/** Every series a number of unknown kind may be in. */
export const everySeries = ['CO', ...documentTypes.filter((t) => !oneSeries.includes(t))]
/** A document number as compared: upper case, without the dots, dashes and spaces people type. */
export const documentDigits = (n: string) => n.toUpperCase().replace(/[^A-Z0-9]/g, '')

/**
 * One registration per person and event: the document (its series and number), or without one the
 * e-mail. A CE and a CC with the same digits are two people; a TI and then a CC with the same number are
 * one. Never the phone alone: a household often shares one, and taking a second member for the first
 * would lose a registration.
 */
export function personKey(
  b: Pick<RegistrationInput, 'documentNumber' | 'email'> & { documentType?: string | null },
): string | null {
  if (b.documentNumber) return `doc:${documentSeries(b.documentType)}:${documentDigits(b.documentNumber)}`
  if (b.email) return `email:${b.email.trim().toLowerCase()}`
  return null
}

/** A join link's `?canal=`, folded onto the known list so stray values cannot grow the counters. */
export function canal(value: string): string {
  const v = value.trim().toLowerCase()
  return (linkChannels as readonly string[]).includes(v) ? v : 'otro'
}
