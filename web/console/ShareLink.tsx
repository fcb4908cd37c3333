import { useSignal } from '@preact/signals'
import { enc } from '../shared/api'
import { Link } from './Link'
import { eventPath } from './router'
import { download } from './session'
import { t } from './text'
import { st } from './text-staff'

/**
 * The attendee page's address and its QR code, to paste in the stream's chat or print on a poster. The
 * QR is fetched with the token, so a draft's can be printed before the event opens. Then the code that
 * embeds the same forms in the entity's own site, and the sites they may send from.
 */
export function ShareLink({ slug, pageUrl, sites }: { slug: string; pageUrl?: string; sites: string[] }) {
  const s = st().share
  const status = useSignal('')
  // The server's, as the QR code encodes it: the console may be reached by an internal address.
  const address = pageUrl ?? `${location.origin}/e/${encodeURIComponent(slug)}`
  // The widget is served beside the page; `data-nav` gives the tabs between the three forms.
  const code = `<script src="${new URL('/widget.js', address).href}" data-event="${slug}" data-form="asistencia" data-nav async></script>`
  const qr = async () => {
    status.value = st().exports.downloading
    const problem = await download(`/api/events/${enc(slug)}/qr.svg?canal=qr`, `qr-${slug}.svg`)
    status.value = problem === 'offline' ? t().offline : (problem ?? st().exports.done)
  }
  return (
    <section aria-labelledby="share-h">
      <h2 id="share-h">{s.title}</h2>
      <div class="field">
        <label for="share-address">{s.address}</label>
        <p class="hint" id="share-address-hint">
          {s.hint}
        </p>
        <input
          id="share-address"
          readOnly
          value={address}
          aria-describedby="share-address-hint"
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <p class="row">
        <button type="button" class="secondary" onClick={qr}>
          {s.qr}
        </button>
      </p>
      <p role="status" class="note">
        {status.value}
      </p>
      <div class="field">
        <label for="share-embed">{s.embed}</label>
        <p class="hint" id="share-embed-hint">
          {s.embedHint}
        </p>
        <textarea
          id="share-embed"
          readOnly
          rows={3}
          value={code}
          aria-describedby="share-embed-hint share-embed-sites"
          onFocus={(e) => e.currentTarget.select()}
        />
        <p id="share-embed-sites">
          {sites.length ? s.sites(sites) : s.noSites}{' '}
          <Link href={eventPath(slug, 'datos')}>{s.sitesLink(sites.length > 0)}</Link>
        </p>
      </div>
    </section>
  )
}
