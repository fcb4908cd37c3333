import { z } from 'zod'
import { questionChannels, questionStatuses } from '../../db/schema'
import { normalRadicado } from '../../web/shared/radicado'
import { said } from '../messages'
import { PQRSD_TYPES } from '../services/calendar'
import { areaKeySchema, instantSchema, line, text } from './common'

export const identityFields = ['name', 'email', 'phone', 'documentType', 'documentNumber', 'address'] as const

export const submitQuestionBody = z
  .strictObject({
    type: z.enum(PQRSD_TYPES),
    text: text(4000),
    name: line(200).optional(),
    email: z.email().max(200).optional(),
    phone: line(60).optional(),
    documentType: line(20).optional(),
    documentNumber: line(40).optional(),
    // Where the written answer goes when the person has no e-mail (Ley 1755 de 2015, art. 16).
    address: text(300).optional(),
    anonymous: z.boolean().optional(),
    // Only a denunciante may ask that their identity be kept in reserve.
    identityReserve: z.boolean().optional(),
    area: areaKeySchema.optional(),
    reasons: text(4000).optional(),
    annexes: z.array(text(500)).max(20).optional(),
    channel: z.enum(questionChannels).optional(),
    // A spoken petition (Decreto 1166 de 2016); by default, one received in person.
    verbal: z.boolean().optional(),
    receivedOn: z.iso
      .date()
      .optional()
      .describe(
        'Solo el personal: el día en que se recibió, cuando se radica después (una petición escrita dejada en el evento, o dicha allí). Desde el día del evento hasta hoy, donde se celebra; el término cuenta desde el día siguiente. Por defecto, hoy.',
      ),
  })
  .superRefine((b, ctx) => {
    if (b.anonymous)
      for (const k of identityFields)
        if (b[k] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: said(
              'Una petición anónima no lleva datos personales.',
              'An anonymous petition carries no personal data.',
            ),
          })
    if (b.identityReserve && b.type !== 'denuncia')
      ctx.addIssue({
        code: 'custom',
        path: ['identityReserve'],
        message: said(
          'La reserva de identidad solo aplica a las denuncias.',
          'Identity reserve applies only to denuncias.',
        ),
      })
    if (b.identityReserve && b.anonymous)
      ctx.addIssue({
        code: 'custom',
        path: ['identityReserve'],
        message: said(
          'Una denuncia anónima no necesita reserva de identidad.',
          'An anonymous denuncia needs no identity reserve.',
        ),
      })
  })

const ymd = z.iso.date()

export const moderateBody = z
  .strictObject({
    // `annulled` has its own admin endpoint: it is not a moderation decision.
    status: z.enum(questionStatuses).exclude(['annulled']).optional(),
    answer: text(10_000).optional(),
    area: areaKeySchema.nullable().optional(),
    pinned: z.boolean().optional(),
    mergeInto: z.string().min(1).max(64).nullable().optional(),
    displayText: text(4000).nullable().optional(),
    // Why it is hidden, forwarded, extended or withdrawn; how the petitioner desisted; why the entity
    // continues ex officio.
    reason: text(1000).optional(),
    forwardedTo: line(300).optional(),
    forwardedOn: ymd
      .optional()
      .describe(
        'Con status forwarded: el día en que se envió a la entidad competente, entre la recepción y hoy, donde se recibió; por defecto, hoy. El plazo de traslado (5 días hábiles) se juzga por él.',
      ),
    answeredOn: ymd
      .optional()
      .describe(
        'Con status answered: el día en que se envió la respuesta al peticionario, entre la recepción y hoy, donde se recibió; por defecto, hoy. El término se juzga por él.',
      ),
    noticeDate: ymd.optional(),
    newDueDate: ymd.optional(),
    publishAnswer: z.boolean().optional(),
    // An incomplete petition (Ley 1755 de 2015, art. 17).
    requestedOn: ymd
      .optional()
      .describe(
        'Con status incomplete: el día en que se pidió al peticionario completar la petición (dentro de los 10 días hábiles siguientes a la radicación).',
      ),
    requested: text(2000).optional().describe('Con status incomplete: lo que el peticionario debe aportar.'),
    completedOn: ymd
      .optional()
      .describe(
        'Al salir de incomplete (a received, approved o pending): el día en que el peticionario la completó; el término corre de nuevo desde el día siguiente.',
      ),
    extendCompletion: z
      .literal(true)
      .optional()
      .describe(
        'Sin status, en una petición incomplete: la prórroga del plazo para completarla, por un mes más, pedida por el peticionario antes de vencer (una sola vez).',
      ),
    // The petitioner's own withdrawal (desistimiento expreso, Ley 1755 de 2015, art. 18).
    desistedOn: ymd
      .optional()
      .describe(
        'Con status desisted (o con continueExOfficio): el día en que el peticionario desistió, entre la radicación y hoy; reason dice cómo lo expresó (por escrito, por teléfono, en la ventanilla). Con continueExOfficio en una pregunta ya desisted es opcional, y debe ser el día registrado.',
      ),
    continueExOfficio: z
      .literal(true)
      .optional()
      .describe(
        'Sin status, con reason (la resolución motivada): el peticionario desistió, pero la entidad continúa de oficio la actuación por razones de interés público (art. 18). Registrada con el desistimiento (con desistedOn), el estado y el término siguen. En una pregunta ya desisted, vuelve al estado que tenía antes del desistimiento, con su motivo y su término tal como estaban (el vencimiento en vigor, la prórroga, la suspensión mientras se completa), sus fechas contadas de nuevo con el calendario vigente (un día registrado o retirado mientras estuvo desistida cuenta); los días que estuvo desistida cuentan. No aplica al desistimiento tácito (withdrawn, art. 17): 422 DESISTANCE_NOT_ALLOWED. Queda en el registro de auditoría (question.continued_ex_officio) y en la constancia (exOfficio). Continuada de oficio, de una u otra forma, no admite un nuevo desistimiento: 422 DESISTANCE_NOT_ALLOWED.',
      ),
    expectedUpdatedAt: instantSchema
      .nullable()
      .optional()
      .describe(
        'El updatedAt de la pregunta tal como se vio: si otro moderador la cambió desde entonces, 409 QUESTION_CHANGED y nada cambia.',
      ),
  })
  .refine((b) => Object.keys(b).length > 0, said('Indique al menos un cambio.', 'Give at least one change.'))

