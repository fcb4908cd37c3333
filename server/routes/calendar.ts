import { Hono } from 'hono'
import { z } from 'zod'
import { requireInScope, staff } from '../access'
import type { AppEnv } from '../env'
import { waitUntilOf } from '../outbox'
import { countries, line } from '../schemas/common'
import { calendarView, removeCalendarDay, scopeOf, setCalendarDay } from '../services/calendar-days'
import { validate } from '../validate'

const country = z.enum(countries)
// Years the computed calendars are checked for; a date far from today is a typing mistake.
const year = z.coerce.number().int().min(2000).max(2100)
const date = z.iso
  .date('Fecha AAAA-MM-DD.')
  .refine((d) => year.safeParse(d.slice(0, 4)).success, 'Un año entre 2000 y 2100.')
const yearParam = z.object({ country, year })
const dayParam = z.object({ country, date })
const dayBody = z.strictObject({
  rest: z
    .boolean()
    .describe(
      'true: un día hábil pasa a ser de descanso; false: un feriado se trabaja (cuenta en los términos).',
    ),
  source: line(300).describe('El acto que lo decide, p. ej. "Decreto Ejecutivo 249 de 17-XII-2025".'),
})

const yearQuery = z.object({
  entityId: z.string().min(1).max(64).optional().describe('Con ella, el calendario de esa entidad.'),
})
const entityDayParam = z.object({ id: z.string().min(1).max(64), date })

/**
 * The official calendar the legal terms count on (server/services/calendar-days.ts). Staff read it;
 * admins record the days an official act changes, for a country or for one entity's offices, and the
 * running terms move with them.
 */
export const calendarRoutes = new Hono<AppEnv>()
  .get(
    '/:country/:year',
    staff(
      ['moderator', 'analyst'],
      'Feriados de un país y un año (o de una entidad), con el acto de cada uno',
      { scope: 'listed' },
    ),
    validate('param', yearParam),
    validate('query', yearQuery),
    async (c) => {
      const { db } = c.get('deps')
      const { country, year } = c.req.valid('param')
      const { entityId } = c.req.valid('query')
      // An entity's own days are its data: staff scoped to other entities are refused them.
      if (entityId) await requireInScope(c, { entityId })
      if (entityId) await scopeOf(db, entityId, country)
      return c.json(await calendarView(db, country, year, entityId))
    },
  )
  .put(
    '/:country/days/:date',
    staff(
      [],
      'Registrar un día de descanso o un feriado trabajado en un país; mueve los vencimientos en curso',
    ),
    validate('param', dayParam),
    validate('json', dayBody),
    async (c) => {
      const deps = c.get('deps')
      const result = await setCalendarDay(deps, c.get('user')!, {
        ...c.req.valid('param'),
        ...c.req.valid('json'),
      })
      deps.outbox.wake(waitUntilOf(c))
      return c.json(result)
    },
  )
  .delete(
    '/:country/days/:date',
    staff([], 'Quitar un día registrado en un país; los vencimientos en curso vuelven a contarse sin él'),
    validate('param', dayParam),
    async (c) => {
      const deps = c.get('deps')
      const result = await removeCalendarDay(deps, c.get('user')!, c.req.valid('param'))
      deps.outbox.wake(waitUntilOf(c))
      return c.json(result)
    },
  )

/** The days of one entity's offices alone (a canton's own holiday), under /api/entities/:id. */
export const entityCalendarRoutes = new Hono<AppEnv>()
  .put(
    '/:id/calendar/days/:date',
    staff([], 'Registrar un día de descanso propio de una entidad (feriado local); mueve sus vencimientos'),
    validate('param', entityDayParam),
    validate('json', dayBody),
    async (c) => {
      const deps = c.get('deps')
      const { id, date } = c.req.valid('param')
      const { country } = await scopeOf(deps.db, id)
      const result = await setCalendarDay(deps, c.get('user')!, {
        country,
        entityId: id,
        date,
        ...c.req.valid('json'),
      })
      deps.outbox.wake(waitUntilOf(c))
      return c.json(result)
    },
  )
  .delete(
    '/:id/calendar/days/:date',
    staff([], 'Quitar un día propio de una entidad; sus vencimientos en curso vuelven a contarse sin él'),
    validate('param', entityDayParam),
    async (c) => {
      const deps = c.get('deps')
      const { id, date } = c.req.valid('param')
      const { country } = await scopeOf(deps.db, id)
      const result = await removeCalendarDay(deps, c.get('user')!, { country, entityId: id, date })
      deps.outbox.wake(waitUntilOf(c))
      return c.json(result)
    },
  )
