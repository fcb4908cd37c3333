import type { Lang } from '../shared/api'
import { type LookupFailure, LookupResult, lookupError, type Status } from './Lookup'
import { pageCss } from './page-css'
import { pageText } from './text'

/** What the server looked up for the address's `?radicado=`: the status found, or what to say instead. */
export type PageLookup = {
  /** As the person typed it, kept in the field. */
  radicado: string
  status?: Status
  /** The constancia's address, when the address carried the petition's receipt token. */
  receipt?: string
  /** Why no status is shown: the number (nothing typed, not a radicado, unknown), said on the field. */
  failed?: LookupFailure
}

/**
 * The radicado lookup: a plain GET form, so that it works with no script at all (the server answers
 * `?radicado=` with the result in this section); the page script, when it runs, looks up in place.
 */
export function LookupSection({
  slug,
  lang,
  tz,
  example,
  lookup,
}: {
  slug: string
  lang: Lang
  tz: string
  /** A radicado in the entity's format (prefix, this year), for the help and the messages. */
  example?: string
  lookup?: PageLookup
}) {
  const t = pageText(lang)
  const error = lookup?.failed && lookupError(lang, lookup.failed, example)
  const failed = !!error
  return (
    <section id="consulta" aria-labelledby="consulta-h">
      <h2 id="consulta-h">{t.lookup}</h2>
      {/* The result's heading is `#resultado`: the browser opens the answer there. */}
      {/* The example goes to the page's script too, for what it says without asking the server. */}
      <form id="lookup" method="get" action={`/e/${slug}#resultado`} data-example={example}>
        {/* The page's language goes with the question, as ?lang= brought it. */}
        <input type="hidden" name="lang" value={lang} />
        <label for="radicado">{t.radicado}</label>
        <p id="radicado-h" class="help">
          {t.lookupHelp(example)}
        </p>
        <div class="inline">
          {/* An error is tied to the field and takes focus, as the script does it. */}
          <input
            id="radicado"
            name="radicado"
            type="text"
            value={lookup?.radicado}
            aria-describedby={failed ? 'radicado-h radicado-e' : 'radicado-h'}
            aria-invalid={failed ? 'true' : undefined}
            // biome-ignore lint/a11y/noAutofocus: only after the person asked, back to the field to correct
            autoFocus={failed || undefined}
            autoComplete="off"
          />
          <button type="submit">{t.search}</button>
        </div>
      </form>
      {/* The number's error, outside the live region: the field that takes focus reads it, once. The page's
          script puts it here too when it moves focus to the field, in the live region when not (main.tsx). */}
      <div id="lookup-e">
        {error && (
          <p class="err" id="radicado-e">
            {error}
          </p>
        )}
      </div>
      <div id="lookup-result" aria-live="polite">
        {lookup?.status && (
          <LookupResult s={lookup.status} lang={lang} tz={tz} receipt={lookup.receipt} focus />
        )}
      </div>
    </section>
  )
}

/**
 * The answer to a lookup refused by the rate limit, without script: short, since a burst is what brings
 * it (no event read for it), with the question kept in the form to send again once the wait is over.
 * The wait is the page's news, said under its heading: nothing is wrong with the number, so the field is
 * neither marked nor focused.
 */
export function LookupLimitedPage({
  slug,
  lang,
  radicado,
  retryAfter,
}: {
  slug: string
  lang: Lang
  radicado: string
  retryAfter: number
}) {
  const t = pageText(lang)
  return (
    <html lang={lang === 'en' ? 'en' : 'es-CO'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t.limited}</title>
        <style dangerouslySetInnerHTML={{ __html: pageCss }} />
      </head>
      <body>
        <main>
          <h1>{t.limited}</h1>
          <p class="err">{t.limitedWait(retryAfter)}</p>
          <LookupSection slug={slug} lang={lang} tz="UTC" lookup={{ radicado }} />
          <p>
            <a href={`/e/${slug}?lang=${lang}`}>{t.back}</a>
          </p>
        </main>
      </body>
    </html>
  )
}
