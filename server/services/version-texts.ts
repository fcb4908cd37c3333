import { sql } from 'drizzle-orm'
import { listOf } from '../../db/bound'
import type { Db } from '../../db/client'
import { normText } from './answers'
import { TEXTS_SHOWN, type TextStat } from './stats'

type Group = TextStat & { first: string }

/**
 * The free texts of some form versions, per question, grouped as form_texts groups them: by `normText`,
 * under the text typed first. form_texts adds up every version of a form, so one version's texts are
 * counted from its responses: a text question's answer in `answers`, the text after a choice question's
 * "Otra" in `others`. SQLite groups the exact texts (so only distinct ones come back, with their first
 * response's id); their spellings are merged here. O(responses of the versions): a heavy read.
 */
export async function versionTexts(
  db: Db,
  formIds: string[],
  questions: { text: string[]; other: string[] },
): Promise<Record<string, { texts: TextStat[]; more: boolean }>> {
  const ids = listOf(formIds)
  const arm = (column: 'answers' | 'others', questionIds: string[]) =>
    sql`select j.key q, j.value t, count(*) n, min(r.id) f from form_responses r, json_each(r.${sql.raw(column)}) j where r.form_id in (${ids}) and j.key in (${listOf(questionIds)}) and j.type = 'text' group by 1, 2`
  const rows = await db.all<{ q: string; t: string; n: number; f: string }>(
    sql`${arm('answers', questions.text)} union all ${arm('others', questions.other)}`,
  )
  const groups = new Map<string, Map<string, Group>>()
  for (const r of rows) {
    const norm = normText(r.t)
    if (!norm) continue
    const byNorm = groups.get(r.q) ?? new Map<string, Group>()
    groups.set(r.q, byNorm)
    const g = byNorm.get(norm)
    if (!g) byNorm.set(norm, { text: r.t, count: r.n, first: r.f })
    else {
      g.count += r.n
      if (r.f < g.first) Object.assign(g, { text: r.t, first: r.f })
    }
  }
  const out: Record<string, { texts: TextStat[]; more: boolean }> = {}
  for (const q of [...questions.text, ...questions.other]) {
    const all = [...(groups.get(q)?.values() ?? [])].sort(
      (a, b) => b.count - a.count || (a.first < b.first ? -1 : 1),
    )
    out[q] = {
      texts: all.slice(0, TEXTS_SHOWN).map(({ text, count }) => ({ text, count })),
      more: all.length > TEXTS_SHOWN,
    }
  }
  return out
}
