import { Component } from 'preact'
import { type EventBundle, enc, request, retryable } from '../shared/api'
import { FormView, type Options } from './FormView'
import type { Outbox } from './outbox'
import type { Store } from './storage'

type Props = { o: Options; box: Outbox; store: Store; session: Store }
type State = { b?: EventBundle | null; failure?: string; form: string }

/** Loads the event with its texts (keeping a copy for reopening offline); one form at a time. */
export class Widget extends Component<Props, State> {
  // With tabs, a page opened again shows the form last used (with its draft or its queued submission), or
  // the one whose submission was refused since, which only that form says (embed.ts).
  constructor(p: Props) {
    super(p)
    const { o, store } = p
    this.state = { form: (o.nav && store.get<string>(`${o.event}:last`)) || o.form }
  }

  /**
   * `e`: the person pressed "Reintentar", whose button is gone while the event loads: focus then goes to
   * what shows (f), not to the page's <body>, where a screen reader would be left with nothing said.
   */
  load = (e?: Event) => {
    const { o, store } = this.props
    // One copy per language: a form reopened offline shows in the language it is asked for. Copies kept
    // before the bundle carried the attendance and question forms (`:bundle:`) cannot render them.
    const saved = `${o.event}:forms:${o.lang}`
    // Loaded again while a form is open (its notice changed: FormView), the form stays on screen meanwhile
    // and, if the event cannot be had, as it was.
    this.state.b || this.setState({ b: undefined })
    // loadEvent() of ../shared/api.ts, written out: a wrapper called once costs the widget bytes.
    request<EventBundle>(o.apiBase, o.lang, 'GET', `/api/events/${enc(o.event)}`).then((r) => {
      if (r.data) store.set(saved, r.data)
      this.setState(
        {
          b: r.data ?? this.state.b ?? ((retryable(r) && store.get<EventBundle>(saved)) || null),
          failure: r.error?.message,
        },
        e && this.f,
      )
    })
  }

  /**
   * The event's page passes on what its live stream says of the event's status (web/page/main.tsx), as a
   * `cabildo:status` event with `detail` [event, status]: a form shuts when the event closes and opens
   * again when it reopens, without reading the event again (FormView). With [event, null, form, open],
   * staff opened or closed that one form.
   */
  status = ({ detail: [ev, status, key, open] }: CustomEvent) => {
    // From the state as the last of several events in a row left it (the page passes the event's status and
    // each form's at once when it reads them again), not as it was rendered.
    if (ev === this.props.o.event)
      this.setState(({ b }) => ({
        b:
          b &&
          (key
            ? { ...b, forms: b.forms.map((f) => (f.key === key ? { ...f, open } : f)) }
            : { ...b, event: { ...b.event, status } }),
      }))
  }

  /**
   * Back on the page (from the live stream's app or tab, as people go between the two), the event is read
   * again: a widget on another site has no stream, so a survey opened at the end of the event, or an event
   * closed, shows as it is now. A kept read on the server; offline, the form stays as it was.
   */
  back = () => document.hidden || this.load()

  /**
   * A page kept in view (the site's player beside the form) never comes back: while the form on screen is
   * shut by staff (the survey before the end of the event, say), the event is read again every minute,
   * so it opens there too. Not while it is open, nor while the page is hidden.
   */
  declare poll: ReturnType<typeof setInterval>

  override componentDidMount() {
    this.load()
    addEventListener('cabildo:status', this.status as EventListener)
    document.addEventListener('visibilitychange', this.back)
    this.poll = setInterval(() => {
      const { b, form } = this.state
      b?.forms.some((f) => f.key === form && f.open === false) && this.back()
    }, 60_000)
  }

  override componentWillUnmount() {
    removeEventListener('cabildo:status', this.status as EventListener)
    document.removeEventListener('visibilitychange', this.back)
    clearInterval(this.poll)
  }

  /**
   * Focuses what FormView would (a field to fix, else the heading of the form, of its confirmation, its
   * queued status), or the message that the event could not load, which holds "Reintentar".
   */
  f = () =>
    (this.base as HTMLElement).querySelector<HTMLElement>('[aria-invalid=true],[tabindex="-1"]')?.focus()

  render(p: Props, { b, failure, form }: State) {
    const { o } = p
    // From a confirmation's button (gone with the confirmation) focus goes to the new form's heading, its
    // confirmation's or its queued status, what FormView would focus (a form the event no longer has has
    // none). From the tabs, it stays on the tab.
    const go = (k: string, f?: true) => {
      p.store.set(`${o.event}:last`, k)
      this.setState({ form: k }, f && this.f)
    }
    // The only texts in widget.js: those shown before the event arrives, or when it cannot. A list, not an
    // object: their names would ship too; here, not in a function of i18n.ts: a call of its own costs bytes.
    const [loading, loadFail, retry] =
      o.lang === 'en'
        ? ['Loading…', "Couldn't load. Check your connection.", 'Try again']
        : ['Cargando…', 'No se pudo cargar. Revise su conexión.', 'Reintentar']
    return (
      <div class="cb" lang={o.lang}>
        {/* The forms' styles come with them (styles.ts); a copy kept from before they did has none. */}
        {b && <style>{b.strings.css}</style>}
        {o.nav && b && (
          <nav class="n w" aria-label={b.strings.forms}>
            {['asistencia', 'evaluacion', 'pregunta']
              .filter((k) => k !== 'evaluacion' || b.forms?.some((f) => f.key === k))
              .map((k) => (
                <button type="button" onClick={() => go(k)} aria-pressed={k === form}>
                  {b.strings[k as 'pregunta']}
                </button>
              ))}
          </nav>
        )}
        {b ? (
          <FormView key={form} c={{ ...p, t: b.strings, b, go, load: this.load }} form={form} />
        ) : b === null ? (
          <p role="alert" tabIndex={-1}>
            {failure || loadFail}{' '}
            <button type="button" class="s" onClick={this.load}>
              {retry}
            </button>
          </p>
        ) : (
          <p role="status">{loading}</p>
        )}
      </div>
    )
  }
}
