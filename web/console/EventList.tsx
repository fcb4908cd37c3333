// biome-ignore-all lint/a11y/noRedundantRoles: on a phone CSS makes the table display:block, which drops its native roles; these put them back
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
        // On a phone each event becomes a card, each cell labelled with its column, as the commitments are.
        <table class="stacked" role="table">
          <thead role="rowgroup">
            <tr role="row">
              {[l.event, l.entity, l.date, l.status, l.actions].map((head) => (
                <th key={head} scope="col" role="columnheader">
                  {head}
                </th>
              ))}
            </tr>
          </thead>
          <tbody role="rowgroup">
            {rows.map((e) => (
              <tr key={e.slug} role="row">
                <th scope="row" role="rowheader">
                  <Link href={eventPath(e.slug)}>{e.title}</Link>
                </th>
                <td role="cell" data-label={l.entity}>
                  {e.entity.name}
                </td>
                <td role="cell" data-label={l.date}>
                  {when(e.startsAt, lang.value, e.timezone)}
                </td>
                <td role="cell" data-label={l.status}>
                  {tx.statuses[e.status] ?? e.status}
                </td>
                <td role="cell" class="cell-actions">
                  <div class="row nowrap">
                    {can('moderator') && <Link href={eventPath(e.slug, 'moderacion')}>{l.moderate}</Link>}
                    <a
                      href={`/console/proyector/${encodeURIComponent(e.slug)}`}
                      target="_blank"
                      rel="noopener"
                    >
                      {l.projector}
                    </a>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
