import { Component } from 'preact'
import { type EventBundle, enc, type FormDef, type Lang, type Reply } from '../shared/api'
import { Done } from './Done'
import { FieldView } from './FieldView'
import { check, collect, type Field, type Value, type Values, visible } from './fields'
import type { Dict } from './i18n'
import { DONE, EDIT, type Job, type Outbox, QUEUED, REFUSED, SENDING } from './outbox'
import { deviceId, holderOf, keepCode, newKey, type Store } from './storage'

export type Options = {
  event: string
  form: string
  lang: Lang
  apiBase: string
  nav: boolean
  channel?: string
  /** The widget's headings' tag, `h1` to `h6`: `h2` unless the page asks for another (embed.ts). Typed for JSX. */
  h: 'h2'
}
export type Ctx = {
  o: Options
  t: Dict
  b: EventBundle
  box: Outbox
  store: Store
  /** This tab's sessionStorage: a petition's receipt token (embed.ts says why it is kept there). */
  session: Store
  /** Shows another form; `focus`: on its heading, for a person who asked for it from a confirmation. */
  go: (form: string, focus?: true) => void
  /** Loads the event again, keeping the form on screen. */
  load: () => void
}
/**
 * The form as the server sent it (its title, its own text such as a survey's "Sus respuestas…", its
 * fields), with where its answers go and what travels with them.
 */
type Spec = Omit<FormDef, 'questions'> & { questions: Field[]; path: string; body: (v: Values) => unknown }
/** An earlier person's submission the server refused after the form was emptied for the next (embed.ts). */
export type Refusal = [sent: any, reply: Reply<any>]
type State = {
  v: Values
  errors: Record<string, string>
  alert?: string
  s: number
  data?: any
  focus?: boolean
  /** Said after "Reintentar" when it still could not send. */
  say?: string
}

