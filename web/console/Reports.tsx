import { useEffect } from 'preact/hooks'
import { ComparePanel } from './ComparePanel'
import { useResource } from './event-data'
import type { ListedEvent } from './report-values'
import { can } from './session'
import { TotalsPanel } from './TotalsPanel'
import { t } from './text'
import { rt } from './text-reports'
import type { EntityRow } from './user-values'

/**
 * Figures across events, for analysts and admins as the API is: an entity's totals for the official
 * report, and two events compared. Staff limited to some entities see and name only theirs.
 */
export function Reports() {
  const x = rt()
  const tx = t()
  const allowed = can('analyst')
  const me = useResource<{ user: { entityIds: string[] | null } }>(allowed ? '/api/auth/me' : null)
  const entities = useResource<{ entities: EntityRow[] }>(allowed ? '/api/entities' : null)
  const events = useResource<{ events: ListedEvent[] }>(allowed ? '/api/events' : null)
  useEffect(() => {
    document.title = `${x.title} · ${tx.app}`
  }, [x, tx])

  const title = (
    <h1 id="reports-h" tabIndex={-1}>
      {x.title}
    </h1>
  )
  if (!allowed)
    return (
      <section aria-labelledby="reports-h">
        {title}
        <p>{x.staffOnly}</p>
      </section>
    )
  const error = me.error.value || entities.error.value || events.error.value
  const ready = me.data.value && entities.data.value && events.data.value
  const scoped = Boolean(me.data.value?.user.entityIds)
  const list = entities.data.value?.entities ?? []

  return (
    <section aria-labelledby="reports-h">
      {title}
      <p>{x.intro}</p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!ready ? (
        !error && <p>{tx.loading}</p>
      ) : scoped && !list.length ? (
        <p>{x.noEntities}</p>
      ) : (
        <>
          <TotalsPanel events={events.data.value!.events} entities={list} scoped={scoped} />
          <ComparePanel events={events.data.value!.events} />
        </>
      )}
    </section>
  )
}
