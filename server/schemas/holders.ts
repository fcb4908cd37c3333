import { z } from 'zod'
import { documentTypes } from '../../db/enums'
import { said } from '../messages'
import { registrationBody } from './attendance'

/**
 * A holder's search: the person's identifiers in the body, never in the address, so that no access log,
 * proxy or browser history keeps them. At least one of the document, the e-mail or the phone.
 */
export const holderSearchBody = z
  .strictObject({
    documentType: z.enum(documentTypes).optional(),
    documentNumber: z.string().trim().min(3).max(40).optional(),
    email: z.string().trim().max(200).pipe(z.email()).optional(),
    phone: z.string().trim().min(7).max(60).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.documentNumber && !b.email && !b.phone)
      ctx.addIssue({
        code: 'custom',
        path: ['documentNumber'],
        message: said(
          'Indique el documento, el correo o el teléfono de la persona.',
          "Give the person's document, e-mail or phone.",
        ),
      })
    if (b.documentType && !b.documentNumber)
      ctx.addIssue({
        code: 'custom',
        path: ['documentNumber'],
        message: said('Indique el número del documento.', 'Give the document number.'),
      })
    if (b.phone && b.phone.replace(/\D/g, '').length < 7)
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: said('Escriba un teléfono de al menos 7 dígitos.', 'Enter a phone of at least 7 digits.'),
      })
  })
export type HolderSearch = z.infer<typeof holderSearchBody>

const fields = registrationBody.shape
const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional()

/**
 * A rectification: any of the fields a person gave, each checked as the registration checks it (the
 * rules between fields are checked on the registration as it would stand, in the service). `null` takes
 * an optional answer away. The consent proof and the link's channel are not the person's to correct.
 */
export const rectifyBody = z.strictObject({
  name: fields.name.optional(),
  documentType: clearable(fields.documentType.unwrap()),
  documentNumber: clearable(fields.documentNumber.unwrap()),
  email: clearable(fields.email.unwrap()),
  phone: clearable(fields.phone.unwrap()),
  gender: clearable(fields.gender.unwrap()),
  ageRange: clearable(fields.ageRange.unwrap()),
  occupation: clearable(fields.occupation.unwrap()),
  education: clearable(fields.education.unwrap()),
  populationGroups: clearable(fields.populationGroups.unwrap()),
  territory: clearable(fields.territory.unwrap()),
  channel: clearable(fields.channel.unwrap()),
})
export type RectifyInput = z.infer<typeof rectifyBody>
export const rectifiable = Object.keys(rectifyBody.shape) as (keyof RectifyInput)[]
