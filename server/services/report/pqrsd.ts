import type { Area, Question } from '../../../db/schema'
import { localDate } from '../calendar'
import { formatNumber, type NumberLang, percent } from '../percent'
import { answeredDay, forwardedDay, onWall, receiptZone, receivedDay } from '../question-views'
import { dueOf } from '../term-order'
import { questionChannelLabel, questionStatusLabel } from './labels'
import { joinList, sharesSentence } from './summary'
import type { Report, Tally } from './types'

type Opts = {
  lang: NumberLang
  audience: 'staff' | 'public'
  /** The report's time, judged against each due date on the day it is where the petition was received. */
  now: Date
  timezone: string
  typeLabel: (t: string) => string
  /** The entity's: Colombia's Ley 1755 is named for a Colombian entity's petitions only. */
  country: string
}

const ANSWERED = new Set(['answered_live', 'answered'])
// Hidden from the wall by moderation, a petition's term runs as any other's: it waits for its answer.
const OPEN = new Set(['received', 'approved', 'hidden', 'pending', 'extended'])

function tally(keys: string[], label: (k: string) => string): Tally {
  const counts = new Map<string, number>()
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1)
  const total = keys.length
  const items = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([key, count]) => ({ key, label: label(key), count, percent: percent(count, total) }))
  return { total, items }
}

// Answered during the event, or forwarded to the competent entity and answered under its term: no term of
// this entity's is due. One answered in writing keeps its due date, what its answer is judged on time by.
// Nor while it waits for its petitioner to complete it (Ley 1755, art. 17: its term is suspended), nor once
// deemed withdrawn for want of it, nor once its petitioner withdrew it (art. 18) while it was still due: one
// withdrawn after its due date had passed unanswered was already late, and stays so (`lateWithdrawal`).
const NO_TERM = new Set(['answered_live', 'forwarded', 'incomplete', 'withdrawn', 'desisted'])
// Not one withdrawn while its term was suspended (returned to be completed and not completed, art. 17):
// its first due date had stopped counting.
const lateWithdrawal = (q: Question) =>
  q.status === 'desisted' &&
  !!q.desistedOn &&
  q.desistedOn > dueOf(q) &&
  !(q.completionRequestedOn && !q.completedOn)
const termApplies = (q: Question) => !NO_TERM.has(q.status) || lateWithdrawal(q)

/**
 * Section 5 from the event's question rows. Annulled radicados are left out of the figures; questions
 * hidden from the wall by moderation (spam, insults) are counted in them, as the petitions they still are
 * (their term runs, and they may be answered off the wall), with none of their text in either copy;
 * merged duplicates count as the questions they are. An annulled
 * radicado keeps its row in the list, in its place in the series, with the reason (DOMAIN.md: "never
 * reused, never skipped … An annulled number keeps its row, with the reason"), and the summary names
 * it: left out unsaid, the list would read as if the series skipped a number.
 */
