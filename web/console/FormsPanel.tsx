import { useSignal } from '@preact/signals'
import { enc, type Failure, type FormDef } from '../shared/api'
import { useResource } from './event-data'
import { Field, fieldErrors, formValues } from './Field'
import { FormEditor } from './FormEditor'
import { fromLocalInput, toLocalInput } from './form-values'
import { NewForm } from './NewForm'
import { Problems } from './Problems'
import { QuestionFields } from './QuestionEditor'
import { type FormDefinition, questionFrom, withPreferNot } from './question-values'
import { api, can } from './session'
import { t } from './text'
import { st } from './text-staff'

type Settings = { open: boolean; embargoUntil: string | null; version: number; definition: FormDefinition }

/**
 * The event's forms: open or close each, set when its results go public, add and edit questions, and
 * share it by its own link and embed code. `status`: the event's; a form open on a closed event (or a
 * draft) takes no answers, and says so. `pageUrl`: the attendee page's address, as the server gives it.
 */
export function FormsPanel({
  slug,
  tz,
  status,
  pageUrl,
}: {
  slug: string
  tz: string
  status: string
  pageUrl?: string
}) {
  const f = st().forms
  const { data, error, reload } = useResource<{ forms: FormDef[] }>(`/api/events/${enc(slug)}/forms`)
  const forms = data.value?.forms
  return (
    <section aria-labelledby="forms-h">
      <h2 id="forms-h">{f.title}</h2>
      {error.value && (
        <p role="alert" class="error">
          {error.value}
        </p>
      )}
      {!forms ? (
        <p>{t().loading}</p>
      ) : (
        forms.map((form) => (
          <FormCard
            key={form.key}
            slug={slug}
            tz={tz}
            status={status}
            form={form}
            pageUrl={pageUrl}
            onChange={reload}
          />
        ))
      )}
      {can('analyst') && <NewForm slug={slug} onDone={reload} />}
    </section>
  )
}

