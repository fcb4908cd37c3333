import { and, asc, count, eq, gt, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { Db } from '../../db/client'
import { type Attendee, attendees, type Event } from '../../db/schema'
import type { Lang } from '../messages'
import type { AttendanceListQuery } from '../schemas/attendance'
import { linkLabel, type Opt } from './attendance-summary'
import { type Codes, codesOf } from './checkin-codes'
import { localTime } from './local-time'
import {
  ageOptions,
  bankLabel,
  channelOptions,
  educationOptions,
  genderOptions,
  occupationOptions,
  populationGroupsOf,
  populationOptions,
} from './question-bank'
import type { Cell, Paged } from './spreadsheet'

/** The staff list of registrations: filtered pages, and the whole list as a table for CSV and XLSX. */
function filters(eventId: string, q: Partial<AttendanceListQuery>, codes: Codes): SQL {
  const parts: (SQL | undefined)[] = [eq(attendees.eventId, eventId)]
  if (q.checkedIn)
    parts.push(q.checkedIn === 'true' ? isNotNull(attendees.checkedInAt) : isNull(attendees.checkedInAt))
  if (q.q) {
    // A substring, letters compared in either case as LIKE does (ASCII), but without LIKE: D1 refuses a
    // pattern over 50 bytes (a whole name typed at the door), and `_` or `%` in an e-mail are plain text.
    const has = (column: SQLiteColumn) => sql`instr(lower(${column}), lower(${q.q})) > 0`
    parts.push(
      or(
        has(attendees.name),
        has(attendees.documentNumber),
        has(attendees.email),
        inArray(attendees.checkinCode, codes.lookedFor(q.q.toUpperCase())),
      ),
    )
  }
  if (q.cursor) parts.push(gt(attendees.id, q.cursor))
  return and(...parts)!
}

/** A page of registrations, each with its check-in code as the person holds it. */
export async function listAttendees(db: Db, eventId: string, q: Partial<AttendanceListQuery>, limit: number) {
  const codes = await codesOf(db)
  const rows = await db
    .select()
    .from(attendees)
    .where(filters(eventId, q, codes))
    .orderBy(asc(attendees.id))
    .limit(limit + 1)
  const page = rows.slice(0, limit).map((a) => ({ ...a, checkinCode: codes.shown(a.checkinCode) }))
  return { rows: page, nextCursor: rows.length > limit ? rows[limit - 1].id : null }
}

/**
 * What staff see of a registration: everything but the token and the dedupe key; the sensitive
 * population groups only for roles that tabulate them (moderators at the door do not need them).
 */
export const staffView = (a: Attendee, sensitive: boolean) => {
  const { tokenHash: _h, tokenSealed: _s, personKey: _k, eventId: _e, populationGroups, ...rest } = a
  return sensitive ? { ...rest, populationGroups } : rest
}

const headers = {
  es: [
    'Nombre',
    'Tipo de documento',
    'Número de documento',
    'Correo',
    'Teléfono',
    'Género',
    'Rango de edad',
    'Ocupación',
    'Escolaridad',
    'Grupo poblacional',
    'Territorio',
    'Medio por el que se enteró',
    'Canal del enlace',
    'Origen',
    'Registro',
    'Ingreso',
    'Código de ingreso',
    'Versión del aviso',
    'Autorización',
    'Forma de la autorización',
  ],
  en: [
    'Name',
    'Document type',
    'Document number',
    'E-mail',
    'Phone',
    'Gender',
    'Age range',
    'Occupation',
    'Education',
    'Population group',
    'Territory',
    'How they heard',
    'Link channel',
    'Source',
    'Registered',
    'Checked in',
    'Check-in code',
    'Notice version',
    'Consent',
    'How consent was given',
  ],
}

// How the authorisation was given, the proof Ley 1581 asks the entity to keep of each one: on the form by
// the person, typed in by staff, or in person at the door, to the staff account named as the audit log
// names it (`user:<id>`, the actor of the registration's entry), never by its e-mail.
const givenText = {
  es: {
    form: 'Formulario, marcada por la persona',
    staff: 'Formulario, diligenciado por el personal',
    inPerson: 'En persona, ante el personal',
  },
  en: {
    form: 'Form, ticked by the person',
    staff: 'Form, filled in by staff',
    inPerson: 'In person, to staff',
  },
}
const consentGiven = (a: Attendee, lang: Lang) => {
  const w = givenText[lang]
  if (a.consent.given === 'in_person')
    return a.consent.receivedBy ? `${w.inPerson} (${a.consent.receivedBy})` : w.inPerson
  return a.source === 'staff' ? w.staff : w.form
}

// A row whose personal data was erased (server/services/anonymize.ts) still counts in the list.
const anonymized = { es: '(registro anonimizado)', en: '(anonymised registration)' }

/**
 * The whole list, a page of registrations at a time, times in the event's time zone, options by their
 * labels; the population groups only where `sensitive`.
 */
export function attendanceExport(
  db: Db,
  event: Event,
  q: Partial<AttendanceListQuery>,
  lang: Lang,
  sensitive: boolean,
): Paged {
  const tz = event.timezone
  const l = (opts: Opt, v: string | null) => (v ? bankLabel(opts, v, lang) : '')
  // In the event's country's words ("Afroecuatoriano(a)…" at an Ecuadorian event), else either country's.
  const groups = populationGroupsOf(event.country)
  const groupLabel = (g: string) =>
    groups.some(([v]) => v === g) ? bankLabel(groups, g, lang) : bankLabel(populationOptions, g, lang)
  const at = sensitive ? -1 : headers.es.indexOf('Grupo poblacional')
  const shown = (row: Cell[]) => (at < 0 ? row : row.filter((_, i) => i !== at))
  return {
    headers: shown(headers[lang]) as string[],
    async *pages() {
      for (let cursor: string | undefined = q.cursor; ; ) {
        const page = await listAttendees(db, event.id, { ...q, cursor }, 1000)
        yield page.rows.map((a) =>
          shown([
            a.anonymizedAt ? anonymized[lang] : a.name,
            a.documentType,
            a.documentNumber,
            a.email,
            a.phone,
            l(genderOptions, a.gender),
            l(ageOptions, a.ageRange),
            l(occupationOptions, a.occupation),
            l(educationOptions, a.education),
            (a.populationGroups ?? []).map((g) => groupLabel(g)).join('; '),
            a.territory,
            l(channelOptions, a.channel),
            a.linkChannel ? linkLabel(a.linkChannel, lang) : '',
            a.source === 'staff'
              ? lang === 'en'
                ? 'Staff'
                : 'Personal'
              : lang === 'en'
                ? 'Form'
                : 'Formulario',
            localTime(a.createdAt, tz),
            localTime(a.checkedInAt, tz),
            a.anonymizedAt ? '' : a.checkinCode,
            a.consent.version,
            localTime(a.consent.at, tz),
            consentGiven(a, lang),
          ]),
        )
        if (!page.nextCursor) return
        cursor = page.nextCursor
      }
    },
  }
}

/** How many registrations the list holds (what an export records in the audit log). */
export async function countAttendees(db: Db, eventId: string, q: Partial<AttendanceListQuery>) {
  const [row] = await db
    .select({ n: count() })
    .from(attendees)
    .where(filters(eventId, { ...q, cursor: undefined }, await codesOf(db)))
  return row?.n ?? 0
}
