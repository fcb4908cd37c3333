import { and, asc, eq } from 'drizzle-orm'
import { type Context, Hono } from 'hono'
import { auditLog, type Question } from '../../db/schema'
import { open, staff } from '../access'
import type { AppEnv } from '../env'
import { ApiError, langOf } from '../errors'
import { waitUntilOf } from '../outbox'
import { limitSubmissions } from '../ratelimit/middleware'
import { cachedJson } from '../read-cache'
import { idParam, slugParam } from '../schemas/common'
import { filedAnswer, questionAnswer, questionHistoryAnswer } from '../schemas/contract'
import {
  annulBody,
  constanciaQuery,
  deviceHeader,
  eventQuestionParam,
  listQuestionsQuery,
  moderateBody,
  rectifyPetitionerBody,
  sentOnBody,
  submitQuestionBody,
  voteBody,
} from '../schemas/questions'
import { constanciaOf } from '../services/constancia'
import { constanciaHtml, constanciaText } from '../services/constancia-render'
import { requireEvent } from '../services/events'
import { idempotencyOf } from '../services/idempotency'
import { annulQuestion, moderateQuestion } from '../services/moderation'
import { rectifyPetitioner } from '../services/petitioner'
import { questionCounts, questionPage, wallQuestions } from '../services/question-lists'
import { publicQuestion, type QuestionFull, staffView, staffViews } from '../services/question-views'
import { requireQuestion, submitQuestion } from '../services/questions'
import { correctSentOn } from '../services/sent-on'
import { vote } from '../services/votes'
import { validate } from '../validate'

/**
 * The answer to an intake, as API.md has it, plus the term and the petitioner's receipt token. A retry
 * with the same Idempotency-Key gets the first answer (docs/API.md), whose status was that of every
 * intake, `received`, whatever moderators have decided since: the current one is the radicado lookup's.
 */
const intakeView = (q: Question, replayed: boolean) => ({
  id: q.id,
  radicado: q.radicado,
  receivedAt: q.receivedAt,
  receivedOn: q.receivedOn,
  dueDate: q.dueDate,
  status: replayed ? ('received' as const) : q.status,
  type: q.type,
  termDays: q.termDays,
  receiptToken: q.receiptToken,
})

/** The constancia as JSON, printable HTML or plain text, in the request's language. */
export function sendConstancia(
  c: Context<AppEnv>,
  full: QuestionFull,
  format: 'json' | 'html' | 'txt' = 'json',
) {
  const constancia = constanciaOf(full)
  const name = `constancia-${full.question.radicado}`
  if (format === 'html') return c.html(constanciaHtml(constancia, langOf(c)))
  if (format === 'txt') {
    c.header('content-disposition', `attachment; filename="${name}.txt"`)
    return c.text(constanciaText(constancia, langOf(c)))
  }
  return c.json({ constancia })
}

