import type { Hono } from 'hono'
import { z } from 'zod'
import { ACCESS, type AccessDoc, type SuccessStatus } from './access'
import type { AppEnv } from './env'
import { errorCodes } from './messages'
import { limitLookups, limitSubmissions } from './ratelimit/middleware'
import { SCHEMA, type SchemaDoc } from './validate'

type Operation = {
  method: string
  path: string
  access: AccessDoc
  schemas: SchemaDoc[]
  /** Every handler the route runs, its middleware first and the route's own handler last. */
  handlers: unknown[]
}

/** Groups the app's route table into operations with the markers their middleware carry. */
export function operations(app: Hono<AppEnv>): Operation[] {
  const ops = new Map<string, Operation>()
  for (const r of app.routes) {
    if (r.method === 'ALL') continue
    const key = `${r.method} ${r.path}`
    const op = ops.get(key) ?? {
      method: r.method,
      path: r.path,
      access: undefined as unknown as AccessDoc,
      schemas: [],
      handlers: [],
    }
    const h = r.handler as unknown as Record<symbol, unknown>
    if (h[ACCESS]) op.access = h[ACCESS] as AccessDoc
    if (h[SCHEMA]) op.schemas.push(h[SCHEMA] as SchemaDoc)
    op.handlers.push(r.handler)
    ops.set(key, op)
  }
  return [...ops.values()]
}

// zod names its dialect in `$schema`; inside an OpenAPI 3.1 document the dialect is the document's.
const jsonSchema = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _, ...schema } = z.toJSONSchema(s, { io, unrepresentable: 'any' })
  return schema as Record<string, unknown>
}

/** The media type of each `?format=` a route takes; a binary one is described by its type alone. */
const formatMedia: Record<string, [string, Record<string, unknown>?]> = {
  json: ['application/json'],
  csv: ['text/csv', { type: 'string' }],
  md: ['text/markdown', { type: 'string' }],
  html: ['text/html', { type: 'string' }],
  txt: ['text/plain', { type: 'string' }],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
}

/** A 200's content: the JSON body the route documents, each `?format=`'s type, and its own media. */
function okContent(op: Operation, body: z.ZodType | undefined) {
  const query = op.schemas.find((s) => s.target === 'query')
  const format = query && (jsonSchema(query.schema).properties as Record<string, { enum?: string[] }>)?.format
  const content: Record<string, { schema?: Record<string, unknown> }> = {}
  if (body) content['application/json'] = { schema: jsonSchema(body, 'output') }
  for (const f of format?.enum ?? []) {
    const [type, schema] = formatMedia[f] ?? ['application/octet-stream']
    content[type] ??= schema ? { schema } : {}
  }
  for (const type of op.access?.media ?? []) content[type] ??= { schema: { type: 'string' } }
  return Object.keys(content).length ? content : undefined
}

/**
 * The "not found" a path's own parameters can answer: an event by its slug, a form by its key, the
 * attendee, question, commitment, webhook, radicado, user, entity or calendar day the path names.
 */
function notFound(method: string, path: string): (keyof typeof errorCodes)[] {
  const codes: (keyof typeof errorCodes)[] = []
  if (/^\/api\/(users|entities)\/:id\b/.test(path)) codes.push('NOT_FOUND')
  if (path.startsWith('/api/events/:slug')) codes.push('EVENT_NOT_FOUND')
  if (path.includes('/:formKey')) codes.push('FORM_NOT_FOUND')
  if (/\/questions\/:id\b/.test(path)) codes.push('QUESTION_NOT_FOUND')
  if (path.startsWith('/api/commitments/:id')) codes.push('COMMITMENT_NOT_FOUND')
  if (path.startsWith('/api/webhooks/:id')) codes.push('WEBHOOK_NOT_FOUND')
  if (path.startsWith('/api/pqrsd/:radicado')) codes.push('RADICADO_NOT_FOUND')
  if (/\/(attendance\/:id|checkins\/:code)$/.test(path)) codes.push('ATTENDEE_NOT_FOUND')
  if (method === 'DELETE' && path.endsWith('/days/:date')) codes.push('CALENDAR_DAY_NOT_FOUND')
  return codes
}

/** `x-device-token` as HTTP documents write it: X-Device-Token (header names are case-insensitive). */
const headerName = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash, ch) => dash + ch.toUpperCase())

function parameters(doc: SchemaDoc, where: 'path' | 'query' | 'header') {
  const js = jsonSchema(doc.schema) as { properties?: Record<string, unknown>; required?: string[] }
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name: where === 'header' ? headerName(name) : name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema,
  }))
}

/** The header idempotencyOf (server/services/idempotency.ts) reads on the routes that declare `idempotent`. */
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Reintentar con la misma clave y el mismo cuerpo devuelve la primera respuesta; con otro cuerpo, 422 IDEMPOTENCY_CONFLICT.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
}

const reasons: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
}

const retryAfter = {
  description: 'Segundos que conviene esperar antes de reintentar (con la misma Idempotency-Key).',
  schema: { type: 'integer' },
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
})

/**
 * What an operation answers: its declared success statuses (200 when it declares none), and the errors
 * its middleware can refuse with, every one in the error envelope; `default` stands for all the others.
 */
