import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { enc } from '../shared/api'
import { Field } from './Field'
import { QrScanner, scannerAvailable } from './QrScanner'
import { api, lang } from './session'
import { t } from './text'
import { st } from './text-staff'

type Door = {
  name: string
  documentType: string | null
  documentNumber: string | null
  checkinCode: string
  checkedInAt: string | null
}
type Result = { kind: 'ok' | 'already' | 'undone'; attendee: Door } | { kind: 'error'; message: string }

/** The time of day of an instant where the event happens: "2:05 p. m.". */
const timeOf = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleTimeString(lang.value === 'en' ? 'en-US' : 'es-CO', {
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  })

/**
 * Check-in at the door: the code typed, or read from the attendee's QR with the camera where possible.
 * Undo is offered at once only for the check-in just made (a mistyped code, say). A code that was already
 * checked in is most often the same person scanned twice, or a second person with the first one's code:
 * undoing that earlier check-in takes a second, explicit step.
 */
export function Checkin({ slug, tz }: { slug: string; tz: string }) {
  const s = st().checkin
  const code = useSignal('')
  const busy = useSignal(false)
  const result = useSignal<Result | null>(null)
  const confirming = useSignal(false)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])

  async function send(raw: string, undo?: { seenAt: string }) {
    const value = raw.trim().toUpperCase()
    if (!value) return
    busy.value = true
    const path = `/api/events/${enc(slug)}/checkins`
    // The undo names the check-in it means: one made again since, at another door, is not undone.
    const r = undo
      ? await api<{ attendee: Door }>('DELETE', `${path}/${enc(value)}?checkedInAt=${enc(undo.seenAt)}`)
      : await api<{ attendee: Door; alreadyCheckedIn: boolean }>('POST', path, { code: value })
    busy.value = false
    confirming.value = false
    if (r.data) {
      const kind = undo
        ? 'undone'
        : (r.data as { alreadyCheckedIn?: boolean }).alreadyCheckedIn
          ? 'already'
          : 'ok'
      result.value = { kind, attendee: r.data.attendee }
      code.value = ''
    } else result.value = { kind: 'error', message: r.error?.message ?? t().offline }
    input.current?.focus()
  }

  const undoOf = (a: Door) => () => send(a.checkinCode, { seenAt: a.checkedInAt ?? '' })
  const res = result.value
  return (
    <section aria-labelledby="checkin-h" class="checkin">
      <h2 id="checkin-h">{s.title}</h2>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          send(code.value)
        }}
      >
        <Field id="checkin-code" label={s.code} hint={s.help}>
          <input
            id="checkin-code"
            ref={input}
            class="code"
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={20}
            aria-describedby="checkin-code-hint"
            required
            value={code}
            onInput={(e) => {
              code.value = e.currentTarget.value
            }}
          />
        </Field>
        <button type="submit" disabled={busy.value}>
          {s.submit}
        </button>
      </form>
      <div role="status" class="door-result">
        {res &&
          (res.kind === 'error' ? (
            <p class="error">{res.message}</p>
          ) : (
            <div class={`door ${res.kind}`}>
              <p>
                <strong>
                  {res.kind === 'ok'
                    ? s.ok(res.attendee.name)
                    : res.kind === 'already'
                      ? s.already(res.attendee.name)
                      : s.undone(res.attendee.name)}
                </strong>
              </p>
              {/* Who it is, for the door to check: the document when there is one, and always the code
                  (registrations without a document are common in virtual and hybrid events). */}
              <p>
                {res.attendee.documentNumber
                  ? [res.attendee.documentType, res.attendee.documentNumber].filter(Boolean).join(' ')
                  : s.noDocument}
                {' · '}
                {s.codeIs(res.attendee.checkinCode)}
              </p>
              {res.kind === 'already' && res.attendee.checkedInAt && (
                <p>{s.since(timeOf(res.attendee.checkedInAt, tz))}</p>
              )}
              {res.kind === 'ok' && res.attendee.checkedInAt && (
                <button type="button" class="secondary" onClick={undoOf(res.attendee)}>
                  {s.undo}
                </button>
              )}
              {res.kind === 'already' &&
                res.attendee.checkedInAt &&
                (confirming.value ? (
                  <fieldset class="confirm">
                    <legend>
                      {s.undoEarlierAsk(res.attendee.name, timeOf(res.attendee.checkedInAt, tz))}
                    </legend>
                    <div class="row">
                      <button type="button" onClick={undoOf(res.attendee)}>
                        {s.undoEarlierYes}
                      </button>
                      {/* Focus lands on "keep it": Enter pressed by habit leaves the check-in as it is. */}
                      <button
                        type="button"
                        class="secondary"
                        ref={(el) => el?.focus()}
                        onClick={() => {
                          confirming.value = false
                          input.current?.focus()
                        }}
                      >
                        {s.undoEarlierNo}
                      </button>
                    </div>
                  </fieldset>
                ) : (
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => {
                      confirming.value = true
                    }}
                  >
                    {s.undoEarlier}
                  </button>
                ))}
            </div>
          ))}
      </div>
      {scannerAvailable() ? <QrScanner onCode={(c) => send(c)} /> : <p class="hint">{s.noScan}</p>}
    </section>
  )
}