export const questionRoutes = new Hono<AppEnv>()
  .post(
    '/events/:slug/questions',
    open('Radicar una pregunta o PQRSD', {
      ok: [201],
      idempotent: true,
      answers: { 201: filedAnswer },
      errors: ['EVENT_CLOSED', 'AREA_UNKNOWN', 'RADICADO_PREFIX_TAKEN'],
    }),
    limitSubmissions,
    validate('param', slugParam),
    validate('json', submitQuestionBody),
    async (c) => {
      const { slug } = c.req.valid('param')
      const body = c.req.valid('json')
      const idem = idempotencyOf(c, `question:${slug}`, body)
      const deps = c.get('deps')
      const { question, replayed } = await submitQuestion(deps, slug, body, { user: c.get('user'), idem })
      if (!replayed) deps.outbox.wake(waitUntilOf(c))
      return c.json(intakeView(question, replayed), 201)
    },
  )
  .get(
    '/events/:slug/questions',
    open('Preguntas: el muro público o, para el personal, todas con filtros'),
    validate('param', slugParam),
    validate('query', listQuestionsQuery),
    async (c) => {
      const { db } = c.get('deps')
      const user = c.get('user')
      const { slug } = c.req.valid('param')
      const { cursor, ...query } = c.req.valid('query')
      if (!user) {
        // Every open page reads it when it loads: kept on Node, forgotten on each publish of any event
        // (server/read-cache.ts). The wall is one read: a cursor means nothing to it.
        const key = `wall\n${slug}\n${JSON.stringify(query, Object.keys(query).sort())}`
        return cachedJson(
          c,
          key,
          async () => {
            const full = await requireEvent(db, slug)
            const rows = await wallQuestions(db, full.event.id, query)
            return { questions: rows.map((q) => publicQuestion(q, full.areas)) }
          },
          { kind: 'live' },
        )
      }
      const full = await requireEvent(db, slug, { staff: true })
      const page = await questionPage(db, full.event.id, { ...query, cursor })
      const { counts, onWall } = await questionCounts(db, full.event.id)
      return c.json({
        questions: await staffViews(db, page.rows, full.areas, user.role),
        counts,
        onWall,
        nextCursor: page.nextCursor,
      })
    },
  )
  .post(
    '/events/:slug/questions/:id/votes',
    open('Votar por una pregunta del muro (un voto por asistente o dispositivo)', {
      ok: [201, 200],
      errors: ['EVENT_CLOSED', 'QUESTION_NOT_PUBLIC'],
    }),
    limitSubmissions,
    validate('param', eventQuestionParam),
    validate('header', deviceHeader),
    validate('json', voteBody),
    async (c) => {
      const { slug, id } = c.req.valid('param')
      const { attendeeToken, deviceToken } = c.req.valid('json')
      const voter = { attendeeToken, deviceToken: deviceToken ?? c.req.valid('header')['x-device-token'] }
      const result = await vote(c.get('deps'), slug, id, voter)
      return c.json(result, result.counted ? 201 : 200)
    },
  )
  .get(
    '/questions/:id',
    staff(['moderator', 'analyst'], 'Una pregunta con su historial de moderación', {
      scope: 'question',
      answers: { 200: questionHistoryAnswer },
    }),
    validate('param', idParam),
    async (c) => {
      const { db } = c.get('deps')
      const full = await requireQuestion(db, c.req.valid('param').id)
      const history = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectType, 'question'), eq(auditLog.subjectId, full.question.id)))
        .orderBy(asc(auditLog.seq))
      return c.json({
        question: await staffView(db, full, c.get('user')!.role),
        history: history.map((h) => ({
          at: h.at,
          actor: h.actor,
          action: h.action,
          data: JSON.parse(h.data),
        })),
      })
    },
  )
  .patch(
    '/questions/:id',
    staff(['moderator'], 'Moderar una pregunta: estado, respuesta, área, fijar, unir, texto en pantalla', {
      scope: 'question',
      answers: { 200: questionAnswer },
      errors: [
        'ALREADY_IN_STATUS',
        'STATUS_TRANSITION',
        'QUESTION_CHANGED',
        'MERGE_INVALID',
        'QUESTION_NOT_PUBLIC',
        'EVENT_CLOSED',
        'AREA_UNKNOWN',
        'EXTENSION_NOT_ALLOWED',
        'INCOMPLETE_NOT_ALLOWED',
        'DESISTANCE_NOT_ALLOWED',
      ],
    }),
    validate('param', idParam),
    validate('json', moderateBody),
    async (c) => {
      const deps = c.get('deps')
      const full = await moderateQuestion(deps, c.get('user')!, c.req.valid('param').id, c.req.valid('json'))
      deps.outbox.wake(waitUntilOf(c))
      return c.json({ question: await staffView(deps.db, full, c.get('user')!.role) })
    },
  )
  .patch(
    '/questions/:id/petitioner',
    staff([], 'Corregir los datos del peticionario a su solicitud (habeas data); null quita un dato', {
      scope: 'question',
      errors: ['PETITION_ANONYMOUS'],
    }),
    validate('param', idParam),
    validate('json', rectifyPetitionerBody),
    async (c) => {
      const deps = c.get('deps')
      const full = await rectifyPetitioner(deps, c.get('user')!, c.req.valid('param').id, c.req.valid('json'))
      deps.outbox.wake(waitUntilOf(c))
      return c.json({ question: await staffView(deps.db, full, c.get('user')!.role) })
    },
  )
  .patch(
    '/questions/:id/sent-on',
    staff(
      [],
      'Corregir el día en que se envió la respuesta o se hizo el traslado, con el motivo (auditado)',
      {
        scope: 'question',
        answers: { 200: questionAnswer },
        errors: ['STATUS_TRANSITION', 'QUESTION_CHANGED'],
      },
    ),
    validate('param', idParam),
    validate('json', sentOnBody),
    async (c) => {
      const deps = c.get('deps')
      const full = await correctSentOn(deps, c.get('user')!, c.req.valid('param').id, c.req.valid('json'))
      deps.outbox.wake(waitUntilOf(c))
      return c.json({ question: await staffView(deps.db, full, c.get('user')!.role) })
    },
  )
  .post(
    '/questions/:id/annul',
    staff([], 'Anular un radicado (conserva el número y la razón)', { scope: 'question' }),
    validate('param', idParam),
    validate('json', annulBody),
    async (c) => {
      const deps = c.get('deps')
      const full = await annulQuestion(
        deps,
        c.get('user')!,
        c.req.valid('param').id,
        c.req.valid('json').reason,
      )
      deps.outbox.wake(waitUntilOf(c))
      return c.json({ question: await staffView(deps.db, full, c.get('user')!.role) })
    },
  )
  .get(
    '/questions/:id/constancia',
    staff(['moderator', 'analyst'], 'Descargar la constancia de una petición', { scope: 'question' }),
    validate('param', idParam),
    validate('query', constanciaQuery),
    async (c) => {
      const full = await requireQuestion(c.get('deps').db, c.req.valid('param').id)
      if (full.question.identityReserve && c.get('user')!.role !== 'admin') throw new ApiError('FORBIDDEN')
      return sendConstancia(c, full, c.req.valid('query').format)
    },
  )
