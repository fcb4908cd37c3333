import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { attendees, type Form, type FormQuestion, formResponses, forms } from '../../db/schema'
import { normText } from './answers'
import { counterRows, type Dimension, dimensions } from './attendance-counters'

/**
 * What the counters of a set of events must hold, recomputed from the raw rows with the same rules the
 * submissions apply (`counterRows`, the answers' normal form), so a rebuild cannot drift from them. The
 * raw rows of all the events are read together, in pages of their (event or form, id) index: the queries
 * grow with the rows, not with the events (D1 runs at most 1,000 queries an invocation).
 */
export type Expected<K extends string> = Map<string, Record<K, string> & { count: number; label?: string }>
export type ExpectedForms = {
  formIds: string[]
  counters: Expected<'formId' | 'questionId' | 'value'>
  texts: Expected<'formKey' | 'questionId' | 'norm'>
}

const PAGE = 2000
const key = (...parts: string[]) => parts.join('\u0001')

function add<K extends string>(m: Expected<K>, fields: Record<K, string>, label?: string, n = 1) {
  const k = key(...Object.values<string>(fields))
  const row = m.get(k)
  if (row) row.count += n
  else m.set(k, { ...fields, count: n, ...(label !== undefined ? { label } : {}) })
}

/**
 * Every row of the `groups` (events, or form versions), in the order of their (group, id) index, handed
 * to `each`, read PAGE rows a query. A page that stops inside a group goes on with a seek into that group
 * (`group = ? and id > ?`) and then with the groups after it: one keyset over both columns would scan
 * the group again from its start on every page.
 */
async function pages<R extends { id: string }>(
  read: (where: SQL, limit: number) => Promise<R[]>,
  groups: string[],
  [group, id]: [SQLiteColumn, SQLiteColumn],
  groupOf: (r: R) => string,
  each: (r: R) => void,
) {
  const list = JSON.stringify(groups)
  for (let after: R | undefined; ; ) {
    const near = after ? await read(and(eq(group, groupOf(after)), gt(id, after.id))!, PAGE) : []
    const from = after ? groupOf(after) : ''
    const far =
      near.length < PAGE
        ? await read(
            sql`${group} in (select value from json_each(${list}) where value > ${from})`,
            PAGE - near.length,
          )
        : []
    const page = near.concat(far)
    for (const r of page) each(r)
    if (page.length < PAGE) return
    after = page[page.length - 1]
  }
}

/** attendance_counters: registered, source, checked_in and every characterisation, by (dimension, value). */
export async function expectedAttendance(db: Db, eventIds: string[]) {
  const out = new Map<string, Expected<'dimension' | 'value'>>(eventIds.map((id) => [id, new Map()]))
  const cols = Object.fromEntries(dimensions.map((d) => [d, attendees[d]])) as {
    [D in Dimension]: (typeof attendees)[D]
  }
  const fields = { id: attendees.id, eventId: attendees.eventId, source: attendees.source, ...cols }
  await pages(
    (where, limit) =>
      db
        .select({ ...fields, checkedInAt: attendees.checkedInAt })
        .from(attendees)
        .where(where)
        .orderBy(asc(attendees.eventId), asc(attendees.id))
        .limit(limit),
    eventIds,
    [attendees.eventId, attendees.id],
    (a) => a.eventId,
    (a) => {
      const m = out.get(a.eventId)!
      // The first spelling seen (the oldest registration) names a free-text value, as at intake.
      for (const r of counterRows(a)) add(m, { dimension: r.dimension, value: r.value }, r.label)
      if (a.checkedInAt) add(m, { dimension: 'checked_in', value: '' })
    },
  )
  return out
}

/** What one stored answer (its JSON value, parsed) counts: its option values (or scale point), else its free text. */
function countsOf(q: FormQuestion | undefined, raw: unknown, other: string | undefined) {
  if (q?.type === 'short_text' || q?.type === 'long_text') return { counts: [], text: String(raw) }
  return { counts: (Array.isArray(raw) ? raw : [raw]).map(String), text: other ?? null }
}

/**
 * form_counters (per version, plus `<eventId>/<key>` for responses across versions) and form_texts
 * (free texts grouped by their normal form, per form key) of every form of the events, by event.
 */
export async function expectedForms(db: Db, eventIds: string[]) {
  // In the order of the (event_id, key, version) index, as each event's versions were always counted.
  const versions = await db
    .select()
    .from(forms)
    .where(inList(forms.eventId, eventIds))
    .orderBy(asc(forms.eventId), asc(forms.key), asc(forms.version))
  const byId = new Map<string, Form>(versions.map((f) => [f.id, f]))
  const questionsOf = new Map(
    versions.map((f) => [f.id, new Map(f.definition.questions.map((q) => [q.id, q]))]),
  )
  // Each version's own tallies first; they are added up per event below, version by version.
  const perForm = new Map<string, Omit<ExpectedForms, 'formIds'>>(
    versions.map((f) => [f.id, { counters: new Map(), texts: new Map() }]),
  )
  if (versions.length)
    await pages(
      (where, limit) =>
        db
          .select({
            id: formResponses.id,
            formId: formResponses.formId,
            answers: formResponses.answers,
            others: formResponses.others,
          })
          .from(formResponses)
          .where(where)
          .orderBy(asc(formResponses.formId), asc(formResponses.id))
          .limit(limit),
      [...byId.keys()],
      [formResponses.formId, formResponses.id],
      (r) => r.formId,
      (r) => {
        const { eventId, key } = byId.get(r.formId)!
        const { counters, texts } = perForm.get(r.formId)!
        const questions = questionsOf.get(r.formId)
        add(counters, { formId: r.formId, questionId: '', value: '' })
        add(counters, { formId: `${eventId}/${key}`, questionId: '', value: '' })
        const others = (r.others ? JSON.parse(r.others) : {}) as Record<string, string>
        for (const [questionId, raw] of Object.entries(JSON.parse(r.answers) as Record<string, unknown>)) {
          const { counts, text } = countsOf(questions?.get(questionId), raw, others[questionId])
          add(counters, { formId: r.formId, questionId, value: '' })
          for (const value of counts) add(counters, { formId: r.formId, questionId, value })
          const norm = text ? normText(text) : ''
          if (text && norm) add(texts, { formKey: key, questionId, norm }, text)
        }
      },
    )
  const out = new Map<string, ExpectedForms>(
    eventIds.map((id) => [id, { formIds: [], counters: new Map(), texts: new Map() }]),
  )
  const keys = new Map<string, Set<string>>()
  for (const f of versions) {
    const e = out.get(f.eventId)!
    e.formIds.push(f.id)
    keys.set(f.eventId, (keys.get(f.eventId) ?? new Set()).add(`${f.eventId}/${f.key}`))
    const own = perForm.get(f.id)!
    for (const { count, formId, questionId, value } of own.counters.values())
      add(e.counters, { formId, questionId, value }, undefined, count)
    for (const { count, label, formKey, questionId, norm } of own.texts.values())
      add(e.texts, { formKey, questionId, norm }, label, count)
  }
  for (const [eventId, k] of keys) out.get(eventId)!.formIds.push(...k)
  return out
}
