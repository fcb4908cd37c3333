import { asc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { newId } from '../../db/ids'
import { areas, entities } from '../../db/schema'
import { actorOf, staff } from '../access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { areaSchema, idParam } from '../schemas/common'
import { entitySchema } from '../schemas/events'
import { commitAudited } from '../services/audit'
import { localDate } from '../services/calendar/local-date'
import { isPrefixTaken, isSeriesGuard, unlessSeriesBegun } from '../services/radicado'
import { validate } from '../validate'

const updateBody = entitySchema
  .partial()
  .extend({ areas: z.array(areaSchema).max(100).optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Indique al menos un cambio.')

export const entityRoutes = new Hono<AppEnv>()
  .get('/', staff(['moderator', 'analyst'], 'Listar entidades y sus áreas'), async (c) => {
    const { db } = c.var.deps
    const [list, allAreas] = await Promise.all([
      db.select().from(entities).orderBy(asc(entities.name)),
      db.select().from(areas).orderBy(asc(areas.id)),
    ])
    return c.json({
      entities: list.map((e) => ({
        ...e,
        areas: allAreas.filter((a) => a.entityId === e.id).map(({ key, name }) => ({ key, name })),
      })),
    })
  })
  .patch(
    '/:id',
    staff([], 'Actualizar los datos de una entidad (aviso de privacidad, radicado, áreas)'),
    validate('param', idParam),
    validate('json', updateBody),
    async (c) => {
      const { db, now } = c.var.deps
      const id = c.req.valid('param').id
      const { areas: areaList, ...fields } = c.req.valid('json')
      const [found] = await db.select().from(entities).where(eq(entities.id, id)).limit(1)
      if (!found) throw new ApiError('NOT_FOUND')
      // A series keeps the prefix it began with: radicados already given carry it, and the rest of the
      // year's numbers must read as the same series. A new prefix is taken before the year's first one;
      // checked in the batch, so a first radicado given meanwhile refuses the change too.
      const year = Number(localDate(now(), found.timezone).slice(0, 4))
      const renamed = fields.radicadoPrefix !== undefined && fields.radicadoPrefix !== found.radicadoPrefix
      // Areas alone leave the entity's own row as it is.
      const stmts = [
        ...(renamed && found.radicadoPrefix ? [unlessSeriesBegun(db, id, year)] : []),
        ...(Object.keys(fields).length ? [db.update(entities).set(fields).where(eq(entities.id, id))] : []),
        ...(areaList ?? []).map((a) =>
          db
            .insert(areas)
            .values({ id: newId(), entityId: id, ...a })
            .onConflictDoUpdate({ target: [areas.entityId, areas.key], set: { name: a.name } }),
        ),
      ]
      try {
        await commitAudited(
          db,
          stmts,
          [
            {
              actor: actorOf(c),
              action: 'entity.update',
              subjectType: 'entity',
              subjectId: id,
              data: c.req.valid('json'),
            },
          ],
          now(),
        )
      } catch (err) {
        if (isPrefixTaken(err)) throw new ApiError('RADICADO_PREFIX_TAKEN')
        if (isSeriesGuard(err)) throw new ApiError('RADICADO_PREFIX_IN_USE')
        throw err
      }
      const [entity] = await db.select().from(entities).where(eq(entities.id, id))
      return c.json({ entity })
    },
  )
