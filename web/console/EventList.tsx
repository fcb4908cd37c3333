import { useEffect } from 'preact/hooks'
import { when } from '../shared/format'
import { useResource } from './event-data'
import { Link } from './Link'
import { eventPath } from './router'
import { can, lang } from './session'
import { t } from './text'

type Row = {
  slug: string
  title: string
  startsAt: string
  /** The event's own zone: its date is the one where it is held. */
  timezone: string
  status: string
  modality: string
  demo: boolean
  entity: { name: string }
}

/** Every event staff may work on, newest first, with the way into each view. */
export function EventList() {
  const tx = t()
  const l = tx.list
  const { data, error } = useResource<{ events: Row[] }>('/api/events')
  useEffect(() => {
    document.title = `${tx.events} · ${tx.app}`
  }, [tx])
  const rows = data.value?.events
  return (
    <section aria-labelledby="events-h">
      <div class="heading-row">
        <h1 id="events-h" tabIndex={-1}>
          {tx.events}
        </h1>
        {can() && (
          <Link href="/console/eventos/nuevo" class="button">
            {l.create}
          </Link>
        )}
      </div>
      {error.value && (
        <p role="alert" class="error">
          {error.value}
        </p>
      )}
      {!rows ? (
        <p>{tx.loading}</p>
      ) : rows.length === 0 ? (
        <p>{l.empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{l.event}</th>
              <th scope="col">{l.entity}</th>
              <th scope="col">{l.date}</th>
              <th scope="col">{l.status}</th>
              <th scope="col">{l.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.slug}>
                <th scope="row">
                  <Link href={eventPath(e.slug)}>{e.title}</Link>
                </th>
                <td>{e.entity.name}</td>
                <td>{when(e.startsAt, lang.value, e.timezone)}</td>
                <td>{tx.statuses[e.status] ?? e.status}</td>
                <td class="row">
                  {can('moderator') && <Link href={eventPath(e.slug, 'moderacion')}>{l.moderate}</Link>}
                  <a href={`/console/proyector/${encodeURIComponent(e.slug)}`} target="_blank" rel="noopener">
                    {l.projector}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
