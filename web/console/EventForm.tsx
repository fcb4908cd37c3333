import { useSignal } from '@preact/signals'
import { useRef } from 'preact/hooks'
import { enc, type Failure } from '../shared/api'
import { taxIdName, wholeCount } from '../shared/format'
import { Confirm } from './Confirm'
import { type EntityDiffers, entityKept } from './EntityKept'
import { type EventData, useResource } from './event-data'
import { Field, formValues } from './Field'
import { fromLocalInput, lines, pairLines, pairsOf, siteLines, toLocalInput, webAddress } from './form-values'
import { Problems } from './Problems'
import { eventPath, navigate } from './router'
import { api, can } from './session'
import { t } from './text'
import { st } from './text-staff'

/** A created event, and what its entity, already registered, kept of its own (server/routes/events.ts). */
type Created = { event: { slug: string; entity: { name: string } }; entityDiffers?: EntityDiffers }

// The zones of each country, its mainland's first (server/schemas/common.ts countryZones): an event in
// Galápagos dates its petitions' receipt, radicado year and due dates on the islands' clock.
const zones: Record<string, string[]> = {
  CO: ['America/Bogota'],
  EC: ['America/Guayaquil', 'Pacific/Galapagos'],
}
const FIGURES = ['peakViewers', 'views', 'reactions', 'comments', 'shares'] as const
// The API nests the entity's fields; the form names them on their own.
const ENTITY: Record<string, string> = {
  name: 'entity',
  nit: 'nit',
  email: 'entityEmail',
  phone: 'entityPhone',
  address: 'address',
  radicadoPrefix: 'prefix',
}
const BY_LINE = new Set(['areas', 'channels', 'moderators', 'agenda', 'allowedOrigins'])
type Known = {
  name: string
  nit: string | null
  country: string
  address?: string | null
  email?: string | null
  phone?: string | null
}
// A registered entity's own data, brought into the fields left blank (what it has is changed in "Datos").
const KNOWN_FIELDS = { nit: 'nit', address: 'address', email: 'entityEmail', phone: 'entityPhone' } as const

// What an opening refused for its entity's missing data names (PATCH answers "address", "email"): fields
// of the entity's panel, below this form on the same page (EntityPanel).
const ENTITY_PANEL = new Set(['nit', 'address', 'email', 'phone'])

/** The form field an issue's path ("entity.nit", "areas.1.name") is about, and for a list its item. */
function fieldOf(path: string) {
  const [head, next] = path.split('.')
  const field = head === 'entity' ? ENTITY[next] : head
  const item = BY_LINE.has(head) && /^\d+$/.test(next ?? '') ? Number(next) : undefined
  return { field, item }
}

/** The line of `text` that holds its `item`th item, counted from 1: lists skip blank lines. */
function lineOf(text: string, item: number) {
  let seen = -1
  const all = text.split('\n')
  for (let i = 0; i < all.length; i++) if (all[i].trim() && ++seen === item) return i + 1
  return item + 1
}

type Shown = NonNullable<EventData['event']>

/**
 * What an edit changed, and only that, against the event as the form showed it: a form left open while
 * another person closed the event, then saved for a figure typed after the close, must not reopen it nor
 * put back what the other person changed. A field emptied is sent as null, which clears it.
 */
