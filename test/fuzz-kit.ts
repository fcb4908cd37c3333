import fc from 'fast-check'
import { expect } from 'vitest'
import { errorCodes } from '../server/messages'
import { requiredAnswers } from './fixtures/answers'

/**
 * The arbitraries of the property walks over the route table (test/fuzz.test.ts in process, with the
 * database checked after each request; test/contract/fuzz.test.ts over HTTP against each runtime):
 * random and adversarial paths, query strings, headers and bodies, mostly valid with one or two things
 * wrong, which reaches deeper than pure noise.
 */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 60)

// Strings that have broken parsers, decoders, databases and templates before.
const nastyList = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFFx',
  'x\uD83D',
  '\u202Egnp.exe',
  'مرحبا\u200F',
  '\uFEFF',
  '../../etc/passwd',
  '%',
  '%00',
  '%E0%A4%A',
  '%ED%A0%80',
  "' OR 1=1 --",
  '"; DROP TABLE attendees; --',
  '<script>alert(1)</script>',
  `{{7*7}}\${7*7}`,
  '\r\nSet-Cookie: x=1',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  '9007199254740993',
  'a'.repeat(5000),
  '🙂'.repeat(300),
  'Z̴̧̛a̷l̶g̸o̵',
]
export const nasty = fc.oneof(
  fc.constantFrom(...nastyList),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
)

/** Percent-encodes what a client would send: UTF-8, and a lone surrogate as its WTF-8 bytes. */
function encode(s: string) {
  let out = ''
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch
    else if (cp >= 0xd800 && cp <= 0xdfff)
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('')
    else out += encodeURIComponent(ch)
  }
  return out
}
// Header values travel as bytes: UTF-8 seen as Latin-1, without the CR/LF/NUL that HTTP refuses.
const asHeader = (s: string) =>
  String.fromCharCode(...new TextEncoder().encode(s))
    .replace(/[\r\n\0]/g, '')
    .slice(0, 4000)

export type Req = { path: string; query: string; headers: Record<string, string>; body?: string | Uint8Array }

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  'json',
)

function deep(depth: number, kind: 'array' | 'object') {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}

const bodyFor = (good: Record<string, unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(JSON.stringify(good)) },
    // One field changed to something it should not be, or one field too many, or one missing.
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...Object.keys(good), 'inventado', '__proto__'),
          fc.oneof(nasty, fc.jsonValue(), fc.constant(null), fc.array(nasty, { maxLength: 3 })),
        )
        .map(([k, v]) => JSON.stringify({ ...good, [k]: v })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...Object.keys(good), 'inventado')
        .map((k) => JSON.stringify({ ...good, [k]: undefined })),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 500, max: 30_000 }), fc.constantFrom('array' as const, 'object' as const))
        .map(([d, k]) => deep(d, k)),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1000, max: 3000 })
        .map((d) => JSON.stringify({ ...good, answers: JSON.parse(deep(d, 'object')) })),
    },
    { weight: 1, arbitrary: fc.constant(JSON.stringify({ ...good, name: 'x'.repeat(70_000) })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  )

// Mostly valid requests with one or two things wrong reach deeper than pure noise.
const mostly = <T>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: wrong })

export type QueryArbs = { keys: string[]; values: fc.Arbitrary<string>; whole?: string[] }
const publicQuery: QueryArbs = {
  keys: ['format', 'lang', 'limit', 'cursor', 'canal', 'code', 'token', 'lastEventId', 'status', 'q', 'x'],
  values: nasty,
}

