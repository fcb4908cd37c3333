import { Component } from 'preact'
import { type EventBundle, loadEvent } from '../shared/api'
import { FormView, type Options } from './FormView'
import { type Dict, es, strings } from './i18n'
import type { Outbox } from './outbox'
import type { Store } from './storage'

type Props = { o: Options; box: Outbox; store: Store }
type State = { b?: EventBundle | null; t?: Dict; failure?: string; form: string }

/** Loads the event and the strings once (keeping copies for reopening offline); one form at a time. */
export class Widget extends Component<Props, State> {
  override state: State = { form: this.props.o.form }

  load = () => {
    const { o, store } = this.props
    const saved = `${o.event}:bundle`
    this.setState({ b: undefined })
    Promise.all([loadEvent(o.apiBase, o.lang, o.event), strings(o.lang, o.apiBase, store)]).then(([r, t]) => {
      if (r.data) store.set(saved, r.data)
      this.setState({
        t,
        b: r.data ?? (r.status ? null : store.get<EventBundle>(saved)) ?? null,
        failure: r.error?.message,
      })
    })
  }

  override componentDidMount() {
    this.load()
  }

  render({ o, box, store }: Props, { b, t = es, failure, form }: State) {
    const go = (k: string) => this.setState({ form: k })
    return (
      <div class="cb" lang={t.lang}>
        {o.nav && b && (
          <nav class="n w" aria-label={t.forms}>
            {['asistencia', 'evaluacion', 'pregunta']
              .filter((k) => k !== 'evaluacion' || b.forms?.some((f) => f.key === k))
              .map((k) => (
                <button type="button" aria-pressed={k === form} onClick={() => go(k)}>
                  {t[k as 'pregunta']}
                </button>
              ))}
          </nav>
        )}
        {b ? (
          <FormView key={form} c={{ o, t, b, box, store, go }} form={form} />
        ) : b === null ? (
          <p role="alert">
            {failure || t.loadFail}{' '}
            <button type="button" class="s" onClick={this.load}>
              {t.retry}
            </button>
          </p>
        ) : (
          <p role="status">{t.loading}</p>
        )}
      </div>
    )
  }
}
