import { z } from 'zod'
import { commitmentOrigins, commitmentStatuses } from '../../db/schema'
import { said } from '../messages'
import { areaKeySchema, instantSchema, line, text } from './common'

const month = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])$/,
    said('Mes como AAAA-MM, p. ej. 2026-09.', 'A month as YYYY-MM, e.g. 2026-09.'),
  )
const progress = z.number().int().min(0).max(100)

// A due date from another century is a typing slip ("0000-01" read "enero de 1"), not a plan.
const inYears = (s: string) => s >= '2000' && s < '2101'
const dueDate = z.iso
  .date()
  .refine(inYears, said('Una fecha entre los años 2000 y 2100.', 'A date between the years 2000 and 2100.'))
const dueMonth = month.refine(
  inYears,
  said('Un mes entre los años 2000 y 2100.', 'A month between the years 2000 and 2100.'),
)
// A follow-up is dated today or before (checked where the event's time zone is known), from 2000 on.
const followUpDate = z.iso
  .date()
  .refine((d) => d >= '2000', said('Una fecha desde el año 2000.', 'A date from the year 2000 on.'))

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
    responsible: line(200).optional(),
    activity: text(1000).optional(),
    axis: line(200).optional(),
    origin: z.enum(commitmentOrigins).optional(),
    observation: text(2000).optional(),
    contribution: text(2000).optional(),
    dueDate: dueDate.optional(),
    dueMonth: dueMonth.optional(),
    status: z.enum(commitmentStatuses).optional(),
    progress: progress.optional(),
    published: z.boolean().optional(),
  })
  .refine(oneDue, oneDueIssue)

export const updateCommitmentBody = z
  .strictObject({
    description: text(2000).optional(),
    area: areaKeySchema.optional(),
    responsible: line(200).nullable().optional(),
    activity: text(1000).nullable().optional(),
    axis: line(200).nullable().optional(),
    origin: z.enum(commitmentOrigins).optional(),
    observation: text(2000).nullable().optional(),
    contribution: text(2000).nullable().optional(),
    dueDate: dueDate.nullable().optional(),
    dueMonth: dueMonth.nullable().optional(),
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
    date: followUpDate.optional(),
    progress: progress.optional(),
    status: z.enum(commitmentStatuses).optional(),
    // Rescheduling (status reprogramado) gives the new date or month.
    dueDate: dueDate.optional(),
    dueMonth: dueMonth.optional(),
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
