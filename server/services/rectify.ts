import { and, eq, ne, type SQL, sql } from 'drizzle-orm'
import type { Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { type Attendee, attendees } from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError, type Issue } from '../errors'
import { type Lang, said } from '../messages'
import { inPersonDocument, registrationBody } from '../schemas/attendance'
import { type RectifyInput, rectifiable } from '../schemas/holders'
import { refusal } from '../validate'
import { counterRows, counterStmts, lessOne, personKey } from './attendance-counters'
import { commitAudited } from './audit'
import { eventForStaff, forgetErased, publishAttendance, registrationGone, stillThere } from './checkin'
import { eraseRequestHashes } from './idempotency'
import { decideAfresh, isStale, unlessChanged } from './stale'
import { isUnique } from './submissions'

type Fields = Pick<Attendee, (typeof rectifiable)[number]>

/** A registration as staff see it when a holder asks: every field, the consent proof, check-in and dates. */
export const holderView = (a: Attendee) => ({
  id: a.id,
  name: a.name,
  documentType: a.documentType,
  documentNumber: a.documentNumber,
  email: a.email,
  phone: a.phone,
  gender: a.gender,
  ageRange: a.ageRange,
  occupation: a.occupation,
  education: a.education,
  populationGroups: a.populationGroups,
  territory: a.territory,
  channel: a.channel,
  linkChannel: a.linkChannel,
  source: a.source,
  consent: a.consent,
  checkedInAt: a.checkedInAt,
  createdAt: a.createdAt,
})

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
const counterKey = (r: { dimension: string; value: string }) => `${r.dimension}\u0000${r.value}`

/**
 * Corrects a registration at its holder's request (the right to rectify). The registration as it would
 * stand is checked as a new one is, with the event's rules and the consent it was given with; its
 * counters move in the same audited commit, which goes through only if the registration is still as read.
 */
export const rectifyRegistration = (
  deps: Deps,
  user: SessionUser,
  input: { slug: string; id: string; body: RectifyInput; lang: Lang },
) =>
  decideAfresh(
    () => rectify(deps, user, input),
    (err) => isStale(err, 'attendees', 'name') || registrationGone(err),
  )

