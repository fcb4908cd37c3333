import { eq } from 'drizzle-orm'
import { type Question, questions } from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import type { SentOnInput } from '../schemas/questions'
import { type Change, commitChanges, onFreshRead } from './question-changes'
import { sentOn } from './question-status'
import { answeredDay, forwardedDay } from './question-views'
import { requireQuestion } from './questions'

/** What each recorded day belongs to: the status that carries it, its instant, and the constancia's entry. */
const ACTS = {
  answeredOn: { status: 'answered', at: 'answeredAt', entry: 'answer', day: answeredDay },
  forwardedOn: { status: 'forwarded', at: 'forwardedAt', entry: 'forwarding', day: forwardedDay },
} as const

const wrongStatus = (field: keyof typeof ACTS) =>
  new ApiError('STATUS_TRANSITION', {
    detail:
      field === 'answeredOn'
        ? {
            es: 'Solo se corrige la fecha de una respuesta escrita ya registrada (answered); una dicha en vivo lleva el día en que se dijo.',
            en: 'Only the date of a written answer already recorded (answered) is corrected; one said live carries the day it was said.',
          }
        : {
            es: 'Solo se corrige la fecha de un traslado ya registrado (forwarded).',
            en: 'Only the date of a forwarding already recorded (forwarded) is corrected.',
          },
  })

/**
 * Corrects the day an answer or a forwarding was sent, typed wrong when it was recorded: a rectification of
 * the petition's record, as its annulment is, so an admin's, with its reason, audited with the day it had and
 * the day it takes. The same limits hold as when it was recorded (from its receipt to today, where it was
 * received), and every judgement that reads the day (the report, the lookup, the constancia, the console,
 * the webhook) follows. The duplicates answered or forwarded with it, in the same act (the same instant and
 * day), take the corrected day too; one answered later, at its merge, keeps its own.
 */
export const correctSentOn = (deps: Deps, user: SessionUser, id: string, input: SentOnInput) =>
  onFreshRead(async () => {
    const full = await requireQuestion(deps.db, id)
    const q = full.question
    const field = input.answeredOn !== undefined ? 'answeredOn' : 'forwardedOn'
    const act = ACTS[field]
    if (q.status !== act.status) throw wrongStatus(field)
    const to = sentOn(full, input[field], deps.now(), field)
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
