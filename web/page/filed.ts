import type { Store } from '../widget/storage'

/** How often the device's radicados are looked at: two reads of storage, in this tab that writes them. */
const LOOK_MS = 1000
/** Time for the widget to show a confirmation and move focus to it, before the page says it instead. */
const SETTLE_MS = 600

/**
 * Hears each radicado the device gains for the questions of `slug` (the widget keeps the last in
 * `:done:pregunta`, earlier people's in `:past:pregunta`, embed.ts), that is, each question delivered:
 * by the outbox's retry when the connection comes back, by another tab of the phone, after a reload. The
 * widget says a confirmation by moving focus to its heading, and only from the widget or from nothing
 * (FormView): a person elsewhere on the page (on the wall's "Apoyar", in the lookup), or on another of the
 * widget's forms, is told nothing. So `say` is called for those the widget did not take focus to, once,
 * when the page is in view. Those the device held when the page opened are no news (the widget shows them).
 *
 * The widget's outbox writes in this tab without a `storage` event, and widget.js has no bytes left to
 * tell the page: its two keys are read every LOOK_MS, and at once when another tab writes them.
 */
export function watchFiled(store: Store, slug: string, say: (radicados: string[]) => void) {
  const codes = () => {
    const done = store.get<{ radicado?: string }>(`${slug}:done:pregunta`)?.radicado
    return [...(done ? [done] : []), ...(store.get<string[]>(`${slug}:past:pregunta`) ?? [])]
  }
  const known = new Set(codes())
  let news: string[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  const tell = () => {
    timer = undefined
    if (document.hidden) return
    // The widget's heading holding the radicado has focus: a screen reader has just read it there.
    const host = document.querySelector('cabildo-form')
    const shown = document.activeElement === host ? host?.shadowRoot?.activeElement?.textContent : ''
    const told = news.filter((c) => !shown?.includes(c))
    news = []
    if (told.length) say(told)
  }
  const look = () => {
    for (const c of codes())
      if (!known.has(c)) {
        known.add(c)
        news.push(c)
      }
    if (news.length && !timer) timer = setTimeout(tell, SETTLE_MS)
  }
  const every = setInterval(look, LOOK_MS)
  addEventListener('storage', look)
  // Delivered while the tab was hidden (tell() keeps it): said when the person comes back to it.
  document.addEventListener('visibilitychange', look)
  return () => {
    clearInterval(every)
    clearTimeout(timer)
    removeEventListener('storage', look)
    document.removeEventListener('visibilitychange', look)
  }
}
