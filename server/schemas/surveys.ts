import { z } from 'zod'
import { said } from '../messages'
import { PREFER_NOT } from '../services/question-bank'
import { quickly } from '../validate'
import { instantSchema, line, text } from './common'

const keyPattern = /^[a-z][a-z0-9_]{0,47}$/
const idSchema = z
  .string()
  .regex(
    keyPattern,
    said(
      'Minúsculas, números y _ (empieza por letra, hasta 48).',
      'Lower-case letters, digits and _ (starting with a letter, up to 48).',
    ),
  )
// No ':' in option values: "otra:texto" carries the free text of an "Otra" option.
const valueSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_]{0,47}$/,
    said('Minúsculas, números y _ (hasta 48).', 'Lower-case letters, digits and _ (up to 48).'),
  )

const optionSchema = z.strictObject({
  value: valueSchema,
  label: line(300),
  labelEn: line(300).optional(),
  other: z.boolean().optional(),
  exclusive: z.boolean().optional(),
})

export const questionSchema = z
  .strictObject({
    id: idSchema,
    type: z.enum(['single', 'multi', 'scale', 'yesno', 'short_text', 'long_text']),
    label: line(500),
    labelEn: line(500).optional(),
    help: text(500).optional(),
    helpEn: text(500).optional(),
    required: z.boolean().default(false),
    sensitive: z.boolean().default(false),
    options: z.array(optionSchema).min(2).max(40).optional(),
    scale: z
      .strictObject({
        min: z.number().int().min(0).max(1),
        max: z.number().int().min(2).max(10),
        minLabel: line(100).optional(),
        maxLabel: line(100).optional(),
      })
      .optional(),
    maxLength: z.number().int().min(1).max(5000).optional(),
  })
  .superRefine((q, ctx) => {
    const choice = q.type === 'single' || q.type === 'multi'
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (choice && !q.options)
      issue(
        'options',
        said(
          'Una pregunta de opciones necesita al menos dos opciones.',
          'A choice question needs at least two options.',
        ),
      )
    if (!choice && q.options)
      issue(
        'options',
        said('Solo las preguntas de opciones llevan opciones.', 'Only choice questions have options.'),
      )
    if (q.type === 'scale' && !q.scale)
      issue('scale', said('Una escala necesita min y max.', 'A scale needs min and max.'))
    if (q.type !== 'scale' && q.scale)
      issue('scale', said('Solo las escalas llevan min y max.', 'Only scales have min and max.'))
    const values = (q.options ?? []).map((o) => o.value)
    if (new Set(values).size !== values.length)
      issue('options', said('Hay valores de opción repetidos.', 'Some option values repeat.'))
    if ((q.options ?? []).filter((o) => o.other).length > 1)
      issue('options', said('Solo una opción "Otra".', 'Only one "Other" option.'))
    if (q.sensitive && q.required)
      issue(
        'required',
        said(
          'Una pregunta sensible (sensitive: true) siempre es opcional: envíe required: false.',
          'A sensitive question (sensitive: true) is always optional: send required: false.',
        ),
      )
    if (q.sensitive && choice && !values.includes(PREFER_NOT))
      issue(
        'options',
        said(
          `Una pregunta sensible ofrece la opción "${PREFER_NOT}".`,
          `A sensitive question offers the option "${PREFER_NOT}".`,
        ),
      )
  })

const repeatedId = said(
  'Ese id de pregunta ya está en el formulario.',
  'That question id is already in the form.',
)

export const definitionSchema = z
  .strictObject({
    title: line(300),
    titleEn: line(300).optional(),
    description: text(2000).optional(),
    descriptionEn: text(2000).optional(),
    questions: z.array(questionSchema).min(1).max(100),
  })
  .superRefine((d, ctx) => {
    const ids = d.questions.map((q) => q.id)
    const at = ids.findIndex((id, i) => ids.indexOf(id) !== i)
    if (at >= 0) ctx.addIssue({ code: 'custom', path: ['questions', at, 'id'], message: repeatedId })
  })

export const createFormBody = definitionSchema.safeExtend({ key: idSchema })
export const addQuestionBody = questionSchema

