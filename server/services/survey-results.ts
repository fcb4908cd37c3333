import type { Form } from '../../db/schema'
import type { Deps } from '../env'
import { ApiError } from '../errors'
import type { Lang } from '../messages'
import { requireEvent } from './events'
import type { Filter } from './filters'
import { formVersions } from './forms'
import { heavyRead } from './heavy-reads'
import { formatNumber } from './percent'
import { label } from './report/labels'
import type { NamedTable, Table } from './spreadsheet'
import { type FormStats, formStats, hasTexts, mergedQuestions } from './stats'
import { MIN_CELL, publicStats, suppressOptions } from './suppression'

/**
 * The event and every version of one of its forms. The evaluation form is created on first use; asking
 * for a form the event does not have creates nothing before the 404.
 */
export async function loadForm(deps: Deps, slug: string, key: string, opts: { staff: boolean }) {
  const full = await requireEvent(deps.db, slug, opts)
  const versions = await formVersions(deps.db, full.event.id, key)
  if (!versions.length) throw new ApiError('FORM_NOT_FOUND')
  return { full, versions, current: versions.find((v) => v.current) ?? versions.at(-1)! }
}

export function chosenVersions(versions: Form[], version?: number): Form[] {
  if (!version) return versions
  const one = versions.filter((v) => v.version === version)
  if (!one.length)
    throw new ApiError('VALIDATION_ERROR', {
      issues: [
        {
          path: 'version',
          message: {
            es: `Versiones: ${versions.map((v) => v.version).join(', ')}.`,
            en: `Versions: ${versions.map((v) => v.version).join(', ')}.`,
          },
        },
      ],
    })
  return one
}

/** Counters when unfiltered (O(options)); raw answers when filtered. The same shape either way. */
export async function statsFor(
  deps: Deps,
  versions: Form[],
  opts: { version?: number; filters: Filter[]; lang: Lang },
): Promise<FormStats & { filters?: Filter[] }> {
  const chosen = chosenVersions(versions, opts.version)
  const merged = mergedQuestions(chosen.map((v) => v.definition))
  const ids = chosen.map((v) => v.id)
  if (!opts.filters.length) {
    const stats = await formStats(deps.db, versions, { version: opts.version, lang: opts.lang })
    if (!opts.version) return stats
    const withTexts = merged.map((qs) => qs[0]).filter(hasTexts)
    const typed = (q: (typeof withTexts)[number]) => q.type === 'short_text' || q.type === 'long_text'
    const texts = await heavyRead(deps, 'versionTexts', ids, {
      text: withTexts.filter(typed).map((q) => q.id),
      other: withTexts.filter((q) => !typed(q)).map((q) => q.id),
    })
    return {
      ...stats,
      questions: stats.questions.map((q) =>
        texts[q.id] ? { ...q, texts: texts[q.id].texts, textsMore: texts[q.id].more } : q,
      ),
    }
  }
  const { responses, questions } = await heavyRead(
    deps,
    'filteredQuestions',
    ids,
    merged,
    opts.filters,
    opts.lang,
  )
  return {
    formKey: chosen[0].key,
    version: opts.version ?? null,
    versions: versions.map((v) => v.version),
    responses,
    questions,
    filters: opts.filters,
  }
}

/** Public results: only once the embargo has passed, without texts, with small cells suppressed. */
export async function publicResults(deps: Deps, slug: string, key: string, lang: Lang) {
  const { versions, current } = await loadForm(deps, slug, key, { staff: false })
  if (current.embargoUntil && current.embargoUntil > deps.now().toISOString())
    throw new ApiError('RESULTS_EMBARGOED', {
      detail: {
        es: `Los resultados serán públicos desde ${current.embargoUntil}.`,
        en: `The results will be public from ${current.embargoUntil}.`,
      },
    })
  return publicStats(await formStats(deps.db, versions, { lang }))
}

/**
 * The stats as tables to paste into a report, in the layout of every file of several tables
 * (`tablesToCsv`, `xlsxBook`): when filtered, first the filters, one row each; then the figures, one
 * row per option (question, option, count, share, and the base the shares are of: how many answered
 * the question, on every row); then the written answers. A count column holds only counts of the
 * option on its row, so that the counts of a question add up to its people (more, on a multi-choice
 * question, whose people may choose several): neither the number who answered nor a label sits in it.
 * A question without options (free text) has one row, with its base and no option.
 *
 * What is pasted is published, so a sensitive question's cells of fewer than 5 people say so ("oculta"
 * in the note, no count), as in every copy of the report (DOMAIN.md: sensitive data only in aggregate).
 * Filtered by a sensitive question, the sheet describes a group of people by that data (the 3
 * respondents of one ethnic group, say): every one of its figures is then sensitive, each question's
 * count of answers (its base) included.
 * Written answers are listed as the report lists them: grouped where they repeat, each with how many
 * people wrote it, the most repeated first, as many as the stats hold (and a note that says so when
 * there are more). Not a sensitive question's (its "Otro" texts name the group its hidden cells keep
 * back, as the report leaves them out), nor any under a sensitive filter, where a text and its count of
 * one would describe a person of that group.
 */