export function pqrsdSection(rows: Question[], areas: Area[], o: Opts): Report['pqrsd'] {
  const { lang } = o
  // A merged duplicate is answered with its primary: it is in that question's department.
  const byId = new Map(rows.map((q) => [q.id, q]))
  const primaryOf = (q: Question) => (q.mergedInto ? byId.get(q.mergedInto) : undefined)
  const isAnnulled = (q: Question) => q.status === 'annulled'
  const isHidden = (q: Question) => q.status === 'hidden'
  // An annulled number stands alone: the pointer to a primary it may keep is read by nothing.
  const listed = rows.map((q) =>
    isAnnulled(q) || isHidden(q) || q.areaKey || !primaryOf(q)?.areaKey
      ? q
      : { ...q, areaKey: primaryOf(q)!.areaKey },
  )
  const counted = listed.filter((q) => !isAnnulled(q))
  const annulled = listed.filter(isAnnulled)
  // Still hidden: among those pending, and said so; one answered off the wall counts as answered.
  const hidden = counted.filter(isHidden).length
  const areaName = (k: string) => areas.find((a) => a.key === k)?.name ?? k
  const withArea = counted.filter((q) => q.areaKey)
  // On time: answered no later than the due date in force; the base is what was answered or is past due.
  // A question forwarded to the competent entity is answered there, under that entity's term: not here.
  // Each in the zone its term was counted in, recorded at intake, should the event's zone change later.
  const zoneOf = { timezone: o.timezone }
  const dayOf = (q: Question, at: Date) => localDate(at, receiptZone(q, zoneOf))
  // Nor is a petition whose term is suspended while its petitioner completes it, or one withdrawn.
  const isJudged = (q: Question) => termApplies(q) && (ANSWERED.has(q.status) || dueOf(q) < dayOf(q, o.now))
  // By the day the answer was sent, which staff may record a day or more later.
  const inTime = (q: Question) => {
    const on = answeredDay(q, zoneOf)
    return !!on && ANSWERED.has(q.status) && on <= dueOf(q)
  }
  const judged = counted.filter(isJudged)
  const onTime = judged.filter(inTime).length
  const byArea = tally(
    withArea.map((q) => q.areaKey!),
    areaName,
  )
  const answeredLive = counted.filter((q) => q.status === 'answered_live').length
  const pending = counted.filter((q) => OPEN.has(q.status)).length
  const answeredInWriting = counted.filter((q) => q.status === 'answered').length
  const forwardedRows = counted.filter((q) => q.status === 'forwarded')
  const forwarded = forwardedRows.length
  // Forwarded after the five business days from receipt that Ley 1755 (art. 21) gives, on the day it was
  // forwarded where the petition was received. One filed before the limit was kept is not judged.
  const forwardedLate = forwardedRows.filter(
    (q) => q.forwardDueDate && (forwardedDay(q, zoneOf) ?? '') > q.forwardDueDate,
  ).length
  const incomplete = counted.filter((q) => q.status === 'incomplete').length
  const withdrawn = counted.filter((q) => q.status === 'withdrawn').length
  const desisted = counted.filter((q) => q.status === 'desisted').length
  // Continued ex officio after their petitioner withdrew them (continuedExOfficioAt, ex-officio.ts), each
  // counted under the status it has again too; not one withdrawn anew since, which an older release took
  // and counts as withdrawn.
  const continuedExOfficio = counted.filter((q) => q.continuedExOfficioAt && q.status !== 'desisted').length
  const n = (x: number) => formatNumber(x, lang)
  // The article of Ley 1755 behind a figure, for a Colombian entity; an Ecuadorian one's are not under it.
  const co = o.country !== 'EC'
  const cite = (es: string, en: string) => (co ? (lang === 'en' ? en : es) : '')
  const shares = byArea.items.length ? sharesSentence(byArea.items, lang) : ''
  // Every question received is in one of these, so the sentence adds up to what it says was received.
  const parts =
    lang === 'en'
      ? [
          `${n(answeredLive)} ${answeredLive === 1 ? 'was' : 'were'} answered during the event`,
          answeredInWriting ? `${n(answeredInWriting)} in writing afterwards` : '',
          forwarded
            ? `${n(forwarded)} forwarded to the competent entity${forwardedLate ? ` (${n(forwardedLate)} after the 5 business days${cite('', ' of Ley 1755, art. 21')})` : ''}`
            : '',
          incomplete
            ? `${n(incomplete)} ${incomplete === 1 ? 'waits' : 'wait'} for the petitioner to complete ${incomplete === 1 ? 'it' : 'them'} (term suspended${cite('', ', Ley 1755, art. 17')})`
            : '',
          withdrawn ? `${n(withdrawn)} deemed withdrawn` : '',
          desisted ? `${n(desisted)} withdrawn by the petitioner${cite('', ' (Ley 1755, art. 18)')}` : '',
          `${n(pending)} ${pending === 1 ? 'remains' : 'remain'} pending`,
        ]
      : [
          `${n(answeredLive)} ${answeredLive === 1 ? 'se respondió' : 'se respondieron'} durante el evento`,
          answeredInWriting ? `${n(answeredInWriting)} por escrito después` : '',
          forwarded
            ? `${n(forwarded)} ${forwarded === 1 ? 'se trasladó' : 'se trasladaron'} a la entidad competente${forwardedLate ? ` (${n(forwardedLate)} después de los 5 días hábiles${cite(' del art. 21 de la Ley 1755', '')})` : ''}`
            : '',
          incomplete
            ? `${n(incomplete)} ${incomplete === 1 ? 'espera' : 'esperan'} que el peticionario la complete (término suspendido${cite(', art. 17 de la Ley 1755', '')})`
            : '',
          withdrawn
            ? `${n(withdrawn)} ${withdrawn === 1 ? 'se tuvo por desistida' : 'se tuvieron por desistidas'}`
            : '',
          desisted
            ? `${n(desisted)} ${desisted === 1 ? 'la retiró su peticionario' : 'las retiraron sus peticionarios'} (desistimiento${cite(', art. 18 de la Ley 1755', '')})`
            : '',
          `${n(pending)} ${pending === 1 ? 'queda pendiente' : 'quedan pendientes'} de respuesta`,
        ]
  const received = joinList(parts.filter(Boolean), lang)
  // The shares by department are of the questions that have one.
  const areaBase =
    withArea.length === counted.length
      ? ''
      : lang === 'en'
        ? ` (of the ${n(withArea.length)} with a department assigned)`
        : withArea.length === 1
          ? ' (de la 1 que tiene dependencia asignada)'
          : ` (de las ${n(withArea.length)} que tienen dependencia asignada)`
  const numbers = joinList(
    annulled.map((q) => q.radicado),
    lang,
  )
  const annulledSentence = !annulled.length
    ? ''
    : lang === 'en'
      ? ` ${n(annulled.length)} ${annulled.length === 1 ? 'filing number was' : 'filing numbers were'} annulled: ${numbers}.`
      : ` ${n(annulled.length)} ${annulled.length === 1 ? 'radicado se anuló' : 'radicados se anularon'}: ${numbers}.`
  // With none received, that alone, not "0 were received: 0 answered … and 0 pending".
  const none = lang === 'en' ? 'No questions were received.' : 'No se recibieron preguntas.'
  // Those still hidden are among the pending ones: the sentence says why they are not on the wall.
  const hiddenSentence = !hidden
    ? ''
    : lang === 'en'
      ? ` ${n(hidden)} of the pending ones ${hidden === 1 ? 'was' : 'were'} hidden from the wall by moderation (spam or insults); ${hidden === 1 ? 'its term runs' : 'their terms run'} all the same.`
      : ` ${hidden === 1 ? '1 de las pendientes se ocultó' : `${n(hidden)} de las pendientes se ocultaron`} del muro por moderación (spam o insultos); su término corre igual.`
  const summary =
    (!counted.length
      ? none
      : lang === 'en'
        ? `${n(counted.length)} ${counted.length === 1 ? 'question was' : 'questions were'} received: ${received}.${shares ? ` By department${areaBase}: ${shares}.` : ''}${hiddenSentence}`
        : `Se ${counted.length === 1 ? 'recibió 1 pregunta' : `recibieron ${n(counted.length)} preguntas`}: ${received}.${shares ? ` Por dependencia${areaBase}: ${shares}.` : ''}${hiddenSentence}`) +
    annulledSentence
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
    answeredInWriting,
    forwarded,
    forwardedLate,
    incomplete,
    withdrawn,
    desisted,
    continuedExOfficio,
    annulled: annulled.length,
    byArea,
    onTime: judged.length ? { due: judged.length, onTime, percent: percent(onTime, judged.length) } : null,
    // Every question is listed by its radicado, status and due date. The public copy shows the moderated
    // wording only of those that reached the wall or were answered on the stream, and published answers
    // only: a petition never made public (a denuncia answered in writing, say) may name people.
    //
    // An annulled number is listed with its reason in the staff copy. The public copy says "Anulada" and
    // no reason: the reason is what staff typed when annulling (up to 1,000 characters, never moderated
    // for publication), and may well name the person ("duplicada de la de Juan Pérez", "el peticionario
    // retiró su solicitud"); the number and that it was annulled are enough to show the series whole.
    //
    // A question hidden by moderation (spam, insults) is listed as the pending petition it is, with its due
    // date and, once past it, as not answered in time; never with its text in either copy: what it said is
    // not the entity's to publish, nor worth a line of the official report. The staff copy gives the
    // moderator's reason and its department; the public copy neither.
    questions: listed.map((q) => ({
      radicado: q.radicado,
      type: q.type,
      typeLabel: o.typeLabel(q.type),
      text: isHidden(q)
        ? null
        : o.audience === 'public'
          ? onWall(q) || q.status === 'answered_live'
            ? (q.displayText ?? q.text)
            : null
          : q.text,
      status: q.status,
      statusLabel:
        isAnnulled(q) || isHidden(q)
          ? o.audience === 'staff' && q.statusReason
            ? `${questionStatusLabel(q.status, lang)} (${lang === 'en' ? 'reason' : 'motivo'}: ${q.statusReason})`
            : questionStatusLabel(q.status, lang)
          : primaryOf(q)
            ? `${questionStatusLabel(q.status, lang)} (${lang === 'en' ? 'merged into' : 'unida a'} ${primaryOf(q)!.radicado})`
            : questionStatusLabel(q.status, lang),
      ...(isAnnulled(q) ? { annulReason: o.audience === 'staff' ? q.statusReason : null } : {}),
      area: q.areaKey && (!isHidden(q) || o.audience === 'staff') ? areaName(q.areaKey) : null,
      receivedAt: q.receivedAt,
      dueDate: dueOf(q),
      dueDateApplies: termApplies(q) && !isAnnulled(q),
      answer: isHidden(q) || (o.audience === 'public' && !q.answerPublished) ? null : q.answer,
      answeredAt: isHidden(q) || (o.audience === 'public' && !q.answerPublished) ? null : q.answeredAt,
      answeredOn:
        isHidden(q) || (o.audience === 'public' && !q.answerPublished) ? null : answeredDay(q, zoneOf),
      receivedOn: receivedDay(q, zoneOf),
      // Row by row, what the figure "answered within the legal term" counts: for the control office.
      answeredOnTime: isAnnulled(q) || !isJudged(q) ? null : inTime(q),
      votes: q.votes,
    })),
    summary,
  }
}
