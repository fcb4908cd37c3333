import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { enc } from '../shared/api'
import { whenInList } from '../shared/format'
import { api, lang } from './session'
import { t } from './text'
import { wt } from './text-webhooks'
import { type Delivery, failed, hereZone, type Webhook } from './webhook-values'

/** How many of the newest messages the log shows: enough to see a receiver that has been failing. */
export const DELIVERIES_SHOWN = 20

/**
 * A webhook's recent messages (GET /api/webhooks/:id/deliveries), newest first: when each was written,
 * its notice, its status, its attempts and the receiver's last answer, and for one not delivered a button
 * that sends it again now (POST …/deliveries/:deliveryId/retry). The messages' bodies, which name
 * petitioners, are not shown.
 */
export function WebhookDeliveries({ webhook: w, onRetried }: { webhook: Webhook; onRetried: () => void }) {
  const x = wt()
  const tx = t()
  const list = useSignal<Delivery[] | undefined>(undefined)
  const error = useSignal('')
  const said = useSignal('')
  const heading = useRef<HTMLHeadingElement>(null)
  const zone = hereZone()
  const at = (iso: string) => whenInList(iso, lang.value, zone, true)

  const load = async () => {
    const r = await api<{ deliveries: Delivery[] }>(
      'GET',
      `/api/webhooks/${enc(w.id)}/deliveries?limit=${DELIVERIES_SHOWN}`,
    )
    if (r.data) {
      list.value = r.data.deliveries
      error.value = ''
    } else error.value = failed(r).message
  }
  useEffect(() => {
    heading.current?.focus()
    load()
  }, [w.id])

  const retry = async (d: Delivery) => {
    said.value = ''
    const r = await api('POST', `/api/webhooks/${enc(w.id)}/deliveries/${enc(d.id)}/retry`)
    if (r.status === 202) {
      said.value = x.retried
      await load()
      onRetried()
    } else error.value = failed(r).message
  }

  const headingId = `webhook-log-h-${w.id}`
  return (
    <section class="webhook-part" aria-labelledby={headingId}>
      <div class="heading-row">
        <h4 id={headingId} ref={heading} tabIndex={-1}>
          {x.deliveriesTitle(w.url)}
        </h4>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            said.value = ''
            load()
          }}
        >
          {x.reload}
        </button>
      </div>
      <p class="hint">{x.deliveriesIntro(DELIVERIES_SHOWN)}</p>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      <p role="status" class="note">
        {said.value}
      </p>
      {!list.value ? (
        !error.value && <p>{tx.loading}</p>
      ) : list.value.length === 0 ? (
        <p>{x.deliveriesEmpty}</p>
      ) : (
        <div class="table-wrap">
          <table class="stacked">
            <thead>
              <tr>
                <th scope="col">{x.when}</th>
                <th scope="col">{x.type}</th>
                <th scope="col">{x.status}</th>
                <th scope="col">{x.attempts}</th>
                <th scope="col">{x.result}</th>
                <th scope="col">{x.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{at(d.createdAt)}</th>
                  <td data-label={x.type}>{x.typeNames[d.eventType] ?? d.eventType}</td>
                  <td data-label={x.status}>
                    <span class={`badge ${d.status}`}>{x.deliveryStatus[d.status] ?? d.status}</span>
                  </td>
                  <td data-label={x.attempts}>{d.attempts}</td>
                  <td data-label={x.result}>
                    {d.lastStatus ? x.httpStatus(d.lastStatus) : d.attempts ? x.noAnswer : '—'}
                    {d.lastError && d.lastError !== `HTTP ${d.lastStatus}` && (
                      <span class="meta block">{d.lastError}</span>
                    )}
                    {d.status === 'delivered' && d.deliveredAt && (
                      <span class="meta block">{x.deliveredAt(at(d.deliveredAt))}</span>
                    )}
                    {d.status === 'pending' && (
                      <span class="meta block">{x.nextAttempt(at(d.nextAttemptAt))}</span>
                    )}
                    {d.purgedAt && <span class="meta block">{x.purged}</span>}
                  </td>
                  <td class="cell-actions">
                    {d.status !== 'delivered' && !d.purgedAt && (
                      <button
                        type="button"
                        class="secondary"
                        aria-label={x.retryLabel(at(d.createdAt))}
                        onClick={() => retry(d)}
                      >
                        {x.retry}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
