import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import type { PqrsdType } from '../server/services/calendar/terms'
import { questionStatuses } from './enums'

// Times are UTC instants as ISO 8601 text: they sort as they read and survive both drivers unchanged.
const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`)

export const entities = sqliteTable(
  'entities',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    nit: text('nit'),
    // The NIT's digits (server/services/nit.ts): the same NIT typed with or without dots or the check
    // digit's hyphen finds the one entity. Null on an entity whose NIT repeats an older one's (migration 0012).
    nitKey: text('nit_key'),
    address: text('address'),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    country: text('country', { enum: ['CO', 'EC'] }).notNull(),
    timezone: text('timezone').notNull(),
    radicadoPrefix: text('radicado_prefix'),
    // A prefix staff scheduled for the series of a later year: the first radicado of that year (or of
    // any year after it) takes it, in the same batch, and it becomes `radicadoPrefix`. Reserved as a
    // prefix is: another entity can neither have nor schedule it (a trigger, see migration 0009).
    radicadoPrefixNext: text('radicado_prefix_next'),
    radicadoPrefixNextYear: integer('radicado_prefix_next_year'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('entities_nit_uq').on(t.nit),
    uniqueIndex('entities_nit_key_uq').on(t.nitKey),
    index('entities_name_idx').on(t.name),
    // A prefix names one entity's series: the radicados of two entities sharing one would collide.
    uniqueIndex('entities_radicado_prefix_uq').on(t.radicadoPrefix),
  ],
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
    // When it was last closed (null while it is not): without an end time, the retention period counts from it.
    closedAt: text('closed_at'),
    demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
    // How its registrations' check-in codes are made (server/services/checkin-codes.ts): from the
    // installation's sequence, or at random, as for events that had registrations before the sequence.
    checkinCodes: text('checkin_codes', { enum: ['sequence', 'random'] })
      .notNull()
      .default('sequence'),
    // How its keys are kept (server/services/token-seal.ts, `keptKey`): a registration's Idempotency-Key and
    // a survey's respondent by a device token, made as the widget makes them, in time order; or
    // each as its hash alone, as for events that had registrations, registration keys or respondents before
    // keys were ordered, whose retries and respondents must find them as they were kept.
    storedKeys: text('stored_keys', { enum: ['ordered', 'hashed'] })
      .notNull()
      .default('ordered'),
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
  reportPublished?: boolean
  /**
   * Days after the event's end (or close) when its attendees' personal data is anonymised, as the
   * entity's tabla de retención documental sets it; absent: the installation's CABILDO_RETENTION_DAYS.
   */
  retentionDays?: number
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
    // A password Cabildo generated or an admin reset, handed over by chat or paper: until the person
    // changes it, their sessions may only change it, read who they are and sign out (server/access.ts).
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    // The entities whose events a moderator or analyst works on, as a JSON array of their ids; null: every
    // entity of the installation. Admins are never scoped (server/access.ts).
    entityIds: text('entity_ids', { mode: 'json' }).$type<string[]>(),
    // The deployed Worker version whose admin secret last matched this password hash, with a digest of
    // the hash; no function of the secret (server/services/admin-secret.ts).
    secretChecked: text('secret_checked'),
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

// ─── PQRSD: questions with their radicado, votes, commitments, outbound webhooks ───

// The last radicado number given per entity and year. It is incremented and read inside the same
// atomic batch as the question insert, so the series has no gap and no duplicate under concurrency.
// `lastReceivedAt` is that question's receipt time: a later number never carries an earlier time.
export const radicadoSeries = sqliteTable(
  'radicado_series',
  {
    entityId: text('entity_id')
      .notNull()
      .references(() => entities.id),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
    lastReceivedAt: text('last_received_at'),
  },
  (t) => [primaryKey({ columns: [t.entityId, t.year] })],
)

export { questionStatuses } from './enums'
export const questionChannels = ['presencial', 'transmision', 'widget'] as const

export const questions = sqliteTable(
  'questions',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    entityId: text('entity_id')
      .notNull()
      .references(() => entities.id),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    radicado: text('radicado').notNull(),
    type: text('type').$type<PqrsdType>().notNull(),
    termDays: integer('term_days').notNull(),
    // What the person asked, never changed; moderators edit displayText for the screen.
    text: text('text').notNull(),
    displayText: text('display_text'),
    reasons: text('reasons'),
    annexes: text('annexes', { mode: 'json' }).$type<string[]>().notNull().default([]),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull().default(false),
    identityReserve: integer('identity_reserve', { mode: 'boolean' }).notNull().default(false),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    documentType: text('document_type'),
    documentNumber: text('document_number'),
    address: text('address'),
    channel: text('channel', { enum: questionChannels }).notNull(),
    receivedBy: text('received_by').notNull(),
    areaKey: text('area_key'),
    status: text('status', { enum: questionStatuses }).notNull().default('received'),
    // Why it was hidden, forwarded or annulled.
    statusReason: text('status_reason'),
    answer: text('answer'),
    answeredAt: text('answered_at'),
    // The day the answer was sent to the petitioner, where the petition was received: the day its term is
    // judged by, which may be before the day staff record it (answeredAt). Null on one answered before it
    // was kept: the day of answeredAt.
    answeredOn: text('answered_on'),
    answeredBy: text('answered_by'),
    answerPublished: integer('answer_published', { mode: 'boolean' }).notNull().default(false),
    forwardedTo: text('forwarded_to'),
    // When it was forwarded, and the last day it could be (Ley 1755 de 2015, art. 21: five business days
    // from receipt, on the entity's calendar). Null on a question filed before they were kept.
    forwardedAt: text('forwarded_at'),
    forwardDueDate: text('forward_due_date'),
    // The day it was sent to the competent entity, as answeredOn is to answeredAt.
    forwardedOn: text('forwarded_on'),
    // An incomplete petition (Ley 1755 de 2015, art. 17): the day the petitioner was asked to complete it,
    // what was asked, the last day to do so (a month, extendable once by as much) and the day they did,
    // from whose next day its term runs again.
    completionRequestedOn: text('completion_requested_on'),
    completionRequest: text('completion_request'),
    completionDeadline: text('completion_deadline'),
    completedOn: text('completed_on'),
    // Withdrawn by the petitioner (desistimiento expreso, Ley 1755 de 2015, art. 18): the day they said so;
    // how they did is the status reason.
    desistedOn: text('desisted_on'),
    // The status it had then, and that status's reason: where the entity's continuation ex officio (art.
    // 18) takes it back to, term and all. Kept while it is desisted.
    desistedFrom: text('desisted_from', { enum: questionStatuses }),
    desistedFromReason: text('desisted_from_reason'),
    // When the entity last continued it ex officio after its petitioner withdrew it (art. 18), with the
    // withdrawal or after it: no new withdrawal ends it since. Written in the continuation's commit.
    continuedExOfficioAt: text('continued_ex_officio_at'),
    extensionNoticeDate: text('extension_notice_date'),
    extendedDueDate: text('extended_due_date'),
    pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
    mergedInto: text('merged_into'),
    votes: integer('votes').notNull().default(0),
    receivedAt: text('received_at').notNull(),
    // The day a petition staff file was received, when before the day it is filed (a written one left at
    // the venue, typed in the next day): its term counts from it. receivedAt stays the moment of filing,
    // which orders the series. Null: the day of receivedAt.
    receivedOn: text('received_on'),
    dueDate: text('due_date').notNull(),
    approvedAt: text('approved_at'),
    // Given to the petitioner at intake: with the radicado it opens their own constancia.
    receiptToken: text('receipt_token').notNull(),
    constancia: text('constancia', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [
    uniqueIndex('questions_radicado_uq').on(t.radicado),
    uniqueIndex('questions_series_uq').on(t.entityId, t.year, t.seq),
    index('questions_event_idx').on(t.eventId, t.status),
    index('questions_merged_idx').on(t.mergedInto),
    // One question on screen per event.
    uniqueIndex('questions_pinned_uq').on(t.eventId).where(sql`pinned = 1`),
  ],
)

// One vote per attendee or device: the voter key is a hash of the attendee token or the device token.
export const questionVotes = sqliteTable(
  'question_votes',
  {
    questionId: text('question_id')
      .notNull()
      .references(() => questions.id),
    voterKey: text('voter_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.questionId, t.voterKey] })],
)

export const commitmentStatuses = [
  'pendiente',
  'en_ejecucion',
  'cumplido',
  'incumplido',
  'reprogramado',
] as const
export const commitmentOrigins = ['pregunta', 'observacion', 'aporte', 'entidad'] as const

export const commitments = sqliteTable(
  'commitments',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    questionId: text('question_id').references(() => questions.id),
    description: text('description').notNull(),
    areaKey: text('area_key').notNull(),
    responsible: text('responsible'),
    activity: text('activity'),
    axis: text('axis'),
    origin: text('origin', { enum: commitmentOrigins }).notNull(),
    // Ecuador's work plan: the citizen observation and contribution the agreement answers.
    observation: text('observation'),
    contribution: text('contribution'),
    dueDate: text('due_date'),
    dueMonth: text('due_month'),
    status: text('status', { enum: commitmentStatuses }).notNull().default('pendiente'),
    progress: integer('progress').notNull().default(0),
    published: integer('published', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [
    index('commitments_event_idx').on(t.eventId, t.axis),
    index('commitments_question_idx').on(t.questionId),
  ],
)

export const commitmentFollowUps = sqliteTable(
  'commitment_follow_ups',
  {
    id: text('id').primaryKey(),
    commitmentId: text('commitment_id')
      .notNull()
      .references(() => commitments.id),
    date: text('date').notNull(),
    note: text('note').notNull(),
    progress: integer('progress'),
    status: text('status', { enum: commitmentStatuses }),
    // A reschedule: the due date (YYYY-MM-DD) or month (YYYY-MM) the commitment had, and the one it got.
    dueBefore: text('due_before'),
    dueAfter: text('due_after'),
    author: text('author').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('commitment_follow_ups_idx').on(t.commitmentId, t.date)],
)

// Outbound webhooks (Standard Webhooks). entity_id null: every entity's messages.
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    entityId: text('entity_id').references(() => entities.id),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    // When the secret was made: at creation, or at its last rotation. Reads show this and a hint, never the secret.
    secretCreatedAt: text('secret_created_at'),
    description: text('description'),
    eventTypes: text('event_types', { mode: 'json' }).$type<string[]>().notNull().default([]),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: text('updated_at'),
  },
  (t) => [index('webhook_endpoints_entity_idx').on(t.entityId)],
)

// The outbox: written in the same commit as the change it reports, delivered after the response.
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    leaseUntil: text('lease_until'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: text('delivered_at'),
    createdAt: createdAt(),
    // When the message's body, which may name a petitioner, was erased from the log (services/webhook-log.ts).
    purgedAt: text('purged_at'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    // The bodies still kept, oldest first: each run of the purge reads only those it may erase.
    index('webhook_deliveries_kept_idx').on(t.createdAt).where(sql`purged_at is null`),
  ],
)

export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    at: text('at').notNull(),
    status: integer('status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.at)],
)

export type Question = typeof questions.$inferSelect
export type QuestionStatus = Question['status']
export type Commitment = typeof commitments.$inferSelect
export type CommitmentFollowUp = typeof commitmentFollowUps.$inferSelect
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect

// ─── Attendance and surveys ───

export const attendanceSources = ['form', 'staff'] as const

/** Proof of consent kept with each registration: which notice, when, and what the person accepted. */
export type ConsentProof = {
  version: string
  at: string
  lang: 'es' | 'en'
  accepted: { treatment: true; sensitive: boolean; guardian: boolean }
  /**
   * How it was given when not on the person's own device: `in_person` at the door, to the staff member
   * `receivedBy` (`user:<id>`), who read the notice out or showed it and ticked the box on the person's
   * word (POST /api/events/:slug/walk-ins). Absent: the person ticked it themselves.
   */
  given?: 'in_person'
  receivedBy?: string
}

// The privacy notices that registrations accepted, by version, each in the words shown: the proof of
// what a person authorised (Decreto 1377 de 2013, art. 8: the holder may ask for it), since the notice
// is built from data that may change later (the entity's address, the event's title) and from the law's
// wording of the release that showed it. Written with the first registration that accepts a version.
export const consentNotices = sqliteTable('consent_notices', {
  version: text('version').primaryKey(),
  // JSON: { es, en }, each the notice's paragraphs as the attendance form showed them.
  text: text('text').notNull(),
  createdAt: createdAt(),
})

export const attendees = sqliteTable(
  'attendees',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    // Normalised document number, else e-mail, else phone: one registration per person and event.
    personKey: text('person_key'),
    name: text('name').notNull(),
    documentType: text('document_type'),
    documentNumber: text('document_number'),
    email: text('email'),
    phone: text('phone'),
    gender: text('gender'),
    ageRange: text('age_range'),
    occupation: text('occupation'),
    education: text('education'),
    populationGroups: text('population_groups', { mode: 'json' }).$type<string[]>(),
    territory: text('territory'),
    channel: text('channel'),
    // The channel the join link was shared on (?canal=whatsapp): measured, not asked.
    linkChannel: text('link_channel'),
    source: text('source', { enum: attendanceSources }).notNull().default('form'),
    // Only the SHA-256 of the attendee token; `token_sealed` lets an Idempotency-Key retry get the same
    // token back, sealed with a key derived from that Idempotency-Key, which the database never holds.
    tokenHash: text('token_hash').notNull(),
    tokenSealed: text('token_sealed'),
    checkinCode: text('checkin_code').notNull(),
    checkedInAt: text('checked_in_at'),
    checkedInBy: text('checked_in_by'),
    consent: text('consent', { mode: 'json' }).$type<ConsentProof>().notNull(),
    createdAt: text('created_at').notNull(),
    // Set when its personal data was erased (server/services/anonymize.ts): the characterisation stays.
    anonymizedAt: text('anonymized_at'),
  },
  (t) => [
    uniqueIndex('attendees_person_uq').on(t.eventId, t.personKey),
    uniqueIndex('attendees_token_uq').on(t.tokenHash),
    uniqueIndex('attendees_checkin_uq').on(t.eventId, t.checkinCode),
    index('attendees_event_idx').on(t.eventId, t.id),
  ],
)

/**
 * The installation's one row of check-in codes (server/services/checkin-codes.ts): the secret key of the
 * permutation that turns a number into a code, and how many numbers have been issued. Never reset: a
 * number, and so a code, is never issued twice, whatever is deleted.
 */
export const checkinSequence = sqliteTable('checkin_sequence', {
  id: integer('id').primaryKey(),
  key: text('key').notNull(),
  issued: integer('issued').notNull(),
})

// Registered / checked-in totals and breakdowns, kept in the same commit as the registration, so a
// summary reads O(options) rows. `value` '' is the dimension's total (people who answered it).
export const attendanceCounters = sqliteTable(
  'attendance_counters',
  {
    eventId: text('event_id').notNull(),
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    // For free-text dimensions (territory): the first spelling seen of the normalised value.
    label: text('label'),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.dimension, t.value] })],
)

// One row per version of a form; a version that has responses is never changed, a new one is added.
export const forms = sqliteTable(
  'forms',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    current: integer('current', { mode: 'boolean' }).notNull().default(true),
    definition: text('definition', { mode: 'json' }).$type<FormDefinition>().notNull(),
    open: integer('open', { mode: 'boolean' }).notNull().default(true),
    // Public results stay hidden until this instant (null: public as soon as they exist).
    embargoUntil: text('embargo_until'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at'),
  },
  (t) => [
    uniqueIndex('forms_version_uq').on(t.eventId, t.key, t.version),
    uniqueIndex('forms_current_uq').on(t.eventId, t.key).where(sql`"current" = 1`),
  ],
)

export type FormOption = {
  value: string
  label: string
  labelEn?: string
  /** "Otra: ..." — the answer may carry free text after `value:`. */
  other?: boolean
  /** Cannot be combined with other options in a multi question ("Ninguno", "Prefiero no responder"). */
  exclusive?: boolean
}
export type FormQuestionType = 'single' | 'multi' | 'scale' | 'yesno' | 'short_text' | 'long_text'
export type FormQuestion = {
  id: string
  type: FormQuestionType
  label: string
  labelEn?: string
  help?: string
  helpEn?: string
  required: boolean
  sensitive: boolean
  options?: FormOption[]
  scale?: { min: number; max: number; minLabel?: string; maxLabel?: string }
  maxLength?: number
}
export type FormDefinition = {
  title: string
  titleEn?: string
  description?: string
  descriptionEn?: string
  questions: FormQuestion[]
}

// No token, device or registration on a response: who answered is only in form_respondents.
// The answers are one JSON object on the response's own row, not a row per answered question: a
// response is one row and one index entry to write (D1 bills rows written), and filters, cross-tabs and
// exports open the object with json_each() / json_extract() over the (form_id, id) index.
export const formResponses = sqliteTable(
  'form_responses',
  {
    id: text('id').primaryKey(),
    formId: text('form_id')
      .notNull()
      .references(() => forms.id),
    eventId: text('event_id').notNull(),
    submittedAt: text('submitted_at').notNull(),
    // Question id → its raw JSON value: a string, a number or an array of option values. The default
    // only fills rows that existed before this column did; every insert writes it.
    answers: text('answers').notNull().default('{}'),
    // Question id → the free text typed after an "Otra: ..." option; null when no answer has one, which
    // is most responses.
    others: text('others'),
  },
  (t) => [index('form_responses_form_idx').on(t.formId, t.id)],
)

// The one-response-per-person check: a hash of (event, form key, attendee or device token) and nothing
// that points at the response or the registration.
export const formRespondents = sqliteTable('form_respondents', {
  keyHash: text('key_hash').primaryKey(),
  eventId: text('event_id').notNull(),
})

// Counters per form version: question '' value '' is the number of responses; value '' the question's
// `answered`; any other value an option's count. Updated in the response's own commit.
export const formCounters = sqliteTable(
  'form_counters',
  {
    formId: text('form_id').notNull(),
    questionId: text('question_id').notNull(),
    value: text('value').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.formId, t.questionId, t.value] })],
)

// Free texts grouped where they repeat (normalised), per form key across versions, so the most
// repeated ones are read from an index instead of scanning every answer.
export const formTexts = sqliteTable(
  'form_texts',
  {
    eventId: text('event_id').notNull(),
    formKey: text('form_key').notNull(),
    questionId: text('question_id').notNull(),
    norm: text('norm').notNull(),
    text: text('text').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.formKey, t.questionId, t.norm] }),
    index('form_texts_top_idx').on(t.eventId, t.formKey, t.questionId, t.count),
  ],
)

export type Attendee = typeof attendees.$inferSelect
export type Form = typeof forms.$inferSelect

// ─── Login throttling (Workers; Node keeps the same state in memory) ───

// Sign-in attempts per hashed key (an e-mail or an IP, never stored in clear). An attempt is counted
// before the password is checked, so a burst of parallel guesses cannot all slip past the limit.
export const loginAttempts = sqliteTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastAt: text('last_at').notNull(),
  lockedUntil: text('locked_until').notNull().default(''),
})

// ─── The official calendar ───

// The days an official act changes in a country's computed calendar of holidays: a weekday made a rest
// day (an Ecuadorian decree suspending work without recovery, say), or a holiday worked after all; for
// the whole country, or for one entity (a canton's own holiday, which its offices do not work). Legal
// terms are counted on the computed calendar with these applied (server/services/calendar-days.ts).
export const calendarDays = sqliteTable(
  'calendar_days',
  {
    country: text('country', { enum: ['CO', 'EC'] }).notNull(),
    /** '' for the whole country; otherwise the entity whose offices alone it concerns. */
    entityId: text('entity_id').notNull().default(''),
    date: text('date').notNull(),
    rest: integer('rest', { mode: 'boolean' }).notNull(),
    /** The act that decided it, as staff cite it: "Decreto Ejecutivo 249 de 17-XII-2025". */
    source: text('source').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.country, t.entityId, t.date] })],
)
export type CalendarDayRow = typeof calendarDays.$inferSelect

// Each change of a country's recorded days adds one to its version. A due date is computed from the
// days read before its commit; the commit carries the version it read in a statement that breaks NOT NULL
// when the version has moved meanwhile (calendarFor in server/services/calendar-days.ts), so a question
// filed while an admin changes the calendar is computed again instead of keeping the old calendar's date.
// The same statement counts the commit in `dated`, which the calendar change checks in turn.
export const calendarVersions = sqliteTable('calendar_versions', {
  country: text('country', { enum: ['CO', 'EC'] }).primaryKey(),
  version: integer('version').notNull(),
  /**
   * Commits that dated a term on the country's calendar (a petition filed, a decision on its term): a
   * calendar change read before one of them is decided again (calendar-days.ts, `calendarFor`).
   */
  dated: integer('dated').notNull().default(0),
})
