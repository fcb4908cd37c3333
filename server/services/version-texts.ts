import { type SQL, sql } from 'drizzle-orm'
import { listOf } from '../../db/bound'
import type { Db } from '../../db/client'
import { normText } from './answers'
import { TEXTS_SHOWN, type TextStat } from './stats'

type Group = TextStat & { first: string }
type Texts = Record<string, { texts: TextStat[]; more: boolean }>

/**
 * The free texts of some form versions' responses, per question, grouped as form_texts groups them: by
 * `normText`, under the text typed first; the most repeated first and, among as many, the one first typed
 * latest, as the stats list form_texts' rows. A text question's answer is in `answers`, the text after a
 * choice question's "Otra" in `others`. SQLite groups the exact texts (so only distinct ones come back,
 * each with how many and its first response's id); their spellings are merged here. `only` keeps the
 * responses that pass a filter (filters.ts): they are set apart first (MATERIALIZED), as the filtered
 * tally does, else SQLite would test the filter again in each arm. O(responses of the versions): a
 * heavy read.
 */
export async function groupedTexts(
  db: Db,
  formIds: string[],
  questions: { text: string[]; other: string[] },
  only?: SQL,
): Promise<Texts> {
  const arms = (['answers', 'others'] as const).flatMap((column) => {
    const ids = column === 'answers' ? questions.text : questions.other
    if (!ids.length) return []
    return [
      sql`select j.key q, j.value t, count(*) n, min(f.id) fi from f, json_each(f.${sql.raw(column)}) j where j.key in (${listOf(ids)}) and j.type = 'text' group by 1, 2`,
    ]
  })
  const out: Texts = {}
  if (!arms.length) return out
  const kept = sql.raw(only ? 'materialized' : 'not materialized')
  const rows = await db.all<{ q: string; t: string; n: number; fi: string }>(
    sql`with f as ${kept} (select r.id, r.answers, r.others from form_responses r where r.form_id in (${listOf(formIds.length ? formIds : [''])})${only ?? sql``}) ${sql.join(arms, sql` union all `)}`,
  )
  const groups = new Map<string, Map<string, Group>>()
  for (const r of rows) {
    const norm = normText(r.t)
    if (!norm) continue
    const byNorm = groups.get(r.q) ?? new Map<string, Group>()
    groups.set(r.q, byNorm)
    const g = byNorm.get(norm)
    if (!g) byNorm.set(norm, { text: r.t, count: r.n, first: r.fi })
    else {
      g.count += r.n
      if (r.fi < g.first) Object.assign(g, { text: r.t, first: r.fi })
    }
  }
  for (const q of [...questions.text, ...questions.other]) {
    const all = [...(groups.get(q)?.values() ?? [])].sort(
      (a, b) => b.count - a.count || (a.first > b.first ? -1 : 1),
    )
    out[q] = {
      texts: all.slice(0, TEXTS_SHOWN).map(({ text, count }) => ({ text, count })),
      more: all.length > TEXTS_SHOWN,
    }
  }
  return out
}

/** The free texts of one or more versions, unfiltered: what form_texts cannot give for a single version. */
export const versionTexts = (db: Db, formIds: string[], questions: { text: string[]; other: string[] }) =>
  groupedTexts(db, formIds, questions)
