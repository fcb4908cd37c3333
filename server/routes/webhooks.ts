import { Hono } from 'hono'
import { staff } from '../access'
import type { AppEnv } from '../env'
import { waitUntilOf } from '../outbox'
import { idParam } from '../schemas/common'
import {
  changedWebhookAnswer,
  createdWebhookAnswer,
  webhookAnswer,
  webhooksAnswer,
} from '../schemas/contract'
import { createWebhookBody, deliveriesQuery, deliveryParam, updateWebhookBody } from '../schemas/webhooks'
import {
  createEndpoint,
  deleteEndpoint,
  endpointView,
  listDeliveries,
  listEndpoints,
  madeView,
  requireEndpoint,
  retryDelivery,
  updateEndpoint,
} from '../services/webhook-endpoints'
import { WEBHOOK_EVENT_TYPES } from '../services/webhooks'
import { validate } from '../validate'

export const webhookRoutes = new Hono<AppEnv>()
  .get(
    '/',
    staff([], 'Listar los webhooks salientes, cada uno con una pista de su secreto (nunca el secreto)', {
      answers: { 200: webhooksAnswer },
    }),
    async (c) => {
      const list = await listEndpoints(c.get('deps').db)
      return c.json({ webhooks: list.map(endpointView), eventTypes: WEBHOOK_EVENT_TYPES })
    },
  )
  .post(
    '/',
    staff(
      [],
      'Registrar un webhook (Standard Webhooks, firmado con su secreto whsec_, que se da solo en esta respuesta)',
      { ok: [201], answers: { 201: createdWebhookAnswer } },
    ),
    validate('json', createWebhookBody),
    async (c) => {
      const e = await createEndpoint(c.get('deps'), c.get('user')!, c.req.valid('json'))
      return c.json({ webhook: madeView(e) }, 201)
    },
  )
  .get(
    '/:id',
    staff([], 'Un webhook, con una pista de su secreto (nunca el secreto)', {
      answers: { 200: webhookAnswer },
    }),
    validate('param', idParam),
    async (c) => {
      return c.json({
        webhook: endpointView(await requireEndpoint(c.get('deps').db, c.req.valid('param').id)),
      })
    },
  )
  .patch(
    '/:id',
    staff(
      [],
      'Cambiar un webhook: dirección, tipos, activo, rotar el secreto (el nuevo se da solo en esta respuesta)',
      { answers: { 200: changedWebhookAnswer } },
    ),
    validate('param', idParam),
    validate('json', updateWebhookBody),
    async (c) => {
      const patch = c.req.valid('json')
      const e = await updateEndpoint(c.get('deps'), c.get('user')!, c.req.valid('param').id, patch)
      // A new secret is answered this once; any other change answers what a read does.
      return c.json({ webhook: patch.rotateSecret ? madeView(e) : endpointView(e) })
    },
  )
  .delete(
    '/:id',
    staff([], 'Eliminar un webhook y su registro de envíos', { ok: [204] }),
    validate('param', idParam),
    async (c) => {
      await deleteEndpoint(c.get('deps'), c.get('user')!, c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
  .get(
    '/:id/deliveries',
    staff([], 'Registro de envíos de un webhook, con sus intentos'),
    validate('param', idParam),
    validate('query', deliveriesQuery),
    async (c) => {
      const { db } = c.get('deps')
      const e = await requireEndpoint(db, c.req.valid('param').id)
      return c.json({ deliveries: await listDeliveries(db, e.id, c.req.valid('query')) })
    },
  )
  .post(
    '/:id/deliveries/:deliveryId/retry',
    staff([], 'Reenviar un mensaje de webhook ahora', { ok: [202] }),
    validate('param', deliveryParam),
    async (c) => {
      const { id, deliveryId } = c.req.valid('param')
      await retryDelivery(c.get('deps'), c.get('user')!, id, deliveryId)
      c.get('deps').outbox.wake(waitUntilOf(c))
      return c.json({ retried: deliveryId }, 202)
    },
  )
