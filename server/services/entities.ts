import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { type Entity, entities } from '../../db/schema'
import { ApiError, someCause } from '../errors'
import { defaultTimezone } from '../schemas/common'
import type { CreateEventInput } from '../schemas/events'
import type { AuditInput } from './audit'
import { canonicalNit, nitKeys, nitProblem, sameNit, taxIdOf, taxIdTaken } from './nit'
import { isStale, unlessChanged } from './stale'

/** What the privacy notice says of its controller besides the name (Ley 1581, Decreto 1377 art. 13; LOPDP). */
export type Controller = Pick<Entity, 'nit' | 'address' | 'email' | 'phone'>

/** The entity's id and, for the checks of the event, its data as it will be once the batch commits. */
/**
 * What an event brought of an entity already registered that differs from what is stored, and was not
 * written: the stored value stays (a change is PATCH /api/entities/:id's), and the answer says so.
 */
export type EntityDiffers = { field: string; stored: string; sent: string }[]
export type ResolvedEntity = {
  entityId: string
  stmts: Stmt[]
  audits: AuditInput[]
  controller: Controller
  differs?: EntityDiffers
}

const controllerOf = (e: Partial<Controller>): Controller => ({
  nit: e.nit ?? null,
  address: e.address ?? null,
  email: e.email ?? null,
  phone: e.phone ?? null,
})

/**
 * An event that takes registrations shows a notice that names the controller: the entity, its tax id
 * (a Colombian's NIT, an Ecuadorian's RUC: `country`), its address and a contact (e-mail or phone) where
 * the holder exercises their rights. One whose entity lacks any of them is not opened (409): it stays a
 * draft until the entity has them. `atCreation`: the request itself can bring them, with the entity.
 */
export function requireNotice(entity: Controller, atCreation: boolean, country: Entity['country']) {
  const missing = [
    !entity.nit && { path: 'entity.nit', ...taxIdOf(country) },
    !entity.address && { path: 'entity.address', es: 'la dirección', en: 'the address' },
    !entity.email &&
      !entity.phone && {
        path: 'entity.email',
        es: 'un correo o un teléfono de contacto',
        en: 'a contact e-mail or phone',
      },
  ].filter((m) => m !== false)
  if (!missing.length) return
  const list = (lang: 'es' | 'en') => {
    const items = missing.map((m) => m[lang])
    const and = lang === 'es' ? ' y ' : ' and '
    return items.length > 1 ? `${items.slice(0, -1).join(', ')}${and}${items.at(-1)}` : items[0]
  }
  const es = `No se puede abrir el evento: el aviso de privacidad que aceptan los asistentes debe nombrar al responsable del tratamiento, y a la entidad le falta ${list('es')}. ${
    atCreation
      ? 'Escríbalos con la entidad, o cree el evento como borrador y complételos después'
      : 'Agréguelos'
  } en los datos de la entidad (consola: página «Datos» del evento; API: PATCH /api/entities/{id}); mientras tanto el evento puede quedar como borrador.`
  const en = `The event cannot be opened: the privacy notice attendees accept must name the data controller, and the entity lacks ${list('en')}. ${
    atCreation ? 'Give them with the entity, or create the event as a draft and add them later' : 'Add them'
  } in the entity's details (console: the event's "Datos" page; API: PATCH /api/entities/{id}); meanwhile the event can stay a draft.`
  const issues = missing.map((m) => ({
    path: atCreation ? m.path : m.path.replace(/^entity\./, ''),
    message: { es: `Falta ${m.es}.`, en: `Missing ${m.en}.` },
  }))
  throw new ApiError('CONFLICT', { detail: { es, en }, issues })
}

/**
 * The event's entity, so that one office keeps one radicado series, one calendar and one set of totals
 * however staff type it:
 * - with a NIT, the entity with that NIT (server/services/nit.ts: `890.480.184-4`, `890480184-4` and
 *   `8904801844` are one), else the one of that name in that country registered without a NIT, which
 *   gets this one; never one with another NIT;
 * - without a NIT, the one of that name in that country.
 * Two countries' "Alcaldía de Santa Rosa" are two entities, each with its own holidays, time zone and
 * series. An entity found by its NIT in another country is refused: the event would count its terms on
 * the other country's calendar. Otherwise the entity is created with the event. An entity found gets
 * what the event brings of it that it lacks (`filled`): its address, e-mail, phone, website.
 */
