import { createElement, render } from 'preact'
import type { Lang } from '../shared/api'
import type { Options } from './FormView'
import { createOutbox, type Outbox } from './outbox'
import { openStore, type Store } from './storage'
import { adopt } from './styles'
import { Widget } from './Widget'

export type MountOptions = Partial<Options> & { event: string }

// Captured while this classic script runs: the default API base is wherever the script came from.
const me = document.currentScript as HTMLScriptElement | null
const scriptBase = me?.src ? me.src.replace(/\/[^/]*$/, '') : location.origin
const runtimes: Record<string, { box: Outbox; store: Store }> = {}

/** One outbox per Cabildo server, shared by every form of the page, so a job is sent by one loop. */
function runtime(base: string) {
  if (!runtimes[base]) {
    const store = openStore(`cabildo:${base}:`)
    const box = createOutbox(base, store, (job, r) => {
      if (!r.data) return
      store.set(`${job.ev}:done:${job.form}`, r.data)
      store.del(`${job.ev}:draft:${job.form}`)
      if (r.data.attendeeToken) store.set(`${job.ev}:token`, r.data.attendeeToken)
    })
    runtimes[base] = { box, store }
  }
  return runtimes[base]
}

const langOf = (lang?: string): Lang => (/^en/i.test(lang || document.documentElement.lang) ? 'en' : 'es')

/** Renders a form into `el` (inside its shadow root) and returns the function that removes it. */
export function mount(el: HTMLElement, opts: MountOptions): () => void {
  const o: Options = {
    event: opts.event,
    form: opts.form || 'asistencia',
    lang: langOf(opts.lang),
    apiBase: (opts.apiBase || scriptBase).replace(/\/$/, ''),
    nav: Boolean(opts.nav),
    channel: opts.channel || new URLSearchParams(location.search).get('canal') || undefined,
  }
  let root: ShadowRoot | HTMLElement = el
  if (el.attachShadow) {
    root = el.shadowRoot ?? el.attachShadow({ mode: 'open' })
    if (!root.firstChild) adopt(root as ShadowRoot)
  }
  const host = document.createElement('div')
  root.appendChild(host)
  const { box, store } = runtime(o.apiBase)
  render(createElement(Widget, { o, box, store }), host)
  return () => {
    render(null, host)
    root.removeChild(host)
  }
}

const fromAttributes = (get: (name: string) => string | null | undefined, nav: boolean): MountOptions => ({
  event: get('event') || '',
  form: get('form') || undefined,
  lang: (get('lang') || undefined) as Lang | undefined,
  apiBase: get('api') || undefined,
  channel: get('channel') || undefined,
  nav,
})

if (window.customElements && !customElements.get('cabildo-form'))
  customElements.define(
    'cabildo-form',
    class extends HTMLElement {
      declare u?: () => void
      static get observedAttributes() {
        return ['event', 'form', 'lang']
      }
      connectedCallback() {
        this.u?.()
        const o = fromAttributes((n) => this.getAttribute(n), this.hasAttribute('nav'))
        this.u = o.event ? mount(this, o) : undefined
      }
      disconnectedCallback() {
        this.u?.()
        this.u = undefined
      }
      attributeChangedCallback() {
        if (this.u) this.connectedCallback()
      }
    },
  )

// <script src=".../widget.js" data-event="slug" data-form="asistencia" async>: mount right after the tag.
if (me?.dataset.event) {
  const host = document.createElement('div')
  me.parentNode?.insertBefore(host, me.nextSibling)
  mount(
    host,
    fromAttributes((n) => me.dataset[n], me.hasAttribute('data-nav')),
  )
}

;(window as unknown as { Cabildo: unknown }).Cabildo = { mount, version: 1 }