function responses(op: Operation) {
  const ok = op.access?.ok ?? [200]
  const errors = new Map<number, string[]>()
  const refuse = (status: number, codes: (keyof typeof errorCodes)[]) => {
    errors.set(status, [...(errors.get(status) ?? []), ...codes])
  }
  if (op.schemas.length || op.access?.idempotent) refuse(400, ['VALIDATION_ERROR'])
  if (op.schemas.some((s) => s.target === 'json')) {
    refuse(400, ['BAD_JSON'])
    // limitBody (server/app.ts) refuses a body over the limit on every /api route, before validation.
    refuse(413, ['PAYLOAD_TOO_LARGE'])
    refuse(415, ['UNSUPPORTED_MEDIA_TYPE'])
  }
  // A token that was sent but no longer works is refused on public routes too (server/access.ts).
  refuse(401, ['UNAUTHORIZED'])
  // A browser's submission from a site the event does not allow, before any route runs (server/cors.ts).
  if (foreignOriginRefused(op)) refuse(403, ['ORIGIN_NOT_ALLOWED'])
  if (op.access?.roles) refuse(403, ['FORBIDDEN'])
  // A session still on a password it was handed, on every staff route but the change itself (server/access.ts).
  if (op.access?.roles && !op.access.passwordPending) refuse(403, ['PASSWORD_CHANGE_REQUIRED'])
  // Staff scoped to some entities, on a route of one event, question or commitment (server/access.ts).
  const scoped =
    op.access?.scope === 'event' || op.access?.scope === 'question' || op.access?.scope === 'commitment'
  if (op.access?.roles && op.access.roles.length > 1 && scoped) refuse(403, ['OUT_OF_SCOPE'])
  if (op.access?.idempotent) refuse(422, ['IDEMPOTENCY_CONFLICT'])
  if (op.handlers.includes(limitSubmissions) || op.handlers.includes(limitLookups))
    refuse(429, ['RATE_LIMITED'])
  const missing = notFound(op.method, op.path)
  if (missing.length) refuse(404, missing)
  for (const code of op.access?.errors ?? []) refuse(errorCodes[code][0], [code])
  // A database or Durable Object restarting or overloaded, on any route (server/transient.ts).
  refuse(503, ['UNAVAILABLE'])
  return {
    ...Object.fromEntries(
      ok.map((s) => {
        const body = op.access?.answers?.[s as SuccessStatus]
        const content =
          s === 200
            ? okContent(op, body)
            : body && { 'application/json': { schema: jsonSchema(body, 'output') } }
        return [String(s), { description: reasons[s], ...(content ? { content } : {}) }]
      }),
    ),
    ...Object.fromEntries(
      [...errors].map(([s, codes]) => {
        const answer = errorResponse(`${reasons[s]}: ${codes.join(', ')}`)
        return [String(s), s === 503 ? { ...answer, headers: { 'Retry-After': retryAfter } } : answer]
      }),
    ),
    // Any other code of the closed list (a 409 of a service's rules, 500...), in the same envelope.
    default: errorResponse('Error'),
  }
}

/**
 * The paths whose CORS (server/app.ts, publicCors) answers 403 to a browser's POST, PATCH or DELETE from a
 * page of another site (staff's too: no token is granted to a foreign page).
 */
const foreignOriginRefused = (op: Operation) =>
  op.method !== 'GET' && /^\/api\/(events|pqrsd)(\/|$)/.test(op.path)

/**
 * Who may call: staff routes need the bearer token; a public one is open to anyone and also reads a
 * staff token when one is sent (server/access.ts: staff see drafts, every question with filters, the
 * commitments not yet published), so the token is optional there, `{}` standing for none.
 */
const securityOf = (access: AccessDoc | undefined) =>
  access?.roles ? [{ bearer: [] }] : [{}, { bearer: [] }]

/**
 * Whether a request must carry a body: not where the schema takes none at all (a vote whose token rides
 * in its X-Device-Token header, a PATCH that changes nothing), since a request without one is read as `{}`
 * (server/validate.ts).
 */
const bodyRequired = (schema: z.ZodType) => !schema.safeParse({}).success

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function openApiDocument(app: Hono<AppEnv>) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of operations(app)) {
    if (!op.path.startsWith('/api/')) continue
    const path = op.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }))
    const body = op.schemas.find((s) => s.target === 'json')
    const query = op.schemas.find((s) => s.target === 'query')
    const headers = op.schemas.find((s) => s.target === 'header')
    const tag = op.path.split('/')[2] ?? 'api'
    paths[path] ??= {}
    paths[path][op.method.toLowerCase()] = {
      summary: op.access?.summary,
      tags: [tag],
      security: securityOf(op.access),
      ...(op.access?.roles ? { 'x-roles': op.access.roles } : {}),
      parameters: [
        ...params,
        ...(query ? parameters(query, 'query') : []),
        ...(headers ? parameters(headers, 'header') : []),
        ...(op.access?.idempotent ? [idempotencyKey] : []),
      ],
      ...(body
        ? {
            requestBody: {
              required: bodyRequired(body.schema),
              content: { 'application/json': { schema: jsonSchema(body.schema) } },
            },
          }
        : {}),
      responses: responses(op),
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cabildo API',
      version: '0.1.0',
      description: 'Asistencia, encuestas de evaluación y PQRSD para rendiciones de cuentas.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: errorEnvelopeSchema },
    },
  }
}

const errorEnvelopeSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: { type: 'string', enum: Object.keys(errorCodes) },
        message: { type: 'string' },
        requestId: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
}
