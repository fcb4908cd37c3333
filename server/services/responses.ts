import { and, eq, sql } from 'drizzle-orm'
import { en, es } from 'zod/locales'
import { commit, type Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import {
  attendees,
  events,
  formAnswers,
  formCounters,
  formRespondents,
  formResponses,
  forms,
  formTexts,
} from '../../db/schema'
import type { Deps } from '../env'
import { ApiError, type Issue } from '../errors'
import type { Lang } from '../messages'
import type { ResponseBody } from '../schemas/surveys'
import { formSchema, normalise, normText } from './answers'
import { sha256Hex } from './crypto'
import { defaultFormStmt } from './forms'
import { findAnswer, type IdempotencyRequest, isKeyRace, recordAnswer } from './idempotency'
import { EVALUATION_KEY } from './question-bank'
import { chunked, isUnique, publishCounters } from './submissions'

/** Everything a submission needs, in one read: the event, the form's current version, the token's fit. */
async function loadTarget(db: Db, slug: string, formKey: string, tokenHash: string | null) {
  const [row] = await db
    .select({
      eventId: events.id,
      status: events.status,
      form: forms,
      tokenOk: tokenHash
        ? sql<number>`exists (select 1 from ${attendees} where ${attendees.tokenHash} = ${tokenHash} and ${attendees.eventId} = ${events.id})`
        : sql<number>`0`,
    })
    .from(events)
    .leftJoin(forms, and(eq(forms.eventId, events.id), eq(forms.key, formKey), eq(forms.current, true)))
    .where(eq(events.slug, slug))
    .limit(1)
  return row
}

/**
 * The uniqueness key of one person or device for one form of one event: a hash of the token in its own
 * domain (not the attendee's stored token hash), so it cannot be joined to the registration without it.
 */
const respondentKey = (eventId: string, formKey: string, hash: string) => `${eventId}:${formKey}:${hash}`

export type Submitted = { status: 200 | 201; id: string }

/**
 * Validates a response against its form's definition, then commits it atomically with its raw answers,
 * the counters it moves, its grouped texts, the one-per-person check and the idempotency answer.
 */
export async function submitResponse(
  deps: Deps,
  input: { slug: string; formKey: string; body: ResponseBody; lang: Lang; idem: IdempotencyRequest | null },
): Promise<Submitted> {
  const { db } = deps
  const { body } = input
  // The hashes go to WebCrypto's thread pool while the event and form are read.
  const keyHashes = Promise.all([
    body.attendeeToken ? sha256Hex(`respondent:a:${body.attendeeToken}`) : null,
    body.deviceToken ? sha256Hex(`respondent:d:${body.deviceToken}`) : null,
  ])
  const tokenHash = body.attendeeToken ? await sha256Hex(body.attendeeToken) : null
  let target = await loadTarget(db, input.slug, input.formKey, tokenHash)
  if (!target || target.status === 'draft') throw new ApiError('EVENT_NOT_FOUND')
  if (!target.form && input.formKey === EVALUATION_KEY) {
    await defaultFormStmt(db, target.eventId, deps.now())
    target = await loadTarget(db, input.slug, input.formKey, tokenHash)
  }
  const form = target.form
  if (!form) throw new ApiError('FORM_NOT_FOUND')
  if (target.status === 'closed') throw new ApiError('EVENT_CLOSED')
  if (!form.open) throw new ApiError('FORM_CLOSED')

  const replay = await findAnswer(db, input.idem)
  if (replay) return { status: replay.status as 201, id: replay.resourceId }

  const issues: Issue[] = []
  if (body.attendeeToken && !target.tokenOk)
    issues.push({ path: 'attendeeToken', message: tokenMessage[input.lang] })
  if (!body.attendeeToken && !body.deviceToken)
    issues.push({ path: 'deviceToken', message: deviceMessage[input.lang] })
  const parsed = formSchema(db, form, input.lang).safeParse(body.answers, {
    error: locales[input.lang],
  })
  if (!parsed.success)
    for (const i of parsed.error.issues) {
      if (i.code === 'unrecognized_keys')
        for (const key of i.keys) issues.push({ path: `answers.${key}`, message: unknownMessage[input.lang] })
      else issues.push({ path: ['answers', ...i.path.map(String)].join('.'), message: i.message })
    }
  if (issues.length) throw new ApiError('VALIDATION_ERROR', { issues })

  const answers = normalise(form.definition, parsed.data as Record<string, unknown>)
  const id = newId()
  const eventId = target.eventId
  const keys = (await keyHashes).map((h) => (h ? respondentKey(eventId, form.key, h) : null))
  // One row per counter moved; `${eventId}/${key}` counts responses across the form's versions.
  const counters = [
    { formId: form.id, questionId: '', value: '' },
    { formId: `${eventId}/${form.key}`, questionId: '', value: '' },
    ...answers.flatMap((a) => [
      { formId: form.id, questionId: a.questionId, value: '' },
      ...a.counts.map((value) => ({ formId: form.id, questionId: a.questionId, value })),
    ]),
  ]
  const texts = answers.filter((a) => a.text && normText(a.text))
  const stmts: Stmt[] = [
    db.insert(formResponses).values({ id, formId: form.id, eventId, submittedAt: deps.now().toISOString() }),
    ...keys
      .filter((k) => k !== null)
      .map((keyHash) => db.insert(formRespondents).values({ keyHash, eventId })),
    ...chunked(answers, 19, (part) =>
      db.insert(formAnswers).values(
        part.map((a) => ({
          responseId: id,
          formId: form.id,
          questionId: a.questionId,
          value: a.value,
          other: a.other,
        })),
      ),
    ),
    ...chunked(counters, 30, (part) =>
      db
        .insert(formCounters)
        .values(part.map((c) => ({ ...c, count: sql`1` })))
        .onConflictDoUpdate({
          target: [formCounters.formId, formCounters.questionId, formCounters.value],
          set: { count: sql`${formCounters.count} + 1` },
        })
        .returning({ formId: formCounters.formId, count: formCounters.count }),
    ),
    ...chunked(texts, 19, (part) =>
      db
        .insert(formTexts)
        .values(
          part.map((a) => ({
            eventId,
            formKey: form.key,
            questionId: a.questionId,
            norm: normText(a.text!),
            text: a.text!,
            count: sql`1`,
          })),
        )
        .onConflictDoUpdate({
          target: [formTexts.eventId, formTexts.formKey, formTexts.questionId, formTexts.norm],
          set: { count: sql`${formTexts.count} + 1` },
        }),
    ),
  ]
  if (input.idem)
    stmts.push(recordAnswer(db, input.idem, { status: 201, resourceType: 'form_response', resourceId: id }))

  let results: unknown[]
  try {
    results = (await commit(db, stmts as [Stmt, ...Stmt[]])) as unknown[]
  } catch (err) {
    if (isKeyRace(err)) {
      const first = await findAnswer(db, input.idem)
      if (first) return { status: first.status as 201, id: first.resourceId }
    }
    if (isUnique(err, 'form_respondents')) throw new ApiError('ALREADY_RESPONDED')
    throw err
  }
  const total = (results.flat() as { formId?: string; count?: number }[]).find(
    (r) => r?.formId === `${eventId}/${form.key}`,
  )?.count
  await publishCounters(deps, eventId, { forms: { [form.key]: { responses: total } } })
  return { status: 201, id }
}

const locales = { es: es().localeError, en: en().localeError }
const unknownMessage = { es: 'El formulario no tiene esa pregunta.', en: 'The form has no such question.' }
const tokenMessage = {
  es: 'Ese token de asistente no corresponde a un registro de este evento.',
  en: 'That attendee token does not belong to a registration of this event.',
}
const deviceMessage = {
  es: 'Envíe el token de asistente o, sin él, un token del dispositivo.',
  en: 'Send the attendee token or, without one, a device token.',
}
