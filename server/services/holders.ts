import { and, desc, eq, isNull, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm'
import { inList } from '../../db/bound'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import {
  type Attendee,
  attendees,
  consentNotices,
  entities,
  events,
  questions,
  questionVotes,
} from '../../db/schema'
import type { HolderSearch } from '../schemas/holders'
import { documentDigits, documentSeries, everySeries, seriesTypes } from './attendance-counters'
import { commitAudited } from './audit'
import { consentRecord } from './consent'
import { holderView } from './rectify'

/** At most this many registrations and as many petitions in one answer; `truncated` says when more. */
export const HOLDER_CAP = 200

type Key = 'documentNumber' | 'email' | 'phone'
type Probe = { doc?: string; type?: string; email?: string; phone?: string }

/** `column` without the separators people type in documents and phones, for the SQL side of the match. */
const stripped = (column: SQLWrapper, chars: string[]): SQL =>
  chars.reduce<SQL>((s, ch) => sql`replace(${s}, ${ch}, '')`, sql`${column}`)
const docChars = ['.', '-', ' ', ',', '/', '_']
const phoneChars = [' ', '(', ')', '-', '.', '+']

/**
 * A phone as its national number, so that one phone written two ways is one: "+57 300 123 4567",
 * "0057 3001234567" and "300 123 4567" are one Colombian mobile; "+593 99 123 4567" and "099 123 4567"
 * one Ecuadorian, its trunk 0 dropped (02 234 5678 and +593 2 234 5678 alike). Colombian numbers have ten
 * digits and start with 3 or 60, Ecuadorian ones with 2 to 9 after the 0, so neither country's number
 * starts with the other's code.
 */
export function nationalPhone(v: string): string {
  let d = v.replace(/\D/g, '')
  if (d.startsWith('00')) d = d.slice(2)
  if (d.length === 12 && d.startsWith('57')) return d.slice(2)
  if ((d.length === 11 || d.length === 12) && d.startsWith('593')) return d.slice(3)
  return d.startsWith('0') ? d.slice(1) : d
}

/**
 * The rows whose phone may be `national`: it ends their digits (after a country code or a trunk 0).
 * Cheap enough to scan with (one pass of `replace`); `nationalPhone` then decides each row.
 */
const phoneMayBe = (column: SQLWrapper, national: string): SQL =>
  sql`${stripped(column, phoneChars)} like ${`%${national}`}`

/** The keys a stored record matches, normalised as a registration normalises them for `person_key`. */
function matchedBy(
  p: Probe,
  r: {
    documentType: string | null
    documentNumber: string | null
    email: string | null
    phone: string | null
  },
) {
  const keys: Key[] = []
  if (
    p.doc &&
    r.documentNumber &&
    documentDigits(r.documentNumber) === p.doc &&
    (!p.type || documentSeries(r.documentType) === documentSeries(p.type))
  )
    keys.push('documentNumber')
  if (p.email && r.email?.trim().toLowerCase() === p.email) keys.push('email')
  if (p.phone && r.phone && nationalPhone(r.phone) === p.phone) keys.push('phone')
  return keys
}

const eventColumns = {
  slug: events.slug,
  title: events.title,
  startsAt: events.startsAt,
  timezone: events.timezone,
  // The console offers a registration's correction the documents and groups of its event's country.
  country: events.country,
  entityName: entities.name,
}

/**
 * Everything the service holds about one person, for an answer to a habeas-data request: every
 * registration in every event (with the votes cast with its token) and every petition that names them.
 * Survey responses are not linked to anyone by design (server/services/responses.ts), so none is found.
 * The lookup is audited with the kinds of key used and what was disclosed, never the values searched.
 */
export async function findHolder(db: Db, actor: string, q: HolderSearch, now: Date) {
  const p: Probe = {
    doc: q.documentNumber ? documentDigits(q.documentNumber) : undefined,
    type: q.documentType,
    email: q.email?.toLowerCase(),
    phone: q.phone ? nationalPhone(q.phone) : undefined,
  }
  const byAttendee: SQL[] = []
  if (p.doc)
    byAttendee.push(
      // With its kind, the number's series: a TI's holder who now has the CC of the same number is the
      // same person, as a registration takes them to be.
      p.type
        ? eq(attendees.personKey, `doc:${documentSeries(p.type)}:${p.doc}`)
        : inList(
            attendees.personKey,
            everySeries.map((series) => `doc:${series}:${p.doc}`),
          ),
    )
  if (p.email) byAttendee.push(eq(attendees.email, p.email))
  if (p.phone) byAttendee.push(phoneMayBe(attendees.phone, p.phone))
  const regs = await db
    .select({ a: attendees, event: eventColumns, notice: noticeColumns })
    .from(attendees)
    .innerJoin(events, eq(events.id, attendees.eventId))
    .innerJoin(entities, eq(entities.id, events.entityId))
    // An anonymised registration is no one's any more: it never answers a holder's request.
    .where(and(or(...byAttendee), isNull(attendees.anonymizedAt)))
    .orderBy(desc(attendees.createdAt))
    .limit(HOLDER_CAP + 1)

  const byPetition: SQL[] = []
  if (p.doc)
    byPetition.push(
      and(
        sql`upper(${stripped(questions.documentNumber, docChars)}) = ${p.doc}`,
        p.type ? inList(questions.documentType, [...seriesTypes(p.type)]) : undefined,
      )!,
    )
  if (p.email) byPetition.push(sql`lower(${questions.email}) = ${p.email}`)
  if (p.phone) byPetition.push(phoneMayBe(questions.phone, p.phone))
  const asked = await db
    .select({ q: questions, event: eventColumns })
    .from(questions)
    .innerJoin(events, eq(events.id, questions.eventId))
    .innerJoin(entities, eq(entities.id, events.entityId))
    .where(or(...byPetition))
    .orderBy(desc(questions.receivedAt))
    .limit(HOLDER_CAP + 1)

  // A phone that only ends like the one searched (another country's, a longer number) is not theirs.
  const registrations = regs
    .slice(0, HOLDER_CAP)
    .map((r) => ({ ...r, keys: matchedBy(p, r.a) }))
    .filter((r) => r.keys.length)
  const petitions = asked
    .slice(0, HOLDER_CAP)
    .map((r) => ({ ...r, keys: matchedBy(p, r.q) }))
    .filter((r) => r.keys.length)
  const votes = await votesOf(
    db,
    registrations.map((r) => r.a.id),
  )
  const notices = await noticesOf(db, registrations)
  const answer = {
    keys: keysOf(q),
    registrations: registrations.map(({ a, event, keys }) => ({
      ...holderView(a),
      // The notice this person accepted, in the words and the language shown: the proof of the consent.
      consentNotice: notices.get(a.consent.version)?.[a.consent.lang] ?? null,
      event,
      matchedBy: keys,
      votes: votes.filter((v) => v.voterKey === `att:${a.id}`).map(({ voterKey, ...v }) => v),
    })),
    petitions: petitions.map(({ q: x, event, keys }) => ({
      id: x.id,
      radicado: x.radicado,
      event,
      type: x.type,
      status: x.status,
      receivedAt: x.receivedAt,
      dueDate: x.dueDate,
      text: x.text,
      anonymous: x.anonymous,
      identityReserve: x.identityReserve,
      name: x.name,
      documentType: x.documentType,
      documentNumber: x.documentNumber,
      email: x.email,
      phone: x.phone,
      address: x.address,
      answer: x.answer,
      answeredAt: x.answeredAt,
      matchedBy: keys,
    })),
    surveyResponses: { linked: false as const },
    truncated: regs.length > HOLDER_CAP || asked.length > HOLDER_CAP,
  }
  const audit = {
    actor,
    action: 'holder.search',
    subjectType: 'holder_search',
    subjectId: newId(),
    // Which kinds of key were used and what was disclosed (ids only): never the values searched.
    data: {
      keys: answer.keys,
      attendees: answer.registrations.map((r) => r.id),
      questions: answer.petitions.map((x) => x.id),
      truncated: answer.truncated,
    },
  }
  await commitAudited(db, [], [audit], now)
  return answer
}

const noticeColumns = {
  country: events.country,
  title: events.title,
  name: entities.name,
  nit: entities.nit,
  address: entities.address,
  email: entities.email,
  phone: entities.phone,
}

/**
 * The notices the registrations accepted, by version: as `consent_notices` keeps them, or for one accepted
 * before they were kept, the notice as it reads now if it hashes to the same version (it is then the
 * same text, word for word). Otherwise none: its words changed since and were not kept.
 */
async function noticesOf(
  db: Db,
  regs: { a: Attendee; notice: Parameters<typeof consentRecord>[0] & Parameters<typeof consentRecord>[1] }[],
) {
  const wanted = [...new Set(regs.map((r) => r.a.consent.version))]
  const out = new Map<string, Record<string, unknown>>()
  if (!wanted.length) return out
  for (const row of await db.select().from(consentNotices).where(inList(consentNotices.version, wanted)))
    out.set(row.version, JSON.parse(row.text))
  for (const r of regs) {
    if (out.has(r.a.consent.version)) continue
    const now = await consentRecord(r.notice, r.notice)
    if (now.version === r.a.consent.version) out.set(now.version, JSON.parse(now.text))
  }
  return out
}

const keysOf = (q: HolderSearch) =>
  (['documentType', 'documentNumber', 'email', 'phone'] as const).filter((k) => q[k] !== undefined)

async function votesOf(db: Db, ids: string[]) {
  if (!ids.length) return []
  return db
    .select({
      voterKey: questionVotes.voterKey,
      questionId: questions.id,
      radicado: questions.radicado,
      votedAt: questionVotes.createdAt,
    })
    .from(questionVotes)
    .innerJoin(questions, eq(questions.id, questionVotes.questionId))
    .where(
      inList(
        questionVotes.voterKey,
        ids.map((id) => `att:${id}`),
      ),
    )
}
