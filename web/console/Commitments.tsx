// biome-ignore-all lint/a11y/noRedundantRoles: on a phone CSS makes the table display:block, which drops its native roles; these put them back
import { useSignal } from '@preact/signals'
import { enc } from '../shared/api'
import { longDate } from '../shared/format'
import { CommitmentForm } from './CommitmentForm'
import { type EventData, useResource } from './event-data'
import { type FollowUp, FollowUps } from './FollowUps'
import { can, lang } from './session'
import { num, t } from './text'
import { st } from './text-staff'

export type Commitment = {
  id: string
  description: string
  area: { key: string; name: string } | null
  questionId: string | null
  radicado: string | null
  responsible: string | null
  activity: string | null
  axis: string | null
  origin: string
  /** Ecuador's work plan: the citizens' observation and contribution the agreement answers. */
  observation: string | null
  contribution: string | null
  dueDate: string | null
  dueMonth: string | null
  /** The date or month it was first due, when it has been rescheduled since. */
  originalDue: string | null
  status: string
  progress: number
  published: boolean
  followUps: FollowUp[]
  /** The version: an edit is sent with it and refused if another staff member changed it since. */
  updatedAt: string | null
}

/** What the entity promised at the event, as a table; each row editable and followed up, new ones below. */
export function Commitments({ slug, data }: { slug: string; data: EventData }) {
  const c = st().commitments
  const tx = t()
  const {
    data: list,
    error,
    reload,
  } = useResource<{ commitments: Commitment[] }>(`/api/events/${enc(slug)}/commitments`)
  const editing = useSignal<string | null>(null)
  const following = useSignal<string | null>(null)
  const rows = list.value?.commitments
  const followed = rows?.find((r) => r.id === following.value)
  const axes = [...new Set((rows ?? []).flatMap((r) => (r.axis ? [r.axis] : [])))]
  // API.md: commitments are staff work; analysts of the planning office follow them up for months.
  const editable = can('moderator', 'analyst')
  const heads = [
    c.description,
    c.area,
    c.responsible,
    c.due,
    c.status,
    c.progress,
    c.published,
    tx.list.actions,
  ]
  return (
    <section aria-labelledby="commitments-h">
      <h2 id="commitments-h">{c.title}</h2>
      {error.value && (
        <p role="alert" class="error">
          {error.value}
        </p>
      )}
      {!rows ? (
        <p>{tx.loading}</p>
      ) : rows.length === 0 ? (
        <p>{c.empty}</p>
      ) : (
        // On a phone each row becomes a card, each cell labelled with its column (data-label, drawn by
        // CSS). `display:block` makes browsers drop a table's semantics, so the roles are given here
        // explicitly: screen readers keep the table, its column headers (hidden only visually) and rows,
        // and announce each cell's header from there; the drawn label is muted (content: … / "") so it
        // is not read twice.
        <div class="table-wrap">
          <table class="stacked" role="table">
            <thead role="rowgroup">
              <tr role="row">
                {heads.map((head) => (
                  <th key={head} scope="col" role="columnheader">
                    {head}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody role="rowgroup">
              {rows.map((r) => (
                <tr key={r.id} role="row">
                  <th scope="row" role="rowheader">
                    {r.description}
                    {r.radicado && <span class="meta"> · {r.radicado}</span>}
                  </th>
                  <td role="cell" data-label={c.area}>
                    {r.area?.name ?? '—'}
                  </td>
                  <td role="cell" data-label={c.responsible}>
                    {r.responsible ?? '—'}
                  </td>
                  <td role="cell" data-label={c.due}>
                    {longDate(r.dueDate ?? r.dueMonth, lang.value) ?? '—'}
                    {r.originalDue && (
                      <span class="meta">
                        {' '}
                        ({c.firstDue(longDate(r.originalDue, lang.value) ?? r.originalDue)})
                      </span>
                    )}
                  </td>
                  <td role="cell" data-label={c.status}>
                    {c.statuses[r.status] ?? r.status}
                  </td>
                  <td role="cell" data-label={c.progress}>
                    {num(r.progress)} %
                  </td>
                  <td role="cell" data-label={c.published}>
                    {r.published ? tx.yes : tx.no}
                  </td>
                  <td role="cell" class="cell-actions">
                    <div class="row">
                      <button
                        type="button"
                        class="secondary"
                        id={`fu-open-${r.id}`}
                        aria-expanded={following.value === r.id}
                        aria-label={`${c.followUps(r.followUps.length)}: ${r.description.slice(0, 60)}`}
                        onClick={() => {
                          following.value = following.value === r.id ? null : r.id
                          editing.value = null
                        }}
                      >
                        {c.followUps(r.followUps.length)}
                      </button>
                      {editable && (
                        <button
                          type="button"
                          class="secondary"
                          aria-expanded={editing.value === r.id}
                          aria-label={`${c.edit}: ${r.description.slice(0, 60)}`}
                          onClick={() => {
                            editing.value = editing.value === r.id ? null : r.id
                            following.value = null
                          }}
                        >
                          {c.edit}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing.value && rows?.some((r) => r.id === editing.value) && (
        <CommitmentForm
          key={editing.value}
          slug={slug}
          data={data}
          current={rows.find((r) => r.id === editing.value)}
          axes={axes}
          onDone={() => {
            editing.value = null
            reload()
          }}
          onStale={reload}
        />
      )}
      {followed && (
        <FollowUps
          key={followed.id}
          commitment={followed}
          timeZone={data.event.timezone}
          onAdded={reload}
          onClose={() => {
            following.value = null
            document.getElementById(`fu-open-${followed.id}`)?.focus()
          }}
        />
      )}
      {editable && !editing.value && !followed && (
        <CommitmentForm slug={slug} data={data} onDone={reload} axes={axes} />
      )}
    </section>
  )
}
