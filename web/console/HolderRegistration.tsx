import { useSignal } from '@preact/signals'
import { useRef } from 'preact/hooks'
import { when } from '../shared/format'
import { Confirm } from './Confirm'
import { type Choice, type Found, optionLabel, type Registration } from './holder-values'
import { RectifyForm } from './RectifyForm'
import { lang } from './session'
import { ht } from './text-holders'

/** One registration of the person: what it holds, and its correction or its deletion, asked about first. */
export function HolderRegistration({
  found,
  busy,
  onRectified,
  onDelete,
}: {
  found: Found
  busy: boolean
  onRectified: (attendee: Registration, changed: boolean) => void
  onDelete: () => void
}) {
  const hx = ht()
  const l = lang.value
  const editing = useSignal(false)
  const asking = useSignal(false)
  const rectifyButton = useRef<HTMLButtonElement>(null)
  const removeButton = useRef<HTMLButtonElement>(null)
  const at = (iso: string) => when(iso, l, found.event.timezone, true)
  const label = (f: Choice) => (found[f] ? optionLabel(f, found[f]!, l) : null)
  const rows: [string, string | null][] = [
    [hx.name, found.name],
    [hx.document, [found.documentType, found.documentNumber].filter(Boolean).join(' ') || null],
    [hx.email, found.email],
    [hx.phone, found.phone],
    [hx.gender, label('gender')],
    [hx.ageRange, label('ageRange')],
    [hx.occupation, label('occupation')],
    [hx.education, label('education')],
    [
      hx.populationGroups,
      found.populationGroups
        ?.map((g) => optionLabel('populationGroups', g, l, found.event.country))
        .join(', ') ?? null,
    ],
    [hx.territory, found.territory],
    [hx.channel, label('channel')],
    [
      hx.consent,
      hx.consentOf(
        found.consent.version,
        at(found.consent.at),
        found.consent.accepted.sensitive,
        found.consent.given === 'in_person',
      ),
    ],
    [hx.checkedIn, found.checkedInAt ? at(found.checkedInAt) : hx.notCheckedIn],
    [hx.createdAt, at(found.createdAt)],
    [hx.matchedBy, found.matchedBy.map((k) => hx.keys[k] ?? k).join(', ')],
  ]
  const headingId = `holder-reg-${found.id}`

  return (
    <article class="card" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        {found.event.title} · {when(found.event.startsAt, l, found.event.timezone)}
      </h3>
      <p>{found.event.entityName}</p>
      {found.matchedBy.length === 1 && found.matchedBy[0] === 'phone' && <p class="hint">{hx.phoneOnly}</p>}
      <dl class="holder-data">
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      {found.votes.length > 0 && (
        <p>
          {hx.votes(found.votes.length)}: {found.votes.map((v) => v.radicado).join(', ')}
        </p>
      )}
      {editing.value ? (
        <RectifyForm
          found={found}
          onDone={(a, changed) => {
            editing.value = false
            onRectified(a, changed)
          }}
          onCancel={() => {
            editing.value = false
            setTimeout(() => rectifyButton.current?.focus())
          }}
        />
      ) : asking.value ? (
        <Confirm
          ask={hx.removeAsk(found.name, found.event.title)}
          yes={hx.removeYes}
          no={hx.removeNo}
          busy={busy}
          onYes={onDelete}
          onNo={() => {
            asking.value = false
            setTimeout(() => removeButton.current?.focus())
          }}
        />
      ) : (
        <div class="row">
          <button
            type="button"
            ref={rectifyButton}
            aria-label={hx.rectifyLabel(found.name)}
            onClick={() => {
              editing.value = true
            }}
          >
            {hx.rectify}
          </button>
          <button
            type="button"
            class="secondary"
            ref={removeButton}
            aria-label={hx.removeLabel(found.name)}
            onClick={() => {
              asking.value = true
            }}
          >
            {hx.remove}
          </button>
        </div>
      )}
    </article>
  )
}
