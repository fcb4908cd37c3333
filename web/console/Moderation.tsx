import { useComputed, useSignal } from '@preact/signals'
import { useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks'
import { questionStatuses } from '../../db/enums'
import { localDate } from '../../server/services/calendar/local-date'
import { byDue } from '../../server/services/term-order'
import { contentLang } from '../shared/format'
import type { EventData } from './event-data'
import { FileQuestion } from './FileQuestion'
import { moderationStore, type StaffQuestion } from './moderation-store'
import { QuestionCard } from './QuestionCard'
import { lang } from './session'
import { loadHolidays } from './term-limits'
import { num, t, typeLabels } from './text'
import { mt } from './text-moderation'

// Annulling is an admin act with its own endpoint, not a moderation filter.
const STATUSES = questionStatuses.filter((s) => s !== 'annulled')
/** The most voted first; among equal votes, the newest. */
const byVotes = (a: StaffQuestion, b: StaffQuestion) =>
  b.votes - a.votes || b.receivedAt.localeCompare(a.receivedAt)

/** The moderator's live view: every question as it arrives, filtered and sorted, one click per decision. */
export function Moderation({ slug, data }: { slug: string; data: EventData }) {
  const m = mt()
  const store = useMemo(() => moderationStore(slug), [slug])
  useEffect(() => store.start(), [store])
  // The entity's calendar, which the cards' limits count on (term-limits.ts).
  const { country, entityId, timezone } = data.event
  const holidays = useMemo(
    () => loadHolidays(country, entityId, localDate(new Date(), timezone)),
    [country, entityId, timezone],
  )
  const status = useSignal('')
  const type = useSignal('')
  const area = useSignal('')
  const sort = useSignal<'votes' | 'time' | 'due'>('time')
  // Sorted by votes, the cards keep the vote order taken when the moderator chose that sort, changed a filter
  // or asked for it again: a vote arriving must not move the card being read or about to be clicked (its count
  // on the card still changes). Time and due date keep theirs as they were: no vote moves a card in them.
  const ranks = useSignal<ReadonlyMap<string, number>>(new Map())
  const rank = () => {
    ranks.value = new Map([...store.list.value].sort(byVotes).map((q, i) => [q.id, i]))
  }
  // Taken when the first page shows, and again once a large event's later pages are in: they join while
  // the list first loads, not as votes arrive (a reload after a 409 or a reset keeps the order).
  useEffect(() => {
    if (store.loaded.value) rank()
  }, [store, store.loaded.value, store.complete.value])
  const shown = useComputed(() => {
    const qs = store.list.value.filter(
      (q) =>
        store.editing.value.has(q.id) ||
        ((!status.value || q.status === status.value) &&
          (!type.value || q.type === type.value) &&
          (!area.value || (area.value === 'none' ? !q.area : q.area?.key === area.value))),
    )
    if (sort.value === 'votes') {
      // A question that came after the order was taken goes to the end, the later after the earlier. Arrival
      // order puts the newest at the top because it sorts by arrival; this one sorts by votes, and a new
      // question has none (it cannot be voted until approved), so the vote order has it among the last. At
      // the end it moves no card above it, which is the point; the next reorder puts it in its place.
      const r = ranks.value
      const at = (q: StaffQuestion) => r.get(q.id) ?? r.size
      return qs.sort((a, b) => at(a) - at(b) || a.receivedAt.localeCompare(b.receivedAt))
    }
    // By due date, the API's own order (sort=due): running terms by the nearest deadline, then the
    // petitions waiting to be completed (Ley 1755, art. 17), settled questions last.
    return qs.sort((a, b) => (sort.value === 'due' ? byDue(a, b) : b.receivedAt.localeCompare(a.receivedAt)))
  })
  // A card already on screen that changed place (one arrived above it, or left): noted before the paint,
  // so that a click landing on the card moved under the pointer is not taken (QuestionCard).
  const placed = useRef<string[]>([])
  useLayoutEffect(() => {
    const ids = shown.value.map((q) => q.id)
    const at = new Map(ids.map((id, i) => [id, i]))
    if (placed.current.some((id, i) => at.has(id) && at.get(id) !== i)) store.moved.at = performance.now()
    placed.current = ids
  }, [shown.value])
  useEffect(() => {
    const aimed = () => {
      store.moved.pointer = performance.now()
    }
    addEventListener('pointermove', aimed, { passive: true })
    return () => removeEventListener('pointermove', aimed)
  }, [store])
  /** Sorted by votes, the votes now put the cards in another order than the one shown. */
  const stale = useComputed(
    () => sort.value === 'votes' && [...shown.value].sort(byVotes).some((q, i) => q !== shown.value[i]),
  )
  // The button stays while it has the focus, so it never vanishes from under the keyboard (votes may bring
  // the order back to the one shown); pressing it moves the focus to the list's heading.
  const holding = useSignal(false)
  const { event } = data
  // The event runs while it is open, until its end (or, with none given, a day after its start).
  const ends = Date.parse(event.endsAt ?? event.startsAt) + (event.endsAt ? 0 : 86_400_000)
  const live = event.status === 'open' && Date.now() < ends
  const types = typeLabels()
  const select = (id: string, label: string, sig: typeof status, options: [string, string][]) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={sig.value}
        onChange={(e) => {
          sig.value = e.currentTarget.value
          rank()
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
          <dd>{num(store.list.value.length)}</dd>
        </div>
        {STATUSES.filter((s) => store.counts.value[s]).map((s) => (
          <div key={s}>
            <dt>{m.statuses[s]}</dt>
            <dd>{num(store.counts.value[s])}</dd>
          </div>
        ))}
      </dl>
      <FileQuestion
        slug={slug}
        country={event.country}
        store={store}
        areas={event.areas}
        tz={event.timezone}
        startsAt={event.startsAt}
      />
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
                  rank()
                }}
              />
              {k === 'votes' ? m.byVotes : k === 'due' ? m.byDue : m.byTime}
            </label>
          ))}
          {/* Always there, so the button is announced when it appears; its room is kept while sorted by
              votes, so its appearing does not push the cards down either. */}
          <div class={sort.value === 'votes' ? 'reorder reserved' : 'reorder'} aria-live="polite">
            {(stale.value || holding.value) && (
              <>
                <span class="sr-only">{m.orderChanged}</span>
                <button
                  type="button"
                  class="secondary"
                  onFocus={() => {
                    holding.value = true
                  }}
                  onBlur={(e) => {
                    // Still the active element: the window lost the focus, not the button.
                    if (document.activeElement !== e.currentTarget) holding.value = false
                  }}
                  onClick={() => {
                    rank()
                    store.noteAction(m.reordered)
                    document.getElementById('mod-h')?.focus()
                  }}
                >
                  {m.reorder}
                </button>
              </>
            )}
          </div>
        </fieldset>
      </fieldset>
      <div class="notes">
        <p role="status" class="note">
          {store.actionNote.value}
        </p>
        <p role="status" class="note">
          {/* What people wrote is read in Spanish on a console in English (WCAG 3.1.2), as on the cards. */}
          {m.arrived(store.arrivalNote.value).map((p, i) =>
            typeof p === 'string' ? (
              p
            ) : (
              <span key={i} dir="auto" lang={contentLang(lang.value)}>
                {p.quote}
              </span>
            ),
          )}
        </p>
      </div>
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
            <QuestionCard
              key={q.id}
              q={q}
              store={store}
              areas={event.areas}
              tz={event.timezone}
              country={event.country}
              holidays={holidays.value}
              live={live}
              closed={event.status === 'closed'}
              days={event}
            />
          ))}
        </div>
      )}
    </section>
  )
}
