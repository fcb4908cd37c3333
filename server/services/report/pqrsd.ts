import type { Area, Question } from '../../../db/schema'
import { localDate } from '../calendar'
import { formatNumber, type NumberLang, percent } from '../percent'
import { questionChannelLabel, questionStatusLabel } from './labels'
import { sharesSentence } from './summary'
import type { Report, Tally } from './types'

type Opts = {
  lang: NumberLang
  audience: 'staff' | 'public'
  today: string
  timezone: string
  typeLabel: (t: string) => string
}

const ANSWERED = new Set(['answered_live', 'answered'])
const OPEN = new Set(['received', 'approved', 'pending', 'extended'])

function tally(keys: string[], label: (k: string) => string): Tally {
  const counts = new Map<string, number>()
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1)
  const total = keys.length
  const items = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, label: label(key), count, percent: percent(count, total) }))
  return { total, items }
}

const dueOf = (q: Question) => q.extendedDueDate ?? q.dueDate

/**
 * Section 5 from the event's question rows. Annulled radicados and questions hidden by moderation (spam,
 * insults) are left out of the figures; merged duplicates count as the questions they are.
 */
export function pqrsdSection(rows: Question[], areas: Area[], o: Opts): Report['pqrsd'] {
  const { lang } = o
  const counted = rows.filter((q) => q.status !== 'annulled' && q.status !== 'hidden')
  const hidden = rows.filter((q) => q.status === 'hidden').length
  const areaName = (k: string) => areas.find((a) => a.key === k)?.name ?? k
  const withArea = counted.filter((q) => q.areaKey)
  // On time: answered no later than the due date in force; the base is what was answered or is past due.
  const judged = counted.filter((q) => ANSWERED.has(q.status) || dueOf(q) < o.today)
  const onTime = judged.filter(
    (q) =>
      q.answeredAt && ANSWERED.has(q.status) && localDate(new Date(q.answeredAt), o.timezone) <= dueOf(q),
  ).length
  const byArea = tally(
    withArea.map((q) => q.areaKey!),
    areaName,
  )
  const answeredLive = counted.filter((q) => q.status === 'answered_live').length
  const pending = counted.filter((q) => OPEN.has(q.status)).length
  const n = (x: number) => formatNumber(x, lang)
  const shares = byArea.items.length ? sharesSentence(byArea.items, lang) : ''
  const summary =
    lang === 'en'
      ? `${n(counted.length)} questions were received: ${n(answeredLive)} were answered during the event and ${n(pending)} remain pending.${shares ? ` By department: ${shares}.` : ''}${hidden ? ` ${n(hidden)} were hidden by moderation (spam or insults).` : ''}`
      : `Se recibieron ${n(counted.length)} preguntas: ${n(answeredLive)} se respondieron durante el evento y ${n(pending)} quedan pendientes de respuesta.${shares ? ` Por dependencia: ${shares}.` : ''}${hidden ? ` ${n(hidden)} se ocultaron por moderación (spam o insultos).` : ''}`
  const listed =
    o.audience === 'public' ? counted.filter((q) => q.approvedAt || ANSWERED.has(q.status)) : counted
  return {
    received: counted.length,
    byType: tally(
      counted.map((q) => q.type),
      o.typeLabel,
    ),
    byChannel: tally(
      counted.map((q) => q.channel),
      (c) => questionChannelLabel(c, lang),
    ),
    answeredLive,
    pending,
    answeredInWriting: counted.filter((q) => q.status === 'answered').length,
    byArea,
    onTime: judged.length ? { due: judged.length, onTime, percent: percent(onTime, judged.length) } : null,
    questions: listed.map((q) => ({
      radicado: q.radicado,
      type: q.type,
      typeLabel: o.typeLabel(q.type),
      // The public copy shows the moderated wording; staff see what the person asked.
      text: o.audience === 'public' ? (q.displayText ?? q.text) : q.text,
      status: q.status,
      statusLabel: questionStatusLabel(q.status, lang),
      area: q.areaKey ? areaName(q.areaKey) : null,
      receivedAt: q.receivedAt,
      dueDate: dueOf(q),
      answer: o.audience === 'public' && !q.answerPublished && q.status !== 'answered_live' ? null : q.answer,
      votes: q.votes,
    })),
    summary,
  }
}
