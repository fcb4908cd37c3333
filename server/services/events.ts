import { and, asc, desc, eq, type SQL, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { type Area, areas, type Entity, type Event, entities, events } from '../../db/schema'
import type { Deps } from '../env'
import { ApiError } from '../errors'
import { defaultTimezone, isCountryZone } from '../schemas/common'
import {
  type CreateEventInput,
  endsAfter,
  endsEarly,
  type UpdateEventInput,
  zoneIssue,
} from '../schemas/events'
import { commitAudited } from './audit'
import { randomBytes } from './crypto'
import { type EntityDiffers, isEntityRace, requireNotice, resolveEntity } from './entities'
import { defaultFormStmt } from './forms'
import { isPrefixTaken, nextPrefixOf } from './radicado'
import { decideAfresh, isStale, unlessChanged } from './stale'
import { publishAfterCommit } from './submissions'

export type EventFull = { event: Event; entity: Entity; areas: Area[] }

export function slugify(title: string): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return base.length >= 3 ? base : `evento-${base || 'nuevo'}`
}

export async function findEvent(db: Db, slug: string): Promise<EventFull | null> {
  const [row] = await db
    .select({ event: events, entity: entities })
    .from(events)
    .innerJoin(entities, eq(entities.id, events.entityId))
    .where(eq(events.slug, slug))
    .limit(1)
  if (!row) return null
  const list = await db.select().from(areas).where(eq(areas.entityId, row.entity.id)).orderBy(asc(areas.id))
  return { ...row, areas: list }
}

/** The event or a 404; drafts exist only for staff. */
export async function requireEvent(db: Db, slug: string, opts: { staff?: boolean } = {}): Promise<EventFull> {
  const found = await findEvent(db, slug)
  if (!found || (found.event.status === 'draft' && !opts.staff)) throw new ApiError('EVENT_NOT_FOUND')
  return found
}

export function publicEventView({ event, entity, areas: list }: EventFull) {
  const d = event.details
  return {
    slug: event.slug,
    title: event.title,
    description: event.description,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    modality: event.modality,
    country: event.country,
    timezone: event.timezone,
    place: event.place,
    streamUrl: event.streamUrl,
    status: event.status,
    demo: event.demo,
    channels: d.channels ?? [],
    moderators: d.moderators ?? [],
    signLanguage: d.signLanguage ?? false,
    agenda: d.agenda ?? [],
    entity: {
      name: entity.name,
      nit: entity.nit,
      address: entity.address,
      email: entity.email,
      phone: entity.phone,
      website: entity.website,
    },
    areas: list.map((a) => ({ key: a.key, name: a.name })),
  }
}

export function staffEventView(full: EventFull) {
  const { event, entity } = full
  return {
    ...publicEventView(full),
    id: event.id,
    entityId: entity.id,
    radicadoPrefix: entity.radicadoPrefix,
    radicadoPrefixNext: nextPrefixOf(entity),
    figures: event.figures,
    allowedOrigins: event.details.allowedOrigins ?? [],
    reportPublished: event.details.reportPublished ?? false,
    retentionDays: event.details.retentionDays ?? null,
    closedAt: event.closedAt,
    createdAt: event.createdAt,
    updatedAt: event.updatedAt,
  }
}

