import { and, eq, lte, ne, or, type SQL, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { type Entity, entities, radicadoSeries } from '../../db/schema'
import { formatRadicado } from '../../web/shared/radicado'
import { someCause } from '../errors'

const STOP_WORDS = new Set(['DE', 'DEL', 'LA', 'LAS', 'EL', 'LOS', 'Y', 'E', 'PARA', 'EN', 'A', 'AL'])

/** Initials of the entity's name without articles: "Secretaría de Desarrollo Económico" → "SDE". */
export function derivePrefix(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !STOP_WORDS.has(w))
  const initials = words.map((w) => w[0]).join('')
  if (initials.length >= 2) return initials.slice(0, 10)
  return (words[0] ?? 'PQRSD').slice(0, 10)
}

/**
 * The entity's radicado prefix. One derived from the name is written to the entity in the same commit
 * as the first radicado, so the series keeps it even if another entity later takes a similar name.
 */
export async function prefixFor(db: Db, entity: Entity): Promise<{ prefix: string; stmts: Stmt[] }> {
  if (entity.radicadoPrefix) return { prefix: entity.radicadoPrefix, stmts: [] }
  const base = derivePrefix(entity.name)
  let prefix = base
  for (let n = 2; ; n++) {
    const [taken] = await db
      .select({ id: entities.id })
      .from(entities)
      .where(
        and(
          or(eq(entities.radicadoPrefix, prefix), eq(entities.radicadoPrefixNext, prefix)),
          ne(entities.id, entity.id),
        ),
      )
      .limit(1)
    if (!taken) break
    prefix = `${base}${n}`
  }
  const keep = db
    .update(entities)
    .set({ radicadoPrefix: prefix })
    .where(and(eq(entities.id, entity.id), sql`${entities.radicadoPrefix} is null`))
  return { prefix, stmts: [keep as Stmt] }
}

/**
 * The prefix scheduled for the series of `year` (or an earlier one not yet begun), with the statement
 * that makes it the entity's prefix in the batch that gives the year's first radicado; or null.
 */
export function scheduledPrefixFor(
  db: Db,
  entity: Entity,
  year: number,
): { prefix: string; stmts: Stmt[] } | null {
  const next = prefixScheduledFor(entity, year)
  if (!next) return null
  const take = db
    .update(entities)
    .set({ radicadoPrefix: next, radicadoPrefixNext: null, radicadoPrefixNextYear: null })
    .where(and(eq(entities.id, entity.id), lte(entities.radicadoPrefixNextYear, year)))
  return { prefix: next, stmts: [take as Stmt] }
}

/**
 * A guard, after the statements that keep or take the prefix and before the number: the batch fails (as
 * `dayGuard`'s does) unless the entity's prefix is the one the radicado carries. Staff may have changed
 * or cancelled it between the filing's reads and its commit; the filing is then taken again.
 */
export const prefixGuard = (db: Db, entityId: string, prefix: string): Stmt =>
  db
    .insert(radicadoSeries)
    .select(
      sql`select ${entityId}, 0, null, null where not exists (select 1 from ${entities} where ${entities.id} = ${entityId} and ${entities.radicadoPrefix} = ${prefix})`,
    )

/**
 * A radicado in the entity's own format, to show people what to type: the prefix its series gives in
 * `year` (one scheduled from that year on, which its first radicado takes; until the entity's first, the
 * one derived from its name), that year, and a number.
 */
export function exampleRadicado(entity: Entity, year: number): string {
  const prefix = prefixScheduledFor(entity, year) ?? entity.radicadoPrefix ?? derivePrefix(entity.name)
  return formatRadicado(prefix, year, 123)
}

/** The prefix staff scheduled for the entity's radicados of `year`, if one is scheduled from then or before. */
function prefixScheduledFor(entity: Entity, year: number): string | null {
  const next = entity.radicadoPrefixNext
  return next && entity.radicadoPrefixNextYear !== null && entity.radicadoPrefixNextYear <= year ? next : null
}

/**
 * Takes the next number of the entity's series for `year`, received at `clock` or, should the series
 * already hold a later receipt (see `lastReceipt`), at that one; must run in the batch before the
 * insert, after `dayGuard`. `takenReceipt` then reads the time it kept.
 */
