import { z } from 'zod'
import { commitmentOrigins, commitmentStatuses } from '../../db/schema'
import { said } from '../messages'
import { areaKeySchema, instantSchema, text } from './common'

const month = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])$/,
    said('Mes como AAAA-MM, p. ej. 2026-09.', 'A month as YYYY-MM, e.g. 2026-09.'),
  )
const progress = z.number().int().min(0).max(100)

const oneDue = (b: { dueDate?: string | null; dueMonth?: string | null }) => !(b.dueDate && b.dueMonth)
const oneDueIssue = {
  path: ['dueMonth'],
  message: said('Indique una fecha o un mes, no ambos.', 'Give a date or a month, not both.'),
}

export const createCommitmentBody = z
  .strictObject({
    description: text(2000),
    // Optional when the commitment comes from a question that already has its area.
    area: areaKeySchema.optional(),
    questionId: z.string().min(1).max(64).optional(),
    responsible: text(200).optional(),
    activity: text(1000).optional(),
    axis: text(200).optional(),
    origin: z.enum(commitmentOrigins).optional(),
    observation: text(2000).optional(),
    contribution: text(2000).optional(),
    dueDate: z.iso.date().optional(),
    dueMonth: month.optional(),
    status: z.enum(commitmentStatuses).optional(),
    progress: progress.optional(),
    published: z.boolean().optional(),
  })
  .refine(oneDue, oneDueIssue)

export const updateCommitmentBody = z
  .strictObject({
    description: text(2000).optional(),
    area: areaKeySchema.optional(),
    responsible: text(200).nullable().optional(),
    activity: text(1000).nullable().optional(),
    axis: text(200).nullable().optional(),
    origin: z.enum(commitmentOrigins).optional(),
    observation: text(2000).nullable().optional(),
    contribution: text(2000).nullable().optional(),
    dueDate: z.iso.date().nullable().optional(),
    dueMonth: month.nullable().optional(),
    status: z.enum(commitmentStatuses).optional(),
    progress: progress.optional(),
    published: z.boolean().optional(),
    expectedUpdatedAt: instantSchema
      .nullable()
      .optional()
      .describe(
        'El updatedAt del compromiso tal como se vio al abrirlo: si otra persona lo cambió desde entonces, 409 COMMITMENT_CHANGED y nada cambia.',
      ),
  })
  .refine(
    ({ expectedUpdatedAt: _, ...change }) => Object.keys(change).length > 0,
    said('Indique al menos un cambio.', 'Give at least one change.'),
  )
  .refine(oneDue, oneDueIssue)

export const followUpBody = z
  .strictObject({
    note: text(4000),
    date: z.iso.date().optional(),
    progress: progress.optional(),
    status: z.enum(commitmentStatuses).optional(),
    // Rescheduling (status reprogramado) gives the new date or month.
    dueDate: z.iso.date().optional(),
    dueMonth: month.optional(),
  })
  .refine(oneDue, oneDueIssue)

export const listCommitmentsQuery = z.object({
  view: z.enum(['list', 'plan']).optional(),
  status: z.enum(commitmentStatuses).optional(),
  axis: z.string().max(200).optional(),
  area: z.string().max(48).optional(),
})

export type CreateCommitmentInput = z.infer<typeof createCommitmentBody>
export type UpdateCommitmentInput = z.infer<typeof updateCommitmentBody>
export type FollowUpInput = z.infer<typeof followUpBody>
