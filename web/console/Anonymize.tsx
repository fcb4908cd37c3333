import { useSignal } from '@preact/signals'
import { useRef } from 'preact/hooks'
import { enc } from '../shared/api'
import { Confirm } from './Confirm'
import { api } from './session'
import { t } from './text'
import { st } from './text-staff'

/**
 * An admin's erasure of a closed event's attendees' personal data (POST …/attendance/anonymize), asked
 * about first: it cannot be undone. How many registrations it anonymised is said in a live region.
 */
export function Anonymize({ slug, title }: { slug: string; title: string }) {
  const s = st().anonymize
  const asking = useSignal(false)
  const busy = useSignal(false)
  const said = useSignal('')
  const failed = useSignal('')
  const button = useRef<HTMLButtonElement>(null)
  const back = () => setTimeout(() => button.current?.focus())

  async function run() {
    busy.value = true
    const r = await api<{ anonymized: number }>('POST', `/api/events/${enc(slug)}/attendance/anonymize`)
    busy.value = false
    asking.value = false
    if (r.data) said.value = s.done(r.data.anonymized)
    else failed.value = r.error?.message ?? t().offline
    back()
  }

  return (
    <section aria-labelledby="anonymize-h" class="anonymize">
      <h2 id="anonymize-h">{s.title}</h2>
      <p>{s.explain}</p>
      {asking.value ? (
        <Confirm
          ask={s.ask(title)}
          yes={s.yes}
          no={s.no}
          busy={busy.value}
          onYes={run}
          onNo={() => {
            asking.value = false
            back()
          }}
        />
      ) : (
        <button
          type="button"
          class="secondary"
          ref={button}
          onClick={() => {
            said.value = ''
            failed.value = ''
            asking.value = true
          }}
        >
          {s.action}
        </button>
      )}
      <p role="status">{said.value}</p>
      {failed.value && (
        <p role="alert" class="error">
          {failed.value}
        </p>
      )}
    </section>
  )
}
