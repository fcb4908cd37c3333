import { z } from 'zod'
import { documentTypes } from '../../db/enums'
import { said } from '../messages'
import {
  ageOptions,
  channelOptions,
  educationOptions,
  genderOptions,
  occupationOptions,
  optionValues,
  populationOptions,
} from '../services/question-bank'
import { instantSchema, line } from './common'

/** Channels a join link can be shared on (`?canal=`); anything else is counted as `otro`. */
export const linkChannels = [
  'whatsapp',
  'facebook',
  'instagram',
  'x',
  'tiktok',
  'youtube',
  'telegram',
  'correo',
  'sms',
  'web',
  'qr',
  'radio',
  'otro',
] as const

const enumOf = (list: Parameters<typeof optionValues>[0]) => z.enum(optionValues(list))

/**
 * An Ecuadorian cédula: 10 digits, the province it was issued in (01–24, or 30 for one issued abroad), a
 * third digit below 6 (a natural person's), and the last a check digit: modulo 10 with the coefficients
 * 2, 1, 2, 1… (a product above 9 less 9). A typo in it almost always fails, so the same person typed twice
 * is not two registrations, and the door does not look for someone who does not exist.
 */
export function isEcuadorCedula(number: string): boolean {
  const d = number.replace(/[\s.-]/g, '')
  if (!ecuadorCedula.pattern.test(d)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) {
    const p = Number(d[i]) * (i % 2 === 0 ? 2 : 1)
    sum += p > 9 ? p - 9 : p
  }
  return (10 - (sum % 10)) % 10 === Number(d[9])
}
/**
 * The cédula's shape (its spaces, dots and hyphens taken out) and the message when it or its check digit
 * is wrong: checked here, and sent with the attendance form so that the device checks it too.
 */
export const ecuadorCedula = {
  pattern: /^(?:0[1-9]|1\d|2[0-4]|30)[0-5]\d{7}$/,
  message: said(
    'Revise el número: una cédula de Ecuador tiene 10 dígitos y el último no corresponde a los anteriores.',
    'Check the number: an Ecuadorian cédula has 10 digits, and the last does not match the others.',
  ),
}

/**
 * The formats of a document number and a phone, with their messages: checked here, and sent with the
 * attendance form (server/schemas/fixed-forms.ts) so that the device checks the same before it queues a
 * registration to send later, which the server would then refuse with the person no longer there.
 */
export const documentNumberFormat = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9.\- ]{2,24}$/,
  message: said(
    'Entre 3 y 25 letras, números, puntos o guiones.',
    'From 3 to 25 letters, digits, dots or hyphens.',
  ),
}
/** The rules between fields, which the attendance form also sends to the device (`requiredWith`...). */
/** A minor's registration (checked below, and sent with the guardian's checkbox as its message). */
export const guardianNeeded = said(
  'El registro de un menor de edad requiere la autorización de su representante legal.',
  "A minor's registration needs the authorisation of their legal guardian.",
)
export const documentTypeNeeded = said('Indique el tipo de documento.', 'Give the type of document.')
export const contactNeeded = said(
  'Indique un documento, un correo o un teléfono para distinguir su registro.',
  'Give a document, an e-mail or a phone number to tell your registration apart.',
)
/** An in-person event identifies who attended by their document (checked in server/services/attendance.ts). */
export const inPersonDocument = said(
  'En un evento presencial, indique su documento de identidad.',
  'At an in-person event, give your identity document.',
)
// Written as people write them, "(601) 234 5678" or "+57 300-123.4567": 7 to 20 digits, with spaces,
// brackets, hyphens or dots between them.
export const phoneFormat = {
  pattern: /^\+?(?:[ ().-]*[0-9]){7,20}[ ().-]*$/,
  message: said(
    'Escriba un teléfono de 7 a 20 dígitos; puede llevar espacios, guiones y paréntesis.',
    'Enter a phone number of 7 to 20 digits; spaces, hyphens and brackets are fine.',
  ),
}