/** Every form is data from the server; only where it goes and what travels with the answers differ. */
function specOf({ o, b, store }: Ctx, form: string): Spec | undefined {
  const def = [...b.fixedForms, ...b.forms].find((f) => f.key === form)
  if (!def) return
  const base = `/api/events/${enc(o.event)}/`
  const answers = (v: Values) => collect(def.questions, v)
  const spec = (path: string, body: Spec['body']): Spec => ({ ...def, path: base + path, body })
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

/** "Revise: <label>; <label>", the fields with an error, whether this device or the server found it. */
const summary = (t: Dict, spec: Spec | undefined, errors: Record<string, string>) => {
  const bad = spec?.questions
    .filter((f) => errors[f.id])
    .map((f) => f.label)
    .join('; ')
  return bad ? t.errSummary + bad : ''
}

/** One form from draft to confirmation. Every submission goes through the device's outbox. */
export class FormView extends Component<{ c: Ctx; form: string }, State> {
  /** A stored key of this form's (its draft, its confirmation…); a FormView is keyed by its form. */
  declare k: (k: string) => string
  /** The job of the outbox this form waits for, if any. */
  declare j: () => Job | undefined

  constructor(p: { c: Ctx; form: string }) {
    super(p)
    const { store, box, o } = p.c
    this.k = (k) => `${o.event}:${k}:${p.form}`
    // The submission this form waits for: the last it sent, while the outbox holds it.
    this.j = () => box.job(store.get<string[]>(this.k('sent'))?.[0])
    this.state = { v: store.get(this.k('draft')) ?? {}, errors: {}, ...this.stored() }
    // Any of this form's submissions answered: an earlier person's refusal (or code) shows as it comes.
    box.watch(o.event + p.form, () => this.setState({}))
  }

  /** Keeps `v` as the form's draft, without the consents (each is ticked afresh), and gives that back. */
  redraft(v: Values) {
    v = { ...v, consent: undefined, guardianConsent: undefined }
    this.props.c.store.set(this.k('draft'), v)
    return v
  }

  /**
   * The form for the next person of a shared phone, empty; or with the answers `v` of an earlier person,
   * which the server refused (`r`), put back to correct. From the confirmation (its code joins the earlier
   * ones), or while the last submission waits on the device: it stays in the outbox and goes with its own
   * key, and its code joins the earlier ones when it is delivered (embed.ts).
   */
  fresh(v: Values = {}, r?: Reply<any>) {
    const { store, box } = this.props.c
    const { s, data } = this.state
    if (s === DONE) {
      keepCode(store, this.k('past'), data.radicado ?? data.checkinCode)
      store.set(this.k('done'), null)
    } else {
      // Its answer is no longer this form's news (it would bring back the status, or the last person's
      // confirmation, over the next one's form). Its answers leave the draft (redraft), which the next
      // person's would otherwise join: the outbox keeps them, to send.
      box.watch(this.j()?.key)
      store.set(this.k('sent'), null)
    }
    this.setState({ s: EDIT, v: this.redraft(v), ...(r && this.failure(r)), focus: true })
  }

  /**
   * What the device holds of this form, as a page opened now shows it: its confirmation; else the
   * submission it waits to send (why it waits, its last answer or the server's Retry-After still running,
   * is read as the status is drawn); else the form, with a final refusal that came while it was not on
   * screen, said now, once.
   */
  stored() {
    const { store, box, o } = this.props.c
    let data = store.get<any>(this.k('done'))
    // Answered by the attendee registered on this phone before: a shared phone's next person answers anew.
    if (data?.w && data.w !== holderOf(store.get(`${o.event}:token`))) data = null
    const job = this.j()
    if (job) box.watch(job.key, this.settle)
    const r = store.get<Reply<any>>(this.k('failed'))
    return {
      s: data ? DONE : job ? QUEUED : EDIT,
      data,
      ...(r && this.failure(r)),
    }
  }

  /**
   * How a submission this form waits for went (`r`; none when another tab took it out of the outbox): the
   * form shows what the device now holds, as a page opened now would (stored(): the outbox and embed.ts
   * keep it first). Focus moves to the news when this form was waiting for it, not on each retry in the
   * background: the confirmation takes it when it arrives, so that it is announced; one shown again from
   * the device (a reload, the constancia link back to this page, a tab) leaves focus where the page puts it.
   */
  settle = (r?: Reply<any>) => {
    const { s } = this.state
    // A confirmation stays: a late reply to a duplicate attempt must not take it back. A form no longer
    // on screen leaves the news to the one that opens next; one being filled in has none to hear.
    if (s === DONE || !this.base || (s === EDIT && !r)) return
    const now = this.stored()
    this.setState({ ...now, focus: now.s !== QUEUED || s === SENDING })
  }

  /**
   * The server's final word on a submission, field by field and as a message that is never empty. A reply
   * that is final and not a success always has its `error` (retryable(), ../shared/api.ts).
   */
  failure({ status, error }: Reply<unknown>) {
    const { c, form } = this.props
    const { t } = c
    c.store.set(this.k('failed'), null)
    const errors: Record<string, string> = {}
    const spec = specOf(c, form)
    // Survey answers the server refused, and whether one is to a question this form does not have.
    let answers = false
    let changed = false
    // The first issue of a field is the one it says: read last to first, it is written last. (The reply is
    // read no more after this: its list can be turned round in place.)
    for (const i of (error!.issues ?? []).reverse()) {
      const id = i.path.replace(/^answers\.|\..*/g, '')
      errors[id] = i.message
      answers ||= /^answers/.test(i.path)
      changed ||= answers && !spec?.questions.some((f) => f.id === id)
    }
    // The privacy notice changed after it was shown: the event is loaded again for the new one (and its
    // version, sent with the next attempt), and its box is unticked to be read and accepted anew. The
    // rest of the answers stay. (On opening, `this.state` is not set yet and a draft never has consent.)
    // Survey answers refused are read again with the survey too: what the device checks first, the server
    // refuses only when staff changed the questions since the form was read (while it was answered, or
    // while the answers waited on the device): a required one added (which then shows, with what the
    // server said of it), one taken away (no longer sent) or its options changed.
    if (error!.code === 'CONSENT_OUTDATED') delete this.state?.v.consent
    if (answers || error!.code === 'CONSENT_OUTDATED') c.load()
    return {
      errors,
      // A field the device could not check (a minor's document with no age range) is named as it names
      // those it checks.
      alert:
        summary(t, spec, errors) ||
        (changed && t.formChanged) ||
        (error!.code === REFUSED ? t.refused : error!.message || t.failed?.replace('{status}', `${status}`)),
    }
  }

  override componentDidUpdate() {
    if (!this.state.focus) return
    ;(this.state as State).focus = false
    // A person elsewhere on the page (typing a radicado to look up, on the wall's "Apoyar", on a link of
    // the site) keeps their place when a queued submission is delivered in the background: focus moves
    // only from this widget (the page sees its shadow root's host focused) or from nothing.
    const a = document.activeElement
    if (a === document.body || a?.shadowRoot === (this.base as Node).getRootNode())
      // The first field to fix, else the form's alert (after every field; the form's heading takes focus
      // only while there is none), else a heading: the confirmation's, the empty form's after it, or the
      // queued status.
      (this.base as HTMLElement).querySelector<HTMLElement>('[aria-invalid=true],[tabindex="-1"]')?.focus()
  }

  render({ c, form }: { c: Ctx; form: string }, { v, errors, alert, s, data, say }: State) {
    const { t, store, box, o } = c
    const spec = specOf(c, form)
    if (!spec) return <p>{t.closed}</p>
    // A closed event, or a form that takes no answers, shows the form shut: its draft on screen, kept on
    // the device, with why it cannot be sent. The page's stream opens it again if the event reopens (Widget).
    const shut = c.b.event.status === 'closed' ? t.ended : spec.open === false && t.closed
    // The radicados (check-in codes) of the confirmations this form showed before, most recent first.
    const past = store.get<string[]>(this.k('past')) ?? []
    const set = (id: string, x: Value) => {
      // Only this field goes into the stored draft, over what is there: another tab of the same form may
      // have stored answers since this one opened. Consent is never restored from a draft, the guardian's
      // authorisation of a minor's registration neither: each must be given by a fresh, deliberate tick
      // (a box ticked when the page opens is no consent, and a shared phone's next person would find it so).
      this.redraft({ ...store.get<Values>(this.k('draft')), [id]: x })
      this.setState({ v: { ...v, [id]: x }, errors: { ...errors, [id]: '' } })
    }
    const again = form !== 'evaluacion' && (
      <button type="button" class="s" onClick={() => this.fresh()}>
        {form === 'pregunta' ? t.askAgain : t.again}
      </button>
    )
    // Earlier people's submissions refused since (embed.ts), each said with whose it was: a registration's
    // name, a question's first words (not its petitioner's name, which may be reserved).
    const refused = store.get<Refusal[]>(this.k('refused')) ?? []
    const drop = (x: Refusal) =>
      store.set(
        this.k('refused'),
        refused.filter((y) => y !== x),
      )
    const submit = (e: Event) => {
      e.preventDefault()
      // A disabled button would drop its focus to the page's <body>: this one stays, and does nothing.
      if (s === SENDING) return
      const found = check(spec.questions, v, t)
      const alert = summary(t, spec, found)
      if (alert) return this.setState({ errors: found, alert, focus: true })
      // The same answers sent again (after a refusal, say) keep their key: the server stores them once.
      const body = spec.body(v)
      const json = JSON.stringify(body)
      const [last, was] = store.get<string[]>(this.k('sent')) ?? []
      const key = was === json ? last : newKey()
      store.set(this.k('sent'), [key, json])
      box.watch(key, this.settle)
      // What passed the check leaves no error behind: one of a rule between fields (a document, an e-mail
      // or a phone), answered in another field than the one it named, would otherwise stay on that field,
      // and on the empty form "Registrar a otra persona" opens for the next person.
      this.setState({ s: SENDING, alert: '', errors: found })
      box.send({ key, path: spec.path, body, ev: o.event, form, lang: o.lang, tries: 0 })
    }
    return (
      <div>
        {/* A live region from the start: each refusal is said once, as it comes, not again on a reload. */}
        <div role="status">
          {refused.map((x) => (
            <p class="e">
              {form === 'pregunta' ? t.refusedQ : t.refusedA}{' '}
              <q>{(x[0].text ?? x[0].name).split(' ', 8).join(' ')}</q>
              {': '}
              {(x[1].error!.issues?.[0] ?? x[1].error!).message}{' '}
              {/* Into the form, to correct, with what the server said on its fields; never over what the next
                  person is typing or sending. */}
              {(s > SENDING || !Object.values(v).some((y) => y && `${y}`)) && (
                <button
                  type="button"
                  class="s"
                  onClick={() => {
                    drop(x)
                    this.fresh(x[0], x[1])
                  }}
                >
                  {t.fix}
                </button>
              )}{' '}
              <button
                type="button"
                class="s"
                onClick={() => {
                  drop(x)
                  this.setState({ focus: true })
                }}
              >
                {t.discard}
              </button>
            </p>
          ))}
        </div>
        {s === DONE ? (
          Done(c, form, data, again)
        ) : s === QUEUED ? (
          <p class="k" role="status" tabIndex={-1}>
            {store.keeps('outbox')
              ? // Why it waits, a reload included: the server is busy (its last answer a 503 or a 429, or its
                // Retry-After still running), or there is no connection.
                [429, 503].includes(this.j()?.status as number) || box.held() > 0
                ? t.busy
                : t.queued
              : t.keepOpen}{' '}
            <button
              type="button"
              class="s"
              onClick={() => {
                // Said each time it still cannot go (emptied first, so that the same words are said again).
                this.setState({ say: '' })
                box.flush().then(() => this.j() && this.setState({ say: t.notYet }))
              }}
            >
              {t.retry}
            </button>{' '}
            {again} {say}
          </p>
        ) : (
          <form noValidate onSubmit={submit} aria-labelledby={`cb${form}`} aria-describedby={`cb${form}-x`}>
            <o.h id={`cb${form}`} tabIndex={alert ? undefined : -1}>
              {spec.title}
            </o.h>
            {/* Said before anything is typed, not only when it is sent; a live region from the start, so that
                a close or a reopening that comes while the form is open is said too. */}
            <p class="e" id={`cb${form}-x`} role="status">
              {shut}
            </p>
            {/* The form's own text first ("Sus respuestas son anónimas…"), with the note on required fields. */}
            <p class="h">
              {spec.description} {t.requiredNote}
            </p>
            {/* Shut, each control is disabled on its own rather than in a disabled fieldset, which would also
                take a scrolling notice (the privacy notice, FieldView) out of the keyboard's reach. While
                sending too: a correction typed then would be neither sent nor kept once the answers went. */}
            {visible(spec.questions, v).map((f) =>
              FieldView(f, v, errors[f.id], set, c, `cb${form}-`, !!shut || s === SENDING),
            )}
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
            {/* Focused while sending, the button stays (a second press does nothing), and its "Enviando…" is
                said from this live region. */}
            <p role="status">
              <button type="submit" aria-disabled={s === SENDING} disabled={!!shut}>
                {s === SENDING ? t.sending : t.send}
              </button>
            </p>
          </form>
        )}
        {past[0] && (
          <>
            <p>{form === 'pregunta' ? t.pastQ : t.pastA}</p>
            <ul>
              {past.map((x) => (
                <li>
                  <strong>{x}</strong>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    )
  }
}