export const formSettingsBody = z.strictObject({
  open: z.boolean().optional(),
  // null lifts the embargo: public results as soon as they exist.
  embargoUntil: instantSchema.nullable().optional(),
})

const answerValue = z.union([z.string().max(5000), z.array(z.string().max(600)).max(60), z.number()])
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/
const tokenSchema = z
  .string()
  .regex(TOKEN, said('Un token de 16 a 128 caracteres.', 'A token of 16 to 128 characters.'))

const responseShape = z.strictObject({
  answers: z
    .record(z.string().max(64), answerValue.nullable())
    .describe(
      'Por id de pregunta: una opción ("buena"), varias (["redes_sociales", "otro:Perifoneo"]; "valor:texto" da el texto de la opción "Otra"), un número (escala) o un texto.',
    ),
  attendeeToken: tokenSchema.optional().describe('El token recibido al registrar la asistencia.'),
  deviceToken: tokenSchema
    .optional()
    .describe(
      'Opcional. Sin attendeeToken: un valor aleatorio que el dispositivo guarda y reutiliza; una respuesta por dispositivo. Sin ninguno de los dos, la respuesta no se compara con otras.',
    ),
})
export const responseBody = quickly(responseShape, quickResponse)

/**
 * `responseBody` checked in one pass, for the body that satisfies it (`quickly`, server/validate.ts): the
 * value zod would give, its keys in the schema's order, or undefined for zod to decide and explain. Every
 * survey response passes here; zod's parse of the same body, its union tried per answer and its checks
 * run one by one, was its largest piece of work on the request thread (docs/throughput-log.md).
 * test/quick-schemas.test.ts holds it to zod's answer on generated bodies.
 */
function quickResponse(v: unknown): z.output<typeof responseShape> | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined
  let answers: Record<string, z.output<typeof answerValue> | null> | undefined
  let attendeeToken: string | undefined
  let deviceToken: string | undefined
  for (const key of Object.keys(v)) {
    const value = (v as Record<string, unknown>)[key]
    if (key === 'answers' && quickAnswers(value)) answers = value
    else if (key === 'attendeeToken' && typeof value === 'string' && TOKEN.test(value)) attendeeToken = value
    else if (key === 'deviceToken' && typeof value === 'string' && TOKEN.test(value)) deviceToken = value
    else return undefined
  }
  if (!answers) return undefined
  const body: z.output<typeof responseShape> = { answers }
  if (attendeeToken !== undefined) body.attendeeToken = attendeeToken
  if (deviceToken !== undefined) body.deviceToken = deviceToken
  return body
}

function quickAnswers(a: unknown): a is Record<string, z.output<typeof answerValue> | null> {
  if (
    typeof a !== 'object' ||
    a === null ||
    Array.isArray(a) ||
    Object.getPrototypeOf(a) !== Object.prototype
  )
    return false
  for (const key of Object.keys(a)) {
    // zod's record leaves out a `__proto__` key (it sets the prototype instead): zod decides.
    if (key.length > 64 || key === '__proto__') return false
    const value = (a as Record<string, unknown>)[key]
    if (value === null || (typeof value === 'number' && Number.isFinite(value))) continue
    if (typeof value === 'string') {
      if (value.length > 5000) return false
      continue
    }
    if (!Array.isArray(value) || value.length > 60) return false
    for (const item of value) if (typeof item !== 'string' || item.length > 600) return false
  }
  return true
}

export const formKeyParam = z.object({ slug: z.string().min(1).max(120), formKey: z.string().min(1).max(48) })
export const textsParam = formKeyParam.extend({ questionId: z.string().min(1).max(64) })

const version = z.coerce.number().int().min(1).max(10_000).optional()

/** `filter.<questionId>=a,b`: responses whose answer is a or b (several questions: all must hold). */
export const statsQuery = z.looseObject({
  version,
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  delimiter: z.enum([';', ',']).default(';'),
})

export const crosstabQuery = z.looseObject({
  question: z.string().min(1).max(64),
  by: z.string().min(1).max(64),
  version,
})

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
})

export const responsesQuery = pageQuery.extend({
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  delimiter: z.enum([';', ',']).default(';'),
  version,
})

export type ResponseBody = z.infer<typeof responseBody>
export type DefinitionInput = z.infer<typeof definitionSchema>
