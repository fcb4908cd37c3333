import { useEffect } from 'preact/hooks'
import { eventTime } from '../shared/format'
import { Anonymize } from './Anonymize'
import { Checkin } from './Checkin'
import { Commitments } from './Commitments'
import { EntityKept } from './EntityKept'
import { EntityPanel } from './EntityPanel'
import { EventForm } from './EventForm'
import { Exports } from './Exports'
import { useEvent } from './event-data'
import { FormsPanel } from './FormsPanel'
import { Link } from './Link'
import { Moderation } from './Moderation'
import { RadicadoPrefix } from './RadicadoPrefix'
import { eventPath, TABS, type Tab } from './router'
import { ShareLink } from './ShareLink'
import { Summary } from './Summary'
import { can, lang } from './session'
import { t } from './text'

const labelOf: Record<Tab, keyof ReturnType<typeof t>['tabs']> = {
  resumen: 'summary',
  moderacion: 'moderation',
  ingreso: 'checkin',
  formularios: 'forms',
  informe: 'exports',
  compromisos: 'commitments',
  datos: 'details',
}

/** One event's workspace: a page per job (summary, moderation, door, forms, files, commitments, details). */
export function EventPage({ slug, tab }: { slug: string; tab: Tab }) {
  const tx = t()
  const { data, error, reload } = useEvent(slug)
  const d = data.value
  useEffect(() => {
    if (d) document.title = `${tx.tabs[labelOf[tab]]} · ${d.event.title} · ${tx.app}`
  }, [d, tab, tx])
  if (!d)
    return error.value ? (
      <p role="alert" class="error">
        {error.value}
      </p>
    ) : (
      <p>{tx.loading}</p>
    )
  const e = d.event
  // Moderation and the door are moderators' work; the API would refuse analysts anyway.
  const tabs = TABS.filter((k) => !['moderacion', 'ingreso'].includes(k) || can('moderator'))
  return (
    <>
      <div class="event-head">
        <p class="entity">{e.entity.name}</p>
        <h1 tabIndex={-1}>{e.title}</h1>
        <p class="meta">
          {eventTime(e.startsAt, e.timezone, lang.value)} · {tx.statuses[e.status] ?? e.status}
          {' · '}
          <a href={`/e/${encodeURIComponent(e.slug)}`}>{tx.tabs.page}</a>
          {' · '}
          <a href={`/console/proyector/${encodeURIComponent(e.slug)}`}>{tx.tabs.projector}</a>
        </p>
      </div>
      <EntityKept slug={slug} />
      <nav class="tabs" aria-label={e.title}>
        {tabs.map((k) => (
          <Link key={k} href={eventPath(slug, k)} current={k === tab}>
            {tx.tabs[labelOf[k]]}
          </Link>
        ))}
      </nav>
      {tab === 'resumen' && <ShareLink slug={slug} pageUrl={e.pageUrl} sites={e.allowedOrigins ?? []} />}
      {tab === 'resumen' && <Summary slug={slug} data={d} />}
      {tab === 'moderacion' && <Moderation slug={slug} data={d} />}
      {tab === 'ingreso' && <Checkin slug={slug} tz={e.timezone} data={d} />}
      {/* Erasing the attendees' personal data is an admin's, once the event is closed. */}
      {tab === 'ingreso' && can() && e.status === 'closed' && <Anonymize slug={slug} title={e.title} />}
      {tab === 'formularios' && (
        <FormsPanel slug={slug} tz={e.timezone} status={e.status} pageUrl={e.pageUrl} />
      )}
      {tab === 'informe' && <Exports slug={slug} data={d} />}
      {tab === 'compromisos' && <Commitments slug={slug} data={d} />}
      {tab === 'datos' && <EventForm data={d} onSaved={reload} />}
      {/* Entities are admins' to change (PATCH /api/entities/:id). */}
      {tab === 'datos' && can() && <EntityPanel event={e} onSaved={reload} />}
      {tab === 'datos' && can() && <RadicadoPrefix event={e} onSaved={reload} />}
    </>
  )
}
