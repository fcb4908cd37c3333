import { and, count, eq, gte, inArray, lt, type SQL } from 'drizzle-orm'
import { inList } from '../../../db/bound'
import { attendanceCounters, events, formCounters, forms, questions } from '../../../db/schema'
import type { Deps } from '../../env'
import { formatNumber, formatPercent, type NumberLang } from '../percent'
import { formStats } from '../stats'
import { loadForm } from '../survey-results'

export type AcrossFilter = { entityId?: string; from?: string; to?: string; slugs?: string[] }

const sumBy = <T>(rows: T[], key: (r: T) => string, val: (r: T) => number) => {
  const m = new Map<string, number>()
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + val(r))
  return m
}

/**
 * Totals over a set of events, as entities report them: "76 encuentros con 1.302 participantes, 857
 * mujeres y 445 hombres". Read from the counters, so the cost is O(events × options).
 */
export async function totalsAcross(deps: Deps, f: AcrossFilter, lang: NumberLang) {
  const { db } = deps
  const where: SQL[] = []
  if (f.entityId) where.push(eq(events.entityId, f.entityId))
  if (f.from) where.push(gte(events.startsAt, new Date(f.from).toISOString()))
  if (f.to) where.push(lt(events.startsAt, new Date(f.to).toISOString()))
  if (f.slugs?.length) where.push(inList(events.slug, f.slugs))
  const list = await db
    .select({ id: events.id, slug: events.slug, title: events.title, startsAt: events.startsAt })
    .from(events)
    .where(where.length ? and(...where) : undefined)
    .orderBy(events.startsAt)
  const ids = list.map((e) => e.id)
  const [att, resp, qs] = ids.length
    ? await Promise.all([
        db
          .select()
          .from(attendanceCounters)
          .where(
            and(
              inList(attendanceCounters.eventId, ids),
              inArray(attendanceCounters.dimension, ['registered', 'checked_in', 'gender']),
            ),
          ),
        db
          .select({ eventId: forms.eventId, n: formCounters.count })
          .from(formCounters)
          .innerJoin(forms, eq(forms.id, formCounters.formId))
          .where(
            and(
              inList(forms.eventId, ids),
              eq(forms.key, 'evaluacion'),
              eq(formCounters.questionId, ''),
              eq(formCounters.value, ''),
            ),
          ),
        db
          .select({ eventId: questions.eventId, n: count() })
          .from(questions)
          .where(inList(questions.eventId, ids))
          .groupBy(questions.eventId),
      ])
    : [[], [], []]
  const counter = (eventId: string, dim: string, value: string) =>
    att.find((r) => r.eventId === eventId && r.dimension === dim && r.value === value)?.count ?? 0
  const responses = sumBy(
    resp,
    (r) => r.eventId,
    (r) => r.n,
  )
  const perEvent = list.map((e) => ({
    slug: e.slug,
    title: e.title,
    startsAt: e.startsAt,
    participants: counter(e.id, 'registered', ''),
    checkedIn: counter(e.id, 'checked_in', ''),
    women: counter(e.id, 'gender', 'mujer'),
    men: counter(e.id, 'gender', 'hombre'),
    surveyResponses: responses.get(e.id) ?? 0,
    questions: qs.find((q) => q.eventId === e.id)?.n ?? 0,
  }))
  const total = (k: keyof (typeof perEvent)[number]) => perEvent.reduce((s, e) => s + (e[k] as number), 0)
  const t = {
    events: perEvent.length,
    participants: total('participants'),
    checkedIn: total('checkedIn'),
    women: total('women'),
    men: total('men'),
    surveyResponses: total('surveyResponses'),
    questions: total('questions'),
  }
  const n = (x: number) => formatNumber(x, lang)
  const sentence =
    lang === 'en'
      ? `${n(t.events)} events with ${n(t.participants)} participants, ${n(t.women)} women and ${n(t.men)} men.`
      : `${n(t.events)} encuentros con ${n(t.participants)} participantes, ${n(t.women)} mujeres y ${n(t.men)} hombres.`
  return { totals: t, sentence, events: perEvent }
}

/** Two events' evaluation results side by side, option by option, with the difference in points. */
export async function compareEvents(deps: Deps, a: string, b: string, lang: NumberLang) {
  const [fa, fb] = await Promise.all(
    [a, b].map((slug) => loadForm(deps, slug, 'evaluacion', { staff: true })),
  )
  const [sa, sb] = await Promise.all([fa, fb].map((f) => formStats(deps.db, f.versions, { lang })))
  const questionsB = new Map(sb.questions.map((q) => [q.id, q]))
  const rows = sa.questions
    .filter((q) => q.options.length && questionsB.has(q.id))
    .map((qa) => {
      const qb = questionsB.get(qa.id)!
      const values = [...new Set([...qa.options.map((o) => o.value), ...qb.options.map((o) => o.value)])]
      return {
        id: qa.id,
        label: qa.label,
        answered: { a: qa.answered, b: qb.answered },
        options: values.map((v) => {
          const oa = qa.options.find((o) => o.value === v)
          const ob = qb.options.find((o) => o.value === v)
          const pa = oa?.percent ?? 0
          const pb = ob?.percent ?? 0
          return {
            value: v,
            label: (oa ?? ob)!.label,
            a: { count: oa?.count ?? 0, percent: pa },
            b: { count: ob?.count ?? 0, percent: pb },
            difference: Math.round((pb - pa) * 10) / 10,
          }
        }),
      }
    })
  return {
    a: { slug: a, title: fa.full.event.title, responses: sa.responses },
    b: { slug: b, title: fb.full.event.title, responses: sb.responses },
    questions: rows,
  }
}

export function compareMarkdown(c: Awaited<ReturnType<typeof compareEvents>>, lang: NumberLang) {
  const pct = (x: number) => formatPercent(x, lang)
  const pts = (x: number) =>
    `${x > 0 ? '+' : x < 0 ? '-' : ''}${formatPercent(Math.abs(x), lang).replace(/\s?%$/, '')} pp`
  const head = `| ${lang === 'en' ? 'Option' : 'Opción'} | ${c.a.title} | ${c.b.title} | ${lang === 'en' ? 'Difference' : 'Diferencia'} |\n|---|---|---|---|`
  return c.questions
    .map(
      (q) =>
        `### ${q.label}\n\n${head}\n${q.options.map((o) => `| ${o.label} | ${formatNumber(o.a.count, lang)} (${pct(o.a.percent)}) | ${formatNumber(o.b.count, lang)} (${pct(o.b.percent)}) | ${pts(o.difference)} |`).join('\n')}`,
    )
    .join('\n\n')
}
