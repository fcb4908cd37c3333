import { type Signal, useSignal } from '@preact/signals'
import { useEffect } from 'preact/hooks'
import {
  type Consent,
  enc,
  type FixedForm,
  type FormDef,
  type PublicEvent,
  type WidgetStrings,
} from '../shared/api'
import { api } from './session'
import { t } from './text'

/** The event as staff see it (server/services/events.ts, staffEventView). */
export type StaffEvent = PublicEvent & {
  id: string
  entityId: string
  radicadoPrefix: string | null
  /** A prefix staff scheduled: the first radicado of `fromYear` takes it. */
  radicadoPrefixNext?: { prefix: string; fromYear: number } | null
  moderators: string[]
  figures: Record<string, { value: number; source: string; updatedAt: string }>
  allowedOrigins: string[]
  reportPublished?: boolean
  /** Days after the end (or close) when its attendees are anonymised; null: the installation's, or none. */
  retentionDays?: number | null
  closedAt?: string | null
  /** The attendee page's address as its QR code encodes it (CABILDO_PUBLIC_URL, when set). */
  pageUrl?: string
}
/**
 * With the attendance form as attendees see it (`fixedForms`), its consent notice and the widget's texts
 * in the console's language: the door's registration is built from them (WalkIn.tsx).
 */
export type EventData = {
  event: StaffEvent
  forms: FormDef[]
  consent?: Consent
  strings?: WidgetStrings
  fixedForms?: FixedForm[]
}

/** Loads a resource once (and again on `reload`), with its error in the session's language. */
export function useResource<T>(path: string | null, deps: unknown[] = []) {
  const data = useSignal<T | undefined>(undefined)
  const error = useSignal('')
  const load = async () => {
    if (!path) return
    const r = await api<T>('GET', path)
    if (r.data) {
      data.value = r.data
      error.value = ''
    } else error.value = r.error?.message ?? t().offline
  }
  useEffect(() => {
    load()
  }, [path, ...deps])
  return { data, error, reload: load } as {
    data: Signal<T | undefined>
    error: Signal<string>
    reload: () => Promise<void>
  }
}

export const useEvent = (slug: string) => useResource<EventData>(`/api/events/${enc(slug)}`)
