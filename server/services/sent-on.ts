import { eq } from 'drizzle-orm'
import { type Question, questions } from '../../db/schema'
import { longDate } from '../../web/shared/format'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import type { SentOnInput } from '../schemas/questions'
import { localDate } from './calendar'
import { type Change, commitChanges, onFreshRead } from './question-changes'
import { sentOn } from './question-status'
import { answeredDay, forwardedDay, type QuestionFull, receiptZone } from './question-views'
import { requireQuestion } from './questions'

/** What each recorded day belongs to: the statuses that carry it, its instant, and the constancia's entry. */
const ACTS = {
  answeredOn: {
    statuses: ['answered', 'answered_live'],
    at: 'answeredAt',
    entry: 'answer',
    day: answeredDay,
  },
  forwardedOn: { statuses: ['forwarded'], at: 'forwardedAt', entry: 'forwarding', day: forwardedDay },
} as const

const wrongStatus = (field: keyof typeof ACTS) =>
  new ApiError('STATUS_TRANSITION', {
    detail:
      field === 'answeredOn'
        ? {
            es: 'Solo se corrige la fecha de una respuesta ya registrada, escrita o dada en vivo (answered, answered_live).',
            en: 'Only the date of an answer already recorded, in writing or live (answered, answered_live), is corrected.',
          }
        : {
            es: 'Solo se corrige la fecha de un traslado ya registrado (forwarded).',
            en: 'Only the date of a forwarding already recorded (forwarded) is corrected.',
          },
  })

/**
 * An answer said live was said at the event: marked after it (the event reopened to mark it, say), it took
 * the day it was marked. Its day is corrected within the event's days too, where the petition was
 * received: from the event's first day to the day it was closed, when it is.
 */
function saidOn(full: QuestionFull, given: string, now: Date) {
  const day = sentOn(full, given, now, 'answeredOn')
  const { question: q, event } = full
  const zone = receiptZone(q, event)
  const first = localDate(new Date(event.startsAt), zone)
  const last = event.closedAt ? localDate(new Date(event.closedAt), zone) : null
  if (day >= first && (!last || day <= last)) return day
  const until = (lang: 'es' | 'en') =>
    last ? `${lang === 'es' ? ' al ' : ' to '}${longDate(last, lang)}` : ''
  throw new ApiError('VALIDATION_ERROR', {
    issues: [
      {
        path: 'answeredOn',
        message: {
          es: `Una respuesta en vivo se dio durante el evento: del ${longDate(first, 'es')}${until('es')}.`,
          en: `An answer said live was given during the event: from ${longDate(first, 'en')}${until('en')}.`,
        },
      },
    ],
  })
}

/**
 * Corrects the day an answer or a forwarding was sent, typed wrong when it was recorded: a rectification of
 * the petition's record, as its annulment is, so an admin's, with its reason, audited with the day it had and
 * the day it takes. The same limits hold as when it was recorded (from its receipt to today, where it was
 * received), and every judgement that reads the day (the report, the lookup, the constancia, the console,
 * the webhook) follows. An answer said live is an answer too, whose day the report and the constancia
 * give (`saidOn`). The duplicates answered or forwarded with it, in the same act (the same instant and
 * day), take the corrected day too; one answered later, at its merge, keeps its own.
 */
export const correctSentOn = (deps: Deps, user: SessionUser, id: string, input: SentOnInput) =>
  onFreshRead(async () => {
    const full = await requireQuestion(deps.db, id)
    const q = full.question
    const field = input.answeredOn !== undefined ? 'answeredOn' : 'forwardedOn'
    const act = ACTS[field]
    if (!(act.statuses as readonly string[]).includes(q.status)) throw wrongStatus(field)
    const to =
      q.status === 'answered_live'
        ? saidOn(full, input.answeredOn as string, deps.now())
        : sentOn(full, input[field], deps.now(), field)
    const from = act.day(q, full.event)
    if (from === to) return full
    const at = deps.now().toISOString()
    const data = { field, from, to, reason: input.reason }
    // The constancia keeps the act as stored when it was made: its day is corrected in place.
    const constancia = (r: Question) =>
      (r.constancia as Record<string, unknown> | null)?.[act.entry] ? { [`${act.entry}.on`]: to } : undefined
    const changes: Change[] = [{ before: q, set: { [field]: to, updatedAt: at }, constancia: constancia(q) }]
    if (!q.mergedInto) {
      const dupes = await deps.db.select().from(questions).where(eq(questions.mergedInto, q.id))
      for (const d of dupes)
        if (d.status === q.status && d[act.at] === q[act.at] && d[field] === q[field])
          changes.push({
            before: d,
            set: { [field]: to, updatedAt: at },
            constancia: constancia(d),
            actions: [{ action: 'question.sent_on_correct', data: { ...data, primary: q.id } }],
          })
    }
    return commitChanges(deps, full, changes, {
      actions: [{ action: 'question.sent_on_correct', data }],
      actor: `user:${user.id}`,
    })
  })