export async function resolveEntity(db: Db, input: CreateEventInput, actor: string): Promise<ResolvedEntity> {
  const given = typeof input.entity === 'string' ? { name: input.entity } : input.entity
  const nit = 'nit' in given && given.nit ? given.nit : undefined
  if (nit) {
    const keys = nitKeys(nit, input.country)
    const rows = await db.select().from(entities).where(inArray(entities.nitKey, keys))
    const same = (e: Entity) =>
      e.nit !== null && sameNit(nit, input.country, { nit: e.nit, country: e.country })
    // Its own digits first, then the same NIT registered with or without its check digit. Its digits
    // read as another NIT (a wrong check digit) are refused: the key is unique, and two NITs never merge.
    const exact = rows.find((e) => e.nitKey === keys[0])
    if (exact && !same(exact)) throw nitTaken(input.country)
    const found = exact ?? rows.find(same)
    if (found && found.country !== input.country) throw new ApiError('ENTITY_COUNTRY_MISMATCH')
    if (found) return filled(db, found, given, actor)
    // Stored from here on (a new entity's, or one registered without it): a NIT that cannot be one is refused.
    refuseNit(nit, input.country, 'entity.nit')
  }
  const byName = [eq(entities.name, given.name), eq(entities.country, input.country)]
  if (nit) byName.push(isNull(entities.nit))
  const [named] = await db
    .select()
    .from(entities)
    .where(and(...byName))
    .orderBy(asc(entities.createdAt), asc(entities.id))
    .limit(1)
  if (named && !nit) return filled(db, named, given, actor)
  if (named && nit) {
    const withNit = recordNit(db, named, nitColumns(nit, input.country), actor)
    const more = filled(db, { ...named, nit: withNit.controller.nit }, given, actor)
    return { ...more, stmts: [...withNit.stmts, ...more.stmts], audits: [...withNit.audits, ...more.audits] }
  }
  const entityId = newId()
  const timezone = input.timezone ?? defaultTimezone[input.country]
  const row = { id: entityId, country: input.country, timezone, ...given }
  if (nit) Object.assign(row, nitColumns(nit, input.country))
  return { entityId, stmts: [db.insert(entities).values(row)], audits: [], controller: controllerOf(row) }
}

// What an event may bring of an entity already registered besides its NIT: what its privacy notice names.
const FILLABLE = ['address', 'email', 'phone', 'website'] as const

/**
 * The entity found for an event, with what the event brings of it that it lacks: an entity registered
 * with its name alone gets the address, e-mail, phone or website a later event gives. Written with
 * `coalesce`, so one another request gave it meanwhile stays. What the entity already has is never
 * replaced this way, even when the event brings another value: that change is PATCH /api/entities/:id's
 * (the console's "Datos" page), where it is seen and audited as a change.
 */
function filled(
  db: Db,
  entity: Entity,
  given: { name: string; radicadoPrefix?: string } & Partial<Record<(typeof FILLABLE)[number], string>>,
  actor: string,
): ResolvedEntity {
  const missing = FILLABLE.filter((k) => given[k] && !entity[k])
  const controller = controllerOf({ ...entity, ...Object.fromEntries(missing.map((k) => [k, given[k]])) })
  const differs: EntityDiffers = (['name', ...FILLABLE, 'radicadoPrefix'] as const).flatMap((k) => {
    const sent = given[k]
    const stored = entity[k]
    const same = k === 'email' ? sent?.toLowerCase() === stored?.toLowerCase() : sent?.trim() === stored
    return sent && stored && !same ? [{ field: k, stored, sent }] : []
  })
  if (!missing.length) return { entityId: entity.id, stmts: [], audits: [], controller, differs }
  const set = Object.fromEntries(missing.map((k) => [k, sql`coalesce(${entities[k]}, ${given[k]})`]))
  const update = db.update(entities).set(set).where(eq(entities.id, entity.id))
  const data = Object.fromEntries(missing.map((k) => [k, given[k]]))
  const audit = { actor, action: 'entity.update', subjectType: 'entity', subjectId: entity.id, data }
  return { entityId: entity.id, stmts: [update as Stmt], audits: [audit], controller, differs }
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
  return {
    entityId: entity.id,
    stmts: [update as Stmt],
    audits: [audit],
    controller: controllerOf({ ...entity, nit }),
  }
}

/**
 * The batch failed because another request registered this NIT (or gave the entity found by name
 * another one) between the reads and the commit: deciding again finds the entity it left.
 */
export const isEntityRace = (err: unknown): boolean =>
  isStale(err, 'entities', 'name') ||
  someCause(err, (e) => /entities_nit(_key)?_uq|entities\.nit(_key)?\b/.test(String(e.message)))

/** 409 ENTITY_NIT_TAKEN, naming the tax id as `country` calls it. */
export const nitTaken = (country: Entity['country']) =>
  new ApiError('ENTITY_NIT_TAKEN', { detail: taxIdTaken(country) })

/** A 400 naming `path` when `nit` cannot be an entity of `country`'s NIT or RUC (server/services/nit.ts). */
export function refuseNit(nit: string, country: Entity['country'], path: string) {
  const problem = nitProblem(nit, country)
  if (problem) throw new ApiError('VALIDATION_ERROR', { issues: [{ path, message: problem }] })
}

/** The NIT and its key as an entity of `country` stores them, when created or changed. */
export const nitColumns = (nit: string, country: Entity['country']) => ({
  nit: canonicalNit(nit, country),
  nitKey: nitKeys(nit, country)[0],
})
