import { z } from 'zod'
import { said } from '../messages'
import { WEBHOOK_EVENT_TYPES } from '../services/webhooks'
import { text, webUrl } from './common'

const url = webUrl(500)
const eventTypes = z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(WEBHOOK_EVENT_TYPES.length)

export const createWebhookBody = z.strictObject({
  url,
  // Without an entity, the endpoint receives every entity's messages.
  entityId: z.string().min(1).max(64).optional(),
  description: text(300).optional(),
  // Empty or absent: every type.
  eventTypes: eventTypes.optional(),
})

export const updateWebhookBody = z
  .strictObject({
    url: url.optional(),
    description: text(300).nullable().optional(),
    eventTypes: eventTypes.optional(),
    active: z.boolean().optional(),
    rotateSecret: z.literal(true).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, said('Indique al menos un cambio.', 'Give at least one change.'))

export const deliveriesQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})

export const deliveryParam = z.object({
  id: z.string().min(1).max(64),
  deliveryId: z.string().min(1).max(64),
})

export type CreateWebhookInput = z.infer<typeof createWebhookBody>
export type UpdateWebhookInput = z.infer<typeof updateWebhookBody>
