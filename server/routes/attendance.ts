import { type Context, Hono } from 'hono'
import { renderSVG } from 'uqr'
import { actorOf, open, staff } from '../access'
import type { AppEnv } from '../env'
import { ApiError, langOf } from '../errors'
import { limitSubmissions } from '../ratelimit/middleware'
import {
  attendanceListQuery,
  attendeeParam,
  canalQuery,
  checkinBody,
  codeParam,
  codeQuery,
  registrationBody,
  undoQuery,
} from '../schemas/attendance'
import { slugParam } from '../schemas/common'
import {
  anonymizedAnswer,
  rectifiedAnswer,
  registeredAgainAnswer,
  registeredAnswer,
  walkInAnswer,
} from '../schemas/contract'
import { rectifyBody } from '../schemas/holders'
import { anonymizeAttendance } from '../services/anonymize'
import { register } from '../services/attendance'
import { canal } from '../services/attendance-counters'
import { attendanceExport, countAttendees, listAttendees, staffView } from '../services/attendance-export'
import { attendanceSummary, publicBreakdown } from '../services/attendance-summary'
import { commitAudited } from '../services/audit'
import { deleteRegistration, eventForStaff, setCheckin } from '../services/checkin'
import { requireEvent } from '../services/events'
import { idempotencyOf, unreadOf } from '../services/idempotency'
import { rectifyRegistration } from '../services/rectify'
import { csvStream, fileName, spreadsheetTypes, xlsxStream } from '../services/spreadsheet'
import { CHECKIN_CODE_LENGTH, normaliseCode } from '../services/token-seal'
import { registerWalkIn } from '../services/walk-in'
import { validate } from '../validate'

const svg = (text: string) =>
  new Response(renderSVG(text, { ecc: 'M', border: 2, pixelSize: 10 }), {
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  })

/**
 * The attendee page's address as citizens are to open it: on CABILDO_PUBLIC_URL when set (staff may reach
 * the server by an internal address), else where this request came. The QR encodes it; staff see it.
 */
export const attendeePage = (c: Context<AppEnv>, slug: string) =>
  `${c.get('deps').config.publicUrl ?? new URL(c.req.url).origin}/e/${encodeURIComponent(slug)}`

