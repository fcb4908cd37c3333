import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import type { Form, FormQuestion } from '../../db/schema'
import { ApiError } from '../errors'
import type { Lang } from '../messages'
import { answerPath, inIdOrder, newestFirst } from './filters'
import { localTime } from './local-time'
import type { Paged } from './spreadsheet'
import { mergedQuestions } from './stats'

/** Raw responses for staff: a page of JSON, or every response as a table (one column per question). */
export async function responsesPage(db: Db, versions: Form[], cursor: string | undefined, limit: number) {
  const byId = new Map(versions.map((v) => [v.id, v.version]))
  const rows = await inIdOrder<{
    id: string
    formId: string
    submittedAt: string
    answers: string
    others: string | null
  }>(
    db,
    versions.map((v) => v.id),
    sql`r.id id, r.form_id formId, r.submitted_at submittedAt, r.answers answers, r.others others`,
    cursor ? sql` and r.id > ${cursor}` : sql``,
    limit + 1,
  )
  const page = rows.slice(0, limit)
  const list = page.map((r) => ({
    id: r.id,
    version: byId.get(r.formId)!,
    submittedAt: r.submittedAt,
    answers: JSON.parse(r.answers) as Record<string, unknown>,
    others: (r.others ? JSON.parse(r.others) : {}) as Record<string, string>,
  }))
  return { responses: list, nextCursor: rows.length > limit ? page[page.length - 1].id : null }
}

/**
 * One answer as the sheet shows it: each option by its label in the newest version that has it (as the
 * stats label it), so an option a later version removed still reads as people chose it.
 */
function cell(qs: FormQuestion[], value: unknown, other: string | undefined, lang: Lang): string | number {
  if (value === undefined) return ''
  if (typeof value === 'number') return value
  const q = qs[0]
  const label = (v: string) => {
    const o = qs.flatMap((x) => x.options ?? []).find((x) => x.value === v)
    const text = o ? (lang === 'en' && o.labelEn ? o.labelEn : o.label) : v
    return o?.other && other ? `${text}: ${other}` : text
  }
  if (Array.isArray(value)) return value.map((v) => label(String(v))).join('; ')
  if (q.type === 'yesno') return value === 'si' ? (lang === 'en' ? 'Yes' : 'Sí') : 'No'
  return q.options ? label(String(value)) : String(value)
}

/**
 * Every response of the chosen versions, a page at a time: a column per question of any of them, and
 * the time it was sent where the event is held, as in the attendance export.
 */
export function responsesExport(db: Db, versions: Form[], lang: Lang, timeZone: string): Paged {
  const merged = mergedQuestions(versions.map((v) => v.definition))
  const label = (q: FormQuestion) => (lang === 'en' && q.labelEn ? q.labelEn : q.label)
  return {
    headers: [
      lang === 'en' ? 'Response' : 'Respuesta',
      lang === 'en' ? 'Version' : 'Versión',
      lang === 'en' ? 'Submitted' : 'Fecha',
      ...merged.map((qs) => label(qs[0])),
    ],
    async *pages() {
      for (let cursor: string | undefined; ; ) {
        const page = await responsesPage(db, versions, cursor, 500)
        yield page.responses.map((r) => [
          r.id,
          r.version,
          localTime(r.submittedAt, timeZone),
          ...merged.map((qs) => cell(qs, r.answers[qs[0].id], r.others[qs[0].id], lang)),
        ])
        if (!page.nextCursor) return
        cursor = page.nextCursor
      }
    },
  }
}

/** Every free text of a question, newest first, by pages (the stats list only the most repeated). */
export async function textsPage(
  db: Db,
  versions: Form[],
  questionId: string,
  cursor: string | undefined,
  limit: number,
) {
  const q = versions.flatMap((v) => v.definition.questions).find((x) => x.id === questionId)
  if (!q) throw new ApiError('QUESTION_NOT_FOUND')
  // The cursor is the id of the last response listed: ids are UUIDv7, so they sort by time.
  const after = cursor ? sql` and r.id < ${cursor}` : sql``
  // A choice question lists only the texts typed after its "Otra" option.
  const text = sql`json_extract(${q.options ? sql`r.others` : sql`r.answers`}, ${answerPath(questionId)})`
  const rows = await newestFirst<{ id: string; text: unknown }>(
    db,
    versions.map((v) => v.id),
    sql`r.id id, ${text} text`,
    sql` and ${text} is not null${after}`,
    limit + 1,
  )
  const texts = rows
    .slice(0, limit)
    .map((r) => r.text)
    .filter((t): t is string => typeof t === 'string' && t !== '')
  return { texts, nextCursor: rows.length > limit ? rows[limit - 1].id : null }
}