function changesOf(e: Shown, form: HTMLFormElement): Record<string, unknown> {
  const data = new FormData(form)
  const typed = (k: string) => String(data.get(k) ?? '').trim()
  const tz = e.timezone
  const out: Record<string, unknown> = {}
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  if (typed('title') !== e.title) out.title = typed('title')
  if (typed('startsAt') && typed('startsAt') !== toLocalInput(e.startsAt, tz))
    out.startsAt = fromLocalInput(typed('startsAt'), tz)
  if (typed('endsAt') !== (e.endsAt ? toLocalInput(e.endsAt, tz) : ''))
    out.endsAt = typed('endsAt') ? fromLocalInput(typed('endsAt'), tz) : null
  if (typed('description') !== (e.description ?? '')) out.description = typed('description') || null
  for (const k of ['modality', 'status'] as const) if (typed(k) !== e[k]) out[k] = typed(k)
  if (typed('place') !== (e.place ?? '')) out.place = typed('place') || null
  const stream = webAddress(typed('streamUrl'))
  if (stream !== (e.streamUrl ?? '')) out.streamUrl = stream || null
  const areas = pairsOf(typed('areas'))
  if (
    !same(
      areas,
      e.areas.map(({ key, name }) => ({ key, name })),
    )
  )
    out.areas = areas
  for (const k of ['channels', 'moderators', 'agenda'] as const)
    if (!same(lines(typed(k)), e[k] ?? [])) out[k] = lines(typed(k))
  if (!same(siteLines(typed('allowedOrigins')), e.allowedOrigins ?? []))
    out.allowedOrigins = siteLines(typed('allowedOrigins'))
  const sign = typed('signLanguage') === 'on'
  if (sign !== Boolean(e.signLanguage)) out.signLanguage = sign
  if (typed('retentionDays') !== (e.retentionDays?.toString() ?? ''))
    out.retentionDays = typed('retentionDays') ? Number(typed('retentionDays')) : null
  // Counts typed as Spanish writes them (1.500) are read as the count they are (`wholeCount`); `save` has
  // refused any that is not one.
  for (const k of FIGURES) {
    const count = typed(k) ? wholeCount(typed(k)) : null
    if (count !== (e.figures[k]?.value ?? null)) out[k] = count
  }
  const source = typed('figuresSource')
  const figured = FIGURES.some((k) => typeof out[k] === 'number')
  if (source && (figured || source !== (Object.values(e.figures)[0]?.source ?? ''))) {
    out.figuresSource = source
    // A new source for the figures as they stand: they are sent again, each with it.
    for (const k of FIGURES) if (out[k] === undefined && e.figures[k]) out[k] = e.figures[k]!.value
  }
  const published = typed('reportPublished') === 'on'
  if (published !== Boolean(e.reportPublished)) out.reportPublished = published
  return out
}

/**
 * Whether an edit closes the event or reopens a closed one: either stops or starts, for everyone at once,
 * the attendance, the survey and the questions, so the save is asked about first. Asked on saving, not as
 * the select changes: a keyboard going through a closed select's options changes it at each arrow.
 */
const statusTurn = (e: Shown, body: Record<string, unknown>) =>
  body.status === 'closed' ? 'close' : body.status === 'open' && e.status === 'closed' ? 'reopen' : null

