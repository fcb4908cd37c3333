import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { enc } from '../shared/api'
import { type Door, DoorResult, type Result } from './DoorResult'
import type { EventData } from './event-data'
import { Field } from './Field'
import { codeFrom, QrScanner, scannerAvailable } from './QrScanner'
import { api } from './session'
import { t } from './text'
import { st } from './text-staff'
import { WalkIn } from './WalkIn'

/**
 * Check-in at the door: the code typed, or read from the attendee's QR with the camera where possible, or
 * the number of the document the person shows. The camera, once on, reads one person after another; its
 * preview, with the result under it, comes first, so that both fit a phone's screen.
 */
export function Checkin({ slug, tz, data }: { slug: string; tz: string; data: EventData }) {
  const s = st().checkin
  const code = useSignal('')
  const busy = useSignal(false)
  const result = useSignal<Result | null>(null)
  const confirming = useSignal(false)
  const sending = useSignal('')
  const input = useRef<HTMLInputElement>(null)
  const region = useRef<HTMLDivElement>(null)
  const section = useRef<HTMLElement>(null)
  const camera = useRef<HTMLButtonElement>(null)
  const scanning = useSignal(false)
  // The entries sent whose answer never came (the network dropped, or the wait ran out): the check-in may
  // have been made all the same. The retry that then finds the person inside has found that check-in, and
  // says so, rather than that the person had come in before: a code that seems used already turns people
  // away at a door.
  const unanswered = useRef(new Set<string>())
  useEffect(() => input.current?.focus(), [])

  // While the camera reads, focus stays by it: the field would scroll the preview away and open the
  // phone's keyboard over it.
  const refocus = (byCamera: boolean) =>
    byCamera ? camera.current?.focus({ preventScroll: true }) : input.current?.focus()

  async function send(raw: string, undo?: { seenAt: string }, scanned = false) {
    // A QR scanner that types into the field sends a check-in link whole, as the camera reads it.
    const value = codeFrom(raw.trim()).toUpperCase()
    if (!value) return
    // One at a time: a code entered meanwhile waits in the field, where it is sent with Enter (the camera
    // reads nothing new until the answer comes).
    if (busy.value) {
      if (!undo) code.value = value
      return
    }
    busy.value = true
    sending.value = value
    // The last person's result goes while this one is asked: on a slow network it must not stand on the
    // screen for the next person, and the one that comes is new in the live region, so it is announced
    // even when it reads as the last one did (the same QR shown twice).
    const byCamera = scanned || (Boolean(undo) && scanning.value)
    if (region.current?.contains(document.activeElement)) refocus(byCamera)
    result.value = null
    const path = `/api/events/${enc(slug)}/checkins`
    // The undo names the check-in it means: one made again since, at another door, is not undone.
    const r = undo
      ? await api<{ attendee: Door }>('DELETE', `${path}/${enc(value)}?checkedInAt=${enc(undo.seenAt)}`)
      : await api<{ attendee: Door; alreadyCheckedIn: boolean }>('POST', path, { code: value })
    busy.value = false
    confirming.value = false
    // As the server compares codes and documents: "cm2-zf7" is CM2ZF7.
    const key = value.replace(/[^A-Z0-9]/g, '')
    if (!undo && r.status === 0) unanswered.current.add(key)
    if (r.data) {
      const lost = !undo && unanswered.current.delete(key)
      const kind = undo
        ? 'undone'
        : (r.data as { alreadyCheckedIn?: boolean }).alreadyCheckedIn && !lost
          ? 'already'
          : 'ok'
      result.value = { kind, attendee: r.data.attendee }
      // Only the code that was sent: the next person's, typed while this one was asked, stays.
      if (code.value.trim().toUpperCase() === value) code.value = ''
    } else {
      // A code the server refuses as typed (too short, say) is told by its own issue, on the field: the
      // envelope's general message alone ("the data sent are not valid") says nothing of what to fix.
      const issue = undo ? undefined : r.error?.issues?.find((i) => i.path === 'code')
      // A scanned code that could not be sent waits in the field, to be sent again with Enter.
      if (scanned && r.status === 0 && !code.value.trim()) code.value = value
      result.value = {
        kind: 'error',
        message: issue ? `${s.code}: ${issue.message}` : (r.error?.message ?? t().offline),
        field: Boolean(issue) || r.error?.code === 'ATTENDEE_NOT_FOUND',
      }
    }
    refocus(byCamera)
  }

  const res = result.value
  const wrong = res?.kind === 'error' && res.field
  return (
    <section aria-labelledby="checkin-h" class="checkin" ref={section}>
      <h2 id="checkin-h">{s.title}</h2>
      {scannerAvailable() ? (
        <QrScanner
          onCode={(c) => send(c, undefined, true)}
          on={scanning}
          paused={busy}
          toggle={camera}
          onStart={() => section.current?.scrollIntoView({ block: 'start' })}
        />
      ) : (
        <p class="hint">{s.noScan}</p>
      )}
      <div role="status" class="door-result" ref={region}>
        {busy.value && <p class="hint">{s.looking(sending.value)}</p>}
        {res && (
          <DoorResult
            result={res}
            tz={tz}
            confirming={confirming.value}
            onUndo={(a) => send(a.checkinCode, { seenAt: a.checkedInAt ?? '' })}
            onAsk={() => {
              confirming.value = true
            }}
            onKeep={() => {
              confirming.value = false
              refocus(scanning.value)
            }}
          />
        )}
      </div>
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
            maxLength={2000}
            aria-describedby={wrong ? 'checkin-code-hint checkin-code-error' : 'checkin-code-hint'}
            aria-invalid={wrong || undefined}
            required
            value={code}
            onInput={(e) => {
              code.value = e.currentTarget.value
              // The code is being corrected: the field is no longer the one that was refused.
              if (wrong) result.value = null
            }}
          />
        </Field>
        <button type="submit" disabled={busy.value}>
          {s.submit}
        </button>
      </form>
      {/* Someone who never registered: registered here and checked in; the result is the door's. */}
      <WalkIn
        slug={slug}
        data={data}
        onDone={(r) => {
          confirming.value = false
          result.value = r
          refocus(scanning.value)
        }}
      />
    </section>
  )
}
