import { sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { type Attendee, attendanceCounters } from '../../db/schema'
import { linkChannels, type RegistrationInput } from '../schemas/attendance'
import { normText } from './answers'
import { chunked } from './submissions'

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

type CounterRow = { dimension: string; value: string; label?: string }

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

/** `+1` (or `-1`) on each counter, as chunked upserts that return the new counts. */
export function counterStmts(db: Db, eventId: string, rows: CounterRow[], delta: 1 | -1): Stmt[] {
  // The delta is inlined, not bound: D1 allows 100 bound parameters per statement (4 per row here).
  const d = sql.raw(String(delta))
  return chunked(rows, 20, (part) =>
    db
      .insert(attendanceCounters)
      .values(part.map((r) => ({ eventId, label: null, ...r, count: d })))
      .onConflictDoUpdate({
        target: [attendanceCounters.eventId, attendanceCounters.dimension, attendanceCounters.value],
        set: { count: sql`${attendanceCounters.count} + ${d}` },
      })
      .returning({ dimension: attendanceCounters.dimension, count: attendanceCounters.count }),
  )
}

/** One registration per person and event: the document number, or without one the e-mail. */
export function personKey(b: Pick<RegistrationInput, 'documentNumber' | 'email'>): string | null {
  if (b.documentNumber) return `doc:${b.documentNumber.toUpperCase().replace(/[^A-Z0-9]/g, '')}`
  if (b.email) return `email:${b.email.trim().toLowerCase()}`
  return null
}

/** A join link's `?canal=`, folded onto the known list so stray values cannot grow the counters. */
export function canal(value: string): string {
  const v = value.trim().toLowerCase()
  return (linkChannels as readonly string[]).includes(v) ? v : 'otro'
}
