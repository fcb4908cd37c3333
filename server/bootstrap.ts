import { z } from 'zod'
import { seedDemo } from './demo-data'
import type { Config, Deps } from './env'
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

/**
 * The settings' admin password is held to the minimum of one set through the API, and the e-mail to what
 * the sign-in takes (else the admin made from it could never sign in): a start with either wrong stops
 * (Node exits; a Worker answers every request with the envelope's 500 and logs this).
 */
export function adminSettingsProblem(config: Config): string | null {
  if (config.adminEmail && !z.email().max(200).safeParse(config.adminEmail).success)
    return `CABILDO_ADMIN_EMAIL inválido: "${config.adminEmail}" (un correo, p. ej. ti@alcaldia.gov.co, con el que iniciar sesión).`
  return config.adminPassword && config.adminPassword.length < 10
    ? 'CABILDO_ADMIN_PASSWORD debe tener al menos 10 caracteres.'
    : null
}

/** What a start prints about the admin: a generated password is shown this once, and nowhere else. */
export function adminNotice(admin: Awaited<ReturnType<typeof ensureAdmin>>, config: Config): string {
  if (admin.password)
    return `Administrador creado: ${admin.email} / contraseña: ${admin.password}  (se muestra solo esta vez${
      // Generated: replaced at the first sign-in (server/access.ts); CABILDO_ADMIN_PASSWORD is the operator's own.
      admin.fromEnv ? '' : '; al ingresar con ella se pide una nueva'
    })`
  return `Administrador: ${admin.email}${
    admin.fromEnv
      ? ' (contraseña de CABILDO_ADMIN_PASSWORD)'
      : config.adminPassword
        ? ' (CABILDO_ADMIN_PASSWORD no se aplicó: hay varios administradores; fije también CABILDO_ADMIN_EMAIL)'
        : config.adminEmail && config.adminEmail.toLowerCase() !== admin.email
          ? ` (CABILDO_ADMIN_EMAIL=${config.adminEmail} no se aplicó: ya hay administrador; fije también CABILDO_ADMIN_PASSWORD)`
          : ' (contraseña mostrada en el primer arranque; fije CABILDO_ADMIN_PASSWORD para cambiarla)'
  }`
}

export async function bootstrap(deps: Deps) {
  const problem = adminSettingsProblem(deps.config)
  if (problem) throw new Error(problem)
  const admin = await ensureAdmin(deps)
  const demoSlug = await ensureDemo(deps)
  return { admin, demoSlug }
}
