import { Hono } from 'hono'
import { z } from 'zod'
import { staff } from '../access'
import type { AppEnv } from '../env'
import { waitUntilOf } from '../outbox'
import { countries, text } from '../schemas/common'
import { calendarView, removeCalendarDay, setCalendarDay } from '../services/calendar-days'
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
  source: text(300).describe('El acto que lo decide, p. ej. "Decreto Ejecutivo 249 de 17-XII-2025".'),
})

/**
 * The official calendar the legal terms count on (server/services/calendar-days.ts). Staff read it;
 * admins record the days an official act changes, and the running terms move with them.
 */
export const calendarRoutes = new Hono<AppEnv>()
  .get(
    '/:country/:year',
    staff(['moderator', 'analyst'], 'Feriados de un país y un año, con los días registrados por decreto'),
    validate('param', yearParam),
    async (c) => {
      const { country, year } = c.req.valid('param')
      return c.json(await calendarView(c.var.deps.db, country, year))
    },
  )
  .put(
    '/:country/days/:date',
    staff([], 'Registrar un día de descanso o un feriado trabajado; mueve los vencimientos en curso'),
    validate('param', dayParam),
    validate('json', dayBody),
    async (c) => {
      const { deps } = c.var
      const result = await setCalendarDay(deps, c.var.user!, {
        ...c.req.valid('param'),
        ...c.req.valid('json'),
      })
      deps.outbox.wake(waitUntilOf(c))
      return c.json(result)
    },
  )
  .delete(
    '/:country/days/:date',
    staff([], 'Quitar un día registrado; los vencimientos en curso vuelven al calendario calculado'),
    validate('param', dayParam),
    async (c) => {
      const { deps } = c.var
      const { country, date } = c.req.valid('param')
      const result = await removeCalendarDay(deps, c.var.user!, country, date)
      deps.outbox.wake(waitUntilOf(c))
      return c.json(result)
    },
  )
