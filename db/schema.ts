import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

// Times are UTC instants as ISO 8601 text: they sort as they read and survive both drivers unchanged.
const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`)

export const entities = sqliteTable(
  'entities',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    nit: text('nit'),
    address: text('address'),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    country: text('country', { enum: ['CO', 'EC'] }).notNull(),
    timezone: text('timezone').notNull(),
    radicadoPrefix: text('radicado_prefix'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('entities_nit_uq').on(t.nit), index('entities_name_idx').on(t.name)],
)

export const areas = sqliteTable(
  'areas',
  {
    id: text('id').primaryKey(),
    entityId: text('entity_id')
      .notNull()
      .references(() => entities.id),
    key: text('key').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('areas_entity_key_uq').on(t.entityId, t.key)],
)

export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    entityId: text('entity_id')
      .notNull()
      .references(() => entities.id),
    title: text('title').notNull(),
    description: text('description'),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at'),
    modality: text('modality', { enum: ['presencial', 'virtual', 'hibrida'] }).notNull(),
    country: text('country', { enum: ['CO', 'EC'] }).notNull(),
    timezone: text('timezone').notNull(),
    place: text('place'),
    streamUrl: text('stream_url'),
    status: text('status', { enum: ['draft', 'open', 'closed'] })
      .notNull()
      .default('draft'),
    demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
    // Staff-entered figures from outside the forms (peak live viewers, reactions...), each with its source.
    figures: text('figures', { mode: 'json' }).$type<Record<string, EventFigure>>().notNull().default({}),
    // Report "Datos generales" details: channels, moderators, sign language, agenda.
    details: text('details', { mode: 'json' }).$type<EventDetails>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [uniqueIndex('events_slug_uq').on(t.slug), index('events_entity_idx').on(t.entityId, t.startsAt)],
)

export type EventFigure = { value: number; source: string; updatedAt: string }
export type EventDetails = {
  channels?: string[]
  moderators?: string[]
  signLanguage?: boolean
  agenda?: string[]
  allowedOrigins?: string[]
}

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name'),
    role: text('role', { enum: ['admin', 'moderator', 'analyst'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
)

export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    // Only the SHA-256 of a token is stored: a copy of the database does not log anyone in.
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('tokens_hash_uq').on(t.tokenHash), index('tokens_user_idx').on(t.userId)],
)

// Append-only and hash-chained: seq is the chain position, so two writers racing for the same
// position collide on the primary key instead of forking the chain.
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    eventId: text('event_id'),
    data: text('data').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_subject_idx').on(t.subjectType, t.subjectId), index('audit_event_idx').on(t.eventId)],
)

export type Entity = typeof entities.$inferSelect
export type Area = typeof areas.$inferSelect
export type Event = typeof events.$inferSelect
export type User = typeof users.$inferSelect
export type Role = User['role']
export type AuditEntry = typeof auditLog.$inferSelect

// The first answer to a request sent with an Idempotency-Key. Written in the same atomic commit as
// what the request created, so a retry after a crash finds either both or neither.
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: text('resource_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
)