export const takeNumber = (db: Db, entityId: string, year: number, clock: string): Stmt => {
  const receivedAt = sql`max(${clock}, coalesce((select max(${radicadoSeries.lastReceivedAt}) from ${radicadoSeries} where ${radicadoSeries.entityId} = ${entityId}), ''))`
  return db
    .insert(radicadoSeries)
    .values({ entityId, year, last: 1, lastReceivedAt: receivedAt })
    .onConflictDoUpdate({
      target: [radicadoSeries.entityId, radicadoSeries.year],
      set: { last: sql`${radicadoSeries.last} + 1`, lastReceivedAt: receivedAt },
    })
}

/** The receipt time just kept by `takeNumber`, read inside the same batch. */
export const takenReceipt = (entityId: string, year: number): SQL =>
  sql`(select ${radicadoSeries.lastReceivedAt} from ${radicadoSeries} where ${radicadoSeries.entityId} = ${entityId} and ${radicadoSeries.year} = ${year})`

/**
 * The receipt time of the entity's latest radicado, or null; read before the clock, a filing is
 * received no earlier than it. On Node commits mostly follow their clock reads, but not always (an
 * audited filing reads the audit chain between the two); on Workers two isolates can commit in the
 * opposite order to theirs. So `takeNumber` takes the later of the two again when it commits.
 */
export async function lastReceipt(db: Db, entityId: string): Promise<string | null> {
  const [row] = await db
    .select({ at: sql<string | null>`max(${radicadoSeries.lastReceivedAt})` })
    .from(radicadoSeries)
    .where(eq(radicadoSeries.entityId, entityId))
  return row?.at ?? null
}

/**
 * The one case where that later time would change more than the time: it falls on another local day
 * than the one the due date (and the series' year) was computed for. The batch then fails (the guard
 * inserts a row that breaks NOT NULL only then, as the calendar's guard does) and the filing is taken
 * again from a fresh read. `nextDay` is the first instant of the next local day.
 */
export const dayGuard = (db: Db, entityId: string, nextDay: string): Stmt =>
  db
    .insert(radicadoSeries)
    .select(
      sql`select ${entityId}, 0, null, null where exists (select 1 from ${radicadoSeries} where ${radicadoSeries.entityId} = ${entityId} and ${radicadoSeries.lastReceivedAt} >= ${nextDay})`,
    )

/**
 * A guard for a prefix that takes effect from `fromYear`: the batch fails (as `dayGuard`'s does) once the
 * series of that year, or of a later one, has given a number, whose radicados carry the prefix the series
 * began with.
 */
export const unlessSeriesBegun = (db: Db, entityId: string, fromYear: number): Stmt =>
  db
    .insert(radicadoSeries)
    .select(
      sql`select ${entityId}, 0, null, null where exists (select 1 from ${radicadoSeries} where ${radicadoSeries.entityId} = ${entityId} and ${radicadoSeries.year} >= ${fromYear} and ${radicadoSeries.last} > 0)`,
    )

/** The prefix change staff scheduled, as the API shows it, or null. */
export const nextPrefixOf = (e: Entity) =>
  e.radicadoPrefixNext && e.radicadoPrefixNextYear !== null
    ? { prefix: e.radicadoPrefixNext, fromYear: e.radicadoPrefixNextYear }
    : null

/** A radicado prefix that another entity has or has scheduled (the unique index or its trigger refused it). */
export const isPrefixTaken = (err: unknown): boolean =>
  someCause(err, (e) => /entities\.radicado_prefix|entities_radicado_prefix_uq/.test(String(e.message)))

/** A series guard (`dayGuard`, `prefixGuard`, `unlessSeriesBegun`) refused the commit. */
export const isSeriesGuard = (err: unknown): boolean =>
  someCause(err, (e) => /radicado_series\.last\b/.test(String(e.message)))

/** The number just taken, read inside the same batch. */
export const takenNumber = (entityId: string, year: number): SQL =>
  sql`(select ${radicadoSeries.last} from ${radicadoSeries} where ${radicadoSeries.entityId} = ${entityId} and ${radicadoSeries.year} = ${year})`

/** The radicado text built in SQL from the number just taken, e.g. SDE-2026-000123. */
export const takenRadicado = (prefix: string, entityId: string, year: number): SQL =>
  sql`${`${prefix}-${year}-`} || printf('%06d', ${takenNumber(entityId, year)})`
