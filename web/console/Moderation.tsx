import { useComputed, useSignal } from '@preact/signals'
import { useEffect, useMemo } from 'preact/hooks'
import { questionStatuses } from '../../db/enums'
import type { EventData } from './event-data'
import { moderationStore } from './moderation-store'
import { dueOf, QuestionCard, settled } from './QuestionCard'
import { t, typeLabels } from './text'
import { mt } from './text-moderation'

// Annulling is an admin act with its own endpoint, not a moderation filter.
const STATUSES = questionStatuses.filter((s) => s !== 'annulled')

/** The moderator's live view: every question as it arrives, filtered and sorted, one click per decision. */
export function Moderation({ slug, data }: { slug: string; data: EventData }) {
  const m = mt()
  const store = useMemo(() => moderationStore(slug), [slug])
  useEffect(() => store.start(m.arrived), [store])
  const status = useSignal('')
  const type = useSignal('')
  const area = useSignal('')
  const sort = useSignal<'votes' | 'time' | 'due'>('time')
  const shown = useComputed(() =>
    store.list.value
      .filter(
        (q) =>
          store.editing.value.has(q.id) ||
          ((!status.value || q.status === status.value) &&
            (!type.value || q.type === type.value) &&
            (!area.value || (area.value === 'none' ? !q.area : q.area?.key === area.value))),
      )
      .sort((a, b) =>
        sort.value === 'votes'
          ? b.votes - a.votes || b.receivedAt.localeCompare(a.receivedAt)
          : sort.value === 'due'
            ? // The nearest deadline first; settled questions, whose term no longer runs, last.
              Number(settled(a)) - Number(settled(b)) ||
              dueOf(a).localeCompare(dueOf(b)) ||
              a.receivedAt.localeCompare(b.receivedAt)
            : b.receivedAt.localeCompare(a.receivedAt),
      ),
  )
  const { event } = data
  const types = typeLabels()
  const select = (id: string, label: string, sig: typeof status, options: [string, string][]) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={sig.value}
        onChange={(e) => {
          sig.value = e.currentTarget.value
        }}
      >
        <option value="">{m.all}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  )

  return (
    <section aria-labelledby="mod-h" class="moderation">
      <div class="heading-row">
        <h2 id="mod-h" tabIndex={-1}>
          {m.title}
        </h2>
        <p role="status" class={`live-state ${store.live.value}`}>
          {t().live[store.live.value]}
        </p>
      </div>
      <dl class="counts" aria-label={m.counts}>
        <div>
          <dt>{m.total}</dt>
          <dd>{store.list.value.length}</dd>
        </div>
        {STATUSES.filter((s) => store.counts.value[s]).map((s) => (
          <div key={s}>
            <dt>{m.statuses[s]}</dt>
            <dd>{store.counts.value[s]}</dd>
          </div>
        ))}
      </dl>
      <fieldset class="filters">
        <legend>{m.filters}</legend>
        {select(
          'f-status',
          m.status,
          status,
          STATUSES.map((s) => [s, m.statuses[s]]),
        )}
        {select('f-type', m.type, type, Object.entries(types))}
        {select('f-area', m.area, area, [
          ['none', m.noArea],
          ...event.areas.map((a) => [a.key, a.name] as [string, string]),
        ])}
        <fieldset class="sort">
          <legend>{m.sort}</legend>
          {(['time', 'votes', 'due'] as const).map((k) => (
            <label key={k} class="inline">
              <input
                type="radio"
                name="sort"
                checked={sort.value === k}
                onChange={() => {
                  sort.value = k
                }}
              />
              {k === 'votes' ? m.byVotes : k === 'due' ? m.byDue : m.byTime}
            </label>
          ))}
        </fieldset>
      </fieldset>
      <p role="status" class="note">
        {store.note.value}
      </p>
      {store.error.value && (
        <p role="alert" class="error">
          {store.error.value}
        </p>
      )}
      {!store.loaded.value ? (
        <p>{t().loading}</p>
      ) : shown.value.length === 0 ? (
        <p>{m.empty}</p>
      ) : (
        <div class="questions">
          {shown.value.map((q) => (
            <QuestionCard key={q.id} q={q} store={store} areas={event.areas} tz={event.timezone} />
          ))}
        </div>
      )}
    </section>
  )
}
