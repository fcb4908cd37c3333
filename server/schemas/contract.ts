import { z } from 'zod'

/**
 * The success bodies docs/API.md promises, for the OpenAPI document: what embedders may rely on. Loose
 * objects: a route may answer more fields than these (it adds, never removes). test/openapi.test.ts
 * checks each against what its route answers.
 */
const instant = z.string().describe('ISO 8601')
const obj = z.looseObject

export const loginAnswer = obj({
  token: z.string(),
  user: obj({ email: z.string(), role: z.enum(['admin', 'moderator', 'analyst']) }),
})

const eventView = obj({
  slug: z.string(),
  title: z.string(),
  startsAt: instant,
  modality: z.enum(['presencial', 'virtual', 'hibrida']),
  country: z.enum(['CO', 'EC']),
  timezone: z.string(),
  status: z.enum(['draft', 'open', 'closed']),
  streamUrl: z.string().nullable(),
  areas: z.array(obj({ key: z.string(), name: z.string() })),
})
export const eventAnswer = obj({ event: eventView })

const formView = obj({
  key: z.string(),
  questions: z.array(obj({ id: z.string(), type: z.string(), label: z.string() })),
})
export const formsAnswer = obj({ forms: z.array(formView) })
export const publicEventAnswer = obj({ event: eventView, forms: z.array(formView), consent: obj({}) })

export const registeredAnswer = obj({ id: z.string(), attendeeToken: z.string() })
export const registeredAgainAnswer = obj({ id: z.string() })
export const createdAnswer = obj({ id: z.string() })

const spanishLabel = z
  .literal('es')
  .optional()
  .describe(
    'Pedida en inglés: la etiqueta que el personal escribió solo en español, para marcarla (WCAG 3.1.2)',
  )

export const statsAnswer = obj({
  formKey: z.string(),
  responses: z.number(),
  questions: z.array(
    obj({
      id: z.string(),
      label: z.string(),
      lang: spanishLabel,
      type: z.string(),
      answered: z.number(),
      options: z.array(
        obj({
          value: z.string(),
          label: z.string(),
          lang: spanishLabel,
          count: z.number(),
          percent: z.number().describe('Sobre quienes respondieron la pregunta, con un decimal'),
        }),
      ),
      texts: z.array(obj({ text: z.string(), count: z.number() })).optional(),
    }),
  ),
})

export const filedAnswer = obj({
  id: z.string(),
  radicado: z.string(),
  receivedAt: instant,
  dueDate: z.string().describe('AAAA-MM-DD'),
  status: z.string(),
})

const commitmentView = obj({ id: z.string(), description: z.string() })
export const commitmentAnswer = obj({ commitment: commitmentView })
export const commitmentsAnswer = obj({ commitments: z.array(commitmentView) })