async function rectify(
  deps: Deps,
  user: SessionUser,
  input: { slug: string; id: string; body: RectifyInput; lang: Lang },
) {
  const { db } = deps
  const event = await eventForStaff(db, input.slug)
  const [a] = await db
    .select()
    .from(attendees)
    .where(and(eq(attendees.id, input.id), eq(attendees.eventId, event.id)))
  if (!a) throw new ApiError('ATTENDEE_NOT_FOUND')
  // Nothing personal is left to correct, and its characterisation is part of the report as closed.
  if (a.anonymizedAt) throw new ApiError('REGISTRATION_ANONYMIZED')
  const after = { ...a } as Attendee
  for (const f of rectifiable) if (input.body[f] !== undefined) Object.assign(after, { [f]: input.body[f] })
  if (after.email) after.email = after.email.toLowerCase()
  const changed = rectifiable.filter((f) => !same(a[f], after[f]))
  if (!changed.length) return holderView(a)

  checkAsRegistration(event.modality, a, after, input.lang)
  const key = personKey({
    documentType: after.documentType,
    documentNumber: after.documentNumber ?? undefined,
    email: after.email ?? undefined,
  })
  if (key && key !== a.personKey && (await keyTaken(db, event.id, a.id, key)))
    throw new ApiError('PERSON_ALREADY_REGISTERED')

  const before = counterRows(a)
  const now = counterRows(after)
  const gone = before.filter((r) => !now.some((n) => counterKey(n) === counterKey(r)))
  const added = now.filter((r) => !before.some((b) => counterKey(b) === counterKey(r)))
  const set = Object.fromEntries(changed.map((f) => [f, after[f]])) as Partial<Fields>
  const stmts: Stmt[] = [
    stillThere(db, event.id, a.id),
    ...lessOne(db, event.id, gone),
    ...counterStmts(db, event.id, added, 1),
    db
      .update(attendees)
      .set({
        ...set,
        // Bound as text, as a registration stores it: the JSON column's encoder would write null as "null".
        ...('populationGroups' in set
          ? { populationGroups: sql`${set.populationGroups ? JSON.stringify(set.populationGroups) : null}` }
          : {}),
        personKey: key,
        name: unlessChanged(asRead(a), after.name),
      })
      .where(eq(attendees.id, a.id)),
    // The first answers kept for retries of this registration hold a hash of what was sent, which
    // anyone with a copy of the database could match against the values now corrected: it goes, and
    // a late retry of that old body is refused rather than answered (as after a deletion).
    eraseRequestHashes(db, `attendance:${event.slug}`, a.id),
  ]
  const audit = {
    actor: `user:${user.id}`,
    action: 'attendance.rectify',
    subjectType: 'attendee',
    subjectId: a.id,
    eventId: event.id,
    // The names of the fields only: the audit log must not become a copy of personal data.
    data: { fields: changed },
  }
  try {
    await commitAudited(db, stmts, [audit], deps.now())
  } catch (err) {
    if (isUnique(err, 'attendees', 'person_key')) throw new ApiError('PERSON_ALREADY_REGISTERED')
    throw err
  }
  // The values replaced are personal data the holder asked to have corrected: gone from the files too.
  forgetErased(db)
  // Its characterisation moved between counters: the staff's summary charts it again.
  if (gone.length || added.length) await publishAttendance(deps, event.id)
  const [stored] = await db.select().from(attendees).where(eq(attendees.id, a.id))
  return holderView(stored)
}

/** Every field a rectification reads is still what it was read as (`is`: null equals null). */
function asRead(a: Attendee): SQL {
  const col = (f: (typeof rectifiable)[number]) => attendees[f]
  const parts = rectifiable.map((f) =>
    f === 'populationGroups'
      ? sql`${col(f)} is ${a.populationGroups ? JSON.stringify(a.populationGroups) : null}`
      : sql`${col(f)} is ${a[f]}`,
  )
  return sql.join(parts, sql` and `)
}

async function keyTaken(db: Db, eventId: string, id: string, key: string) {
  const [other] = await db
    .select({ id: attendees.id })
    .from(attendees)
    .where(and(eq(attendees.eventId, eventId), eq(attendees.personKey, key), ne(attendees.id, id)))
    .limit(1)
  return Boolean(other)
}

const sensitiveNotAccepted = said(
  'La autorización de esta inscripción no cubre datos sensibles: la persona debe inscribirse de nuevo para darlos.',
  "This registration's authorisation does not cover sensitive data: the person must register again to give it.",
)

/**
 * The registration as it would stand, checked by the registration's own schema, with the consent it was
 * given with: a minor's needs the guardian's authorisation on record, a sensitive answer its acceptance.
 */
function checkAsRegistration(modality: string, a: Attendee, after: Attendee, lang: Lang) {
  const data = Object.fromEntries(
    rectifiable.flatMap((f) => (after[f] === null || after[f] === undefined ? [] : [[f, after[f]]])),
  )
  const full = { ...data, consent: true, ...(a.consent.accepted.guardian ? { guardianConsent: true } : {}) }
  if (!registrationBody.safeParse(full).success) throw refusal(lang, registrationBody, full)
  const issues: Issue[] = []
  if (modality === 'presencial' && !after.documentNumber)
    issues.push({ path: 'documentNumber', message: inPersonDocument })
  if (after.populationGroups?.length && !a.populationGroups?.length && !a.consent.accepted.sensitive)
    issues.push({ path: 'populationGroups', message: sensitiveNotAccepted })
  if (issues.length) throw new ApiError('VALIDATION_ERROR', { issues })
}
