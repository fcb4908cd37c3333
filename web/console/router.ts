import { signal } from '@preact/signals'

/** The console's routes, all under /console, served by the same shell (server/routes/console.tsx). */
export type Route =
  | { name: 'events' }
  | { name: 'new' }
  | { name: 'event'; slug: string; tab: Tab }
  | { name: 'projector'; slug: string }
  | { name: 'calendar' }
  | { name: 'holders' }
  | { name: 'users' }
  | { name: 'webhooks' }
  | { name: 'reports' }
  | { name: 'missing' }

export const TABS = [
  'resumen',
  'moderacion',
  'ingreso',
  'formularios',
  'informe',
  'compromisos',
  'datos',
] as const
export type Tab = (typeof TABS)[number]

export function parse(path: string): Route {
  const parts = path
    .replace(/^\/console\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent)
  if (!parts.length) return { name: 'events' }
  if (parts[0] === 'proyector' && parts[1]) return { name: 'projector', slug: parts[1] }
  if (parts[0] === 'calendario' && parts.length === 1) return { name: 'calendar' }
  if (parts[0] === 'titulares' && parts.length === 1) return { name: 'holders' }
  if (parts[0] === 'personal' && parts.length === 1) return { name: 'users' }
  if (parts[0] === 'informes' && parts.length === 1) return { name: 'reports' }
  if (parts[0] === 'webhooks' && parts.length === 1) return { name: 'webhooks' }
  if (parts[0] !== 'eventos' || !parts[1]) return { name: 'missing' }
  if (parts[1] === 'nuevo') return { name: 'new' }
  const tab = (parts[2] ?? 'resumen') as Tab
  return TABS.includes(tab) ? { name: 'event', slug: parts[1], tab } : { name: 'missing' }
}

export const eventPath = (slug: string, tab: Tab = 'resumen') =>
  `/console/eventos/${encodeURIComponent(slug)}${tab === 'resumen' ? '' : `/${tab}`}`

export const route = signal<Route>(parse(location.pathname))

/** Client-side navigation; the language stays in the query string, the token never goes there. */
export function navigate(path: string) {
  history.pushState(null, '', path + location.search)
  route.value = parse(path)
}

addEventListener('popstate', () => {
  route.value = parse(location.pathname)
})
