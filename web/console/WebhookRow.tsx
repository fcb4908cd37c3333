import { useSignal } from '@preact/signals'
import { useEffect } from 'preact/hooks'
import { enc, type Failure } from '../shared/api'
import { whenInList } from '../shared/format'
import { Confirm } from './Confirm'
import { api, lang } from './session'
import { wt } from './text-webhooks'
import { WebhookDeliveries } from './WebhookDeliveries'
import { WebhookForm } from './WebhookForm'
import { type Delivery, failed, hereZone, type Webhook } from './webhook-values'

type Asking = 'disable' | 'rotate' | 'remove' | null

/**
 * One webhook, with what it receives, its state and its last delivery, and its actions: disable (asked
 * about first, "No" focused) or enable again, its delivery log, a new secret (asked about first, and
 * shown once by the page) and deleting it (asked about first). Of its secret it shows what reads give: a
 * hint and when it was made. Each action's refusal is said in the card.
 */
export function WebhookRow({
  webhook: w,
  eventTypes,
  entity,
  onChanged,
  onRotated,
  onRemoved,
}: {
  webhook: Webhook
  /** The types the server accepts, for the editor. */
  eventTypes: string[]
  /** The entity's name, or "every entity". */
  entity: string
  onChanged: (webhook: Webhook, said: string) => void
  onRotated: (webhook: Webhook) => void
  onRemoved: (webhook: Webhook) => void
}) {
  const x = wt()
  const asking = useSignal<Asking>(null)
  const busy = useSignal(false)
  const failure = useSignal<Failure | null>(null)
  const log = useSignal(false)
  const editing = useSignal(false)
  const last = useSignal<Delivery | null | undefined>(undefined)
  const id = (what: string) => `webhook-${what}-${w.id}`
  const focus = (what: string) => setTimeout(() => document.getElementById(id(what))?.focus())

  const loadLast = async () => {
    const r = await api<{ deliveries: Delivery[] }>('GET', `/api/webhooks/${enc(w.id)}/deliveries?limit=1`)
    if (r.data) last.value = r.data.deliveries[0] ?? null
  }
  useEffect(() => {
    loadLast()
  }, [w.id])

  const patch = async (body: object) => {
    busy.value = true
    const r = await api<{ webhook: Webhook }>('PATCH', `/api/webhooks/${enc(w.id)}`, body)
    busy.value = false
    asking.value = null
    failure.value = r.data ? null : failed(r)
    return r.data?.webhook
  }
  const toggle = async (active: boolean) => {
    const next = await patch({ active })
    if (next) onChanged(next, active ? x.enabled(w.url) : x.disabled(w.url))
    // The button stays in the card, its words turned over (Desactivar ↔ Activar): focus goes back to it.
    focus('toggle')
  }
  const rotate = async () => {
    const next = await patch({ rotateSecret: true })
    if (next) onRotated(next)
    else focus('rotate')
  }
  const remove = async () => {
    busy.value = true
    const r = await api('DELETE', `/api/webhooks/${enc(w.id)}`)
    busy.value = false
    asking.value = null
    if (r.status === 204 || r.status === 404) return onRemoved(w)
    failure.value = failed(r)
    focus('remove')
  }
  const ask = (what: Asking) => {
    failure.value = null
    asking.value = what
  }
  const keep = (what: string) => () => {
    asking.value = null
    focus(what)
  }

  const status = last.value
  return (
    <section class={`card webhook${w.active ? '' : ' off'}`} aria-labelledby={id('h')}>
      <h3 id={id('h')}>{w.url}</h3>
      {w.description && <p class="meta">{w.description}</p>}
      <dl>
        <div>
          <dt>{x.types}</dt>
          <dd>
            {w.eventTypes.length ? (
              <ul>
                {w.eventTypes.map((type) => (
                  <li key={type}>{x.typeNames[type] ?? type}</li>
                ))}
              </ul>
            ) : (
              x.allTypes
            )}
          </dd>
        </div>
        <div>
          <dt>{x.entity}</dt>
          <dd>{entity}</dd>
        </div>
        <div>
          <dt>{x.state}</dt>
          <dd>{w.active ? x.active : <span class="badge off">{x.inactive}</span>}</dd>
        </div>
        <div>
          <dt>{x.secret}</dt>
          <dd>
            <code>{w.secretHint}</code>{' '}
            <span class="meta">
              · {x.secretMade(whenInList(w.secretCreatedAt, lang.value, hereZone(), true))}
            </span>
          </dd>
        </div>
        <div>
          <dt>{x.last}</dt>
          <dd>
            {status === undefined ? (
              x.lastLoading
            ) : status === null ? (
              x.noDeliveries
            ) : (
              <>
                <span class={`badge ${status.status}`}>{x.deliveryStatus[status.status]}</span>{' '}
                {whenInList(status.createdAt, lang.value, hereZone(), true)}
                {status.status !== 'delivered' && (status.lastError || status.lastStatus) && (
                  <span class="meta">
                    {' '}
                    · {status.lastStatus ? x.httpStatus(status.lastStatus) : status.lastError}
                  </span>
                )}
              </>
            )}
          </dd>
        </div>
      </dl>
      {asking.value ? (
        <Confirm
          ask={
            asking.value === 'disable'
              ? x.disableAsk(w.url)
              : asking.value === 'rotate'
                ? x.rotateAsk(w.url)
                : x.removeAsk(w.url)
          }
          yes={
            asking.value === 'disable' ? x.disableYes : asking.value === 'rotate' ? x.rotateYes : x.removeYes
          }
          no={asking.value === 'disable' ? x.disableNo : asking.value === 'rotate' ? x.rotateNo : x.removeNo}
          busy={busy.value}
          onYes={() =>
            asking.value === 'disable' ? toggle(false) : asking.value === 'rotate' ? rotate() : remove()
          }
          onNo={keep(asking.value === 'disable' ? 'toggle' : asking.value)}
        />
      ) : (
        <div class="row">
          <button
            type="button"
            class="secondary"
            id={id('toggle')}
            disabled={busy.value}
            aria-label={w.active ? x.disableLabel(w.url) : x.enableLabel(w.url)}
            onClick={() => (w.active ? ask('disable') : toggle(true))}
          >
            {w.active ? x.disable : x.enable}
          </button>
          <button
            type="button"
            class="secondary"
            id={id('edit')}
            aria-expanded={editing.value}
            aria-label={x.editLabel(w.url)}
            onClick={() => {
              failure.value = null
              editing.value = !editing.value
            }}
          >
            {x.edit}
          </button>
          <button
            type="button"
            class="secondary"
            id={id('log')}
            aria-expanded={log.value}
            aria-label={log.value ? x.hideDeliveriesLabel(w.url) : x.deliveriesLabel(w.url)}
            onClick={() => {
              log.value = !log.value
            }}
          >
            {log.value ? x.hideDeliveries : x.deliveries}
          </button>
          <button
            type="button"
            class="secondary"
            id={id('rotate')}
            aria-label={x.rotateLabel(w.url)}
            onClick={() => ask('rotate')}
          >
            {x.rotate}
          </button>
          <button
            type="button"
            class="secondary"
            id={id('remove')}
            aria-label={x.removeLabel(w.url)}
            onClick={() => ask('remove')}
          >
            {x.remove}
          </button>
        </div>
      )}
      {failure.value && (
        <p class="error" role="alert">
          {failure.value.message}
        </p>
      )}
      {editing.value && (
        <WebhookForm
          webhook={w}
          eventTypes={eventTypes}
          entities={[]}
          labels={new Map()}
          onSaved={(next, changed) => {
            editing.value = false
            onChanged(next, changed ? x.saved(next.url) : x.unchanged)
            focus('edit')
          }}
          onCancel={() => {
            editing.value = false
            focus('edit')
          }}
        />
      )}
      {log.value && <WebhookDeliveries webhook={w} onRetried={loadLast} />}
    </section>
  )
}
