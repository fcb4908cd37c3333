import { type Lang, type Reply, request, retryable } from '../shared/api'
import type { Store } from './storage'

/** One submission waiting on the device, with the Idempotency-Key it keeps across every retry. */
export type Job = {
  key: string
  path: string
  body: unknown
  ev: string
  form: string
  lang: Lang
  tries: number
  /** The status of its last answer while it waits (0: none came), so that a reload says why it waits. */
  status?: number
}
export type Outbox = ReturnType<typeof createOutbox>
/**
 * The code of the server's refusal of a site the event does not list. The browser hides it (the refusal
 * carries no CORS headers), so the widget only acts on it when it can read it, never on a guess.
 */
export const REFUSED = 'ORIGIN_NOT_ALLOWED'
/**
 * Where a form is (FormView's `s`): being filled in, being sent, waiting on the device, confirmed. Numbers,
 * imported, so that the build writes each in place (vite.config.ts, `inlineConst`): fewer bytes than words.
 */
export const EDIT = 0
export const SENDING = 1
export const QUEUED = 2
export const DONE = 3

/**
 * The device's queue of unsent submissions. Every submission is stored here before it is sent, so one
 * that meets no network (or a 5xx, a 429, a page that is not the server's answer) is already safe; it is
 * retried on `online`, when the page is shown again, and with backoff. The server stores each key once,
 * so a retry is always safe. A Retry-After holds every submission until its time, reloads included:
 * the limit it answers is the server's, per address and per event, not the submission's.
 */
export function createOutbox(base: string, store: Store, onSent: (job: Job, reply: Reply<any>) => void) {
  const watchers: Record<string, ((r?: Reply<any>) => void) | undefined> = {}
  let timer: ReturnType<typeof setTimeout>
  /**
   * When the page began to leave (a reload, a link followed), in ms; 0 while it has not. A time, not a
   * flag: a page that stays after all (another script of the site asked, and the person stayed) records
   * why its attempts fail again a minute later (it retries them all along).
   */
  let left = 0
  const leave = () => (left = Date.now())
  const list = (): Job[] => store.get('outbox') ?? []
  const save = (jobs: Job[]) => store.set('outbox', jobs)
  /** The job of this Idempotency-Key, while it waits. */
  const job = (key?: string) => list().find((j) => j.key === key)

  /** The keys being sent (digits and dashes: no name an object already has). */
  const inFlight: Record<string, 1> = {}
  /** How long the server's last Retry-After still holds, in ms (≤ 0 once it has passed). */
  const hold = () => (store.get<number>('hold') ?? 0) - Date.now()
  async function send(job: Job) {
    // One attempt per key at a time: a retry timer firing while the first attempt is still out would
    // otherwise race it (harmless for the server, which stores the key once, but not for the screen).
    if (inFlight[job.key]) return true
    // Held (a retry button, `online`, a reload): the form says it is queued, the server being busy (its
    // Retry-After came with a 429 or a 503); the timer sends it in time.
    if (hold() > 0) {
      schedule()
      watchers[job.key]?.({ status: 503 })
      return true
    }
    inFlight[job.key] = 1
    // The page may leave meanwhile (a reload, a link followed): `beforeunload` comes before the browser
    // stops the page's requests (`pagehide` may come after them, and is not listened to). Only while an
    // attempt is out: a `beforeunload` listener keeps the page, the embedding site's included, out of
    // Firefox's back-forward cache. iOS gives no `beforeunload`: there such an attempt counts as failed.
    addEventListener('beforeunload', leave)
    // No answer (offline, a timeout, a reply lost on the way back, or a browser refusing a site the event
    // does not allow: it hides which) is never taken for a refusal: the job waits with its key.
    const r = await request<any>(base, job.lang, 'POST', job.path, job.body, { 'idempotency-key': job.key })
    delete inFlight[job.key] // request() never throws
    removeEventListener('beforeunload', leave)
    const again = retryable(r)
    if (r.wait) store.set('hold', Date.now() + r.wait)
    // What it came to is kept first: another tab that sees the job leave the outbox reads it then.
    if (!again) onSent(job, r)
    // This job keeps its place with one more try and why it waits, or leaves once answered. Read afresh
    // from storage, the jobs can be changed in place. No answer as the page leaves (it began to in the
    // last minute): the request may have gone with it, which says nothing of the network or of the
    // server, so the reason a reload shows stays the last answer they gave. The rest goes on as for any
    // failed attempt: a page that stayed after all (another script of the site asked "leave this page?",
    // and the person stayed) retries it and says so, rather than "Enviando…" until something wakes it.
    save(
      list().filter(
        (j) =>
          j.key !== job.key ||
          // biome-ignore lint/suspicious/noAssignInExpressions: the shortest form, in a script at its size budget
          (again && [(r.status || Date.now() - left > 6e4) && (j.status = r.status), ++j.tries]),
      ),
    )
    if (again) schedule()
    watchers[job.key]?.(r)
    // And the form it came from, whichever submission it now waits for (an earlier person's, FormView).
    watchers[job.ev + job.form]?.()
    return again
  }
  /**
   * Sends the waiting jobs in order, until one must wait. A flush while another is under way (a retry button,
   * `online`, the timer) stops at once: its first job is the one being sent, which send() does not send twice.
   */
  async function flush() {
    for (const job of list()) if (await send(job)) break
  }
  function schedule() {
    clearTimeout(timer)
    const tries = Math.max(0, ...list().map((j) => j.tries))
    // 3 s, 6 s, 12 s … up to a minute, with jitter so a crowd that lost the network does not return at once;
    // never before the Retry-After, and a little after it, for the same crowd. A job that has not failed
    // yet is timed too while a Retry-After holds it (one another submission of the phone was answered).
    const wait = Math.min(60_000, 1500 * 2 ** tries) * (0.75 + Math.random() / 2)
    if (tries || hold() > 0) timer = setTimeout(flush, Math.max(wait, hold() + wait / 4))
  }
  const wake = () => document.hidden || flush()
  addEventListener('online', wake)
  document.addEventListener('visibilitychange', wake)
  // Another tab or page of the site (its own outbox, the same storage) may deliver a job this one waits
  // for: its watcher is then told, with no answer of its own (the form reads what the device now holds).
  addEventListener('storage', () => {
    for (const key in watchers) job(key) || watchers[key]?.()
  })
  setTimeout(flush, 300)

  return {
    send: (job: Job) => {
      save([...list(), job])
      return send(job)
    },
    flush,
    job,
    held: hold,
    /**
     * `fn` hears how the job of `key` went: its answer, or none when another tab took it out of the outbox.
     * Without `fn`, no one hears it any more. With an event and a form as `key` (`ev + form`), it hears that
     * one of that form's jobs was answered, and no more.
     */
    watch: (key: string | undefined, fn?: (r?: Reply<any>) => void) => {
      watchers[key!] = fn
    },
  }
}
