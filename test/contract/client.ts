import { CONTRACT_ADMIN } from './servers'

export type Res = { status: number; json: any; headers: Headers }

const DEV_PROXY_LOST = 'Your worker restarted mid-request.'

/** HTTP only: the contract suite knows the API, never the app's internals. */
export function client(base: string) {
  async function call(
    method: string,
    path: string,
    init: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Res> {
    const headers: Record<string, string> = { ...init.headers }
    if (init.body !== undefined) headers['content-type'] ??= 'application/json'
    if (init.token) headers.authorization = `Bearer ${init.token}`
    const body =
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body)
    let res = await fetch(base + path, { method, headers, body })
    let text = await res.text()
    // wrangler dev's proxy sometimes sends a request down a keep-alive connection to workerd that is just
    // being closed (cloudflare/workers-sdk#14641): the request never reaches the worker, and the proxy
    // answers a POST with this 503 instead of retrying it. Wrangler versions with the fix need Node 22;
    // this is that retry, for this one answer of the dev server only.
    // The retry may itself go down another connection the proxy is closing, and then fails as a socket
    // closed before any answer ("other side closed"): that is the same stale connection, tried again.
    for (let retry = 0; retry < 3 && res.status === 503 && text.startsWith(DEV_PROXY_LOST); retry++) {
      try {
        res = await fetch(base + path, { method, headers, body })
        text = await res.text()
      } catch (err) {
        if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET' || retry === 2) throw err
      }
    }
    let json: any
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = text
    }
    return { status: res.status, json, headers: res.headers }
  }
  async function login(email = CONTRACT_ADMIN.email, password = CONTRACT_ADMIN.password) {
    const res = await call('POST', '/api/auth/login', { body: { email, password } })
    if (res.status !== 200) throw new Error(`login failed ${res.status} ${JSON.stringify(res.json)}`)
    return res.json.token as string
  }
  return { call, login }
}

/** A question from a named petitioner, approved by `token`'s moderator: its id. */
export async function approvedQuestion(
  api: ReturnType<typeof client>,
  token: string,
  slug: string,
  text: string,
) {
  const q = await api.call('POST', `/api/events/${slug}/questions`, {
    body: { type: 'pregunta', text, name: 'Persona Privada', email: 'privada@example.co' },
  })
  if (q.status !== 201) throw new Error(`question refused: ${q.status} ${JSON.stringify(q.json)}`)
  const res = await api.call('PATCH', `/api/questions/${q.json.id}`, { token, body: { status: 'approved' } })
  if (res.status !== 200) throw new Error(`approval refused: ${res.status} ${JSON.stringify(res.json)}`)
  return q.json.id as string
}

export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`

/**
 * What an open event's privacy notice names of its controller besides its name and NIT (the server
 * refuses to open an event whose entity lacks them): given to an entity `over` brings unless it brings
 * its own.
 */
export const noticeContact = {
  address: 'Carrera 7 # 10-01, Plaza principal',
  email: 'datos.personales@contrato.gov.co',
  phone: '+57 601 000 0001',
}

/** An open virtual event of the contract's entity, as POST /api/events takes it; `over` changes any field. */
export const eventBody = (slug: string, over: Record<string, unknown> = {}) => ({
  slug,
  title: 'Diálogo ciudadano de prueba',
  entity: { name: 'Alcaldía de Contrato', nit: '800000001-1', ...noticeContact },
  startsAt: '2026-12-01T15:00:00Z',
  modality: 'virtual',
  country: 'CO',
  status: 'open',
  ...over,
  ...(over.entity && typeof over.entity === 'object' ? { entity: { ...noticeContact, ...over.entity } } : {}),
})

/** DIAN's check digit of a NIT's base, as the entity's RUT shows it (the suite knows no app internals). */
export function checkDigit(base: string) {
  const weights = [3, 7, 13, 17, 19, 23, 29, 37, 41]
  const sum = [...base].reverse().reduce((s, d, i) => s + Number(d) * weights[i], 0)
  return sum % 11 > 1 ? 11 - (sum % 11) : sum % 11
}

/** A NIT no other test has: a 9-digit base and its check digit. */
export function freshNit() {
  const base = `8${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  const dv = checkDigit(base)
  const dotted = `${base.slice(0, 3)}.${base.slice(3, 6)}.${base.slice(6)}-${dv}`
  return { dotted, hyphen: `${base}-${dv}`, bare: `${base}${dv}` }
}
