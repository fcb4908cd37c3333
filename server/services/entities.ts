import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { type Entity, entities } from '../../db/schema'
import { ApiError, someCause } from '../errors'
import { defaultTimezone } from '../schemas/common'
import type { CreateEventInput } from '../schemas/events'
import type { AuditInput } from './audit'
import { canonicalNit, nitKeys, sameNit } from './nit'
import { isStale, unlessChanged } from './stale'

export type ResolvedEntity = { entityId: string; stmts: Stmt[]; audits: AuditInput[] }

/**
 * The event's entity, so that one office keeps one radicado series, one calendar and one set of totals
 * however staff type it:
 * - with a NIT, the entity with that NIT (server/services/nit.ts: `890.480.184-4`, `890480184-4` and
 *   `8904801844` are one), else the one of that name in that country registered without a NIT, which
 *   gets this one; never one with another NIT;
 * - without a NIT, the one of that name in that country.
 * Two countries' "Alcaldía de Santa Rosa" are two entities, each with its own holidays, time zone and
 * series. An entity found by its NIT in another country is refused: the event would count its terms on
 * the other country's calendar. Otherwise the entity is created with the event.
 */
export async function resolveEntity(db: Db, input: CreateEventInput, actor: string): Promise<ResolvedEntity> {
  const given = typeof input.entity === 'string' ? { name: input.entity } : input.entity
  const nit = 'nit' in given && given.nit ? given.nit : undefined
  const none = { stmts: [] as Stmt[], audits: [] as AuditInput[] }
  if (nit) {
    const keys = nitKeys(nit, input.country)
    const rows = await db.select().from(entities).where(inArray(entities.nitKey, keys))
    const same = (e: Entity) =>
      e.nit !== null && sameNit(nit, input.country, { nit: e.nit, country: e.country })
    // Its own digits first, then the same NIT registered with or without its check digit. Its digits
    // read as another NIT (a wrong check digit) are refused: the key is unique, and two NITs never merge.
    const exact = rows.find((e) => e.nitKey === keys[0])
    if (exact && !same(exact)) throw new ApiError('ENTITY_NIT_TAKEN')
    const found = exact ?? rows.find(same)
    if (found && found.country !== input.country) throw new ApiError('ENTITY_COUNTRY_MISMATCH')
    if (found) return { entityId: found.id, ...none }
  }
  const byName = [eq(entities.name, given.name), eq(entities.country, input.country)]
  if (nit) byName.push(isNull(entities.nit))
  const [named] = await db
    .select()
    .from(entities)
    .where(and(...byName))
    .orderBy(asc(entities.createdAt), asc(entities.id))
    .limit(1)
  if (named && !nit) return { entityId: named.id, ...none }
  if (named && nit) return recordNit(db, named, nitColumns(nit, input.country), actor)
  const entityId = newId()
  const timezone = input.timezone ?? defaultTimezone[input.country]
  const row = { id: entityId, country: input.country, timezone, ...given }
  if (nit) Object.assign(row, nitColumns(nit, input.country))
  return { entityId, stmts: [db.insert(entities).values(row)], audits: [] }
}

/**
 * An entity registered without a NIT gets the one an event of it brings. Written only if it still has
 * none (`unlessChanged` on its name): another event may have given it another NIT meanwhile, and this one
 * must then not join it.
 */
function recordNit(
  db: Db,
  entity: Entity,
  { nit, nitKey }: ReturnType<typeof nitColumns>,
  actor: string,
): ResolvedEntity {
  const name = unlessChanged(isNull(entities.nit), entity.name)
  const update = db.update(entities).set({ nit, nitKey, name }).where(eq(entities.id, entity.id))
  const audit = { actor, action: 'entity.update', subjectType: 'entity', subjectId: entity.id, data: { nit } }
  return { entityId: entity.id, stmts: [update as Stmt], audits: [audit] }
}

/**
 * The batch failed because another request registered this NIT (or gave the entity found by name
 * another one) between the reads and the commit: deciding again finds the entity it left.
 */
export const isEntityRace = (err: unknown): boolean =>
  isStale(err, 'entities', 'name') ||
  someCause(err, (e) => /entities_nit(_key)?_uq|entities\.nit(_key)?\b/.test(String(e.message)))

/** The NIT and its key as an entity of `country` stores them, when created or changed. */
export const nitColumns = (nit: string, country: Entity['country']) => ({
  nit: canonicalNit(nit, country),
  nitKey: nitKeys(nit, country)[0],
})
