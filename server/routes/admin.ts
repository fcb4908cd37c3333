import { Hono } from 'hono'
import { z } from 'zod'
import { actorOf, staff } from '../access'
import type { AppEnv } from '../env'
import { langOf } from '../errors'
import { commitAudited } from '../services/audit'
import { countersReport } from '../services/maintenance'
import { validate } from '../validate'

const slug = z.string().min(1).max(120)
const countersQuery = z.object({ slug: slug.optional() })
const rebuildBody = z.strictObject({
  slug: slug.optional(),
  force: z
    .boolean()
    .optional()
    .describe('Reescribir aunque no haya diferencias (p. ej. tras restaurar una copia).'),
})

const timeTravel = {
  es: 'En Workers, la copia de seguridad es D1 Time Travel: D1 guarda el estado de cada minuto de los últimos 30 días (7 en el plan gratuito). Anote este instante y restaure con wrangler (la restauración reemplaza la base en uso); para una copia portable, exporte a SQL.',
  en: 'On Workers, the backup is D1 Time Travel: D1 keeps the state of every minute of the last 30 days (7 on the free plan). Note this instant and restore with wrangler (a restore replaces the live database); for a portable copy, export to SQL.',
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')

/** Operations on the whole installation: backups and the counters' consistency. Admins only. */
export const adminRoutes = new Hono<AppEnv>()
  .post(
    '/backup',
    staff(
      [],
      'Copia de seguridad consistente de la base de datos (Node); en Workers, cómo usar D1 Time Travel',
    ),
    async (c) => {
      const deps = c.get('deps')
      const at = deps.now()
      if (!deps.backup) {
        // D1 keeps every minute of the last 30 days (7 on the free plan): restoring is a wrangler command.
        const ts = at.toISOString()
        return c.json({
          backup: 'd1-time-travel',
          at: ts,
          message: timeTravel[langOf(c)],
          commands: {
            info: `npx wrangler d1 time-travel info DB --timestamp=${ts}`,
            restore: `npx wrangler d1 time-travel restore DB --timestamp=${ts}`,
            export: `npx wrangler d1 export DB --remote --output=cabildo-${stamp(at)}.sql`,
          },
        })
      }
      const copy = await deps.backup.snapshot()
      // A full copy of the database holds every person's data: who took one, and when, is on record.
      const audit = {
        actor: actorOf(c),
        action: 'database.backup',
        subjectType: 'database',
        subjectId: 'cabildo',
      }
      await commitAudited(deps.db, [], [{ ...audit, data: { bytes: copy.bytes } }], at).catch(async (err) => {
        await copy.body.cancel()
        throw err
      })
      return c.body(copy.body, 200, {
        'content-type': 'application/vnd.sqlite3',
        'content-length': String(copy.bytes),
        'content-disposition': `attachment; filename="cabildo-${stamp(at)}.db"`,
        'cache-control': 'no-store',
      })
    },
  )
  .get(
    '/counters',
    staff([], 'Comparar los contadores con los registros crudos (sin cambiar nada)'),
    validate('query', countersQuery),
    async (c) => {
      const deps = c.get('deps')
      const q = c.req.valid('query')
      return c.json(await countersReport(deps.db, { slug: q.slug, actor: actorOf(c), now: deps.now }))
    },
  )
  .post(
    '/counters/rebuild',
    staff([], 'Reconstruir los contadores desde los registros crudos'),
    validate('json', rebuildBody),
    async (c) => {
      const deps = c.get('deps')
      const { slug, force } = c.req.valid('json')
      const report = await countersReport(deps.db, {
        slug,
        force,
        rebuild: true,
        actor: actorOf(c),
        now: deps.now,
      })
      return c.json(report)
    },
  )
