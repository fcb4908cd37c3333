import { render } from 'preact'
import type { Lang } from '../shared/api'
import { wallText } from './wall-text'

/** What stands in the forms' place while widget.js is missing: why, and the button that loads it again. */
export function FormsLost({ lang, loading, retry }: { lang: Lang; loading: boolean; retry: () => void }) {
  const t = wallText(lang)
  return (
    <p>
      <span role="status">{loading ? t.formsLoading : t.formsLost}</span>{' '}
      {/* Pressed again while it loads, it does nothing; enabled, it keeps the focus it was given. */}
      <button type="button" class="s" aria-disabled={loading} onClick={retry}>
        {t.retry}
      </button>
    </p>
  )
}

/**
 * The forms are widget.js's, which the page loads on its own (async) beside its own script: a weak
 * connection can lose it while the rest arrives, and the page would say "Cargando los formularios…" for
 * good, telling the person to turn on a JavaScript that is on. Once the page has loaded (a script that
 * failed counts as done), a page with no widget says so where the forms go, and loads it again when the
 * person asks or the connection comes back. When it runs, its forms take the place of these words (the
 * widget's shadow root shows none of them), and a person who pressed the button is taken to the heading
 * above the forms: the button they were on is gone.
 */
export function keepForms(host: HTMLElement, lang: Lang) {
  const here = () => !!customElements.get('cabildo-form')
  let loading = false
  const show = () => render(<FormsLost lang={lang} loading={loading} retry={() => load(true)} />, host)
  const load = (asked: boolean) => {
    if (here() || loading) return
    loading = true
    show()
    const script = document.createElement('script')
    script.src = '/widget.js'
    script.onerror = script.onload = () => {
      loading = false
      script.remove()
      if (!here()) return show()
      removeEventListener('online', back)
      const a = document.activeElement
      if (asked && (!a || a === document.body || host.contains(a))) {
        const heading = document.getElementById('participe-h')
        heading?.setAttribute('tabindex', '-1')
        heading?.focus()
      }
    }
    document.head.appendChild(script)
  }
  const back = () => load(false)
  const check = () => {
    if (here()) return
    show()
    addEventListener('online', back)
  }
  if (document.readyState === 'complete') check()
  else addEventListener('load', check, { once: true })
}