export async function listEvents(
  db: Db,
  q: { status?: Event['status']; entityId?: string; entityIds?: string[] | null },
) {
  const where: SQL[] = []
  if (q.status) where.push(eq(events.status, q.status))
  if (q.entityId) where.push(eq(events.entityId, q.entityId))
  // A user scoped to some entities lists their events only (server/access.ts).
  if (q.entityIds) where.push(inList(events.entityId, q.entityIds))
  return db
    .select({ event: events, entity: entities })
    .from(events)
    .innerJoin(entities, eq(entities.id, events.entityId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(events.startsAt))
    .limit(500)
}

const areaStmts = (db: Db, entityId: string, list: { key: string; name: string }[] = []): Stmt[] =>
  list.map((a) =>
    db
      .insert(areas)
      .values({ id: newId(), entityId, key: a.key, name: a.name })
      .onConflictDoUpdate({ target: [areas.entityId, areas.key], set: { name: sql`excluded.name` } }),
  )

function detailsOf(
  input: Partial<CreateEventInput> | UpdateEventInput,
  base: Event['details'] = {},
): Event['details'] {
  const pick = [
    'channels',
    'moderators',
    'signLanguage',
    'agenda',
    'allowedOrigins',
    'reportPublished',
  ] as const
  const out: Event['details'] = { ...base }
  for (const k of pick) if (input[k] !== undefined) (out as Record<string, unknown>)[k] = input[k]
  // null gives the event no period of its own: the installation's, if any, applies.
  if (input.retentionDays === null) delete out.retentionDays
  else if (input.retentionDays !== undefined) out.retentionDays = input.retentionDays
  return out
}

export async function createEvent(
  deps: Deps,
  actor: string,
  input: CreateEventInput,
  extra: { demo?: boolean; attempt?: number } = {},
): Promise<EventFull & { entityDiffers: EntityDiffers }> {
  const { db } = deps
  let slug = input.slug ?? slugify(input.title)
  if (await findEvent(db, slug)) {
    if (input.slug) throw new ApiError('SLUG_TAKEN')
    slug = `${slug}-${Array.from(randomBytes(3), (b) => (b % 36).toString(36)).join('')}`
  }
  const { entityId, stmts, audits, controller, differs = [] } = await resolveEntity(db, input, actor)
  if (input.status === 'open') requireNotice(controller, true, input.country)
  const id = newId()
  const row = {
    id,
    slug,
    entityId,
    title: input.title,
    description: input.description ?? null,
    startsAt: new Date(input.startsAt).toISOString(),
    endsAt: input.endsAt ? new Date(input.endsAt).toISOString() : null,
    modality: input.modality,
    country: input.country,
    timezone: input.timezone ?? defaultTimezone[input.country],
    place: input.place ?? null,
    streamUrl: input.streamUrl ?? null,
    status: input.status ?? 'draft',
    closedAt: input.status === 'closed' ? deps.now().toISOString() : null,
    demo: extra.demo ?? false,
    details: detailsOf(input),
  }
  // The event's evaluation form comes with it: no read or submission makes forms (events made before
  // this got theirs from migration 0017).
  const at = deps.now()
  stmts.push(
    ...areaStmts(db, entityId, input.areas),
    db.insert(events).values(row),
    defaultFormStmt(db, id, at),
  )
  const audit = {
    actor,
    action: 'event.create',
    subjectType: 'event',
    subjectId: id,
    eventId: id,
    data: input,
  }
  try {
    await commitAudited(db, stmts, [audit, ...audits], at)
  } catch (err) {
    const why = String((err as Error).cause ?? err)
    if (/events_slug_uq|events\.slug/.test(why)) throw new ApiError('SLUG_TAKEN')
    if (isPrefixTaken(err)) throw new ApiError('RADICADO_PREFIX_TAKEN')
    // Another event registered the same entity's NIT meanwhile: this one joins the entity it left.
    if (isEntityRace(err) && !extra.attempt) return createEvent(deps, actor, input, { ...extra, attempt: 1 })
    throw err
  }
  return { ...(await findEvent(db, slug))!, entityDiffers: differs }
}

const figureKeys = ['peakViewers', 'reactions', 'comments', 'shares', 'views'] as const

/**
 * A PATCH of an event. Its details and figures are JSON columns rebuilt from the row as read, so the
 * write goes through only if the row is unchanged since (`unlessChanged` on its title): nine PATCHes at
 * once, each setting another field, no longer keep one or two of them. One that finds it changed is
 * applied again on the fresh row.
 */
export const updateEvent = (deps: Deps, actor: string, slug: string, patch: UpdateEventInput) =>
  decideAfresh(
    () => patchEvent(deps, actor, slug, patch),
    (err) => isStale(err, 'events', 'title'),
  )

async function patchEvent(deps: Deps, actor: string, slug: string, patch: UpdateEventInput) {
  const { db } = deps
  const full = await requireEvent(db, slug, { staff: true })
  // Opened (or reopened) only once its entity has what the privacy notice names; a draft may wait for it.
  if (patch.status === 'open' && full.event.status !== 'open')
    requireNotice(full.entity, false, full.entity.country)
  if (patch.timezone && !isCountryZone(full.event.country, patch.timezone))
    throw new ApiError('VALIDATION_ERROR', {
      issues: [{ path: 'timezone', message: zoneIssue(full.event.country) }],
    })
  // The end against the start as they will stand, whichever of the two this change moves.
  const endsAt = patch.endsAt === undefined ? full.event.endsAt : patch.endsAt
  if (endsAt && !endsAfter(patch.startsAt ?? full.event.startsAt, endsAt))
    throw new ApiError('VALIDATION_ERROR', {
      issues: [{ path: patch.endsAt ? 'endsAt' : 'startsAt', message: endsEarly }],
    })
  const now = deps.now().toISOString()
  const set: Partial<Event> = { updatedAt: now, details: detailsOf(patch, full.event.details) }
  for (const k of ['title', 'modality', 'timezone', 'status', 'description', 'place', 'streamUrl'] as const)
    if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k]
  // The retention period counts from the close when the event has no end time: a reopening starts it over.
  if (patch.status && (patch.status === 'closed') !== (full.event.status === 'closed'))
    set.closedAt = patch.status === 'closed' ? now : null
  if (patch.startsAt) set.startsAt = new Date(patch.startsAt).toISOString()
  if (patch.endsAt !== undefined) set.endsAt = patch.endsAt && new Date(patch.endsAt).toISOString()
  const figures = { ...full.event.figures }
  for (const k of figureKeys) {
    const value = patch[k]
    if (value === null) delete figures[k]
    else if (value !== undefined)
      figures[k] = { value, source: patch.figuresSource ?? 'personal', updatedAt: now }
  }
  set.figures = figures
  const title = unlessChanged(
    sql`${events.updatedAt} is ${full.event.updatedAt}`,
    set.title ?? full.event.title,
  )
  const stmts = [
    db
      .update(events)
      .set({ ...set, title })
      .where(eq(events.id, full.event.id)),
    ...areaStmts(db, full.entity.id, patch.areas),
  ]
  const audit = {
    actor,
    action: 'event.update',
    subjectType: 'event',
    subjectId: full.event.id,
    eventId: full.event.id,
    data: patch,
  }
  await commitAudited(db, stmts as Stmt[], [audit], deps.now())
  // The attendee pages open now learn it from their stream: a closed event's forms are shut, and a
  // reopened one's open again, without a reload. The frame carries the status, so no page reads the event.
  if (patch.status && patch.status !== full.event.status)
    await publishAfterCommit(deps, full.event.id, {
      type: 'event.status',
      audience: 'public',
      data: { status: patch.status },
    })
  return (await findEvent(db, slug))!
}
