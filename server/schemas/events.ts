import { z } from 'zod'
import { said } from '../messages'
import {
  areaSchema,
  countries,
  instantSchema,
  isCountryZone,
  line,
  slugSchema,
  text,
  timezoneSchema,
  webUrl,
  zonesOf,
} from './common'

export const prefixSchema = z
  .string()
  .regex(
    /^[A-Z0-9]{1,12}$/,
    said('Prefijo en mayúsculas y números, p. ej. SDE.', 'A prefix of capital letters and digits, e.g. SDE.'),
  )

export const entitySchema = z.strictObject({
  name: line(200),
  // Matched by its digits (server/services/nit.ts): one with none is refused in the words of its country,
  // the request's (`createEventBody`) or the entity's (PATCH /api/entities/:id, `refuseNit`).
  nit: line(40).optional(),
  address: text(300).optional(),
  email: z.email().max(200).optional(),
  phone: line(60).optional(),
  website: webUrl(300).optional(),
  radicadoPrefix: prefixSchema.optional(),
})

const details = {
  description: text(5000).optional(),
  place: line(300).optional(),
  endsAt: instantSchema.optional(),
  streamUrl: webUrl(500).optional(),
  areas: z.array(areaSchema).max(100).optional(),
  channels: z.array(line(100)).max(30).optional(),
  moderators: z.array(line(200)).max(20).optional(),
  signLanguage: z.boolean().optional(),
  agenda: z.array(line(300)).max(50).optional(),
  allowedOrigins: z.array(webUrl(300)).max(20).optional(),
  // Staff publish the report's public copy (suppressed, no personal data) when they are ready.
  reportPublished: z.boolean().optional(),
  retentionDays: z
    .number()
    .int()
    .min(1)
    .max(36_500)
    .nullable()
    .optional()
    .describe(
      'Días después del fin (o del cierre) del evento en que se anonimizan los datos personales de sus asistentes; null: los que fije CABILDO_RETENTION_DAYS, o ninguno.',
    ),
}

export const createEventBody = z
  .strictObject({
    slug: slugSchema.optional(),
    title: line(200),
    entity: z.union([line(200), entitySchema]),
    startsAt: instantSchema,
    modality: z.enum(['presencial', 'virtual', 'hibrida']),
    country: z.enum(countries),
    timezone: timezoneSchema.optional(),
    status: z.enum(['draft', 'open', 'closed']).optional(),
    ...details,
  })
  .superRefine((b, ctx) => {
    // The event's zone dates its petitions' receipt, radicado year and due date: one of its country's.
    if (b.timezone && !isCountryZone(b.country, b.timezone))
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: zoneIssue(b.country) })
    if (b.endsAt && !endsAfter(b.startsAt, b.endsAt))
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: endsEarly })
    // A NIT with no digits would match nothing, or anything: named as the event's country calls it.
    if (typeof b.entity === 'object' && b.entity.nit !== undefined && !/\d/.test(b.entity.nit))
      ctx.addIssue({ code: 'custom', path: ['entity', 'nit'], message: taxIdDigits[b.country] })
  })

/** The tax id with no digits at all: a Colombian entity's NIT, an Ecuadorian one's RUC. */
const taxIdDigits: Record<(typeof countries)[number], string> = {
  CO: said(
    'Escriba el NIT con sus dígitos, p. ej. 890480184-4.',
    'Give the NIT with its digits, e.g. 890480184-4.',
  ),
  EC: said(
    'Escriba el RUC con sus 13 dígitos, p. ej. 1760001550001.',
    'Give the RUC with its 13 digits, e.g. 1760001550001.',
  ),
}

/**
 * The end dates the report ("de 9:00 a. m. a 12:00 m."), starts the retention period and ends the live
 * moderation: one at or before the start is a mistake, refused on creation and on every change.
 */
export const endsAfter = (startsAt: string, endsAt: string) => Date.parse(endsAt) > Date.parse(startsAt)
export const endsEarly = said(
  'La hora de fin debe ser posterior a la de inicio.',
  'The end time must come after the start time.',
)

/** Why a zone is not the country's: one message per country, in both languages. */
export const zoneIssue = (country: (typeof countries)[number]) =>
  said(
    `Un evento en ${country === 'CO' ? 'Colombia' : 'Ecuador'} usa la zona horaria ${zonesOf(country, 'es')}.`,
    `An event in ${country === 'CO' ? 'Colombia' : 'Ecuador'} uses the time zone ${zonesOf(country, 'en')}.`,
  )

const figure = z.number().int().min(0).max(1_000_000_000)

// A PATCH clears what it sends as null: a description, a place, an end or a stream link staff remove,
// a figure typed by mistake.
const cleared = 'null: lo quita'
export const updateEventBody = z.strictObject({
  title: line(200).optional(),
  startsAt: instantSchema.optional(),
  modality: z.enum(['presencial', 'virtual', 'hibrida']).optional(),
  timezone: timezoneSchema.optional(),
  status: z.enum(['draft', 'open', 'closed']).optional(),
  ...details,
  description: details.description.unwrap().nullable().optional().describe(cleared),
  place: details.place.unwrap().nullable().optional().describe(cleared),
  endsAt: details.endsAt.unwrap().nullable().optional().describe(cleared),
  streamUrl: details.streamUrl.unwrap().nullable().optional().describe(cleared),
  // Figures staff enter from outside the forms; `figuresSource` says where they were read.
  peakViewers: figure.nullable().optional().describe(cleared),
  reactions: figure.nullable().optional().describe(cleared),
  comments: figure.nullable().optional().describe(cleared),
  shares: figure.nullable().optional().describe(cleared),
  views: figure.nullable().optional().describe(cleared),
  figuresSource: line(200).optional(),
})

export const listEventsQuery = z.object({
  status: z.enum(['draft', 'open', 'closed']).optional(),
  entityId: z.string().max(64).optional(),
})

export type CreateEventInput = z.infer<typeof createEventBody>
export type UpdateEventInput = z.infer<typeof updateEventBody>
