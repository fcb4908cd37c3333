import type { Deps } from '../env'
import { ApiError } from '../errors'
import { said } from '../messages'

/** The host without brackets, case or the trailing dot that names the same host (`localhost.`). */
const hostOf = (url: URL) =>
  url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.+$/, '')

/**
 * This machine or a link-local address: 127.0.0.0/8, 0.0.0.0/8, 169.254.0.0/16 (where cloud metadata
 * answers), localhost, and in IPv6 `::` and whatever begins with it (::1, IPv4-mapped ::ffff:…,
 * IPv4-compatible ::7f00:1) and fe80::/10.
 */
export function isLocal(host: string) {
  const v4 = ipv4(host)
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.startsWith('::') ||
    /^fe[89ab][0-9a-f]:/.test(host) ||
    (v4 !== null && (v4[0] === 127 || v4[0] === 0 || (v4[0] === 169 && v4[1] === 254)))
  )
}

const refuse = (es: string, en: string): never => {
  throw new ApiError('VALIDATION_ERROR', { issues: [{ path: 'url', message: said(es, en) }] })
}
const refuseLocal = () =>
  refuse(
    'Un webhook no puede ir a este mismo servidor ni a una dirección local (localhost, 127.x, 169.254.x): use la dirección del sistema que lo recibe.',
    'A webhook cannot go to this server itself or to a local address (localhost, 127.x, 169.254.x): use the address of the system that receives it.',
  )

/** An IPv4 address written as four numbers, as its four bytes; null for anything else. */
function ipv4(host: string) {
  const parts = host.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null
  const bytes = parts.map(Number)
  return bytes.every((b) => b <= 255) ? bytes : null
}

/**
 * Where a webhook may be sent. Its messages carry petitioners' names, e-mails and documents, and its
 * deliveries' statuses are shown to admins, so:
 * - never to this machine or a link-local address (127.0.0.0/8, ::1, 0.0.0.0, 169.254.0.0/16 where
 *   cloud metadata answers, fe80::/10, localhost): a request forged from the server to itself (SSRF),
 *   unless the installation allows it for a receiver beside it (CABILDO_WEBHOOKS_ALLOW_LOCAL=1);
 * - over plain http only to a private network's address (10/8, 172.16/12, 192.168/16, fc00::/7): an
 *   entity's own document system on its intranet; anywhere else the data would cross the internet
 *   unencrypted, so https.
 * A name is checked as written here; where the runtime can resolve names (Node: `Deps.resolveHost`),
 * `refuseLocalName` and each delivery also refuse a name that resolves to such an address. On Workers,
 * Cloudflare's fetch reaches no local address. A name that resolves to a private one is the admin's to
 * answer for, as every webhook is an admin's.
 */
export function checkWebhookUrl(raw: string, allowLocal: boolean) {
  const url = new URL(raw)
  const host = hostOf(url)
  const v4 = ipv4(host)
  if (isLocal(host) && !allowLocal) refuseLocal()
  const privateNet =
    (v4 !== null &&
      (v4[0] === 10 || (v4[0] === 172 && v4[1] >= 16 && v4[1] <= 31) || (v4[0] === 192 && v4[1] === 168))) ||
    /^f[cd][0-9a-f]{2}:/.test(host)
  if (url.protocol === 'http:' && !privateNet && !isLocal(host))
    refuse(
      'Use https: los mensajes llevan datos personales de los peticionarios y no deben cruzar internet sin cifrar (http solo para una dirección de la red interna, p. ej. 10.x o 192.168.x).',
      "Use https: the messages carry petitioners' personal data and must not cross the internet unencrypted (http only for an internal network address, e.g. 10.x or 192.168.x).",
    )
}

/** `checkWebhookUrl` as a yes or no, for a delivery to an endpoint registered before the rule. */
export function webhookUrlAllowed(raw: string, allowLocal: boolean) {
  try {
    checkWebhookUrl(raw, allowLocal)
    return true
  } catch {
    return false
  }
}

/**
 * Whether the URL's host is a name that resolves to this machine or a link-local address (a DNS name
 * pointed at 127.0.0.1 or 169.254.169.254 passes `checkWebhookUrl`). A name that does not resolve now
 * is not refused: the delivery fails, and is retried, as for a receiver that is down.
 */
export async function resolvesLocal(raw: string, resolve: (host: string) => Promise<string[]>) {
  const host = hostOf(new URL(raw))
  if (ipv4(host) || host.includes(':')) return false
  const addresses = await resolve(host).catch(() => [])
  return addresses.some((a) => isLocal(a.toLowerCase()))
}

/** `checkWebhookUrl`'s refusal for a name that resolves to a local address, where names can be resolved. */
export async function refuseLocalName(raw: string, deps: Pick<Deps, 'config' | 'resolveHost'>) {
  if (deps.config.webhooksAllowLocal || !deps.resolveHost) return
  if (await resolvesLocal(raw, deps.resolveHost)) refuseLocal()
}
