import { useSignal } from '@preact/signals'
import { enc } from '../shared/api'
import { CommitmentForm } from './CommitmentForm'
import { type EventData, useResource } from './event-data'
import { type FollowUp, FollowUps } from './FollowUps'
import { can } from './session'
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
  dueDate: string | null
  dueMonth: string | null
  status: string
  progress: number
  published: boolean
  followUps: FollowUp[]
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
  const editable = can('moderator')
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
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{c.description}</th>
                <th scope="col">{c.area}</th>
                <th scope="col">{c.responsible}</th>
                <th scope="col">{c.due}</th>
                <th scope="col">{c.status}</th>
                <th scope="col">{c.progress}</th>
                <th scope="col">{c.published}</th>
                <th scope="col">{tx.list.actions}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.description}
                    {r.radicado && <span class="meta"> · {r.radicado}</span>}
                  </th>
                  <td>{r.area?.name ?? '—'}</td>
                  <td>{r.responsible ?? '—'}</td>
                  <td>{r.dueDate ?? r.dueMonth ?? '—'}</td>
                  <td>{c.statuses[r.status] ?? r.status}</td>
                  <td>{num(r.progress)} %</td>
                  <td>{r.published ? tx.yes : tx.no}</td>
                  <td>
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
          onDone={() => {
            editing.value = null
            reload()
          }}
        />
      )}
      {followed && (
        <FollowUps
          key={followed.id}
          commitment={followed}
          onAdded={reload}
          onClose={() => {
            following.value = null
            document.getElementById(`fu-open-${followed.id}`)?.focus()
          }}
        />
      )}
      {editable && !editing.value && !followed && <CommitmentForm slug={slug} data={data} onDone={reload} />}
    </section>
  )
}
