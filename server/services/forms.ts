import { and, asc, eq, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import {
  events,
  type Form,
  type FormDefinition,
  type FormQuestion,
  formCounters,
  formResponses,
  forms,
} from '../../db/schema'
import type { Deps } from '../env'
import { ApiError } from '../errors'
import { commitAudited } from './audit'
import { EVALUATION_KEY, evaluationForm } from './question-bank'
import { decideAfresh, isStale, unlessChanged } from './stale'
import { publishAfterCommit } from './submissions'

// The bank's form per country, as the JSON text the column stores: Ecuador's population groups and
// wording for an Ecuadorian event (question-bank.ts), Colombia's otherwise.
const bankText = { CO: JSON.stringify(evaluationForm('CO')), EC: JSON.stringify(evaluationForm('EC')) }

/**
 * The statement that gives an event its evaluation form, in its country's version (read from the event
 * in the statement itself, so that no caller has to know it); a second call is a no-op.
 */
export const defaultFormStmt = (db: Db, eventId: string, now: Date): Stmt =>
  db
    .insert(forms)
    .values({
      id: newId(),
      eventId,
      key: EVALUATION_KEY,
      version: 1,
      current: true,
      definition: sql`(case (select ${events.country} from ${events} where ${events.id} = ${eventId}) when 'EC' then ${bankText.EC} else ${bankText.CO} end)`,
      createdAt: now.toISOString(),
    })
    .onConflictDoNothing()

/**
 * The current version of every form of the event. Every event has its evaluation form: made with the
 * event, or, for an event made before that, by migration 0017. Reading makes nothing.
 */
export const currentForms = (db: Db, eventId: string): Promise<Form[]> =>
  db
    .select()
    .from(forms)
    .where(and(eq(forms.eventId, eventId), eq(forms.current, true)))
    .orderBy(asc(forms.createdAt))

/** Every version of a form, oldest first. */
export const formVersions = (db: Db, eventId: string, key: string) =>
  db
    .select()
    .from(forms)
    .where(and(eq(forms.eventId, eventId), eq(forms.key, key)))
    .orderBy(asc(forms.version))

async function responsesOf(db: Db, formId: string): Promise<number> {
  const [row] = await db
    .select({ count: formCounters.count })
    .from(formCounters)
    .where(and(eq(formCounters.formId, formId), eq(formCounters.questionId, ''), eq(formCounters.value, '')))
  return row?.count ?? 0
}

/** A question keeps its type in every version, so counts of one id can be added across versions. */
function checkTypes(def: FormDefinition, versions: Form[]) {
  const known = new Map<string, FormQuestion['type']>()
  for (const v of versions) for (const q of v.definition.questions) known.set(q.id, q.type)
  const issues = def.questions
    .map((q, i) => ({ q, i }))
    .filter(({ q }) => known.has(q.id) && known.get(q.id) !== q.type)
    .map(({ q, i }) => ({
      path: `questions.${i}.type`,
      message: {
        es: `"${q.id}" ya existe como ${known.get(q.id)}; use otro id para otro tipo de pregunta.`,
        en: `"${q.id}" already exists as ${known.get(q.id)}; use another id for another type of question.`,
      },
    }))
  if (issues.length) throw new ApiError('VALIDATION_ERROR', { issues })
}

/**
 * A version changed in place (its definition or its settings) gets a later `updated_at` even within the
 * same millisecond (or under a stopped test clock): submissions keep the parsed definition under the
 * version's id and that time, and commit only if it is still the version's time.
 */
const laterThan = (now: string, previous: string) =>
  now > previous ? now : new Date(Date.parse(previous) + 1).toISOString()

export type SaveResult = { form: Form; versioned: boolean; created: boolean }

/**
 * Stores a form's definition: `def`, or, given a function, what it makes of the current version (adding
 * a question to it, say). A version without responses is changed in place; one with responses is never changed: a new
 * version becomes current and the old one stays for its counts and exports. The write goes through only
 * if the current version is still as read, and, edited in place, still without responses
 * (`unlessChanged`); otherwise, or when another request made a version first, it is done again on a
 * fresh read: twenty questions added at once are twenty questions.
 */
export const saveDefinition = (
  deps: Deps,
  actor: string,
  eventId: string,
  key: string,
  def: FormDefinition | ((current: Form | undefined) => FormDefinition),
  opts: { mustExist?: boolean; mustBeNew?: boolean } = {},
): Promise<SaveResult> =>
  decideAfresh(
    () => save(deps, actor, eventId, key, def, opts),
    (err) =>
      isStale(err, 'forms', 'definition') ||
      isStale(err, 'forms', 'current') ||
      (!opts.mustBeNew && isVersionRace(err)),
  )

const isVersionRace = (err: unknown) =>
  /forms_version_uq|forms_current_uq|forms\.event_id/.test(String((err as Error).cause ?? err))

async function save(
  deps: Deps,
  actor: string,
  eventId: string,
  key: string,
  given: FormDefinition | ((current: Form | undefined) => FormDefinition),
  opts: { mustExist?: boolean; mustBeNew?: boolean },
): Promise<SaveResult> {
  const { db } = deps
  const now = deps.now().toISOString()
  const versions = await formVersions(db, eventId, key)
  const current = versions.find((v) => v.current)
  if (opts.mustExist && !current) throw new ApiError('FORM_NOT_FOUND')
  if (opts.mustBeNew && versions.length) throw new ApiError('FORM_KEY_TAKEN')
  const def = typeof given === 'function' ? given(current) : given
  checkTypes(def, versions)
  const stmts: Stmt[] = []
  let id = newId()
  let versioned = false
  const still = current && sql`${forms.updatedAt} is ${current.updatedAt}`
  if (current && (await responsesOf(db, current.id)) === 0) {
    id = current.id
    const updatedAt = laterThan(now, current.updatedAt ?? current.createdAt)
    const unanswered = sql`${still} and not exists (select 1 from ${formResponses} where ${formResponses.formId} = ${current.id})`
    stmts.push(
      db
        .update(forms)
        .set({ definition: unlessChanged(unanswered, JSON.stringify(def)), updatedAt })
        .where(eq(forms.id, current.id)),
    )
  } else {
    versioned = Boolean(current)
    const version = (versions.at(-1)?.version ?? 0) + 1
    if (current)
      stmts.push(
        db
          .update(forms)
          .set({ current: unlessChanged(still!, 0), updatedAt: now })
          .where(eq(forms.id, current.id)),
      )
    stmts.push(
      db.insert(forms).values({
        id,
        eventId,
        key,
        version,
        current: true,
        definition: def,
        open: current?.open ?? true,
        embargoUntil: current?.embargoUntil ?? null,
        createdAt: now,
      }),
    )
  }
  const audit = {
    actor,
    action: 'form.define',
    subjectType: 'form',
    subjectId: id,
    eventId,
    data: { key, def },
  }
  try {
    await commitAudited(db, stmts, [audit], deps.now())
  } catch (err) {
    if (opts.mustBeNew && isVersionRace(err)) throw new ApiError('CONFLICT')
    throw err
  }
  const [form] = await db.select().from(forms).where(eq(forms.id, id))
  return { form, versioned, created: !current }
}

/**
 * Opens or closes a form and sets its embargo, on the version that is current when written: `current`
 * reads it, and the write fails (and is made again on a fresh read) if that version stopped being
 * current or changed meanwhile. A close answered 200 can no longer land on a version that a new one
 * has just replaced, leaving the new one open.
 */
export const updateSettings = (
  deps: Deps,
  actor: string,
  current: () => Promise<Form>,
  patch: { open?: boolean; embargoUntil?: string | null },
): Promise<Form> =>
  decideAfresh(
    async () => settle(deps, actor, await current(), patch),
    (err) => isStale(err, 'forms', 'current'),
  )

async function settle(
  deps: Deps,
  actor: string,
  form: Form,
  patch: { open?: boolean; embargoUntil?: string | null },
): Promise<Form> {
  // Later than the version's time, as an in-place edit is: written back to a time already read, it would
  // let a submission use the definition it kept under that time, and pass the commit's guard.
  const set: Partial<Form> = {
    updatedAt: laterThan(deps.now().toISOString(), form.updatedAt ?? form.createdAt),
  }
  if (patch.open !== undefined) set.open = patch.open
  if (patch.embargoUntil !== undefined)
    set.embargoUntil = patch.embargoUntil === null ? null : new Date(patch.embargoUntil).toISOString()
  const { db } = deps
  const audit = {
    actor,
    action: 'form.settings',
    subjectType: 'form',
    subjectId: form.id,
    eventId: form.eventId,
    data: { key: form.key, ...patch },
  }
  const still = sql`${forms.current} = 1 and ${forms.updatedAt} is ${form.updatedAt}`
  await commitAudited(
    db,
    [
      db
        .update(forms)
        .set({ ...set, current: unlessChanged(still, 1) })
        .where(eq(forms.id, form.id)),
    ],
    [audit],
    deps.now(),
  )
  // The attendee pages open now learn it from their stream: a survey opened at the end of the event shows
  // at once, and a closed one shuts with what was typed kept, without a reload or a read of the event.
  if (patch.open !== undefined && patch.open !== form.open)
    await publishAfterCommit(deps, form.eventId, {
      type: 'form.status',
      audience: 'public',
      data: { form: form.key, open: patch.open },
    })
  return { ...form, ...set }
}
