import { type Context, Hono } from 'hono'
import { actorOf, open, scopeOf, staff } from '../access'
import type { AppEnv } from '../env'
import { langOf } from '../errors'
import { cachedJson } from '../read-cache'
import { slugParam } from '../schemas/common'
import { createdEventAnswer, eventAnswer, publicEventAnswer } from '../schemas/contract'
import { createEventBody, listEventsQuery, updateEventBody } from '../schemas/events'
import { fixedForms } from '../schemas/fixed-forms'
import {
  createEvent,
  listEvents,
  publicEventView,
  requireEvent,
  staffEventView,
  updateEvent,
} from '../services/events'
import { formsAndConsent } from '../services/form-views'
import { widgetStrings } from '../services/widget-strings'
import { validate } from '../validate'
import { attendeePage } from './attendance'

/** What staff see of an event, with the address its QR code encodes (`pageUrl`), to paste in a chat. */
const forStaff = (c: Context<AppEnv>, full: Parameters<typeof staffEventView>[0]) => ({
  ...staffEventView(full),
  pageUrl: attendeePage(c, full.event.slug),
})

export const eventRoutes = new Hono<AppEnv>()
  .post(
    '/',
    staff([], 'Crear un evento', {
      ok: [201],
      answers: { 201: createdEventAnswer },
      // CONFLICT: created open while its entity lacks what the privacy notice names (server/services/entities.ts).
      errors: [
        'SLUG_TAKEN',
        'CONFLICT',
        'ENTITY_COUNTRY_MISMATCH',
        'ENTITY_NIT_TAKEN',
        'RADICADO_PREFIX_TAKEN',
      ],
    }),
    validate('json', createEventBody),
    async (c) => {
      const full = await createEvent(c.get('deps'), actorOf(c), c.req.valid('json'))
      // An entity already registered keeps what it has: what the request brought otherwise is said, not written.
      const differs = full.entityDiffers.length ? { entityDiffers: full.entityDiffers } : {}
      return c.json({ event: forStaff(c, full), ...differs }, 201)
    },
  )
  .get(
    '/',
    staff(['moderator', 'analyst'], 'Listar eventos', { scope: 'listed' }),
    validate('query', listEventsQuery),
    async (c) => {
      const rows = await listEvents(c.get('deps').db, { ...c.req.valid('query'), entityIds: scopeOf(c) })
      return c.json({
        events: rows.map(({ event, entity }) => ({
          slug: event.slug,
          title: event.title,
          startsAt: event.startsAt,
          // Its date is read on its own clock: a Galápagos event at 23:30 on Monday is on Monday.
          timezone: event.timezone,
          status: event.status,
          modality: event.modality,
          demo: event.demo,
          entity: { id: entity.id, name: entity.name },
        })),
      })
    },
  )
  .get(
    '/:slug',
    open('Vista pública de un evento', { answers: { 200: publicEventAnswer } }),
    validate('param', slugParam),
    async (c) => {
      const staffView = Boolean(c.get('user'))
      const { slug } = c.req.valid('param')
      const lang = langOf(c)
      const build = async () => {
        const full = await requireEvent(c.get('deps').db, slug, { staff: staffView })
        const extras = await formsAndConsent(c.get('deps'), full, lang)
        const event = staffView ? forStaff(c, full) : publicEventView(full)
        // The widget's own texts and the attendance and question forms come with the event, so widget.js
        // carries none of them.
        const fixed = fixedForms(lang, extras.forms, full.areas, full.event.modality, full.event.country)
        return { event, ...extras, strings: widgetStrings(lang), fixedForms: fixed }
      }
      // What every attendee's page loads first: built once and kept (server/read-cache.ts).
      return staffView ? c.json(await build()) : cachedJson(c, `event\n${slug}\n${lang}`, build)
    },
  )
  .patch(
    '/:slug',
    staff([], 'Actualizar un evento', {
      answers: { 200: eventAnswer },
      // Opened while its entity lacks what the privacy notice names.
      errors: ['CONFLICT'],
    }),
    validate('param', slugParam),
    validate('json', updateEventBody),
    async (c) => {
      const full = await updateEvent(
        c.get('deps'),
        actorOf(c),
        c.req.valid('param').slug,
        c.req.valid('json'),
      )
      return c.json({ event: forStaff(c, full) })
    },
  )
