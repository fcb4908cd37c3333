import { asc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Stmt } from '../../db/atomic'
import { inList } from '../../db/bound'
import { newId } from '../../db/ids'
import { areas, type Entity, entities } from '../../db/schema'
import { actorOf, scopeOf, staff } from '../access'
import type { AppEnv } from '../env'
import { ApiError } from '../errors'
import { areaSchema, idParam } from '../schemas/common'
import { entitySchema, prefixSchema } from '../schemas/events'
import { commitAudited } from '../services/audit'
import { localDate } from '../services/calendar/local-date'
import { isEntityRace, nitColumns, nitTaken, refuseNit } from '../services/entities'
import { isPrefixTaken, isSeriesGuard, nextPrefixOf, unlessSeriesBegun } from '../services/radicado'
import { validate } from '../validate'

const updateBody = entitySchema
  .partial()
  .extend({
    areas: z.array(areaSchema).max(100).optional(),
    // A prefix from the first radicado of `fromYear` on; null cancels the one scheduled.
    radicadoPrefixNext: z
      .strictObject({ prefix: prefixSchema, fromYear: z.int().min(2000).max(9999) })
      .nullable()
      .optional()
      .describe(
        'Un prefijo desde el primer radicado de `fromYear`, cuando la serie del año en curso ya empezó; `null` cancela el programado. Otro año pasado o ya empezado: 409 RADICADO_PREFIX_IN_USE; un prefijo que otra entidad tiene o programó: 409 RADICADO_PREFIX_TAKEN.',
      ),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Indique al menos un cambio.')

/** The entity with its scheduled prefix change as one field: `{ prefix, fromYear }` or null. */
function entityView(e: Entity) {
  const { radicadoPrefixNext: _, radicadoPrefixNextYear: __, nitKey: ___, ...rest } = e
  return { ...rest, radicadoPrefixNext: nextPrefixOf(e) }
}

export const entityRoutes = new Hono<AppEnv>()
  .get(
    '/',
    staff(['moderator', 'analyst'], 'Listar entidades y sus áreas', { scope: 'listed' }),
    async (c) => {
      const { db } = c.get('deps')
      // A user scoped to some entities sees those only (server/access.ts).
      const scope = scopeOf(c)
      const [list, allAreas] = await Promise.all([
        db
          .select()
          .from(entities)
          .where(scope ? inList(entities.id, scope) : undefined)
          .orderBy(asc(entities.name)),
        db.select().from(areas).orderBy(asc(areas.id)),
      ])
      return c.json({
        entities: list.map((e) => ({
          ...entityView(e),
          areas: allAreas.filter((a) => a.entityId === e.id).map(({ key, name }) => ({ key, name })),
        })),
      })
    },
  )
  .patch(
    '/:id',
    staff(
      [],
      'Actualizar los datos de una entidad (aviso de privacidad, prefijo del radicado o su cambio programado, áreas)',
    ),
    validate('param', idParam),
    validate('json', updateBody),
    async (c) => {
      const { db, now } = c.get('deps')
      const id = c.req.valid('param').id
      const { areas: areaList, radicadoPrefixNext: next, ...fields } = c.req.valid('json')
      const [found] = await db.select().from(entities).where(eq(entities.id, id)).limit(1)
      if (!found) throw new ApiError('NOT_FOUND')
      if (fields.nit) refuseNit(fields.nit, found.country, 'nit')
      // A series keeps the prefix it began with: radicados already given carry it, and the rest of the
      // year's numbers must read as the same series. A new prefix is taken before the year's first one,
      // or scheduled for a later year; checked in the batch, so a first radicado given meanwhile refuses
      // the change too.
      const year = Number(localDate(now(), found.timezone).slice(0, 4))
      const renamed = fields.radicadoPrefix !== undefined && fields.radicadoPrefix !== found.radicadoPrefix
      const set: Partial<Entity> = { ...fields, ...(fields.nit ? nitColumns(fields.nit, found.country) : {}) }
      const guards: Stmt[] = renamed && found.radicadoPrefix ? [unlessSeriesBegun(db, id, year)] : []
      // A change now replaces one scheduled for this year that no radicado has taken yet.
      if (renamed && next === undefined && (found.radicadoPrefixNextYear ?? Infinity) <= year)
        Object.assign(set, { radicadoPrefixNext: null, radicadoPrefixNextYear: null })
      if (next) {
        // The prefix it already has (or is changed to in this request) would change nothing.
        if (next.prefix === (fields.radicadoPrefix ?? found.radicadoPrefix))
          throw new ApiError('VALIDATION_ERROR', {
            issues: [
              {
                path: 'radicadoPrefixNext.prefix',
                message: {
                  es: 'La entidad ya usa ese prefijo: indique otro.',
                  en: 'The entity already uses that prefix: give another.',
                },
              },
            ],
          })
        if (next.fromYear < year) throw new ApiError('RADICADO_PREFIX_IN_USE')
        guards.push(unlessSeriesBegun(db, id, next.fromYear))
        Object.assign(set, { radicadoPrefixNext: next.prefix, radicadoPrefixNextYear: next.fromYear })
      } else if (next === null && found.radicadoPrefixNextYear !== null) {
        // Too late to cancel once the first radicado of that year has taken it.
        guards.push(unlessSeriesBegun(db, id, found.radicadoPrefixNextYear))
        Object.assign(set, { radicadoPrefixNext: null, radicadoPrefixNextYear: null })
      }
      // Areas alone leave the entity's own row as it is.
      const stmts = [
        ...guards,
        ...(Object.keys(set).length ? [db.update(entities).set(set).where(eq(entities.id, id))] : []),
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
        if (isEntityRace(err)) throw nitTaken(found.country)
        throw err
      }
      const [entity] = await db.select().from(entities).where(eq(entities.id, id))
      return c.json({ entity: entityView(entity) })
    },
  )
