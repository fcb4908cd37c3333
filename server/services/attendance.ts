import { and, eq } from 'drizzle-orm'
import { commit, type Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { attendees, type ConsentProof, consentNotices } from '../../db/schema'
import type { Deps, SessionUser } from '../env'
import { ApiError } from '../errors'
import type { Lang } from '../messages'
import { inPersonDocument, type RegistrationInput } from '../schemas/attendance'
import { canal, counterRows, counterStmts, personKey } from './attendance-counters'
import { eventOf, insertAttendee, insertNumbered } from './attendance-statements'
import { commitAudited } from './audit'
import { codesOf, storedOf, takeNumber, takenNumber } from './checkin-codes'
import { consentRecord } from './consent'
import { findAnswer, type IdempotencyRequest, isKeyRace, recordAnswer } from './idempotency'
import { isUnique, publishCounters } from './submissions'
import { keptKey, keptToken, keyedToken, newCheckinCode, newToken, tokenHashOf } from './token-seal'

async function loadEvent(db: Db, slug: string) {
  const [row] = await eventOf(db, { slug })
  if (!row) return undefined
  const { id, status, checkinCodes, storedKeys, modality, country, title, retentionDays } = row
  const { entityName, nit, address, email, phone } = row
  return {
    event: { id, status, checkinCodes, storedKeys, modality, country, title, retentionDays },
    entity: { name: entityName, nit, address, email, phone },
  }
}

// The notice versions seen stored (`consent_notices`), per database: each is written with the first
// registration to accept it here, and after that costs no statement. Writing it again would insert nothing.
const noticesKept = new WeakMap<Db, Set<string>>()
const isKept = (db: Db, version: string) => noticesKept.get(db)?.has(version) ?? false
function keptNotice(db: Db, version: string) {
  const kept = noticesKept.get(db) ?? new Set<string>()
  if (kept.size >= 1000) kept.clear()
  noticesKept.set(db, kept.add(version))
}

export type Registered =
  | { status: 201; body: { id: string; attendeeToken: string; checkinCode: string } }
  | { status: 200; body: { id: string; alreadyRegistered: true } }

const again = (id: string): Registered => ({ status: 200, body: { id, alreadyRegistered: true } })

async function replay(db: Db, idem: IdempotencyRequest, rawKey: string): Promise<Registered | null> {
  const first = await findAnswer(db, idem)
  if (!first) return null
  if (first.status === 200) return again(first.resourceId)
  const [a] = await db.select().from(attendees).where(eq(attendees.id, first.resourceId))
  const token = a?.tokenSealed ? await keptToken(a.tokenSealed, rawKey, a.tokenHash) : null
  if (!a || !token) return again(first.resourceId)
  const checkinCode = (await codesOf(db)).shown(a.checkinCode)
  return { status: 201, body: { id: a.id, attendeeToken: token, checkinCode } }
}

/**
 * A retry of a registration stored before the event closed or its notice changed gets its first answer,
 * token included, not a refusal: the key is read only on these paths, never on the hot one. `idem` has
 * the key's hash, `sent` the key itself, from which the token is derived again.
 */
async function refusedUnlessStored(
  db: Db,
  idem: IdempotencyRequest | null,
  sent: IdempotencyRequest | null,
  err: ApiError,
): Promise<Registered> {
  const first = idem && sent && (await replay(db, idem, sent.key))
  if (first) return first
  throw err
}

/**
 * Registers a person at an event (the attendee's own form, or staff at the door). The same person again
 * gets the first registration; a retry with the same Idempotency-Key gets the first answer, token included.
 */
export async function register(
  deps: Deps,
  input: {
    slug: string
    body: RegistrationInput
    user?: SessionUser
    lang: Lang
    idem: IdempotencyRequest | null
    /** Staff at the door took the consent from the person there (services/walk-in.ts). */
    inPerson?: boolean
  },
): Promise<Registered> {
  const { db } = deps
  const { body } = input
  const found = await loadEvent(db, input.slug)
  if (!found || (found.event.status === 'draft' && !input.user)) throw new ApiError('EVENT_NOT_FOUND')
  const { event, entity } = found
  const ordered = event.storedKeys === 'ordered'
  const idem = input.idem ? { ...input.idem, key: await keptKey(input.idem.key, ordered) } : null
  if (event.status === 'closed')
    return refusedUnlessStored(db, idem, input.idem, new ApiError('EVENT_CLOSED'))
  if (event.modality === 'presencial' && !body.documentNumber)
    return refusedUnlessStored(
      db,
      idem,
      input.idem,
      new ApiError('VALIDATION_ERROR', {
        issues: [
          {
            path: 'documentNumber',
            message: inPersonDocument,
          },
        ],
      }),
    )
  // The retention period the notice states: the event's own, else the installation's (`periodOf`).
  const kept = event.retentionDays || deps.config.retentionDays
  const notice = await consentRecord({ ...event, retentionDays: kept }, entity)
  const version = notice.version
  if (body.consentVersion && body.consentVersion !== version)
    return refusedUnlessStored(db, idem, input.idem, new ApiError('CONSENT_OUTDATED'))

  // The event's codes come from the installation's sequence, unless it had registrations before it.
  const numbered = event.checkinCodes === 'sequence' ? await codesOf(db) : null
  const at = deps.now()
  const now = at.toISOString()
  // With an Idempotency-Key, a token that a retry can be given again (see token-seal.ts).
  const made = at.getTime()
  const keyed = input.idem ? keyedToken(input.idem.key, made) : null
  const token = keyed?.token ?? newToken(made)
  const row = {
    id: newId(),
    eventId: event.id,
    personKey: personKey(body),
    name: body.name,
    documentType: body.documentType ?? null,
    documentNumber: body.documentNumber ?? null,
    email: body.email?.toLowerCase() ?? null,
    phone: body.phone ?? null,
    gender: body.gender ?? null,
    ageRange: body.ageRange ?? null,
    occupation: body.occupation ?? null,
    education: body.education ?? null,
    populationGroups: body.populationGroups ?? null,
    territory: body.territory ?? null,
    channel: body.channel ?? null,
    linkChannel: body.linkChannel ? canal(body.linkChannel) : null,
    source: input.user ? ('staff' as const) : ('form' as const),
    tokenHash: tokenHashOf(token),
    tokenSealed: keyed?.kept ?? null,
    checkinCode: numbered ? '' : newCheckinCode(),
    consent: {
      version,
      at: now,
      lang: input.lang,
      accepted: {
        treatment: true as const,
        sensitive: Boolean(body.populationGroups),
        guardian: Boolean(body.guardianConsent),
      },
      ...(input.user && input.inPerson
        ? { given: 'in_person' as const, receivedBy: `user:${input.user.id}` }
        : {}),
    },
    createdAt: now,
  }

  for (let attempt = 0; ; attempt++) {
    // The key goes first: a retry fails on it, before the person is found registered already, and gets
    // the first answer, token included. So no read of the key is needed before the commit.
    const values = {
      ...row,
      populationGroups: row.populationGroups ? JSON.stringify(row.populationGroups) : null,
      consent: JSON.stringify(row.consent),
    }
    const taken = numbered ? takenNumber(db, {}) : undefined
    const stmts: Stmt[] = [
      ...(idem
        ? [recordAnswer(db, idem, { status: 201, resourceType: 'attendee', resourceId: row.id })]
        : []),
      // The number first: the registration's code is read from it (`insertNumbered`).
      ...(numbered
        ? [takeNumber(db, { key: numbered.key }), taken!, insertNumbered(db, values)]
        : [insertAttendee(db, values)]),
      ...counterStmts(db, event.id, counterRows(row), 1),
      // The words of the notice accepted, kept once per version: the proof the holder may ask for.
      ...(isKept(db, version)
        ? []
        : [db.insert(consentNotices).values({ version, text: notice.text }).onConflictDoNothing()]),
    ]
    try {
      const results = input.user
        ? await commitAudited(db, stmts, [staffAudit(input.user, row.id, event.id, row.consent)], deps.now())
        : await commit(db, stmts as [Stmt, ...Stmt[]])
      const registered = (results.flat() as { dimension?: string; count?: number }[]).find(
        (r) => r?.dimension === 'registered',
      )?.count
      keptNotice(db, version)
      const code = numbered
        ? numbered.shown(storedOf((results[stmts.indexOf(taken!)] as { issued: number }[])[0].issued))
        : row.checkinCode
      await publishCounters(deps, event.id, { attendance: { registered } })
      return { status: 201, body: { id: row.id, attendeeToken: token, checkinCode: code } }
    } catch (err) {
      if (idem && isKeyRace(err)) {
        const first = await replay(db, idem, input.idem!.key)
        if (first) return first
      }
      if (isUnique(err, 'attendees', 'person_key'))
        return firstRegistration(db, event.id, row.personKey!, idem)
      if (isUnique(err, 'attendees', 'checkin_code') && attempt < 5) {
        row.checkinCode = newCheckinCode()
        continue
      }
      throw err
    }
  }
}

async function firstRegistration(db: Db, eventId: string, key: string, idem: IdempotencyRequest | null) {
  const [first] = await db
    .select({ id: attendees.id })
    .from(attendees)
    .where(and(eq(attendees.eventId, eventId), eq(attendees.personKey, key)))
  if (idem) {
    try {
      await commit(db, [
        recordAnswer(db, idem, { status: 200, resourceType: 'attendee', resourceId: first.id }),
      ])
    } catch (err) {
      if (!isKeyRace(err)) throw err
    }
  }
  return again(first.id)
}

/** The registration's consent as it was given (its version, and in person or not), in the audit log too. */
const staffAudit = (user: SessionUser, id: string, eventId: string, consent: ConsentProof) => ({
  actor: `user:${user.id}`,
  action: 'attendance.register',
  subjectType: 'attendee',
  subjectId: id,
  eventId,
  data: { consentVersion: consent.version, ...(consent.given ? { consentGiven: consent.given } : {}) },
})