const mostRepeated = (n: number, lang: Lang) =>
  lang === 'en'
    ? `The ${formatNumber(n, lang)} most repeated answers are shown; the responses export has them all.`
    : `Se muestran las ${formatNumber(n, lang)} respuestas más repetidas; el exporte de respuestas las tiene todas.`

/**
 * The statistics with what a sheet of them hides hidden: a sensitive question's small cells
 * (`suppressOptions`) and its written answers. Filtered by a sensitive question, every figure describes a
 * group of people by that data: every question's small cells, a question's count of answers and the
 * group's size under MIN_CELL are null, and no written answer is listed.
 */
function suppressed(stats: FormStats & { filters?: Filter[] }) {
  const sensitiveQ = new Set(stats.questions.filter((q) => q.sensitive).map((q) => q.id))
  const group = (stats.filters ?? []).some((f) => sensitiveQ.has(f.questionId))
  const few = (n: number) => group && n > 0 && n < MIN_CELL
  return {
    ...stats,
    responses: few(stats.responses) ? null : stats.responses,
    questions: stats.questions.map((q) => {
      if (!group && !q.sensitive) return q
      return {
        ...q,
        // Left out of the JSON, which drops what is undefined.
        texts: undefined,
        textsMore: undefined,
        answered: few(q.answered) ? null : q.answered,
        options: suppressOptions(q.options),
        ...(few(q.answered) ? { suppressed: true } : {}),
      }
    }),
  }
}

/**
 * Statistics as JSON gives them. A filter picks a group small enough to be one person (gender, age range,
 * occupation and education are also in the attendance list a moderator reads), so filtered they hide
 * what the sheet (`statsTables`) and the crosstab hide (`suppressed`). Unfiltered, the figures of the
 * whole event, staff get them exact.
 */
export const withFilterSuppression = (stats: FormStats & { filters?: Filter[] }) =>
  stats.filters?.length ? suppressed(stats) : stats

export function statsTables(stats: FormStats & { filters?: Filter[] }, lang: Lang): NamedTable[] {
  const en = lang === 'en'
  const byId = new Map(stats.questions.map((q) => [q.id, q]))
  const filters = stats.filters ?? []
  const hidden = label('suppressed', lang)
  const figures: Table['rows'] = []
  const written: Table['rows'] = []
  // A sheet leaves the file it is saved in: a sensitive question's small cells are hidden even unfiltered.
  for (const q of suppressed(stats).questions) {
    const few = 'suppressed' in q && q.suppressed === true
    const base = q.answered
    if (!q.options.length) figures.push([q.label, null, null, null, base, few ? hidden : null])
    for (const o of q.options)
      figures.push(
        o.count === null || o.percent === null
          ? [q.label, o.label, null, null, base, hidden]
          : // With nobody answering there is no share to give, as in the report: empty, not 0,0.
            [q.label, o.label, o.count, q.answered ? o.percent : null, base, few ? hidden : null],
      )
    if (!q.texts?.length) continue
    for (const x of q.texts) written.push([q.label, x.text, x.count, null])
    if (q.textsMore) written.push([q.label, null, null, mostRepeated(q.texts.length, lang)])
  }
  const note = label('note', lang)
  return [
    ...(filters.length
      ? [
          {
            name: label('filters', lang),
            headers: en ? ['Question', 'Values'] : ['Pregunta', 'Valores'],
            rows: filters.map((f): Table['rows'][number] => {
              const q = byId.get(f.questionId)
              const names = f.values.map((v) => q?.options.find((o) => o.value === v)?.label ?? v)
              return [q?.label ?? f.questionId, names.join(' · ')]
            }),
          },
        ]
      : []),
    {
      name: label('statistics', lang),
      headers: en
        ? ['Question', 'Option', 'Count', '%', label('base', lang), note]
        : ['Pregunta', 'Opción', 'Respuestas', '%', label('base', lang), note],
      rows: figures,
      // The share: one decimal, as the report writes it (50,0 with `;`, 50.0 with `,`).
      oneDecimal: [3],
    },
    {
      name: label('writtenAnswers', lang),
      headers: en
        ? ['Question', 'Written answer', 'People', note]
        : ['Pregunta', 'Respuesta escrita', 'Personas', note],
      rows: written,
    },
  ]
}
