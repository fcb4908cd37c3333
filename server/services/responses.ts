import { commit, type Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import type { Deps } from '../env'
import { ApiError, type Issue } from '../errors'
import { issueMessages, meaningful } from '../issue-messages'
import type { Lang } from '../messages'
import type { ResponseBody } from '../schemas/surveys'
import { compiledForm, MINOR_AGE, minorMessage, type NormalAnswer, normalise, normText } from './answers'
import { findAnswer, type IdempotencyRequest, isKeyRace, recordAnswer } from './idempotency'
import {
  attendeeOf,
  countForm,
  countText,
  definitionOf,
  insertRespondent,
  insertResponse,
  targetOf,
} from './response-statements'
import { sha256HexSync } from './sha256'
import { decideAfresh, isStale } from './stale'
import { isUnique, publishCounters } from './submissions'
import { inOrder, tokenHashOf } from './token-seal'

async function loadTarget(db: Db, slug: string, formKey: string, fresh = false) {
  const [row] = await targetOf(db, { slug, formKey }, fresh)
  return row
}

/**
 * The uniqueness key of one person or device for one form of one event: a hash of the token in its own
 * domain (not the attendee's stored token hash), so it cannot be joined to the registration without it.
 */
const respondentKey = (eventId: string, formKey: string, hash: string) => `${eventId}:${formKey}:${hash}`

export type Submitted = { status: 200 | 201; id: string }

type ResponseInput = {
  slug: string
  formKey: string
  body: ResponseBody
  lang: Lang
  idem: IdempotencyRequest | null
}

/**
 * Validates a response against its form's definition, then commits it atomically: its row with the raw
 * answers, the counters it moves, its grouped texts, the one-per-person check and the idempotency answer.
 * The commit goes through only if the event and the form version are still as they were read (see
 * `insertResponse`); otherwise the response is decided again on a fresh read: refused once the form or
 * the event has closed, checked against the definition that now stands.
 */
export const submitResponse = (deps: Deps, input: ResponseInput): Promise<Submitted> =>
  decideAfresh(
    // Decided again, it reads afresh: the kept read is what went stale.
    (attempt) => decideResponse(deps, input, attempt > 0),
    (err) => isStale(err, 'form_responses', 'form_id'),
  )

/** A retry of a response stored before the event or the form closed gets its first answer, not a 409. */
async function refusedUnlessStored(
  db: Db,
  idem: ResponseInput['idem'],
  code: 'EVENT_CLOSED' | 'FORM_CLOSED',
): Promise<Submitted> {
  const first = await findAnswer(db, idem)
  if (first) return { status: first.status as 201, id: first.resourceId }
  throw new ApiError(code)
}

async function decideResponse(deps: Deps, input: ResponseInput, fresh: boolean): Promise<Submitted> {
  const { db } = deps
  const { body } = input
  const target = await loadTarget(db, input.slug, input.formKey, fresh)
  if (!target || target.status === 'draft') throw new ApiError('EVENT_NOT_FOUND')
  const { formId, stamp } = target
  if (!formId || !stamp) throw new ApiError('FORM_NOT_FOUND')
  if (target.status === 'closed') return refusedUnlessStored(db, input.idem, 'EVENT_CLOSED')
  if (!target.open) return refusedUnlessStored(db, input.idem, 'FORM_CLOSED')

  const form = await compiledForm(
    db,
    { id: formId, stamp },
    async () => (await definitionOf(db, { id: formId }))[0],
  )
  if (!form) throw new ApiError('FORM_NOT_FOUND')
  const issues: Issue[] = []
  const [attendee] = body.attendeeToken
    ? await attendeeOf(db, { tokenHash: tokenHashOf(body.attendeeToken), eventId: target.eventId })
    : []
  if (body.attendeeToken && !attendee)
    issues.push({ path: 'attendeeToken', message: tokenMessage[input.lang] })
  // Plainly valid answers skip zod; anything else gets its verdict, and its messages, from the schema,
  // worded as every other validation's (server/issue-messages.ts).
  const plain = form.plain(body.answers)
  const parsed = plain
    ? { success: true as const, data: plain }
    : form.schema(input.lang).safeParse(body.answers, { error: issueMessages[input.lang] })
  if (!parsed.success)
    for (const i of meaningful(parsed.error.issues)) {
      if (i.code === 'unrecognized_keys')
        for (const key of i.keys) issues.push({ path: `answers.${key}`, message: unknownMessage[input.lang] })
      else issues.push({ path: ['answers', ...i.path.map(String)].join('.'), message: i.message })
    }
  // A minor, by the registration the token belongs to, answers no sensitive question (DOMAIN.md), whatever
  // the survey's own age question says or leaves unsaid.
  if (attendee?.ageRange === MINOR_AGE.value && parsed.success)
    for (const q of form.definition.questions)
      if (q.sensitive && (parsed.data as Record<string, unknown>)[q.id] !== undefined)
        issues.push({ path: `answers.${q.id}`, message: minorMessage(input.lang) })
  if (issues.length) {
    // A retry of a response stored before the form changed: its first answer, not today's verdict.
    const first = await findAnswer(db, input.idem)
    if (first) return { status: first.status as 201, id: first.resourceId }
    throw new ApiError('VALIDATION_ERROR', { issues })
  }

  const answers = normalise(form.definition, parsed.data as Record<string, unknown>)
  const id = newId()
  const { eventId } = target
  const formKey = input.formKey
  // Each token sent is one respondent, who answers once (ALREADY_RESPONDED). docs/API.md makes both
  // optional: a response with neither is told apart from no other, as any client may make up a token.
  // At an event that keeps keys in order, a device's after the moment its token was made (`inOrder`). Never
  // an attendee's: its token begins with the stamp its registration's row keeps, by which the two could be
  // joined; its stamp's twelve hex digits could even read as the thirteen digits `inOrder` looks for.
  const ordered = target.storedKeys === 'ordered'
  const keys: string[] = []
  for (const [kind, token] of [
    ['a', body.attendeeToken],
    ['d', body.deviceToken],
  ] as const)
    if (token)
      keys.push(
        respondentKey(
          eventId,
          formKey,
          inOrder(ordered && kind === 'd', token, sha256HexSync(`respondent:${kind}:${token}`)),
        ),
      )
  // One row per counter moved; `${eventId}/${key}` counts responses across the form's versions, and is
  // the one count this response reads back (for the live figures).
  const total = { formId: `${eventId}/${formKey}`, questionId: '', value: '' }
  // Plain loops: some 25 rows a response, where flatMap built two arrays an answer to flatten.
  const counters = [{ formId, questionId: '', value: '' }]
  const texts: { eventId: string; formKey: string; questionId: string; norm: string; text: string }[] = []
  for (const a of answers) {
    counters.push({ formId, questionId: a.questionId, value: '' })
    for (const value of a.counts) counters.push({ formId, questionId: a.questionId, value })
    const norm = a.text ? normText(a.text) : ''
    if (norm) texts.push({ eventId, formKey, questionId: a.questionId, norm, text: a.text! })
  }
  const stored = answerObjects(answers)
  // The key goes first: a retry fails on it, before its respondent is found to have answered already,
  // and is then answered from what it recorded. So no read of the key is needed before the commit.
  const stmts: Stmt[] = [
    ...(input.idem
      ? [recordAnswer(db, input.idem, { status: 201, resourceType: 'form_response', resourceId: id })]
      : []),
    insertResponse(db, {
      id,
      formId,
      eventId,
      submittedAt: deps.now().toISOString(),
      answers: stored.answers,
      others: stored.others,
      stamp,
    }),
    ...keys.map((keyHash) => insertRespondent(db, { keyHash, eventId })),
    ...countForm(db, [total], 1),
    ...countForm(db, counters, 1, true),
    ...countText(db, texts, 1, true),
  ]
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
  // The total's row, among the results of every statement (most of them empty: the quiet counters).
  let responses: number | undefined
  for (const result of results)
    if (Array.isArray(result))
      for (const r of result as ({ formId?: string; count?: number } | undefined)[])
        if (r?.formId === total.formId) responses ??= r.count
  // Not `{ [formKey]: … }`: a computed key in a literal goes through V8's runtime each time.
  const forms: Record<string, { responses?: number }> = {}
  forms[formKey] = { responses }
  await publishCounters(deps, eventId, { forms })
  return { status: 201, id }
}

/**
 * The response row's two JSON objects, by question id: each answer's stored JSON value (already a JSON
 * text, so it is spliced in, not parsed and stringified again), and the "Otra" texts, null when none.
 */
function answerObjects(answers: NormalAnswer[]) {
  let json = ''
  let others = ''
  for (const a of answers) {
    const key = a.key
    json += `${json ? ',' : ''}${key}:${a.value}`
    if (a.other !== null) others += `${others ? ',' : ''}${key}:${JSON.stringify(a.other)}`
  }
  return { answers: `{${json}}`, others: others ? `{${others}}` : null }
}

const unknownMessage = { es: 'El formulario no tiene esa pregunta.', en: 'The form has no such question.' }
const tokenMessage = {
  es: 'Ese token de asistente no corresponde a un registro de este evento.',
  en: 'That attendee token does not belong to a registration of this event.',
}
