import { Hono } from 'hono'
import { open, staff } from '../access'
import type { AppEnv } from '../env'
import { ApiError, langOf } from '../errors'
import { waitUntilOf } from '../outbox'
import {
  createCommitmentBody,
  followUpBody,
  listCommitmentsQuery,
  updateCommitmentBody,
} from '../schemas/commitments'
import { idParam, slugParam } from '../schemas/common'
import { commitmentAnswer, commitmentsAnswer } from '../schemas/contract'
import { listCommitments, requireCommitment } from '../services/commitment-queries'
import { commitmentView, workPlan } from '../services/commitment-views'
import { addFollowUp, createCommitment, updateCommitment } from '../services/commitments'
import { requireEvent } from '../services/events'
import { validate } from '../validate'

export const commitmentRoutes = new Hono<AppEnv>()
  .post(
    '/events/:slug/commitments',
    staff(['moderator', 'analyst'], 'Registrar un compromiso (desde una pregunta o por iniciativa propia)', {
      ok: [201],
      answers: { 201: commitmentAnswer },
      // QUESTION_NOT_FOUND: the `questionId` it answers is no question of the event.
      errors: ['QUESTION_NOT_FOUND', 'AREA_UNKNOWN'],
    }),
    validate('param', slugParam),
    validate('json', createCommitmentBody),
    async (c) => {
      const deps = c.get('deps')
      const { row, full } = await createCommitment(
        deps,
        c.get('user')!,
        c.req.valid('param').slug,
        c.req.valid('json'),
      )
      deps.outbox.wake(waitUntilOf(c))
      return c.json({ commitment: commitmentView(row, full.areas, true) }, 201)
    },
  )
  .get(
    '/events/:slug/commitments',
    open('Compromisos del evento (públicos una vez publicados); ?view=plan da el plan de trabajo por eje', {
      answers: { 200: commitmentsAnswer },
    }),
    validate('param', slugParam),
    validate('query', listCommitmentsQuery),
    async (c) => {
      const { db } = c.get('deps')
      const isStaff = Boolean(c.get('user'))
      const full = await requireEvent(db, c.req.valid('param').slug, { staff: isStaff })
      const { view, ...filters } = c.req.valid('query')
      const rows = await listCommitments(db, full.event.id, { ...filters, published: !isStaff })
      if (view === 'plan') return c.json({ plan: workPlan(rows, full.areas, langOf(c)) })
      return c.json({ commitments: rows.map((r) => commitmentView(r, full.areas, isStaff)) })
    },
  )
  .get(
    '/commitments/:id',
    open('Un compromiso con su seguimiento (público una vez publicado)', { scope: 'commitment' }),
    validate('param', idParam),
    async (c) => {
      const isStaff = Boolean(c.get('user'))
      const { row, full } = await requireCommitment(c.get('deps').db, c.req.valid('param').id)
      const hidden = !isStaff && (!row.commitment.published || full.event.status === 'draft')
      if (hidden) throw new ApiError('COMMITMENT_NOT_FOUND')
      return c.json({ commitment: commitmentView(row, full.areas, isStaff) })
    },
  )
  .patch(
    '/commitments/:id',
    staff(['moderator', 'analyst'], 'Actualizar un compromiso (estado, avance, publicación...)', {
      scope: 'commitment',
      answers: { 200: commitmentAnswer },
      errors: ['COMMITMENT_CHANGED', 'AREA_UNKNOWN'],
    }),
    validate('param', idParam),
    validate('json', updateCommitmentBody),
    async (c) => {
      const deps = c.get('deps')
      const { row, full } = await updateCommitment(
        deps,
        c.get('user')!,
        c.req.valid('param').id,
        c.req.valid('json'),
      )
      deps.outbox.wake(waitUntilOf(c))
      return c.json({ commitment: commitmentView(row, full.areas, true) })
    },
  )
  .post(
    '/commitments/:id/follow-ups',
    staff(['moderator', 'analyst'], 'Agregar un seguimiento fechado a un compromiso', {
      scope: 'commitment',
      ok: [201],
    }),
    validate('param', idParam),
    validate('json', followUpBody),
    async (c) => {
      const deps = c.get('deps')
      const { row, full } = await addFollowUp(
        deps,
        c.get('user')!,
        c.req.valid('param').id,
        c.req.valid('json'),
      )
      deps.outbox.wake(waitUntilOf(c))
      return c.json({ commitment: commitmentView(row, full.areas, true) }, 201)
    },
  )
