import type { Lang } from '../shared/api'
import { consoleCss } from './console-css'

const text = {
  es: {
    title: 'Cabildo · Consola',
    projector: 'Cabildo · Proyector',
    noscript: 'La consola necesita JavaScript. Actívelo o abra esta página en un navegador actualizado.',
    loading: 'Cargando la consola…',
  },
  en: {
    title: 'Cabildo · Console',
    projector: 'Cabildo · Projector',
    noscript: 'The console needs JavaScript. Turn it on or open this page in an up-to-date browser.',
    loading: 'Loading the console…',
  },
}

/**
 * The server-rendered shell of the console and of the projector view: no data at all (the script
 * fetches everything with the staff token, or public data only for the projector).
 */
export function ConsolePage({ lang, projector }: { lang: Lang; projector?: boolean }) {
  const t = text[lang]
  return (
    <html lang={lang === 'en' ? 'en' : 'es-CO'}>
      <head>
        <meta charset="utf-8" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{projector ? t.projector : t.title}</title>
        {/* Raw: as a child, the CSS's quotes and > would be escaped into entities, which CSS does not read. */}
        <style dangerouslySetInnerHTML={{ __html: consoleCss }} />
        <script type="module" src="/app/console.js" />
      </head>
      <body>
        <div id="console">
          <noscript>
            <p>{t.noscript}</p>
          </noscript>
          <p>{t.loading}</p>
        </div>
      </body>
    </html>
  )
}