/** Creates an event (admin), or edits one: its facts, areas, agenda and the figures staff enter. */
export function EventForm({ data, onSaved }: { data?: EventData; onSaved?: () => Promise<void> }) {
  const s = st().event
  const tx = t()
  const failure = useSignal<Failure | null>(null)
  const saved = useSignal('')
  // The lists as typed when sent: an issue about their nth item names the line it was typed on.
  const sent = useSignal<Record<string, string>>({})
  const e = data?.event
  const tz = e?.timezone ?? 'America/Bogota'
  // The new event's country, which gives the zones offered; the event's, the name of its entity's tax id.
  const country = useSignal('CO')
  const taxId = taxIdName(e?.country ?? country.value)
  // The entities already registered, offered by name: an event of one follows its radicado series.
  const known = useResource<{ entities: Known[] }>(e ? null : '/api/entities').data.value?.entities ?? []
  // A close or a reopening waiting for its confirmation; nothing is sent meanwhile.
  const asking = useSignal<'close' | 'reopen' | null>(null)
  const saveButton = useRef<HTMLButtonElement>(null)
  const formRef = useRef<HTMLFormElement>(null)

  /** A registered entity chosen by its name brings its NIT, contact data and country, unless staff typed others. */
  function chose(ev: Event) {
    const input = ev.currentTarget as HTMLInputElement
    const found = known.find((k) => k.name === input.value)
    const select = input.form?.querySelector('[name=country]') as HTMLSelectElement | null
    if (!found || !select) return
    for (const [key, name] of Object.entries(KNOWN_FIELDS)) {
      const field = input.form?.querySelector(`[name=${name}]`) as HTMLInputElement | null
      const value = found[key as keyof typeof KNOWN_FIELDS]
      if (field && value && !field.value) field.value = value
    }
    // The country select is above, already passed: a change to it is said where it is heard.
    if (found.country !== country.value)
      saved.value = s.countryFromEntity(s.countries[found.country] ?? found.country)
    select.value = found.country
    country.value = found.country
  }

  async function submit(ev: Event) {
    ev.preventDefault()
    // An Enter in a field while the question is open asks nothing more: the answer is one of its buttons.
    if (!asking.value) await save(ev.currentTarget as HTMLFormElement, false)
  }

  /** The question answered: with "Yes" the form is saved as it now is; with "No", nothing is sent. */
  async function answered(yes: boolean) {
    const form = formRef.current!
    asking.value = null
    if (yes) await save(form, true)
    else if (e) {
      // The status goes back to the event's own, so that the form shows the event as it is; the other
      // fields keep what was typed, to be saved with "Guardar".
      const select = form.querySelector('[name=status]') as HTMLSelectElement | null
      if (select) select.value = e.status
      failure.value = null
      saved.value = s.statusKept(tx.statuses[e.status] ?? e.status)
    }
    // The question's buttons are gone: focus goes back to the button that asked it.
    setTimeout(() => saveButton.current?.focus())
  }

  async function save(form: HTMLFormElement, confirmed: boolean) {
    // The link as it is sent, in its field: "youtube.com/live/…" is shown as the https:// address it is.
    const link = form.querySelector('[name=streamUrl]') as HTMLInputElement | null
    if (link) link.value = webAddress(link.value)
    const v = formValues(form)
    sent.value = Object.fromEntries([...new FormData(form)].map(([k, x]) => [k, String(x)]))
    const zone = e ? tz : (v.timezone ?? zones[v.country]?.[0] ?? 'America/Bogota')
    const common = {
      title: v.title,
      startsAt: v.startsAt && fromLocalInput(v.startsAt, zone),
      endsAt: v.endsAt && fromLocalInput(v.endsAt, zone),
      description: v.description,
      modality: v.modality,
      status: v.status,
      place: v.place,
      streamUrl: v.streamUrl,
      areas: pairsOf(v.areas ?? ''),
      channels: lines(v.channels ?? ''),
      moderators: lines(v.moderators ?? ''),
      agenda: lines(v.agenda ?? ''),
      allowedOrigins: siteLines(v.allowedOrigins ?? ''),
      signLanguage: v.signLanguage === 'on',
      // Left blank: no period of the event's own (the installation's applies, if any).
      retentionDays: v.retentionDays ? Number(v.retentionDays) : null,
    }
    const body = e
      ? changesOf(e, form)
      : {
          ...common,
          slug: v.slug,
          country: v.country,
          timezone: zone,
          entity: {
            name: v.entity,
            nit: v.nit,
            email: v.entityEmail,
            phone: v.entityPhone,
            address: v.address,
            radicadoPrefix: v.prefix,
          },
        }
    // A count in another shape (a decimal, a word) is refused here, where the browser's number field
    // would have read 1.500 as one and a half.
    const notCounts: string[] = e ? FIGURES.filter((k) => v[k]?.trim() && wholeCount(v[k]) === null) : []
    // What the number field cannot read ("1e") it gives as empty, which would clear the period.
    if ((form.querySelector('[name=retentionDays]') as HTMLInputElement | null)?.validity.badInput)
      notCounts.push('retentionDays')
    if (notCounts.length) {
      saved.value = ''
      failure.value = {
        code: 'VALIDATION_ERROR',
        message: s.invalid,
        issues: notCounts.map((k) => ({ path: k, message: s.notCount })),
      }
      return
    }
    // An end at or before the start would date the event backwards in its report; the API takes any end.
    const starts = v.startsAt ?? (e && toLocalInput(e.startsAt, tz))
    if (v.endsAt && starts && v.endsAt <= starts) {
      saved.value = ''
      failure.value = {
        code: 'VALIDATION_ERROR',
        message: s.invalid,
        issues: [{ path: 'endsAt', message: s.endsEarly }],
      }
      return
    }
    if (e && Object.keys(body).length === 0) {
      failure.value = null
      saved.value = s.unchanged
      return
    }
    if (e && !confirmed && statusTurn(e, body)) {
      saved.value = ''
      asking.value = statusTurn(e, body)
      return
    }
    const r = e
      ? await api('PATCH', `/api/events/${enc(e.slug)}`, body)
      : await api<Created>('POST', '/api/events', body)
    failure.value = r.error ?? (r.status ? null : { code: 'OFFLINE', message: tx.offline })
    if (!r.data) return
    if (!e) {
      const { event, entityDiffers } = r.data as Created
      entityKept.value = entityDiffers?.length
        ? { slug: event.slug, entity: event.entity.name, differs: entityDiffers }
        : null
      return navigate(eventPath(event.slug))
    }
    // Said once the form shows the event as saved: until then it compares what is typed with the event as
    // it was, and a change made at once (reopening the event just closed) would be taken for none.
    await onSaved?.()
    saved.value = tx.saved
  }

  const errors: Record<string, string> = {}
  for (const i of failure.value?.issues ?? []) {
    const { field } = fieldOf(i.path)
    if (field && !errors[field]) errors[field] = i.message
  }
  const where = (path: string) => {
    if (e && ENTITY_PANEL.has(path))
      return path === 'nit' ? st().entity.nit(taxId) : st().entity.fields[path as 'address']
    const { field, item } = fieldOf(path)
    const name = field === 'nit' ? s.nit(taxId) : field && s.fields[field]
    if (!name) return undefined
    return item === undefined ? name : s.line(name, lineOf(sent.value[field] ?? '', item))
  }

  const text = (name: string, label: string, value?: string | null, type = 'text', required = false) => (
    <Field id={`ev-${name}`} label={label} error={errors[name]}>
      <input id={`ev-${name}`} name={name} type={type} defaultValue={value ?? ''} required={required} />
    </Field>
  )
  const area = (name: string, label: string, value: string) => (
    <Field id={`ev-${name}`} label={label} error={errors[name]}>
      <textarea id={`ev-${name}`} name={name} rows={4} defaultValue={value} />
    </Field>
  )
  const choice = (
    name: string,
    label: string,
    options: Record<string, string>,
    value?: string,
    onChange?: (value: string) => void,
  ) => (
    <Field id={`ev-${name}`} label={label} error={errors[name]}>
      {/* `selected` on the option, not the select's value: a re-render must not undo a choice. */}
      <select
        id={`ev-${name}`}
        name={name}
        onChange={onChange && ((ev) => onChange((ev.currentTarget as HTMLSelectElement).value))}
      >
        {Object.entries(options).map(([k, l]) => (
          <option key={k} value={k} selected={k === value}>
            {l}
          </option>
        ))}
      </select>
    </Field>
  )
  const check = (name: string, label: string, on?: boolean) => (
    <label class="inline">
      <input type="checkbox" name={name} defaultChecked={on} /> {label}
    </label>
  )

  return (
    <section aria-labelledby="event-form-h">
      {!e && (
        <h1 id="event-form-h" tabIndex={-1}>
          {s.createTitle}
        </h1>
      )}
      {e && <h2 id="event-form-h">{s.editTitle}</h2>}
      {/* The API's messages, in the list above the fields, not the browser's bubbles: a screen reader
          announces the list, and the browser's own check would stop a link typed without https://. */}
      <form onSubmit={submit} class="stack" ref={formRef} noValidate>
        <Problems
          message={failure.value?.message ?? ''}
          issues={failure.value?.issues}
          where={where}
          field={(path) =>
            e && ENTITY_PANEL.has(path)
              ? `entity-${path}`
              : where(path)
                ? `ev-${fieldOf(path).field}`
                : undefined
          }
          level={e ? 3 : 2}
        />
        <fieldset disabled={!can()}>
          {/* The country first: the time zone offered, and the name of the entity's tax id in the fields
              below, follow it, so nothing typed is labelled for the other country. */}
          {!e &&
            choice('country', s.country, s.countries, country.value, (c) => {
              country.value = c
              // Chosen by hand: what a chosen entity's country said of it no longer holds.
              saved.value = ''
            })}
          {!e &&
            choice(
              'timezone',
              s.timezone,
              Object.fromEntries((zones[country.value] ?? []).map((z) => [z, s.zones[z] ?? z])),
              zones[country.value]?.[0],
            )}
          {text('title', s.title, e?.title, 'text', true)}
          {!e && text('slug', s.slug)}
          {!e && (
            <Field id="ev-entity" label={s.entity} hint={s.entityHint(taxId)} error={errors.entity}>
              <input
                id="ev-entity"
                name="entity"
                required
                list="ev-entities"
                autoComplete="off"
                aria-describedby="ev-entity-hint"
                onInput={chose}
              />
            </Field>
          )}
          {!e && (
            <datalist id="ev-entities">
              {known.map((k) => (
                <option key={`${k.country}${k.name}${k.nit}`} value={k.name}>
                  {[k.nit, k.country].filter(Boolean).join(' · ')}
                </option>
              ))}
            </datalist>
          )}
          {!e && text('nit', s.nit(taxId))}
          {!e && text('entityEmail', s.entityEmail, null, 'email')}
          {!e && text('entityPhone', s.entityPhone, null, 'tel')}
          {!e && text('address', s.address)}
          {!e && text('prefix', s.prefix)}
          {text('startsAt', s.startsAt, e && toLocalInput(e.startsAt, tz), 'datetime-local', true)}
          {text('endsAt', s.endsAt, e?.endsAt && toLocalInput(e.endsAt, tz), 'datetime-local')}
          {choice('modality', s.modality, s.modalities, e?.modality)}
          {choice('status', s.status, tx.statuses, e?.status ?? 'draft')}
          {text('place', s.place, e?.place)}
          {text('streamUrl', s.streamUrl, e?.streamUrl, 'url')}
          {area('description', s.description, e?.description ?? '')}
          {area('areas', s.areas, pairLines(e?.areas ?? []))}
          {area('channels', s.channels, (e?.channels ?? []).join('\n'))}
          {area('moderators', s.moderators, (e?.moderators ?? []).join('\n'))}
          {area('agenda', s.agenda, (e?.agenda ?? []).join('\n'))}
          {check('signLanguage', s.signLanguage, e?.signLanguage)}
          {/* The sites the embedded forms may send from (server/cors.ts): with none, only the event's own page. */}
          <Field
            id="ev-allowedOrigins"
            label={s.allowedOrigins}
            hint={s.allowedOriginsHint}
            error={errors.allowedOrigins}
          >
            <textarea
              id="ev-allowedOrigins"
              name="allowedOrigins"
              rows={2}
              autoComplete="off"
              spellcheck={false}
              aria-describedby="ev-allowedOrigins-hint"
              defaultValue={(e?.allowedOrigins ?? []).join('\n')}
            />
          </Field>
          <Field
            id="ev-retentionDays"
            label={s.retentionDays}
            hint={s.retentionHint(e?.country ?? country.value)}
            error={errors.retentionDays}
          >
            <input
              id="ev-retentionDays"
              name="retentionDays"
              type="number"
              min={1}
              max={36500}
              step={1}
              inputMode="numeric"
              aria-describedby="ev-retentionDays-hint"
              defaultValue={e?.retentionDays?.toString() ?? ''}
            />
          </Field>
          {e && (
            <fieldset>
              <legend>{s.figures}</legend>
              {FIGURES.map((k) => (
                <Field key={k} id={`ev-${k}`} label={s[k]} error={errors[k]}>
                  {/* Text, not a number field: that one reads "1.500", as Spanish writes fifteen hundred, as 1.5. */}
                  <input
                    id={`ev-${k}`}
                    name={k}
                    inputMode="numeric"
                    autoComplete="off"
                    defaultValue={e.figures[k]?.value?.toString() ?? ''}
                  />
                </Field>
              ))}
              {text('figuresSource', s.figuresSource, Object.values(e.figures)[0]?.source)}
            </fieldset>
          )}
          {e && check('reportPublished', s.reportPublished, e.reportPublished)}
          <p role="status">{saved.value}</p>
          {asking.value ? (
            <Confirm
              ask={asking.value === 'close' ? s.closeAsk : s.reopenAsk}
              yes={asking.value === 'close' ? s.closeYes : s.reopenYes}
              no={asking.value === 'close' ? s.closeNo : s.reopenNo}
              onYes={() => answered(true)}
              onNo={() => answered(false)}
            />
          ) : (
            <button type="submit" ref={saveButton}>
              {e ? tx.save : s.create}
            </button>
          )}
        </fieldset>
      </form>
    </section>
  )
}
