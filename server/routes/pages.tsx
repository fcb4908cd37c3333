import { type Context, Hono } from 'hono'
import { render } from 'preact-render-to-string'
import { AttendeePage, type PageCommitment } from '../../web/page/AttendeePage'
import type { PageLookup } from '../../web/page/LookupSection'
import { pageText } from '../../web/page/text'
import { wallLostScript } from '../../web/page/wall-lost'
import { open } from '../access'
import { ASSET_CACHE_CONTROL } from '../asset-headers'
import type { AppEnv } from '../env'
import { langOf } from '../errors'
import { answerLookup } from '../pages/lookup-page'
import { PRINT_SCRIPT_PATH, printButton } from '../pages/print-button'
import { serviceWorker } from '../pages/service-worker'
import { cachedRead, type Read } from '../read-cache'
import { slugParam } from '../schemas/common'
import { localDate } from '../services/calendar'
import { listCommitments } from '../services/commitment-queries'
import { areaOf, originalDue } from '../services/commitment-views'
import { findEvent, publicEventView } from '../services/events'
import { currentForms } from '../services/forms'
import { formatPercent } from '../services/percent'
import { exampleRadicado } from '../services/radicado'
import { commitmentStatusLabel } from '../services/report/labels'
import { dueCell } from '../services/report/tables'
import { sha256Bytes } from '../services/sha256'
import { validate } from '../validate'
import { consoleRoutes } from './console'

