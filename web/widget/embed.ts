import { createElement, render } from 'preact'
import type { Lang } from '../shared/api'
import type { Options, Refusal } from './FormView'
import { createOutbox, type Outbox } from './outbox'
import { holderOf, keepCode, openStore, type Store } from './storage'
import { css } from './styles'
import { Widget } from './Widget'

/** What `Cabildo.mount` takes; attributes give `null` for what is absent, which means the default. */
export type MountOptions = { [K in Exclude<keyof Options, 'h'>]?: Options[K] | null } & {
  event: string
  /** The level of the widget's headings, 1 to 6 (else 2): one below the page's heading over it. */
  heading?: number | string | null
}

// Captured while this classic script runs: the default API base is wherever the script came from.
const me = document.currentScript as HTMLScriptElement | null
const scriptBase = me?.src.replace(/\/[^/]*$/, '') || location.origin
const runtimes: Record<string, { box: Outbox; store: Store; session: Store }> = {}

/** One outbox per Cabildo server, shared by every form of the page, so a job is sent by one loop. */
function runtime(base: string) {
  if (!runtimes[base]) {
    const store = openStore(`cabildo:${base}:`)
    // A petition's receipt token opens its constancia: who asked, how to reach them, what they asked,
    // data of theirs (or a denunciante's reserved identity) that the next person to pick up a shared
    // phone must not reach. So it is kept in this tab's sessionStorage, which a reload keeps and closing
    // the tab forgets, never in localStorage with the rest of the confirmation (its radicado opens the
    // public status only).
    const session = openStore(`cabildo:${base}:`, 'sessionStorage')
    const box = createOutbox(base, store, (job, r) => {
      const k = (x: string) => `${job.ev}:${x}:${job.form}`
      // Sent before the form was emptied for the next person: what it comes to is that person's, not the form's.
      const earlier = store.get<string[]>(k('sent'))?.[0] !== job.key
      // A final refusal is said by the form when it shows next, if none is on screen now to say it (FormView);
      // a page opened again shows that form first (Widget). An earlier person's is kept with what they sent,
      // said apart from the form on screen until it is put back in the form or let go.
      if (!r.data) {
        store.set(`${job.ev}:last`, job.form)
        return earlier
          ? store.set(k('refused'), [...(store.get<Refusal[]>(k('refused')) ?? []), [job.body, r]])
          : store.set(k('failed'), r)
      }
      const { receiptToken, ...done } = r.data
      if (receiptToken) session.set(done.radicado, receiptToken)
      // An earlier person's code joins the earlier ones under the form.
      if (earlier) return keepCode(store, k('past'), done.radicado ?? done.checkinCode)
      // With the attendee it was sent as (a survey's): shown again only while they are the one registered
      // on the device (FormView).
      done.w = holderOf((job.body as { attendeeToken?: string }).attendeeToken)
      store.set(k('done'), done)
      store.set(k('draft'), null)
      store.set(k('sent'), null)
      if (done.attendeeToken) store.set(`${job.ev}:token`, done.attendeeToken)
    })
    runtimes[base] = { box, store, session }
  }
  return runtimes[base]
}

/** Renders a form into `el`'s shadow root (styles included) and returns the function that removes it. */
function mount(el: HTMLElement, opts: MountOptions): () => void {
  const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' })
  // One <style> per shadow root: a page holds one to three widgets at most.
  if (!root.firstChild) root.appendChild(document.createElement('style')).textContent = css
  const host = root.appendChild(document.createElement('div'))
  // The options as given (`event`, `nav`, truthy or not), with the defaults worked out for the rest.
  const o: Options = {
    ...(opts as Options),
    form: opts.form || 'asistencia',
    lang: /^en/i.test(opts.lang || document.documentElement.lang) ? 'en' : ('es' as Lang),
    apiBase: (opts.apiBase || scriptBase).replace(/\/$/, ''),
    h: `h${/^[1-6]$/.test(opts.heading as string) ? opts.heading : 2}` as 'h2',
    channel: opts.channel || new URLSearchParams(location.search).get('canal') || undefined,
  }
  render(createElement(Widget, { o, ...runtime(o.apiBase) }), host)
  return () => {
    render(null, host)
    host.remove()
  }
}

const fromAttributes = (get: (name: string) => string | null | undefined, nav: boolean): MountOptions => ({
  // Absent, it is null or undefined: nothing is mounted then.
  event: get('event') as string,
  form: get('form'),
  lang: get('lang') as Lang | null,
  apiBase: get('api'),
  channel: get('channel'),
  heading: get('heading'),
  nav,
})

customElements.get('cabildo-form') ||
  customElements.define(
    'cabildo-form',
    class extends HTMLElement {
      static observedAttributes = ['event', 'form', 'lang']
      declare u?: () => void
      connectedCallback() {
        this.disconnectedCallback()
        const o = fromAttributes((n) => this.getAttribute(n), this.hasAttribute('nav'))
        if (o.event) this.u = mount(this, o)
      }
      disconnectedCallback() {
        this.u?.()
        delete this.u
      }
      attributeChangedCallback() {
        if (this.u) this.connectedCallback()
      }
    },
  )

// <script src=".../widget.js" data-event="slug" data-form="asistencia" async>: mount right after the tag.
if (me?.dataset.event)
  mount(
    me.insertAdjacentElement('afterend', document.createElement('div')) as HTMLElement,
    fromAttributes((n) => me.dataset[n], me.hasAttribute('data-nav')),
  )
;(window as unknown as { Cabildo: unknown }).Cabildo = { mount, version: 1 }
