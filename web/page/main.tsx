import { render, type VNode } from 'preact'
import type { Lang } from '../shared/api'
import { normalRadicado } from '../shared/radicado'
import { openStore } from '../widget/storage'
import { keepForms } from './FormsLost'
import { checkRadicado, LookupResult, lookup } from './Lookup'
import { loadResults, ResultsView } from './Results'
import { Wall } from './Wall'
import { wallText } from './wall-text'

// The attendee page's script: the live wall and the radicado lookup. The forms are the widget's.
const app = document.getElementById('app')
if (app) {
  const base = location.origin
  const slug = app.dataset.event!
  const lang: Lang = app.dataset.lang === 'en' ? 'en' : 'es'
  const tz = app.dataset.tz || 'America/Bogota'
  // The widget's storage prefix for this server: the page shares its attendee token and device id.
  const store = openStore(`cabildo:${base}:`)
  // A page opened once opens again with no network (server/pages/service-worker.ts): the worker keeps
  // this page and what it loaded (the scripts, and the modules they import), told of them once it is
  // ready, since this first visit came before it; it keeps nothing of the API.
  navigator.serviceWorker
    ?.register('/e/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((r) =>
      r.active?.postMessage([location.href, ...performance.getEntriesByType('resource').map((e) => e.name)]),
    )
    .catch(() => {})
  // A closed event takes no more votes (the server refuses them): its wall shows the counts it closed with.
  const closed = 'closed' in app.dataset
  // The event closed or reopened while the page is open, as its live stream says: the banner under the
  // title, and the widget's forms (Widget.tsx), which shut or open again with what was typed in them.
  const onStatus = (status: string) => {
    const banner = document.getElementById('cerrado')
    if (banner) banner.hidden = status !== 'closed'
    dispatchEvent(new CustomEvent('cabildo:status', { detail: [slug, status] }))
  }
  // This script ran: the notice the page shows when it is lost (wall-lost.ts) goes, and the wall's place
  // shows again. Loaded again from that notice's button, focus goes to the wall's heading: the button the
  // person was on is gone.
  const lost = document.getElementById('wall-lost')
  if (lost) {
    const asked = lost.contains(document.activeElement)
    lost.remove()
    document.getElementById('wall')!.hidden = false
    const heading = document.getElementById('preguntas-h')
    if (asked) heading?.setAttribute('tabindex', '-1')
    if (asked) heading?.focus()
  }
  // The forms come from widget.js, a script of their own that a weak connection may lose.
  const forms = document.querySelector('cabildo-form')
  if (forms instanceof HTMLElement) keepForms(forms, lang)
  // A form opened or closed by staff (the survey, at the end of the event): the widget shows or shuts it.
  const onForm = (form: string, open: boolean) =>
    dispatchEvent(new CustomEvent('cabildo:status', { detail: [slug, null, form, open] }))
  render(
    <Wall
      base={base}
      slug={slug}
      lang={lang}
      store={store}
      closed={closed}
      onStatus={onStatus}
      onForm={onForm}
    />,
    document.getElementById('wall')!,
  )

  // A page opened with no network (reopened from the service worker) reads the results again once the
  // network is back, as the wall does, and every 30 s meanwhile.
  const showResults = (): Promise<void> =>
    loadResults(base, lang, slug).then((r) => {
      const section = document.getElementById('resultados')
      if (r === undefined) {
        const again = () => {
          clearTimeout(timer)
          removeEventListener('online', again)
          void showResults()
        }
        const timer = setTimeout(again, 30_000)
        addEventListener('online', again)
        return
      }
      if (!r || !section) return
      render(<ResultsView r={r} lang={lang} />, document.getElementById('results')!)
      section.hidden = false
    })
  const resultsShown = showResults()

  const form = document.getElementById('lookup') as HTMLFormElement
  const input = document.getElementById('radicado') as HTMLInputElement
  const out = document.getElementById('lookup-result')!
  // The number's error, when the field that takes focus says it (LookupSection): not in the live region.
  // Made here for a copy of the page kept from before it had one (the service worker's, on a weak network).
  const note =
    document.getElementById('lookup-e') ?? out.parentElement!.insertBefore(document.createElement('div'), out)
  const t = wallText(lang)
  // The widget's receipt tokens, each under its radicado (embed.ts), which open the constancias.
  const receipts = openStore(`cabildo:${base}:`, 'sessionStorage')
  // A radicado in the entity's format, which the server wrote in the page, for the messages below.
  const example = form.dataset.example
  // What the server drew for the address's radicado is not this script's: the first answer drawn here takes
  // its place, rather than going after it (another radicado's status would stay above the one asked for).
  let drawn = !!out.firstChild || !!note.firstChild
  /** `node` in the live region, `error` as the field's out of it, each in place of what was there. */
  const put = (node: VNode | null, error: VNode | null = null) => {
    if (drawn) out.textContent = note.textContent = ''
    drawn = false
    render(node, out)
    render(error, note)
  }
  /** The field marked wrong and described by its error (`radicado-e`), or neither. */
  const mark = (wrong: boolean) => {
    if (wrong) input.setAttribute('aria-invalid', 'true')
    else input.removeAttribute('aria-invalid')
    input.setAttribute('aria-describedby', wrong ? 'radicado-h radicado-e' : 'radicado-h')
  }
  // The number is wrong: said on the field, and, when the person asked, focus goes back there, as the forms
  // do. Said once: when focus moves to the field, the field reads it as its description, and the live
  // region (which would say it too) does not hold it; when it stays (sent with Enter from the field, or
  // not asked), only the live region can say it.
  const wrong = (error: string, focus: boolean) => {
    const moves = focus && document.activeElement !== input
    const said = (
      <p class="err" id="radicado-e">
        {error}
      </p>
    )
    put(moves ? null : said, moves ? said : null)
    mark(true)
    if (moves) input.focus()
  }
  // A lookup that failed with no answer is asked again when the connection returns (`show` clears it).
  let unsent: string | undefined
  addEventListener('online', () => unsent !== undefined && show(unsent))
  let asking = 0
  const show = async (typed: string, focus = false) => {
    const mine = ++asking
    unsent = undefined
    // Nothing typed, or not a radicado's shape: said on the field at once, and not sent.
    const checked = checkRadicado(lang, typed, example)
    if (!checked.radicado) return wrong(checked.error!, focus)
    mark(false)
    // A weak connection takes seconds: the button did something. What the server drew for the address's
    // radicado (the page without script) stays until the fresh answer replaces it.
    if (focus || !out.firstChild) put(<p>{t.searching}</p>)
    const r = await lookup(base, lang, checked.radicado, example)
    if (mine !== asking) return
    if (r.field) return wrong(r.error, focus)
    // The lookup failed, not the number (no network, the rate limit, the server down): said in the live
    // region, the field left as typed and unmarked, focus where it is, with a button to ask again. Pressed,
    // the button goes with the message: focus goes to "Consultar", which asks the same.
    if (!r.status) {
      if (r.offline) unsent = typed
      return put(
        <p class="err">
          {r.error}{' '}
          <button
            type="button"
            class="s"
            onClick={() => {
              form.querySelector('button')!.focus()
              show(input.value, true)
            }}
          >
            {t.retry}
          </button>
        </p>,
      )
    }
    // The petitioner's own, filed or opened in this tab: its constancia too, however often it is looked up.
    const token = receipts.get<string>(r.status.radicado)
    const receipt = token
      ? `${base}/api/pqrsd/${encodeURIComponent(r.status.radicado)}/constancia?format=html&lang=${lang}&token=${encodeURIComponent(token)}`
      : undefined
    put(<LookupResult s={r.status} lang={lang} tz={tz} receipt={receipt} />)
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    show(input.value, true)
  })
  // The widget's confirmation links here with the radicado and, for its petitioner, the receipt's token,
  // which opens the constancia. The token is taken out of the address at once, so a copied or shared link
  // does not carry it, and kept where the widget keeps the tokens of the petitions it files (embed.ts: this
  // tab's sessionStorage, under the radicado), so that a lookup asked again still offers the constancia.
  const params = new URLSearchParams(location.search)
  const asked = params.get('radicado')
  const token = params.get('token')
  if (token) {
    const own = asked && normalRadicado(asked)
    if (own) receipts.set(own, token)
    params.delete('token')
    history.replaceState(history.state, '', `${location.pathname}?${params}${location.hash}`)
  }
  if (asked) {
    input.value = asked
    // The server answered the address's radicado in the page already: asked again, one visit would count
    // twice against the lookup limit (shared by everyone behind a venue's Wi-Fi). Only a page that came
    // without it (the offline copy) asks here.
    const shown = out.firstChild ? resultsShown : show(asked)
    // The confirmation's link leads here (#consulta), but the forms, the wall and the results grow above
    // the section as they load and push it out of view: it is brought back once its result is shown (or,
    // drawn already, once the results above it are), a round trip after the page opened as before.
    shown.then(() => location.hash === '#consulta' && out.parentElement!.scrollIntoView())
  }
}