export const annulBody = z.strictObject({ reason: text(1000) })

/** The day an answer or a forwarding was sent, corrected: one of the two, with the reason. */
export const sentOnBody = z
  .strictObject({
    answeredOn: ymd
      .optional()
      .describe(
        'En una pregunta answered: el día en que de verdad se envió la respuesta, entre la recepción y hoy, donde se recibió.',
      ),
    forwardedOn: ymd
      .optional()
      .describe(
        'En una pregunta forwarded: el día en que de verdad se trasladó, entre la recepción y hoy, donde se recibió.',
      ),
    reason: text(1000).describe('Por qué se corrige (queda en el registro de auditoría).'),
  })
  .refine(
    (b) => (b.answeredOn === undefined) !== (b.forwardedOn === undefined),
    said(
      'Indique answeredOn o forwardedOn, uno de los dos.',
      'Give answeredOn or forwardedOn, one of the two.',
    ),
  )
export type SentOnInput = z.infer<typeof sentOnBody>

/**
 * A petitioner's data corrected at their request (habeas data: Ley 1581, art. 8; LOPDP, art. 14): each
 * field as intake checks it, `null` taking it away; the petition itself, what was asked, is not theirs to
 * change through this. At least one field.
 */
const shape = submitQuestionBody.shape
export const rectifyPetitionerBody = z
  .strictObject(
    Object.fromEntries(identityFields.map((k) => [k, shape[k].unwrap().nullable().optional()])) as {
      [K in (typeof identityFields)[number]]: z.ZodOptional<
        z.ZodNullable<ReturnType<(typeof shape)[K]['unwrap']>>
      >
    },
  )
  .refine(
    (b) => Object.keys(b).length > 0,
    said('Indique al menos un dato que corregir.', 'Give at least one field to correct.'),
  )
export type RectifyPetitionerInput = z.infer<typeof rectifyPetitionerBody>

const statusList = z
  .string()
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(z.enum(questionStatuses)).max(questionStatuses.length))

export const listQuestionsQuery = z.object({
  status: statusList.optional(),
  type: z.enum(PQRSD_TYPES).optional(),
  area: z.string().max(48).optional(),
  // time: oldest first; recent: newest first (what a moderator's list loads); due: as the console's list.
  sort: z
    .enum(['votes', 'time', 'recent', 'due'])
    .optional()
    .describe(
      'votes: en pantalla primero, luego por apoyos; time: por orden de llegada; recent: las más nuevas primero; due: primero las de término en curso (received, approved, hidden, pending, extended), del vencimiento más cercano al más lejano (el de la prórroga, si la hay); luego las suspendidas a la espera de que el peticionario las complete (incomplete); al final las resueltas (respondidas, trasladadas, desistidas o anuladas); entre iguales, por orden de llegada. Es el mismo orden de la consola.',
    ),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  cursor: z
    .string()
    .max(400)
    .optional()
    .describe('Staff only: the nextCursor of the previous page, with the same sort and filters.'),
})

const deviceToken = z
  .string()
  .regex(
    /^[\x21-\x7e]{8,200}$/,
    said(
      'Token de dispositivo de 8 a 200 caracteres visibles.',
      'A device token of 8 to 200 visible characters.',
    ),
  )
// The attendee token from the attendance form, or a device token (in the body or the X-Device-Token header).
export const voteBody = z.strictObject({
  attendeeToken: z.string().min(8).max(200).optional(),
  deviceToken: deviceToken.optional(),
})
export const deviceHeader = z.object({ 'x-device-token': deviceToken.optional() })

export const constanciaQuery = z.object({
  format: z.enum(['html', 'txt', 'json']).optional(),
  token: z.string().max(200).optional(),
})

const radicadoShape = said(
  'Un radicado tiene el prefijo de la entidad, el año y el número, separados por guiones, p. ej. SDE-2026-000123.',
  "A radicado has the entity's prefix, the year and the number, separated by hyphens, e.g. SDE-2026-000123.",
)
/** A radicado as people type it (web/shared/radicado.ts), written as its series writes it. */
export const radicadoParam = z.object({
  radicado: z.string().transform((typed, ctx) => {
    const radicado = normalRadicado(typed)
    if (radicado) return radicado
    ctx.addIssue({ code: 'custom', message: radicadoShape })
    return z.NEVER
  }),
})
export const eventQuestionParam = z.object({
  slug: z.string().min(1).max(120),
  id: z.string().min(1).max(64),
})

export type SubmitQuestionInput = z.infer<typeof submitQuestionBody>
export type ModerateInput = z.infer<typeof moderateBody>
export type ListQuestionsQuery = z.infer<typeof listQuestionsQuery>