export const attendanceRoutes = new Hono<AppEnv>()
  .post(
    '/:slug/attendance',
    open('Registrar la asistencia (con autorización de datos)', {
      ok: [201, 200],
      idempotent: true,
      answers: { 201: registeredAnswer, 200: registeredAgainAnswer },
      errors: ['EVENT_CLOSED', 'CONSENT_OUTDATED'],
    }),
    limitSubmissions,
    validate('param', slugParam),
    // Staff at the door register here: theirs is an audited change. A person's own goes to the submitter,
    // which may read the body itself (`readsBodies`).
    validate('json', registrationBody, {
      unreadWhen: (c) => !c.get('user') && !!c.get('deps').submitter?.readsBodies,
    }),
    // Not an async function, which would stay suspended while the registration waits for its commit.
    (c) => {
      const { slug } = c.req.valid('param')
      const scope = `attendance:${slug}`
      const deps = c.get('deps')
      const unread = unreadOf(c, scope)
      if (unread && deps.submitter) {
        return deps.submitter
          .attendance(deps, { slug, lang: langOf(c), unread })
          .then((r) => c.json(r.body, r.status))
      }
      const body = c.req.valid('json')
      const idem = idempotencyOf(c, scope, body)
      const submit = (!c.get('user') && deps.submitter?.attendance) || register
      return submit(deps, { slug, body, user: c.get('user'), lang: langOf(c), idem }).then((r) =>
        c.json(r.body, r.status),
      )
    },
  )
  .get(
    '/:slug/attendance',
    staff(['moderator', 'analyst'], 'Listar o exportar (CSV, XLSX) los asistentes'),
    validate('param', slugParam),
    validate('query', attendanceListQuery),
    async (c) => {
      const { db, now } = c.get('deps')
      const q = c.req.valid('query')
      const event = await eventForStaff(db, c.req.valid('param').slug)
      const sensitive = c.get('user')!.role !== 'moderator'
      if (q.format === 'json') {
        const page = await listAttendees(db, event.id, q, q.limit)
        // A page of the list with the sensitive columns (analysts, admins) is personal data read: kept as
        // the exports are. A moderator's page at the door, without them, is not.
        if (sensitive && page.rows.length)
          await commitAudited(
            db,
            [],
            [
              {
                actor: actorOf(c),
                action: 'attendance.read',
                subjectType: 'event',
                subjectId: event.id,
                eventId: event.id,
                data: {
                  rows: page.rows.length,
                  ...(q.q ? { search: true } : {}),
                  ...(q.cursor ? { page: 'next' } : {}),
                },
              },
            ],
            now(),
          )
        return c.json({
          attendees: page.rows.map((a) => staffView(a, sensitive)),
          nextCursor: page.nextCursor,
        })
      }
      const where = { q: q.q, checkedIn: q.checkedIn }
      // Personal data leaving the system: who took it, when, and how much.
      const audit = {
        actor: actorOf(c),
        action: 'attendance.export',
        subjectType: 'event',
        subjectId: event.id,
        eventId: event.id,
        data: { format: q.format, rows: await countAttendees(db, event.id, where) },
      }
      await commitAudited(db, [], [audit], now())
      const name = fileName(`asistencia-${event.slug}`, q.format)
      const paged = attendanceExport(db, event, where, langOf(c), sensitive)
      const content =
        q.format === 'csv'
          ? csvStream(paged, q.delimiter)
          : xlsxStream(paged, 'Asistencia', { lang: langOf(c) })
      return c.body(content, 200, {
        'content-type': spreadsheetTypes[q.format],
        'content-disposition': `attachment; filename="${name}"`,
      })
    },
  )
  .get(
    '/:slug/attendance/summary',
    open('Totales y caracterización de la asistencia (en público, con celdas menores de 5 ocultas)'),
    validate('param', slugParam),
    async (c) => {
      const full = await requireEvent(c.get('deps').db, c.req.valid('param').slug, {
        staff: Boolean(c.get('user')),
      })
      const lang = langOf(c)
      const summary = await attendanceSummary(c.get('deps').db, full.event, lang)
      if (c.get('user')) return c.json(summary)
      return c.json({ ...summary, breakdowns: summary.breakdowns.map((b) => publicBreakdown(b, lang)) })
    },
  )
  .post(
    '/:slug/attendance/anonymize',
    staff([], 'Anonimizar los registros de asistencia de un evento cerrado (supresión, finalidad cumplida)', {
      answers: { 200: anonymizedAnswer },
      errors: ['EVENT_NOT_CLOSED'],
    }),
    validate('param', slugParam),
    async (c) => {
      const anonymized = await anonymizeAttendance(c.get('deps'), actorOf(c), c.req.valid('param').slug)
      return c.json({ anonymized })
    },
  )
  .delete(
    '/:slug/attendance/:id',
    staff([], 'Eliminar un registro de asistencia (derecho de supresión)', {
      ok: [204],
      errors: ['REGISTRATION_ANONYMIZED'],
    }),
    validate('param', attendeeParam),
    async (c) => {
      const { slug, id } = c.req.valid('param')
      await deleteRegistration(c.get('deps'), c.get('user')!, slug, id)
      return c.body(null, 204)
    },
  )
  .patch(
    '/:slug/attendance/:id',
    staff([], 'Rectificar un registro de asistencia (derecho de rectificación)', {
      answers: { 200: rectifiedAnswer },
      errors: ['PERSON_ALREADY_REGISTERED', 'REGISTRATION_ANONYMIZED'],
    }),
    validate('param', attendeeParam),
    validate('json', rectifyBody),
    async (c) => {
      const { slug, id } = c.req.valid('param')
      const input = { slug, id, body: c.req.valid('json'), lang: langOf(c) }
      const attendee = await rectifyRegistration(c.get('deps'), c.get('user')!, input)
      return c.json({ attendee })
    },
  )
  .post(
    '/:slug/checkins',
    staff(['moderator'], 'Registrar el ingreso de un asistente por su código o su documento', {
      errors: ['ATTENDEE_NOT_FOUND', 'EVENT_CLOSED', 'EVENT_NOT_OPEN'],
    }),
    validate('param', slugParam),
    validate('json', checkinBody),
    async (c) => {
      const r = await setCheckin(
        c.get('deps'),
        c.get('user')!,
        c.req.valid('param').slug,
        c.req.valid('json').code,
        true,
      )
      return c.json({ attendee: r.attendee, alreadyCheckedIn: !r.changed })
    },
  )
  .post(
    '/:slug/walk-ins',
    staff(
      ['moderator'],
      'Registrar en la puerta a quien llega sin inscripción (autorización dada en persona) y registrar su ingreso',
      {
        ok: [201, 200],
        idempotent: true,
        answers: { 201: walkInAnswer, 200: walkInAnswer },
        errors: ['EVENT_CLOSED', 'EVENT_NOT_OPEN', 'CONSENT_OUTDATED', 'ATTENDEE_NOT_FOUND'],
      },
    ),
    validate('param', slugParam),
    validate('json', registrationBody),
    async (c) => {
      const { slug } = c.req.valid('param')
      const body = c.req.valid('json')
      // The scope of the attendance form's keys: a registration's deletion forgets what was sent with them.
      const idem = idempotencyOf(c, `attendance:${slug}`, body)
      const r = await registerWalkIn(c.get('deps'), c.get('user')!, { slug, body, lang: langOf(c), idem })
      return c.json(r.body, r.status)
    },
  )
  .delete(
    '/:slug/checkins/:code',
    staff(['moderator'], 'Deshacer el ingreso de un asistente', {
      errors: ['EVENT_CLOSED', 'CHECKIN_CHANGED'],
    }),
    validate('param', codeParam),
    validate('query', undoQuery),
    async (c) => {
      const { slug, code } = c.req.valid('param')
      const { checkedInAt } = c.req.valid('query')
      const r = await setCheckin(c.get('deps'), c.get('user')!, slug, code, false, checkedInAt)
      return c.json({ attendee: r.attendee, changed: r.changed })
    },
  )
  .get(
    '/:slug/qr.svg',
    open('Código QR del enlace de inscripción (?canal=whatsapp para medir el canal)'),
    validate('param', slugParam),
    validate('query', canalQuery),
    async (c) => {
      const deps = c.get('deps')
      const full = await requireEvent(deps.db, c.req.valid('param').slug, { staff: Boolean(c.get('user')) })
      const { canal: given } = c.req.valid('query')
      const query = given ? `?canal=${canal(given)}` : ''
      return svg(`${attendeePage(c, full.event.slug)}${query}`)
    },
  )
  .get(
    '/:slug/checkin-qr.svg',
    open('Código QR de un código de ingreso, para mostrarlo en la puerta'),
    validate('param', slugParam),
    validate('query', codeQuery),
    async (c) => {
      const code = normaliseCode(c.req.valid('query').code)
      if (code.length !== CHECKIN_CODE_LENGTH)
        throw new ApiError('VALIDATION_ERROR', {
          issues: [
            {
              path: 'code',
              message: {
                es: `El código tiene ${CHECKIN_CODE_LENGTH} caracteres.`,
                en: `The code has ${CHECKIN_CODE_LENGTH} characters.`,
              },
            },
          ],
        })
      await requireEvent(c.get('deps').db, c.req.valid('param').slug, { staff: Boolean(c.get('user')) })
      return svg(code)
    },
  )
