import { seedDemo } from './demo-data'
import type { Deps } from './env'
import { createEvent, findEvent } from './services/events'
import { ensureAdmin } from './services/users'

export const DEMO_SLUG = 'demo-rendicion-de-cuentas'

/**
 * Seeds the clearly labelled demo event, once, so a fresh install has something to show: an event under
 * way since the last full hour, with its fictitious participation (server/demo-data.ts).
 */
export async function ensureDemo(deps: Deps): Promise<string | null> {
  if (!deps.config.demo) return null
  if (await findEvent(deps.db, DEMO_SLUG)) return DEMO_SLUG
  const startsAt = new Date(deps.now().getTime() - 3600_000)
  startsAt.setUTCMinutes(0, 0, 0)
  await createEvent(
    deps,
    'system',
    {
      slug: DEMO_SLUG,
      title: 'DEMO — Rendición de cuentas de ejemplo (datos ficticios)',
      description:
        'Evento de demostración creado por Cabildo para explorar el servicio. Sus datos son ficticios; desactívelo con CABILDO_DEMO=0.',
      entity: {
        name: 'Alcaldía de Ejemplo',
        nit: '000000000-0',
        address: 'Calle 1 # 1-01, Municipio de Ejemplo',
        email: 'datos.personales@ejemplo.gov.co',
        phone: '+57 601 000 0000',
        radicadoPrefix: 'DEMO',
      },
      startsAt: startsAt.toISOString(),
      modality: 'hibrida',
      country: 'CO',
      timezone: 'America/Bogota',
      status: 'open',
      place: 'Auditorio municipal y transmisión en vivo',
      channels: ['Facebook Live', 'YouTube', 'Página web'],
      signLanguage: true,
      moderators: ['Moderadora de ejemplo (Oficina de Comunicaciones)'],
      agenda: ['Instalación', 'Informe de gestión', 'Preguntas de la ciudadanía', 'Evaluación y cierre'],
      areas: [
        { key: 'despacho', name: 'Despacho' },
        { key: 'cadenas-valor', name: 'Subsecretaría de Cadenas de Valor' },
        { key: 'servicios-productivos', name: 'Subsecretaría de Servicios Productivos' },
      ],
    },
    { demo: true },
  )
  // Only the install that created the event fills it. A failure leaves the event empty, not the server down.
  await seedDemo(deps, DEMO_SLUG).catch((err) =>
    console.error('No se pudieron crear los datos de demostración:', err),
  )
  return DEMO_SLUG
}

export async function bootstrap(deps: Deps) {
  const admin = await ensureAdmin(deps)
  const demoSlug = await ensureDemo(deps)
  return { admin, demoSlug }
}
