import { Component } from 'preact'
import { type EventBundle, enc, type FormDef, type Lang, type Reply, retryable } from '../shared/api'
import { Done } from './Done'
import { FieldView } from './FieldView'
import { check, collect, type Field, type Value, type Values, visible } from './fields'
import type { Dict } from './i18n'
import { type Outbox, REFUSED } from './outbox'
import { deviceId, randomId, type Store } from './storage'

export type Options = {
  event: string
  form: string
  lang: Lang
  apiBase: string
  nav: boolean
  channel?: string
}
export type Ctx = {
  o: Options
  t: Dict
  b: EventBundle
  box: Outbox
  store: Store
  go: (form: string) => void
}
type Spec = { title?: string; fields: Field[]; path: string; body: (v: Values) => unknown }
type State = {
  v: Values
  errors: Record<string, string>
  alert: string
  s: string
  data?: any
  focus?: boolean
}

/** Every form is data from the server; only where it goes and what travels with the answers differ. */
function specOf({ o, b, store }: Ctx, form: string): Spec | undefined {
  const def = [...b.fixedForms, ...b.forms].find((f) => f.key === form)
  if (!def || (def as FormDef).open === false) return
  const fields: Field[] = def.questions
  const base = `/api/events/${enc(o.event)}/`
  const answers = (v: Values) => collect(fields, v)
  const spec = (path: string, body: Spec['body']) => ({ title: def.title, fields, path: base + path, body })
  if (form === 'asistencia')
    return spec('attendance', (v) => ({
      ...answers(v),
      linkChannel: o.channel,
      consentVersion: b.consent?.version,
    }))
  if (form === 'pregunta') return spec('questions', answers)
  // One response per registration, or per device for people who did not register.
  const token = store.get<string>(`${o.event}:token`)
  const who = token ? { attendeeToken: token } : { deviceToken: deviceId(store) }
  return spec(`forms/${enc(form)}/responses`, (v) => ({ answers: answers(v), ...who }))
}

/** One form from draft to confirmation. Every submission goes through the device's outbox. */
export class FormView extends Component<{ c: Ctx; form: string }, State> {
  k = (k: string) => `${this.props.c.o.event}:${k}:${this.props.form}`

  constructor(p: { c: Ctx; form: string }) {
    super(p)
    const { store, box, o } = p.c
    const data = store.get(this.k('done'))
    const job = box.find(o.event, p.form)
    if (job) box.watch(job.key, this.settle)
    // A queued submission this site may not send was dropped while no form was on screen: said once.
    const refused = store.get(this.k('refused'))
    store.del(this.k('refused'))
    this.state = {
      v: store.get(this.k('draft')) ?? {},
      errors: {},
      alert: refused ? p.c.t.refused : '',
      s: data ? 'done' : job ? 'queued' : 'edit',
      data,
    }
  }

  settle = (r: Reply<any>) => {
    // A confirmation stays: a late reply to a duplicate attempt must not take it back. A form no longer
    // on screen leaves the news to the one that opens next.
    if (this.state.s === 'done' || !this.base) return
    if (r.data) return this.setState({ s: 'done', data: r.data })
    if (retryable(r.status)) return this.setState({ s: 'queued' })
    const errors: Record<string, string> = {}
    for (const i of r.error?.issues ?? [])
      errors[i.path.replace(/^answers\./, '').split('.')[0]] ??= i.message
    const refused = r.error?.code === REFUSED
    if (refused) this.props.c.store.del(this.k('refused'))
    this.setState({
      s: 'edit',
      errors,
      alert: refused ? this.props.c.t.refused : (r.error?.message ?? ''),
      focus: true,
    })
  }

  override componentDidUpdate() {
    if (!this.state.focus) return
    ;(this.state as State).focus = false
    const el = this.base as HTMLElement | undefined
    ;(
      el?.querySelector<HTMLElement>('[aria-invalid=true]') ?? el?.querySelector<HTMLElement>('[role=alert]')
    )?.focus()
  }

  render({ c, form }: { c: Ctx; form: string }, { v, errors, alert, s, data }: State) {
    const { t, store, box, o } = c
    const spec = specOf(c, form)
    if (!spec) return <p>{t.closed}</p>
    if (s === 'done')
      return (
        <Done
          c={c}
          form={form}
          data={data}
          again={() => {
            store.del(this.k('done'))
            this.setState({ s: 'edit', v: {} })
          }}
        />
      )
    if (s === 'queued')
      return (
        <p class="k" role="status">
          {t.queued}{' '}
          <button type="button" class="s" onClick={box.flush}>
            {t.retry}
          </button>
        </p>
      )
    const set = (id: string, x: Value) => {
      const next = { ...v, [id]: x }
      // Consent is never restored from a draft: it must be given by a fresh, deliberate tick.
      store.set(this.k('draft'), { ...next, consent: undefined })
      this.setState({ v: next, errors: { ...errors, [id]: '' } })
    }
    const submit = (e: Event) => {
      e.preventDefault()
      const found = check(spec.fields, v, t)
      const bad = spec.fields.filter((f) => found[f.id]).map((f) => f.label)
      if (bad.length)
        return this.setState({ errors: found, alert: t.errSummary + bad.join('; '), focus: true })
      const key = randomId()
      box.watch(key, this.settle)
      this.setState({ s: 'sending', alert: '' })
      box.send({ key, path: spec.path, body: spec.body(v), ev: o.event, form, lang: o.lang, tries: 0 })
    }
    return (
      <form noValidate onSubmit={submit} aria-labelledby={`cb${form}`}>
        <h2 id={`cb${form}`}>{spec.title}</h2>
        <p class="h">{t.requiredNote}</p>
        {visible(spec.fields, v).map((f) => (
          <FieldView f={f} v={v} err={errors[f.id]} set={set} c={c} idp={`cb${form}-`} />
        ))}
        <p class="e" role="alert" tabIndex={-1}>
          {alert}
          {/* What was typed stays here; the event's own page takes the same form from any device. */}
          {alert === t.refused && (
            <>
              {' '}
              <a href={`${o.apiBase}/e/${enc(o.event)}?lang=${o.lang}`} target="_top">
                {t.eventPage}
              </a>
              .
            </>
          )}
        </p>
        <button type="submit" disabled={s === 'sending'}>
          {s === 'sending' ? t.sending : t.send}
        </button>
      </form>
    )
  }
}
