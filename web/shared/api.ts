/**
 * The typed client of Cabildo's public HTTP contract (/work/shared/API.md), shared by the widget, the
 * attendee page and the console. It never throws: a failure comes back as `status` 0 (network) or the
 * server's error envelope, so callers can tell "queue and retry" from "show the error".
 */
import type { FieldCondition, FieldDef, FixedForm } from '../../server/schemas/fixed-forms'
import type { WidgetStrings } from '../../server/services/widget-strings'

export type Lang = 'es' | 'en'
/** `other`: "Otra: …", its free text travels as `value:text`; `exclusive`: excludes every other choice. */
export type Option = { value: string; label: string; other?: boolean; exclusive?: boolean; lang?: 'es' }
export type QuestionType = 'single' | 'multi' | 'scale' | 'yesno' | 'short_text' | 'long_text'
export type QuestionDef = {
  id: string
  label: string
  type: QuestionType
  /** The choices; a yes-or-no question and a scale have them too (sí/no, each point with its end labels). */
  options?: Option[]
  required?: boolean
  sensitive?: boolean
  help?: string | null
  /** `es` on an English page when staff gave the question no English label: it is shown in Spanish. */
  lang?: 'es'
  scale?: { min: number; max: number; minLabel?: string; maxLabel?: string }
  maxLength?: number
  /** Shown only while another question holds (or does not hold) a value: a sensitive one, not to minors. */
  when?: FieldCondition
}
export type FormDef = {
  key: string
  version?: number
  open?: boolean
  title?: string
  description?: string | null
  questions: QuestionDef[]
}

export type PublicEvent = {
  slug: string
  title: string
  description: string | null
  startsAt: string
  endsAt: string | null
  modality: 'presencial' | 'virtual' | 'hibrida'
  country: 'CO' | 'EC'
  timezone: string
  place: string | null
  streamUrl: string | null
  status: 'draft' | 'open' | 'closed'
  demo: boolean
  channels: string[]
  signLanguage: boolean
  agenda: string[]
  entity: { name: string; nit: string | null; email: string | null; phone: string | null }
  areas: { key: string; name: string }[]
}
/** The privacy notice: `text` holds its paragraphs (title, controller, purpose, rights…) in the request's language. */
export type Consent = { version: string; text: Record<string, string | string[]> }
/** The widget's labels and messages in the request's language, with the PQRSD types and documents as options. */
/** The attendance (`asistencia`) and question (`pregunta`) forms, field by field, in the request's language. */
export type { FieldCondition, FieldDef, FixedForm, WidgetStrings }
export type EventBundle = {
  event: PublicEvent
  forms: FormDef[]
  consent: Consent
  /** The question form's privacy notice: paragraphs as in `consent`, with no consent asked. */
  privacy: { text: Record<string, string | string[]> }
  strings: WidgetStrings
  fixedForms: FixedForm[]
}

export type Issue = { path: string; message: string }
export type Failure = { code: string; message: string; issues?: Issue[] }
/**
 * `status` 0 means the request never got an answer (offline, DNS, timeout, or a browser refusing CORS).
 * An error status without the server's envelope (a proxy's page) comes with `code` `HTTP_<status>`.
 */
export type Reply<T> = {
  status: number
  data?: T
  error?: Failure
  /** How long the server asked to wait before the next try (its Retry-After), in ms; 0 when it did not. */
  wait?: number
}

export type Receipt = { id: string; radicado: string; receivedAt: string; dueDate: string; status: string }
export type WallQuestion = {
  id: string
  type: string
  text: string
  votes: number
  status: string
  pinned?: boolean
  area?: string | null
  answer?: string | null
  radicado?: string
  receivedAt?: string
}

/**
 * No answer of the server's own: none at all, a 2xx without its JSON (a captive portal's page), an error
 * without its envelope (a proxy's 413 or 502 page); or a 5xx or a 429. The same request may succeed
 * later, so it is kept and retried.
 */
export const retryable = ({ status, data, error }: Reply<unknown>) =>
  !data && (!error || status === 429 || status > 499 || error.code === `HTTP_${status}`)

/**
 * A Retry-After header in ms: delay-seconds, or an HTTP date (RFC 9110 §10.2.3); 0 when there is none,
 * it cannot be read or it has passed. At most an hour: a phone's clock set days behind would otherwise
 * turn a date into days of waiting.
 */
export const waitOf = (header: string | null) => {
  const ms = /^\d+$/.test(header!) ? +header! * 1e3 : Date.parse(header!) - Date.now()
  return ms > 0 ? Math.min(ms, 36e5) : 0
}

/** What to say when the server's answer says nothing: never an empty message. */
export const failed = (lang: Lang, status: number) =>
  lang === 'en'
    ? `The server could not take the request (HTTP ${status}). Try again later.`
    : `El servidor no pudo atender la solicitud (HTTP ${status}). Intente más tarde.`

export const enc = encodeURIComponent

/**
 * One request, as call() makes it but with no words of its own: an error without the server's envelope
 * (a proxy's page) comes back as `HTTP_<status>` with an empty message. The widget says those in the
 * texts the server sends it (`strings`), so that widget.js carries none (see call()).
 */
export async function request<T>(
  base: string,
  lang: Lang,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Reply<T>> {
  const h: Record<string, string> = { 'accept-language': lang, ...headers }
  // A body is always an object here (none is falsy), and undefined when there is none.
  if (body) h['content-type'] = 'application/json'
  // AbortSignal.timeout is too new for some in-app WebViews; AbortController is as old as ES2020 itself.
  const ctl = new AbortController()
  const timer = setTimeout(() => ctl.abort(), 20_000)
  try {
    const res = await fetch(base + path, {
      method,
      headers: h,
      body: JSON.stringify(body), // undefined when there is none
      signal: ctl.signal,
      credentials: 'omit',
    })
    const json: any = await res.json().catch(() => {})
    const { status } = res
    if (res.ok) return { status, data: json as T }
    const error = json?.error?.code ? json.error : { code: `HTTP_${status}`, message: '' }
    return { status, error, wait: waitOf(res.headers.get('retry-after')) }
  } catch {
    return { status: 0 }
  } finally {
    clearTimeout(timer)
  }
}

/** request() for the page and the console: an error whose answer says nothing is given failed()'s words. */
export async function call<T>(...args: Parameters<typeof request>): Promise<Reply<T>> {
  const r = await request<T>(...args)
  if (r.error && !r.error.message) r.error.message = failed(args[1], r.status)
  return r
}

/** The event's public view with its forms and consent notice, in one request. */
export const loadEvent = (base: string, lang: Lang, slug: string) =>
  request<EventBundle>(base, lang, 'GET', `/api/events/${enc(slug)}`)

export const paths = {
  attendance: (slug: string) => `/api/events/${enc(slug)}/attendance`,
  responses: (slug: string, form: string) => `/api/events/${enc(slug)}/forms/${enc(form)}/responses`,
  questions: (slug: string) => `/api/events/${enc(slug)}/questions`,
  votes: (slug: string, id: string) => `/api/events/${enc(slug)}/questions/${enc(id)}/votes`,
  live: (slug: string) => `/api/events/${enc(slug)}/live`,
  pqrsd: (radicado: string) => `/api/pqrsd/${enc(radicado)}`,
  stats: (slug: string, form: string) => `/api/events/${enc(slug)}/forms/${enc(form)}/stats`,
}
