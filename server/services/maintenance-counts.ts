import { and, asc, eq, gt } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { attendees, type Form, type FormQuestion, formResponses, forms } from '../../db/schema'
import { normText } from './answers'
import { counterRows, type Dimension, dimensions } from './attendance-counters'

/**
 * What the counters of one event must hold, recomputed from the raw rows with the same rules the
 * submissions apply (`counterRows`, the answers' normal form), so a rebuild cannot drift from them.
 */
export type Expected<K extends string> = Map<string, Record<K, string> & { count: number; label?: string }>

const PAGE = 2000
const key = (...parts: string[]) => parts.join('\u0001')

function add<K extends string>(m: Expected<K>, fields: Record<K, string>, label?: string) {
  const k = key(...Object.values<string>(fields))
  const row = m.get(k)
  if (row) row.count += 1
  else m.set(k, { ...fields, count: 1, ...(label !== undefined ? { label } : {}) })
}

/** attendance_counters: registered, source, checked_in and every characterisation, by (dimension, value). */
export async function expectedAttendance(db: Db, eventId: string) {
  const out: Expected<'dimension' | 'value'> = new Map()
  const cols = Object.fromEntries(dimensions.map((d) => [d, attendees[d]])) as {
    [D in Dimension]: (typeof attendees)[D]
  }
  for (let after = ''; ; ) {
    const page = await db
      .select({ id: attendees.id, source: attendees.source, checkedInAt: attendees.checkedInAt, ...cols })
      .from(attendees)
      .where(and(eq(attendees.eventId, eventId), gt(attendees.id, after)))
      .orderBy(asc(attendees.id))
      .limit(PAGE)
    for (const a of page) {
      // The first spelling seen (the oldest registration) names a free-text value, as at intake.
      for (const r of counterRows(a)) add(out, { dimension: r.dimension, value: r.value }, r.label)
      if (a.checkedInAt) add(out, { dimension: 'checked_in', value: '' })
    }
    if (page.length < PAGE) return out
    after = page[page.length - 1].id
  }
}

/** What one stored answer (its JSON value, parsed) counts: its option values (or scale point), else its free text. */
function countsOf(q: FormQuestion | undefined, raw: unknown, other: string | undefined) {
  if (q?.type === 'short_text' || q?.type === 'long_text') return { counts: [], text: String(raw) }
  return { counts: (Array.isArray(raw) ? raw : [raw]).map(String), text: other ?? null }
}

/**
 * form_counters (per version, plus `<eventId>/<key>` for responses across versions) and form_texts
 * (free texts grouped by their normal form, per form key) of every form of the event.
 */
export async function expectedForms(db: Db, eventId: string) {
  const versions = await db.select().from(forms).where(eq(forms.eventId, eventId))
  const byId = new Map<string, Form>(versions.map((f) => [f.id, f]))
  const questionsOf = new Map(
    versions.map((f) => [f.id, new Map(f.definition.questions.map((q) => [q.id, q]))]),
  )
  const counters: Expected<'formId' | 'questionId' | 'value'> = new Map()
  const texts: Expected<'formKey' | 'questionId' | 'norm'> = new Map()
  const ids = versions.map((f) => f.id)
  const keys = [...new Set(versions.map((f) => `${eventId}/${f.key}`))]
  if (!ids.length) return { formIds: [], counters, texts }
  // Version by version, each in the order of its (form_id, id) index: a page of `form_id in (…)` in id
  // order would sort every remaining response of the event to return the next few.
  for (const formId of ids)
    for (let after = ''; ; ) {
      const page = await db
        .select({ id: formResponses.id, answers: formResponses.answers, others: formResponses.others })
        .from(formResponses)
        .where(and(eq(formResponses.formId, formId), gt(formResponses.id, after)))
        .orderBy(asc(formResponses.id))
        .limit(PAGE)
      if (!page.length) break
      const key = byId.get(formId)!.key
      const questions = questionsOf.get(formId)
      for (const r of page) {
        add(counters, { formId, questionId: '', value: '' })
        add(counters, { formId: `${eventId}/${key}`, questionId: '', value: '' })
        const others = (r.others ? JSON.parse(r.others) : {}) as Record<string, string>
        for (const [questionId, raw] of Object.entries(JSON.parse(r.answers) as Record<string, unknown>)) {
          const { counts, text } = countsOf(questions?.get(questionId), raw, others[questionId])
          add(counters, { formId, questionId, value: '' })
          for (const value of counts) add(counters, { formId, questionId, value })
          const norm = text ? normText(text) : ''
          if (text && norm) add(texts, { formKey: key, questionId, norm }, text)
        }
      }
      if (page.length < PAGE) break
      after = page[page.length - 1].id
    }
  return { formIds: [...ids, ...keys], counters, texts }
}