export function requestArb(
  path: string,
  pools: Record<string, string[]>,
  good?: Record<string, unknown>,
  query: QueryArbs = publicQuery,
  auth: Record<string, string> = {},
) {
  const params = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1])
  const segment = (name: string) =>
    mostly(
      fc.constantFrom(...(pools[name] ?? ['x'])),
      fc.oneof(nasty.map(encode), fc.constantFrom('%E0%A4%A', '%', '%zz', '..', '%2e%2e', '%2F')),
    )
  const queryKeys = fc.constantFrom(...query.keys)
  const headerNames = fc.constantFrom(
    'idempotency-key',
    'x-device-token',
    'authorization',
    'last-event-id',
    'origin',
    'x-forwarded-for',
  )
  return fc
    .record({
      segments: fc.tuple(...params.map(segment)),
      query: mostly(
        fc.constant<[string, string][]>([]),
        fc.array(fc.tuple(queryKeys, query.values), { minLength: 1, maxLength: 4 }),
      ),
      rawQuery: mostly(
        fc.constantFrom('', ...(query.whole ?? [])),
        fc.constantFrom('&', '%', 'a=%E0%A4%A', '=x', 'limit=1&limit=2'),
      ),
      contentType: mostly(fc.constant('application/json'), contentTypes),
      acceptLanguage: mostly(fc.constantFrom('es', 'en'), fc.oneof(fc.constantFrom('*', 'zz;q=x'), nasty)),
      extra: mostly(
        fc.constantFrom<[string, string][]>([], [['x-device-token', 'fuzz-device-0000009']]),
        fc.array(
          fc.tuple(headerNames, fc.oneof(nasty, fc.constantFrom('fuzz-key-1', 'Bearer cab_x', 'null'))),
          { minLength: 1, maxLength: 3 },
        ),
      ),
      body: good ? bodyFor(good) : fc.constant(undefined),
    })
    .map(({ segments, query, rawQuery, contentType, acceptLanguage, extra, body }): Req => {
      let i = 0
      const filled = path.replace(/:[A-Za-z0-9_]+/g, () => segments[i++]).replace(/\*$/, 'x.js')
      const q = [...query.map(([k, v]) => `${k}=${encode(v)}`), rawQuery].filter(Boolean).join('&')
      const headers: Record<string, string> = { ...auth, 'accept-language': asHeader(acceptLanguage) }
      if (body !== undefined) headers['content-type'] = contentType
      for (const [k, v] of extra) headers[k] = asHeader(v)
      const req = { path: filled, query: q, headers, body }
      // Counterexamples print short: a 60 KB body helps nobody read the failure.
      const shown = typeof body === 'string' ? body.slice(0, 300) : body && `<${body.length} bytes>`
      return Object.assign(req, {
        [fc.toStringMethod]: () => JSON.stringify({ ...req, body: shown, bodyLength: body?.length }),
      })
    })
}

/** An answer of `status` with `text`: never a 5xx, and an error in the one envelope with its status. */
export function envelopeHolds(status: number, contentType: string | null, text: string, where: string) {
  expect(status, where).toBeLessThan(500)
  if (status < 400) return
  expect(contentType, where).toMatch(/^application\/json/)
  const body = JSON.parse(text)
  expect(Object.keys(body), where).toEqual(['error'])
  const { code, message, requestId } = body.error
  expect(errorCodes[code as keyof typeof errorCodes]?.[0], where).toBe(status)
  expect(typeof message === 'string' && message.length > 0, where).toBe(true)
  expect(requestId, where).toMatch(/^[0-9a-f-]{36}$/)
}

/** A body each public submission's schema accepts, by the end of its path. */
export function publicGood(path: string, slugToken = 'fuzz'): Record<string, unknown> {
  if (path.endsWith('/login')) return { email: 'admin@test.co', password: 'wrong-password' }
  if (path.endsWith('/attendance'))
    return { name: 'Ana', documentType: 'CC', documentNumber: '52123456', email: 'a@b.co', consent: true }
  if (path.endsWith('/responses'))
    return {
      answers: { ...requiredAnswers, comentarios: '<script>alert(1)</script> \u202E' },
      deviceToken: `${slugToken}-device-0000001`,
    }
  if (path.endsWith('/votes')) return { deviceToken: `${slugToken}-device-0000002` }
  return { type: 'pregunta', text: '¿Cuándo?', anonymous: true }
}