// Scripts only from this origin, and the one the attendee page carries in itself, by its hash (it says
// so when the page's own script is lost: web/page/wall-lost.ts); styles are inline (the page's own and
// the widget's shadow CSS).
const csp = [
  "default-src 'self'",
  `script-src 'self' '${scriptHash(wallLostScript)}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ')

/** Pages for people, server-rendered: the attendee page of an event, and the console's shell. */
export const pageRoutes = new Hono<AppEnv>()
  .route('/', consoleRoutes)
  .get(
    PRINT_SCRIPT_PATH,
    open('El botón para imprimir la constancia de radicación', { scope: 'none' }),
    (c) => {
      c.header('cache-control', ASSET_CACHE_CONTROL)
      return c.body(printButton, 200, { 'content-type': 'text/javascript; charset=utf-8' })
    },
  )
  .get(
    '/e/:slug',
    open(
      'La página del evento para asistentes (formularios, muro de preguntas, consulta de radicados); en /e/sw.js, su service worker',
    ),
    // The service worker sits among the pages it serves offline, for its scope (/e/), but not as a route
    // of its own: a fixed path before a parameter in the same place is more than Hono's RegExpRouter can
    // hold, and every request of the app would then be matched by the slower TrieRouter (docs/throughput-log.md).
    (c, next) => (c.req.param('slug') === 'sw.js' ? serviceWorkerFile(c) : next()),
    validate('param', slugParam),
    async (c) => {
      const lang = langOf(c)
      c.header('content-security-policy', csp)
      c.header('x-content-type-options', 'nosniff')
      const { slug } = c.req.valid('param')
      const url = new URL(c.req.url)
      const address = url.origin + url.pathname
      // `?formulario=<key>`: the page opens on that one form (an extra survey staff shared by its own link).
      const form = c.req.query('formulario')
      const page = (lookup?: PageLookup) => eventPage(c, slug, address, lookup, form)
      // The lookup form sent without script: its answer is per query, so it skips the kept page.
      const asked = c.req.query('radicado')
      if (asked !== undefined) return answerLookup(c, slug, asked, page)
      // A key no form of the event has, nor could have, is not kept: any address would add a page.
      if (form !== undefined && !FORM_KEY.test(form)) {
        const built = await page()
        return built instanceof Response ? built : c.body(built.body, 200, { 'content-type': built.type })
      }
      // What every attendee opens: rendered once and kept (server/read-cache.ts), one per form asked for.
      return cachedRead(c, `page\n${slug}\n${lang}\n${address}\n${form ?? ''}`, () => page())
    },
  )

/** The attendee pages' service worker (server/pages/service-worker.ts). */
function serviceWorkerFile(c: Context<AppEnv>) {
  // Its own CSP: it fetches this origin (the API's `default-src 'none'` would stop it).
  c.header('content-security-policy', "default-src 'self'")
  // Checked again at every visit, so a new version takes over at once.
  c.header('cache-control', 'no-cache')
  return c.body(serviceWorker, 200, { 'content-type': 'text/javascript; charset=utf-8' })
}

/** What a form's key can be (server/schemas/surveys.ts); the attendance and question forms' too. */
const FORM_KEY = /^[a-z][a-z0-9_]{0,47}$/

/**
 * The attendee page of the event at `slug`, or a 404 page; with the lookup's result when one was asked,
 * and opened on the form `form` names when the event has it (else on its tabs, saying so).
 */
async function eventPage(
  c: Context<AppEnv>,
  slug: string,
  address: string,
  lookup?: PageLookup,
  form?: string,
): Promise<Read | Response> {
  const lang = langOf(c)
  const found = await findEvent(c.get('deps').db, slug)
  if (!found || found.event.status === 'draft') return missingPage(c, pageText(lang).notFound)
  // The attendance and question forms every event has, and its surveys (the evaluation, the extra ones).
  const keys =
    form === undefined
      ? []
      : [
          'asistencia',
          'pregunta',
          ...(await currentForms(c.get('deps').db, found.event.id)).map((f) => f.key),
        ]
  const single = form !== undefined && keys.includes(form) ? form : undefined
  // The commitments staff published, so citizens can check what was promised and how it goes.
  const promised = await listCommitments(c.get('deps').db, found.event.id, { published: true })
  const commitments = promised.map(({ commitment: x, followUps }): PageCommitment => {
    const area = x.areaKey && areaOf(found.areas, x.areaKey).name
    return {
      id: x.id,
      description: x.description,
      // Named once when the person responsible is the dependency itself.
      responsible: [...new Set([x.responsible, area].filter(Boolean))].join(' · ') || null,
      // A rescheduled one shows the date it was first due too.
      due: dueCell({ due: x.dueDate ?? x.dueMonth, originalDue: originalDue(followUps) }, lang),
      status: commitmentStatusLabel(x.status, lang),
      progress: formatPercent(x.progress, lang),
    }
  })
  // The year of the radicados the entity gives now, where the event is.
  const year = Number(localDate(c.get('deps').now(), found.event.timezone).slice(0, 4))
  const page = (
    <AttendeePage
      event={publicEventView(found)}
      lang={lang}
      url={address}
      commitments={commitments}
      lookup={lookup}
      radicadoExample={exampleRadicado(found.entity, year)}
      form={single}
      unknownForm={form !== undefined && !single}
    />
  )
  return { body: `<!doctype html>${render(page)}`, type: 'text/html; charset=UTF-8' }
}

/** A 404 as a page, in the request's language, with `title` said as its heading. */
export function missingPage(c: Context<AppEnv>, title: string) {
  const lang = langOf(c)
  return c.html(
    `<!doctype html>${render(
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
        </head>
        <body>
          <main>
            <h1>{title}</h1>
          </main>
        </body>
      </html>,
    )}`,
    404,
  )
}

/**
 * What a browser opening an address Cabildo has no page for gets (a mistyped link to an event page, say):
 * that page in words, where anything else, the API's clients first, gets the JSON envelope.
 */
export const browserAsks = (c: Context<AppEnv>) =>
  (c.req.method === 'GET' || c.req.method === 'HEAD') &&
  !c.req.path.startsWith('/api/') &&
  /\btext\/html\b/.test(c.req.header('accept') ?? '')

/** A CSP hash source of an inline script: the base64 SHA-256 of its text, as the browser hashes it. */
export function scriptHash(script: string) {
  return `sha256-${btoa(String.fromCharCode(...sha256Bytes(script)))}`
}
