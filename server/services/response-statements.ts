import { and, eq, sql } from 'drizzle-orm'
import { counterStatement, plusExcluded, query, stableQuery, statement } from '../../db/prepared'
import {
  attendees,
  events,
  formCounters,
  formRespondents,
  formResponses,
  forms,
  formTexts,
} from '../../db/schema'
import { unlessChanged } from './stale'

/**
 * The statements of a survey response, prepared once per database (see db/prepared.ts): the reads
 * that decide it and the writes committed together.
 */
/** What a submission needs, in one read kept until the next write: the event and its form's current version. */
export const targetOf = stableQuery(
  (db, p: { slug: string; formKey: string }) =>
    db
      .select({
        eventId: events.id,
        status: events.status,
        storedKeys: events.storedKeys,
        formId: forms.id,
        open: forms.open,
        // The definition itself is read only when `compiledForm` does not have this version yet.
        stamp: sql<string | null>`coalesce(${forms.updatedAt}, ${forms.createdAt})`,
      })
      .from(events)
      // `current = 1` written out: bound, it would make SQLite re-plan for the partial index on every run.
      .leftJoin(forms, and(eq(forms.eventId, events.id), eq(forms.key, p.formKey), sql`${forms.current} = 1`))
      .where(eq(events.slug, p.slug)),
  (p) => `${p.slug}\u0000${p.formKey}`,
)

/** The registration an attendee token belongs to, at this event. */
export const attendeeOf = query((db, p: { tokenHash: string; eventId: string }) =>
  db
    .select({ id: attendees.id, ageRange: attendees.ageRange })
    .from(attendees)
    .where(and(eq(attendees.tokenHash, p.tokenHash), eq(attendees.eventId, p.eventId))),
)

export const definitionOf = query((db, p: { id: string }) =>
  db
    .select({
      definition: sql<string>`${forms.definition}`,
      stamp: sql<string>`coalesce(${forms.updatedAt}, ${forms.createdAt})`,
    })
    .from(forms)
    .where(eq(forms.id, p.id)),
)

/**
 * The response with its answers: `answers` and `others` are JSON objects keyed by question id. It is
 * stored only if what it was decided on still holds when it commits (`unlessChanged`, on its form id):
 * its event open, and its form version current, open and unchanged since `stamp`. A close, a new version
 * or a definition changed in place that committed after the response was decided, but before it, fails
 * its commit, and the response is decided again on a fresh read. Two primary-key lookups in the same
 * statement: no round trip more.
 */
export const insertResponse = statement(
  (
    db,
    p: {
      id: string
      formId: string
      eventId: string
      submittedAt: string
      answers: string
      others: string | null
      stamp: string
    },
  ) =>
    db.insert(formResponses).values({
      id: p.id,
      formId: unlessChanged(
        sql`exists (select 1 from ${forms} join ${events} on ${events.id} = ${forms.eventId} where ${forms.id} = ${p.formId} and ${forms.current} = 1 and ${forms.open} = 1 and coalesce(${forms.updatedAt}, ${forms.createdAt}) = ${p.stamp} and ${events.status} = 'open')`,
        p.formId,
      ),
      eventId: p.eventId,
      submittedAt: p.submittedAt,
      answers: p.answers,
      others: p.others,
    }),
)

export const insertRespondent = statement((db, p: { keyHash: string; eventId: string }) =>
  db.insert(formRespondents).values({ keyHash: p.keyHash, eventId: p.eventId }),
)

type CounterKey = { formId: string; questionId: string; value: string }
export const countForm = counterStatement<CounterKey>({
  chunk: 30,
  keys: ['formId', 'questionId', 'value'],
  build: (db, rows) =>
    db
      .insert(formCounters)
      .values(
        rows.map((r) => ({ formId: r.formId, questionId: r.questionId, value: r.value, count: r.delta })),
      )
      .onConflictDoUpdate({
        target: [formCounters.formId, formCounters.questionId, formCounters.value],
        set: { count: plusExcluded(formCounters.count) },
      })
      .returning({ formId: formCounters.formId, count: formCounters.count }),
})

type TextRow = { eventId: string; formKey: string; questionId: string; norm: string; text: string }
export const countText = counterStatement<TextRow>({
  chunk: 19,
  keys: ['eventId', 'formKey', 'questionId', 'norm'],
  build: (db, rows) =>
    db
      .insert(formTexts)
      .values(
        rows.map((r) => ({
          eventId: r.eventId,
          formKey: r.formKey,
          questionId: r.questionId,
          norm: r.norm,
          text: r.text,
          count: r.delta,
        })),
      )
      .onConflictDoUpdate({
        target: [formTexts.eventId, formTexts.formKey, formTexts.questionId, formTexts.norm],
        set: { count: plusExcluded(formTexts.count) },
      })
      .returning({ count: formTexts.count }),
})