function FormCard({
  slug,
  tz,
  status,
  form,
  pageUrl,
  onChange,
}: {
  slug: string
  tz: string
  status: string
  form: FormDef
  pageUrl?: string
  onChange: () => void
}) {
  const f = st().forms
  const tx = t()
  const path = `/api/events/${enc(slug)}/forms/${enc(form.key)}`
  const { data, reload } = useResource<{ settings: Settings }>(path)
  const failure = useSignal<Failure | null>(null)
  const note = useSignal('')
  const adding = useSignal(false)
  const editing = useSignal(false)
  const settings = data.value?.settings
  const editable = can('analyst')
  const errors = fieldErrors(failure.value?.issues)

  async function change(method: string, url: string, body: unknown, done = tx.saved) {
    const r = await api<{ versioned?: boolean }>(method, url, body)
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
    if (!r.data) return false
    note.value = r.data.versioned ? f.versioned : done
    await reload()
    onChange()
    return true
  }
  return (
    <article class="card" aria-labelledby={`form-${form.key}`}>
      <h3 id={`form-${form.key}`}>
        {form.title ?? form.key}{' '}
        <span class="badge">
          {form.open === false
            ? f.closed
            : status === 'closed'
              ? f.openEventClosed
              : status === 'draft'
                ? f.openEventDraft
                : f.open}
        </span>
      </h3>
      <p class="meta">
        {form.key} · {f.version} {form.version} · {f.questions(form.questions.length)}
      </p>
      {/* While editing, the editor lists the questions as they will be. */}
      {!editing.value && (
        <ol class="compact">
          {form.questions.map((q) => (
            <li key={q.id}>
              {q.label} <span class="meta">({f.types[q.type] ?? q.type})</span>
            </li>
          ))}
        </ol>
      )}
      {editable && settings && (
        <div class="row">
          <button
            type="button"
            class="secondary"
            onClick={() => change('PATCH', path, { open: !settings.open })}
          >
            {settings.open ? f.closeIt : f.openIt}
          </button>
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault()
              const v = formValues(e.currentTarget)
              change('PATCH', path, { embargoUntil: v.embargo ? fromLocalInput(v.embargo, tz) : null })
            }}
          >
            <Field id={`embargo-${form.key}`} label={f.embargo} error={errors.embargoUntil}>
              <input
                id={`embargo-${form.key}`}
                name="embargo"
                type="datetime-local"
                defaultValue={settings.embargoUntil ? toLocalInput(settings.embargoUntil, tz) : ''}
              />
            </Field>
            <button type="submit" class="secondary">
              {f.setEmbargo}
            </button>
          </form>
        </div>
      )}
      {editable && settings && (
        <div class="row tools">
          <button
            type="button"
            class="secondary"
            id={`edit-${form.key}`}
            aria-expanded={editing.value}
            onClick={() => (editing.value = !editing.value)}
          >
            {f.edit}
          </button>
          {!editing.value && (
            <button
              type="button"
              class="secondary"
              aria-expanded={adding.value}
              onClick={() => (adding.value = !adding.value)}
            >
              {f.add}
            </button>
          )}
        </div>
      )}
      {editing.value && settings && (
        <FormEditor
          key={settings.version}
          path={path}
          formKey={form.key}
          version={settings.version}
          definition={settings.definition}
          onSaved={async (version, versioned) => {
            editing.value = false
            failure.value = null
            note.value = versioned ? f.versionedTo(version) : tx.saved
            document.getElementById(`edit-${form.key}`)?.focus()
            await reload()
            onChange()
          }}
          onCancel={() => {
            editing.value = false
            document.getElementById(`edit-${form.key}`)?.focus()
          }}
        />
      )}
      {adding.value && !editing.value && (
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault()
            const q = withPreferNot(questionFrom(formValues(e.currentTarget), `${form.key}-`))
            if (await change('POST', `${path}/questions`, q)) adding.value = false
          }}
        >
          <QuestionFields prefix={`${form.key}-`} errors={errors} />
          <button type="submit">{tx.save}</button>
        </form>
      )}
      <Problems
        message={failure.value?.message ?? ''}
        issues={failure.value?.issues}
        where={(p) => f.fields[p.split('.')[0]]}
        field={(p) => {
          const k = p.split('.')[0]
          if (k === 'embargoUntil') return `embargo-${form.key}`
          return adding.value && f.fields[k] ? `${form.key}-${k}` : undefined
        }}
        level={4}
      />
      <p role="status" class="note">
        {note.value}
      </p>
      <FormShare slug={slug} formKey={form.key} pageUrl={pageUrl} />
    </article>
  )
}

/**
 * A form's own link (the attendee page opened on it, `?formulario=`) and embed code (`data-form`): the
 * page's and the widget's tabs name only the three forms every event has, so an extra one reaches
 * attendees only this way.
 */
function FormShare({ slug, formKey, pageUrl }: { slug: string; formKey: string; pageUrl?: string }) {
  const f = st().forms
  const page = new URL(pageUrl ?? `${location.origin}/e/${encodeURIComponent(slug)}`)
  const link = `${page.origin}${page.pathname}?formulario=${encodeURIComponent(formKey)}`
  const code = `<script src="${new URL('/widget.js', page).href}" data-event="${slug}" data-form="${formKey}" async></script>`
  const id = (x: string) => `share-${formKey}-${x}`
  return (
    <details class="share-form">
      <summary>{f.shareTitle}</summary>
      <div class="field">
        <label for={id('link')}>{f.shareLink}</label>
        <p class="hint" id={id('link-hint')}>
          {f.shareLinkHint}
        </p>
        <input
          id={id('link')}
          readOnly
          value={link}
          aria-describedby={id('link-hint')}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <div class="field">
        <label for={id('embed')}>{f.shareEmbed}</label>
        <p class="hint" id={id('embed-hint')}>
          {f.shareEmbedHint}
        </p>
        <textarea
          id={id('embed')}
          readOnly
          rows={3}
          value={code}
          aria-describedby={id('embed-hint')}
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
    </details>
  )
}
