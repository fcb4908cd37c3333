import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { useResource } from './event-data'
import { user as me } from './session'
import { t } from './text'
import { wt } from './text-webhooks'
import { type EntityRow, entityLabels } from './user-values'
import { WebhookForm } from './WebhookForm'
import { WebhookRow } from './WebhookRow'
import { WebhookSecret } from './WebhookSecret'
import type { Webhook } from './webhook-values'

type Listing = { webhooks: Webhook[]; eventTypes: string[] }

/**
 * The outgoing webhooks (GET/POST/PATCH/DELETE /api/webhooks), admins only, as the API is: each with the
 * notices it takes, its entity, its state, a hint of its secret and its last delivery; a new one, whose
 * signing secret is shown this once, to be set in the receiving system; disabling (asked about first) or
 * enabling again, a new secret (asked about first, and shown this once too), deleting (asked about first),
 * and its recent deliveries with a retry for those that failed.
 */
export function Webhooks() {
  const x = wt()
  const tx = t()
  const admin = me.value?.role === 'admin'
  const hooks = useResource<Listing>(admin ? '/api/webhooks' : null)
  const entities = useResource<{ entities: EntityRow[] }>(admin ? '/api/entities' : null)
  const creating = useSignal(false)
  const fresh = useSignal<{ url: string; secret: string } | null>(null)
  // What the live region says: what became of the last action.
  const said = useSignal('')
  const listHeading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${x.title} · ${tx.app}`
  }, [x, tx])

  const title = (
    <h1 id="webhooks-h" tabIndex={-1}>
      {x.title}
    </h1>
  )
  if (!admin)
    return (
      <section aria-labelledby="webhooks-h">
        {title}
        <p>{x.adminOnly}</p>
      </section>
    )

  const all = entities.data.value?.entities ?? []
  const labels = entityLabels(all)
  const data = hooks.data.value
  const list = data?.webhooks
  // The secret is shown once, from the answer that made it, and never kept in the list.
  const put = ({ secret: _, ...w }: Webhook) => {
    if (data && list)
      hooks.data.value = {
        ...data,
        webhooks: list.some((o) => o.id === w.id) ? list.map((o) => (o.id === w.id ? w : o)) : [...list, w],
      }
  }
  const focusLater = (id: string) => setTimeout(() => document.getElementById(id)?.focus())

  return (
    <section aria-labelledby="webhooks-h">
      {title}
      <p>{x.intro}</p>
      <p>{x.personalData}</p>
      {(hooks.error.value || entities.error.value) && (
        <p role="alert" class="error">
          {hooks.error.value || entities.error.value}
        </p>
      )}
      <p role="status" class="note">
        {said.value}
      </p>
      {fresh.value && (
        <WebhookSecret
          {...fresh.value}
          onDone={() => {
            fresh.value = null
            listHeading.current?.focus()
          }}
        />
      )}
      <div class="heading-row">
        <h2 ref={listHeading} tabIndex={-1}>
          {list ? x.listTitle(list.length) : x.title}
        </h2>
        <button
          type="button"
          id="webhook-create"
          aria-expanded={creating.value}
          disabled={!data}
          onClick={() => {
            creating.value = !creating.value
          }}
        >
          {x.create}
        </button>
      </div>
      {creating.value && data && (
        <WebhookForm
          eventTypes={data.eventTypes}
          entities={all}
          labels={labels}
          onSaved={(w) => {
            creating.value = false
            put(w)
            said.value = x.created(w.url)
            if (w.secret) fresh.value = { url: w.url, secret: w.secret }
          }}
          onCancel={() => {
            creating.value = false
            focusLater('webhook-create')
          }}
        />
      )}
      {!list ? (
        !hooks.error.value && <p>{tx.loading}</p>
      ) : list.length === 0 ? (
        <p>{x.empty}</p>
      ) : (
        <ul class="webhooks">
          {list.map((w) => (
            <li key={w.id}>
              <WebhookRow
                webhook={w}
                eventTypes={data?.eventTypes ?? []}
                entity={w.entityId ? (labels.get(w.entityId) ?? w.entityId) : x.allEntities}
                onChanged={(next, text) => {
                  put(next)
                  said.value = text
                }}
                onRotated={(next) => {
                  put(next)
                  said.value = x.rotated(next.url)
                  if (next.secret) fresh.value = { url: next.url, secret: next.secret }
                }}
                onRemoved={(gone) => {
                  if (data) hooks.data.value = { ...data, webhooks: list.filter((o) => o.id !== gone.id) }
                  said.value = x.removed(gone.url)
                  listHeading.current?.focus()
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
