import type { Hono } from 'hono'
import { z } from 'zod'
import { ACCESS, type AccessDoc } from './access'
import type { AppEnv } from './env'
import { errorCodes } from './messages'
import { SCHEMA, type SchemaDoc } from './validate'

type Operation = { method: string; path: string; access: AccessDoc; schemas: SchemaDoc[] }

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
    }
    const h = r.handler as unknown as Record<symbol, unknown>
    if (h[ACCESS]) op.access = h[ACCESS] as AccessDoc
    if (h[SCHEMA]) op.schemas.push(h[SCHEMA] as SchemaDoc)
    ops.set(key, op)
  }
  return [...ops.values()]
}

const jsonSchema = (s: z.ZodType) =>
  z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>

function parameters(doc: SchemaDoc, where: 'path' | 'query') {
  const js = jsonSchema(doc.schema) as { properties?: Record<string, unknown>; required?: string[] }
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema,
  }))
}

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
    const tag = op.path.split('/')[2] ?? 'api'
    paths[path] ??= {}
    paths[path][op.method.toLowerCase()] = {
      summary: op.access?.summary,
      tags: [tag],
      ...(op.access?.roles ? { security: [{ bearer: [] }], 'x-roles': op.access.roles } : { security: [] }),
      parameters: [...params, ...(query ? parameters(query, 'query') : [])],
      ...(body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(body.schema) } },
            },
          }
        : {}),
      responses: {
        '200': { description: 'OK' },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
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
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
}
