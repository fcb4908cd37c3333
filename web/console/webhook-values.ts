import type { Failure, Issue } from '../shared/api'
import { t } from './text'

/** A webhook as GET /api/webhooks answers it (server/services/webhook-endpoints.ts endpointView). */
export type Webhook = {
  id: string
  url: string
  /** null: the events of every entity. */
  entityId: string | null
  description: string | null
  /** Empty: every type, those added later too. */
  eventTypes: string[]
  active: boolean
  /**
   * The signing secret, only in the answer that made it (the creation, or a new secret): no read gives it
   * again, so the console shows it then and keeps it nowhere.
   */
  secret?: string
  /** What every read gives instead: its prefix and last characters (`whsec_…a1b2`). */
  secretHint: string
  /** When the secret was made: at the creation or at the last change of secret. */
  secretCreatedAt: string
  createdAt: string
  updatedAt: string | null
}

/** One message of an endpoint's delivery log (GET /api/webhooks/:id/deliveries), what the console shows of it. */
export type Delivery = {
  id: string
  eventType: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  nextAttemptAt: string
  lastStatus: number | null
  lastError: string | null
  deliveredAt: string | null
  createdAt: string
  purgedAt: string | null
  attemptLog: { at: string; status: number | null; error: string | null; durationMs: number }[]
}

export const failed = (r: { error?: Failure }): Failure =>
  r.error ?? { code: 'OFFLINE', message: t().offline }

// The errors that name no field but belong to one: shown next to it as well as above the form.
const CODE_FIELD: Record<string, string> = { NOT_FOUND: 'entityId' }

/** The failure as its summary lists it: an error that belongs to a field is that field's, linked to it. */
export function webhookProblem(failure: Failure | null): { message: string; issues?: Issue[] } {
  if (!failure) return { message: '' }
  const field = CODE_FIELD[failure.code]
  if (field && !failure.issues?.length)
    return { message: '', issues: [{ path: field, message: failure.message }] }
  return { message: failure.message, issues: failure.issues }
}

/** The time zone of the admin's device: a delivery's times are the admin's, not an event's. */
export const hereZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/Bogota'

/** Whether two lists of notice types are the same, in any order. */
export const sameTypes = (a: string[], b: string[]) =>
  a.length === b.length && a.every((type) => b.includes(type))