export const registrationBody = z
  .strictObject({
    name: line(200),
    documentType: z.enum(documentTypes).optional(),
    documentNumber: z
      .string()
      .trim()
      .regex(documentNumberFormat.pattern, documentNumberFormat.message)
      .optional(),
    // People paste addresses with a trailing space from their phone's keyboard.
    email: z.string().trim().max(200).pipe(z.email()).optional(),
    phone: z.string().trim().max(40).regex(phoneFormat.pattern, phoneFormat.message).optional(),
    gender: enumOf(genderOptions).optional(),
    ageRange: enumOf(ageOptions).optional(),
    occupation: enumOf(occupationOptions).optional(),
    education: enumOf(educationOptions).optional(),
    populationGroups: z.array(enumOf(populationOptions)).min(1).max(11).optional(),
    territory: line(120).optional(),
    channel: enumOf(channelOptions).optional(),
    // Whatever a shared link carried (tracking tags included) must not block a registration.
    linkChannel: z
      .string()
      .max(1000)
      .optional()
      .describe(
        'El canal del enlace de invitación (?canal=whatsapp); valores desconocidos cuentan como "otro".',
      ),
    consent: z.literal(
      true,
      said(
        'Debe aceptar el aviso de privacidad (consent: true) para registrarse.',
        'Accept the privacy notice (consent: true) to register.',
      ),
    ),
    consentVersion: z
      .string()
      .max(40)
      .optional()
      .describe('La versión del aviso que se mostró; si ya cambió, la respuesta es 409 CONSENT_OUTDATED.'),
    guardianConsent: z
      .literal(true)
      .optional()
      .describe('Para menores de 18 años: su representante legal autoriza el registro.'),
  })
  .superRefine((b, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (b.documentNumber && !b.documentType) issue('documentType', documentTypeNeeded)
    if (!b.documentNumber && !b.email && !b.phone) issue('documentNumber', contactNeeded)
    if (b.documentType === 'CI' && b.documentNumber && !isEcuadorCedula(b.documentNumber))
      issue('documentNumber', ecuadorCedula.message)
    // A tarjeta de identidad or a registro civil is a minor's document: without the age, the law's
    // guard (the guardian's authorisation, no sensitive question) cannot be applied, so it is asked for,
    // and "prefer not to answer" does not stand in for it.
    if (
      (b.documentType === 'TI' || b.documentType === 'RC') &&
      (!b.ageRange || b.ageRange === 'prefiero_no_responder')
    )
      issue(
        'ageRange',
        said(
          'Con tarjeta de identidad o registro civil, indique su rango de edad: el registro de un menor de edad requiere la autorización de su representante legal.',
          "With a minor's identity card or civil registry, give your age range: a minor's registration needs the authorisation of their legal guardian.",
        ),
      )
    if (b.ageRange === 'menos_18') {
      if (!b.guardianConsent) issue('guardianConsent', guardianNeeded)
      if (b.populationGroups)
        issue(
          'populationGroups',
          said(
            'Los menores de edad no responden preguntas sensibles.',
            'Minors do not answer sensitive questions.',
          ),
        )
    }
    const groups = b.populationGroups ?? []
    if (new Set(groups).size !== groups.length)
      issue('populationGroups', said('Un grupo aparece dos veces.', 'A group appears twice.'))
    if (groups.length > 1 && groups.some((g) => g === 'ninguno' || g === 'prefiero_no_responder'))
      issue(
        'populationGroups',
        said(
          '"Ninguno" y "Prefiero no responder" no se combinan con otros grupos.',
          '"None" and "Prefer not to answer" do not go with other groups.',
        ),
      )
  })

/**
 * A link read from a QR instead of a check-in code: most often the event's own join QR (its attendee
 * page, `/e/<slug>`), which hangs at the door beside the people who show theirs.
 */
const joinPage = /^(?:https?:\/\/)?[^/\s]+\/e\/[^/?#\s]+/i
const aLink = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S/i
const notALink = (v: string, ctx: z.RefinementCtx) => {
  if (joinPage.test(v))
    ctx.addIssue({
      code: 'custom',
      message: said(
        'Ese es el código QR de la página del evento, no el de un asistente: lea el QR del comprobante de la persona, o escriba su código o su documento.',
        "That is the QR code of the event's page, not an attendee's: read the QR on the person's receipt, or type their code or document.",
      ),
    })
  else if (aLink.test(v))
    ctx.addIssue({
      code: 'custom',
      message: said(
        'Ese código QR lleva un enlace, no un código de ingreso: lea el QR del comprobante de la persona, o escriba su código o su documento.',
        "That QR code holds a link, not a check-in code: read the QR on the person's receipt, or type their code or document.",
      ),
    })
}

// The check-in code, or the person's document number as they say it (up to 25 characters with its dots);
// a link read from a QR is told apart before the length, which would only say it is too long.
export const checkinBody = z.strictObject({
  code: z.string().trim().min(4).max(2000).superRefine(notALink).pipe(z.string().max(30)),
})
export const codeParam = z.object({ slug: z.string().min(1).max(120), code: z.string().min(4).max(20) })
export const undoQuery = z.object({
  checkedInAt: instantSchema
    .optional()
    .describe(
      'El checkedInAt del ingreso que se quiere deshacer, tal como se vio: si es otro (se deshizo y se registró de nuevo), 409 CHECKIN_CHANGED y nada cambia.',
    ),
})
export const attendeeParam = z.object({ slug: z.string().min(1).max(120), id: z.string().min(1).max(64) })

export const attendanceListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  checkedIn: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(64).optional(),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  delimiter: z.enum([';', ',']).default(';'),
})

export const canalQuery = z.object({ canal: z.string().max(40).optional() })
export const codeQuery = z.object({ code: z.string().trim().min(4).max(20) })

export type RegistrationInput = z.infer<typeof registrationBody>
export type AttendanceListQuery = z.infer<typeof attendanceListQuery>
