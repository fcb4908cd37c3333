import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import type { Failure } from '../shared/api'
import { FormButtons } from './ActionForm'
import { Field, fieldErrors } from './Field'
import { Problems } from './Problems'
import { api } from './session'
import { wt } from './text-webhooks'
import type { EntityRow } from './user-values'
import { failed, type Webhook, webhookProblem } from './webhook-values'

const ids: Record<string, string> = {
  url: 'new-webhook-url',
  description: 'new-webhook-description',
  eventTypes: 'new-webhook-types',
  entityId: 'new-webhook-entity',
}

/**
 * A new webhook (POST /api/webhooks): its address, what it is, the notices it takes (the types the server
 * accepts, as it lists them) and the entity whose events it hears. The address's rules (https, or http
 * within a private network; never this machine) are the server's, said at the field when it refuses.
 */
export function NewWebhook({
  eventTypes,
  entities,
  labels,
  onCreated,
  onCancel,
}: {
  eventTypes: string[]
  entities: EntityRow[]
  labels: Map<string, string>
  onCreated: (webhook: Webhook) => void
  onCancel: () => void
}) {
  const x = wt()
  const failure = useSignal<Failure | null>(null)
  const busy = useSignal(false)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const problem = webhookProblem(failure.value)
  const errors = fieldErrors(problem.issues)

  async function submit(e: Event) {
    e.preventDefault()
    if (busy.value) return
    const data = new FormData(e.currentTarget as HTMLFormElement)
    const description = String(data.get('description') ?? '').trim()
    const entityId = String(data.get('entityId') ?? '')
    const body = {
      url: String(data.get('url') ?? '').trim(),
      description: description || undefined,
      eventTypes: data.getAll('eventTypes').map(String),
      entityId: entityId || undefined,
    }
    failure.value = null
    busy.value = true
    const r = await api<{ webhook: Webhook }>('POST', '/api/webhooks', body)
    busy.value = false
    if (r.data) onCreated(r.data.webhook)
    else failure.value = failed(r)
  }

  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onCancel()
  }
  return (
    <section class="card" aria-labelledby="new-webhook-h">
      <h2 id="new-webhook-h" ref={heading} tabIndex={-1}>
        {x.createTitle}
      </h2>
      <form class="stack" onSubmit={submit} onKeyDown={keys}>
        <Problems {...problem} where={(p) => x.fields[p.split('.')[0]]} field={(p) => ids[p.split('.')[0]]} />
        <Field id={ids.url} label={x.url} hint={x.urlHint} error={errors.url}>
          <input
            id={ids.url}
            name="url"
            type="url"
            inputMode="url"
            maxLength={500}
            autoComplete="off"
            spellcheck={false}
            placeholder="https://"
            required
            aria-describedby={`${ids.url}-hint`}
          />
        </Field>
        <Field id={ids.description} label={x.description} hint={x.descriptionHint} error={errors.description}>
          <input
            id={ids.description}
            name="description"
            maxLength={300}
            autoComplete="off"
            aria-describedby={`${ids.description}-hint`}
          />
        </Field>
        <fieldset
          id={ids.eventTypes}
          aria-describedby={[`${ids.eventTypes}-hint`, errors.eventTypes && `${ids.eventTypes}-error`]
            .filter(Boolean)
            .join(' ')}
        >
          <legend>{x.typesLegend}</legend>
          <p class="hint" id={`${ids.eventTypes}-hint`}>
            {x.typesHint}
          </p>
          {errors.eventTypes && (
            <p class="error" id={`${ids.eventTypes}-error`}>
              {errors.eventTypes}
            </p>
          )}
          {eventTypes.map((type) => (
            <div key={type}>
              <label class="inline">
                <input type="checkbox" name="eventTypes" value={type} /> {x.typeNames[type] ?? type}{' '}
                <code class="meta">{type}</code>
              </label>
            </div>
          ))}
        </fieldset>
        <Field id={ids.entityId} label={x.entity} hint={x.entityHint} error={errors.entityId}>
          <select id={ids.entityId} name="entityId" aria-describedby={`${ids.entityId}-hint`}>
            <option value="">{x.allEntities}</option>
            {entities.map((e) => (
              <option key={e.id} value={e.id}>
                {labels.get(e.id) ?? e.name}
              </option>
            ))}
          </select>
        </Field>
        <FormButtons submit={x.createSubmit} busy={busy.value} onCancel={onCancel} />
      </form>
    </section>
  )
}
