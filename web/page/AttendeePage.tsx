import type { Lang, PublicEvent } from '../shared/api'
import { contentLang, eventTime, taxIdName } from '../shared/format'
import { LookupSection, type PageLookup } from './LookupSection'
import { pageCss } from './page-css'
import { pageText } from './text'
import { wallLostScript } from './wall-lost'

/** A published commitment as the page lists it, its figures already written for people. */
export type PageCommitment = {
  id: string
  description: string
  responsible: string | null
  due: string | null
  status: string
  progress: string
}
type Props = {
  event: PublicEvent
  lang: Lang
  url: string
  commitments?: PageCommitment[]
  /** The result of the address's `?radicado=`, looked up by the server for a page without script. */
  lookup?: PageLookup
  /** A radicado in the entity's own format, to show what to type in the lookup. */
  radicadoExample?: string
  /** The one form the address asked for (`?formulario=`), shown alone; else the tabs between the three. */
  form?: string
  /** The address asked for a form the event does not have: the page says so above its tabs. */
  unknownForm?: boolean
}

/**
 * The page to paste in a live-stream chat or print as a QR: server-rendered, so the event's facts show
 * before any script; the forms come from the widget and the wall from the page script.
 */
export function AttendeePage({
  event: e,
  lang,
  url,
  commitments = [],
  lookup,
  radicadoExample,
  form,
  unknownForm,
}: Props) {
  const t = pageText(lang)
  const when = eventTime(e.startsAt, e.timezone, lang)
  // What staff typed is in the entity's Spanish whatever language the page is in.
  const es = contentLang(lang)
  return (
    <html lang={lang === 'en' ? 'en' : 'es-CO'}>
      <head>
        <meta charset="utf-8" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title lang={es}>{`${e.title} — ${e.entity.name}`}</title>
        <meta name="description" content={`${e.entity.name} · ${when}`} />
        <meta property="og:title" content={e.title} />
        <meta property="og:description" content={`${e.entity.name} · ${when}`} />
        <meta property="og:url" content={url} />
        {/* Raw: as a child, the CSS's quotes and > would be escaped into entities, which CSS does not read. */}
        <style dangerouslySetInnerHTML={{ __html: pageCss }} />
        <script src="/widget.js" async />
        <script type="module" src="/app/page.js" />
        {/* Says so, and loads it again, when the wall's script is lost (allowed by its hash in the CSP). */}
        <script dangerouslySetInnerHTML={{ __html: wallLostScript }} />
      </head>
      <body>
        <a class="skip" href="#participe">
          {t.skip}
        </a>
        <header>
          <p class="entity" lang={es}>
            {e.entity.name}
          </p>
          <h1 lang={es}>{e.title}</h1>
          {e.demo && <p class="banner">{t.demo}</p>}
          {/* Always there: the page's script shows or hides it as the live stream says the event closes or reopens. */}
          <p class="banner" id="cerrado" hidden={e.status !== 'closed'}>
            {t.closed}
          </p>
          <dl class="facts">
            <dt>{t.when}</dt>
            <dd>{when}</dd>
            <dt>{t.mode}</dt>
            <dd>{t.modality[e.modality] ?? e.modality}</dd>
            {e.place && (
              <>
                <dt>{t.where}</dt>
                <dd lang={es}>{e.place}</dd>
              </>
            )}
          </dl>
          {/* What staff wrote of the event for the people attending, in its paragraphs. */}
          {e.description
            ?.split(/\n\s*\n/)
            .map((para) => para.trim())
            .filter(Boolean)
            .map((para) => (
              <p class="about" lang={es}>
                {para}
              </p>
            ))}
          {e.signLanguage && <p>{t.signLanguage}</p>}
          {/* A web address only: one stored before the API refused other schemes is not a link. */}
          {e.streamUrl && /^https?:/i.test(e.streamUrl) && (
            <p>
              <a class="button" href={e.streamUrl} rel="noopener noreferrer" target="_blank">
                {t.watch}
              </a>
            </p>
          )}
          {e.agenda.length > 0 && (
            <details>
              <summary>{t.agenda}</summary>
              <ol lang={es}>
                {e.agenda.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ol>
            </details>
          )}
        </header>
        <main
          id="app"
          data-event={e.slug}
          data-lang={lang}
          data-tz={e.timezone}
          data-closed={e.status === 'closed' ? '' : undefined}
        >
          <section id="participe" aria-labelledby="participe-h">
            <h2 id="participe-h">{t.participate}</h2>
            {unknownForm && <p class="banner">{t.noSuchForm}</p>}
            {/* The forms' headings sit under "Participe", a level below it. One form asked for by the
                address shows alone, without the tabs (which name the three every event has), and links
                to the page with them. */}
            {form ? (
              <>
                <cabildo-form event={e.slug} form={form} lang={lang} heading="3">
                  <p>{t.formsLoading}</p>
                </cabildo-form>
                <p>
                  <a href={`/e/${encodeURIComponent(e.slug)}${lang === 'en' ? '?lang=en' : ''}`}>
                    {t.allForms}
                  </a>
                </p>
              </>
            ) : (
              <cabildo-form event={e.slug} form="asistencia" lang={lang} nav="" heading="3">
                <p>{t.formsLoading}</p>
              </cabildo-form>
            )}
          </section>
          <section id="preguntas" aria-labelledby="preguntas-h">
            <h2 id="preguntas-h">{t.wall}</h2>
            <div id="wall">
              <p>{t.wallLoading}</p>
            </div>
            {/* Shown in the wall's place when its script was lost (wall-lost.ts); taken away when it runs. */}
            <p id="wall-lost" data-loading={t.wallRetrying} hidden>
              <span role="status">{t.wallLost}</span>{' '}
              <button type="button" class="s">
                {t.retry}
              </button>
            </p>
          </section>
          <section id="resultados" aria-labelledby="resultados-h" hidden>
            <h2 id="resultados-h">{t.results}</h2>
            <div id="results" />
          </section>
          {commitments.length > 0 && (
            <section id="compromisos" aria-labelledby="compromisos-h">
              <h2 id="compromisos-h">{t.commitments}</h2>
              <p class="help">{t.commitmentsHelp}</p>
              <ul class="commitments">
                {commitments.map((c) => (
                  <li key={c.id}>
                    <p class="q" dir="auto" lang={es}>
                      {c.description}
                    </p>
                    <dl class="facts">
                      {c.responsible && (
                        <>
                          <dt>{t.responsible}</dt>
                          <dd lang={es}>{c.responsible}</dd>
                        </>
                      )}
                      {c.due && (
                        <>
                          <dt>{t.due}</dt>
                          <dd>{c.due}</dd>
                        </>
                      )}
                      <dt>{t.statusProgress}</dt>
                      <dd>
                        {c.status} · {c.progress}
                      </dd>
                    </dl>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <LookupSection
            slug={e.slug}
            lang={lang}
            tz={e.timezone}
            example={radicadoExample}
            lookup={lookup}
          />
        </main>
        <footer>
          <p>
            {t.contact}: <span lang={es}>{e.entity.name}</span>
            {e.entity.nit && ` · ${taxIdName(e.country)} ${e.entity.nit}`}
            {e.entity.email && (
              <>
                {' · '}
                <a href={`mailto:${e.entity.email}`}>{e.entity.email}</a>
              </>
            )}
            {e.entity.phone && ` · ${e.entity.phone}`}
          </p>
        </footer>
      </body>
    </html>
  )
}

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'cabildo-form': HTMLAttributes<HTMLElement> & {
        event: string
        form?: string
        lang?: string
        nav?: string
        heading?: string
      }
    }
  }
}
