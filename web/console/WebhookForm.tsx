import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { enc, type Failure } from '../shared/api'
import { FormButtons } from './ActionForm'
import { Field, fieldErrors } from './Field'
import { Problems } from './Problems'
import { api } from './session'
import { wt } from './text-webhooks'
import type { EntityRow } from './user-values'
import { failed, sameTypes, type Webhook, webhookProblem } from './webhook-values'

/**
 * A new webhook (POST /api/webhooks), or one's changes (PATCH /api/webhooks/:id, only what changed): its
 * address, what it is, the notices it takes (the types the server accepts, as it lists them) and, for a
 * new one, the entity whose events it hears (the API does not move a webhook to another). The address's
 * rules (https, or http within a private network; never this machine) are the server's, said at the field
 * when it refuses.
 */
export function WebhookForm({
  webhook,
  eventTypes,
  entities,
  labels,
  onSaved,
  onCancel,
}: {
  /** The webhook to change; without it, a new one. */
  webhook?: Webhook
  eventTypes: string[]
  entities: EntityRow[]
  labels: Map<string, string>
  /** `changed`: false when nothing was changed, and nothing sent. */
  onSaved: (webhook: Webhook, changed: boolean) => void
  onCancel: () => void
}) {
  const x = wt()
  const failure = useSignal<Failure | null>(null)
  const busy = useSignal(false)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const problem = webhookProblem(failure.value)
  const errors = fieldErrors(problem.issues)
  const prefix = webhook ? `webhook-${webhook.id}` : 'new-webhook'
  const ids: Record<string, string> = {
    url: `${prefix}-url`,
    description: `${prefix}-description`,
    eventTypes: `${prefix}-types`,
    entityId: `${prefix}-entity`,
  }

  async function submit(e: Event) {
    e.preventDefault()
    if (busy.value) return
    const data = new FormData(e.currentTarget as HTMLFormElement)
    const url = String(data.get('url') ?? '').trim()
    const description = String(data.get('description') ?? '').trim()
    const types = data.getAll('eventTypes').map(String)
    let body: Record<string, unknown>
    if (!webhook) {
      const entityId = String(data.get('entityId') ?? '')
      body = {
        url,
        description: description || undefined,
        eventTypes: types,
        entityId: entityId || undefined,
      }
    } else {
      body = {}
      if (url !== webhook.url) body.url = url
      // Emptied, the description is taken away (null).
      if (description !== (webhook.description ?? '')) body.description = description || null
      if (!sameTypes(types, webhook.eventTypes)) body.eventTypes = types
      if (!Object.keys(body).length) return onSaved(webhook, false)
    }
    failure.value = null
    busy.value = true
    const r = webhook
      ? await api<{ webhook: Webhook }>('PATCH', `/api/webhooks/${enc(webhook.id)}`, body)
      : await api<{ webhook: Webhook }>('POST', '/api/webhooks', body)
    busy.value = false
    if (r.data) onSaved(r.data.webhook, true)
    else failure.value = failed(r)
  }

  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onCancel()
  }
  // A new webhook's form is a section of the page, under its h1; a webhook's, a part of its card (h3).
  const Heading = webhook ? 'h4' : 'h2'
  return (
    <section class={webhook ? 'webhook-part' : 'card'} aria-labelledby={`${prefix}-form-h`}>
      <Heading id={`${prefix}-form-h`} ref={heading} tabIndex={-1}>
        {webhook ? x.editTitle(webhook.url) : x.createTitle}
      </Heading>
      <form class="stack" onSubmit={submit} onKeyDown={keys} noValidate>
        <Problems
          {...problem}
          level={webhook ? 5 : 3}
          where={(p) => x.fields[p.split('.')[0]]}
          field={(p) => ids[p.split('.')[0]]}
        />
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
            defaultValue={webhook?.url}
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
            defaultValue={webhook?.description ?? ''}
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
                <input
                  type="checkbox"
                  name="eventTypes"
                  value={type}
                  defaultChecked={webhook?.eventTypes.includes(type)}
                />{' '}
                {x.typeNames[type] ?? type} <code class="meta">{type}</code>
              </label>
            </div>
          ))}
        </fieldset>
        {webhook ? (
          <p class="hint">{x.entityFixed}</p>
        ) : (
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
        )}
        <FormButtons submit={webhook ? x.save : x.createSubmit} busy={busy.value} onCancel={onCancel} />
      </form>
    </section>
  )
}
