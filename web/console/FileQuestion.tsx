import { useSignal } from '@preact/signals'
import { useRef } from 'preact/hooks'
import { enc } from '../shared/api'
import { when } from '../shared/format'
import { kept } from './drafts'
import { type Filed, FilingForm } from './FilingForm'
import type { ModerationStore } from './moderation-store'
import { can, download, lang } from './session'
import { t } from './text'
import { mt } from './text-moderation'

type Props = {
  slug: string
  country: 'CO' | 'EC'
  store: ModerationStore
  areas: { key: string; name: string }[]
  tz: string
  startsAt: string
}

/** Files what was asked aloud or in the stream's chat, at once, and shows its radicado and constancia. */
export function FileQuestion({ slug, country, store, areas, tz, startsAt }: Props) {
  const f = mt().file
  const draft = `file-${slug}`
  // A draft left by a session that ended reopens the form where it was.
  const open = useSignal(kept(draft) !== null)
  const filed = useSignal<Filed | null>(null)
  const problem = useSignal('')
  const toggle = useRef<HTMLButtonElement>(null)
  const save = async (format: 'html' | 'txt') => {
    const r = filed.value!
    const failed = await download(
      `/api/questions/${enc(r.id)}/constancia?format=${format}`,
      `constancia-${r.radicado}.${format}`,
    )
    problem.value = failed === 'offline' ? t().offline : (failed ?? '')
    if (!failed) store.noteAction(f.downloaded)
  }
  return (
    <div class="file-q">
      <button
        type="button"
        class="secondary"
        ref={toggle}
        aria-expanded={open.value}
        onClick={() => {
          open.value = !open.value
          filed.value = null
        }}
      >
        {f.open}
      </button>
      {filed.value && (
        <section class="filed" aria-labelledby="filed-h">
          <h3 id="filed-h" tabIndex={-1}>
            {f.filed(filed.value.radicado)}
          </h3>
          <p>
            {f.due} <strong>{when(filed.value.dueDate, lang.value, tz)}</strong> (
            {f.term(filed.value.termDays)})
          </p>
          {filed.value.reserved && !can() ? (
            <p>{f.reservedConstancia}</p>
          ) : (
            <p class="row">
              {(['html', 'txt'] as const).map((k) => (
                <button key={k} type="button" class="secondary" onClick={() => save(k)}>
                  {f.constancia[k]}
                </button>
              ))}
            </p>
          )}
          {problem.value && (
            <p role="alert" class="error">
              {problem.value}
            </p>
          )}
        </section>
      )}
      {open.value && (
        <FilingForm
          slug={slug}
          country={country}
          areas={areas}
          tz={tz}
          startsAt={startsAt}
          draft={draft}
          onCancel={() => {
            open.value = false
            toggle.current?.focus()
          }}
          onFiled={(r) => {
            open.value = false
            filed.value = r
            problem.value = ''
            store.noteAction(f.done(r.radicado, when(r.dueDate, lang.value, tz)))
            requestAnimationFrame(() => document.getElementById('filed-h')?.focus())
          }}
        />
      )}
    </div>
  )
}
