import { CONTRACT_ADMIN } from './servers'

export type Res = { status: number; json: any; headers: Headers }

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
    const res = await fetch(base + path, { method, headers, body })
    const text = await res.text()
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

export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`
