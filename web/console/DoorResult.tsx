import { useEffect, useRef } from 'preact/hooks'
import { lang } from './session'
import { st } from './text-staff'

export type Door = {
  name: string
  documentType: string | null
  documentNumber: string | null
  checkinCode: string
  checkedInAt: string | null
}
/**
 * `registered`: a walk-in registered and checked in (WalkIn.tsx); `known`: a walk-in found registered
 * already and checked in; `knownInside`: found registered and inside already.
 */
export type Kind = 'ok' | 'already' | 'undone' | 'registered' | 'known' | 'knownInside'
export type Result =
  | { kind: Kind; attendee: Door }
  /** `field`: the error is about the code typed, which the field then says it is. */
  | { kind: 'error'; message: string; field?: boolean }

/** The time of day of an instant where the event happens: "2:05 p. m.". */
const timeOf = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleTimeString(lang.value === 'en' ? 'en-US' : 'es-CO', {
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
  })

type Props = {
  result: Result
  tz: string
  /** The undo of an earlier check-in is being asked about. */
  confirming: boolean
  onUndo: (a: Door) => void
  onAsk: () => void
  onKeep: () => void
}

/**
 * What the door did with a code: who it is (the document when there is one, and always the code), and
 * its undo. Undo is one click only for the check-in just made (a mistyped code, say). A code already
 * checked in is most often the same person scanned twice, or a second person with the first one's code:
 * undoing that earlier check-in takes a second, explicit step.
 */
export function DoorResult({ result: res, tz, confirming, onUndo, onAsk, onKeep }: Props) {
  const s = st().checkin
  const keep = useRef<HTMLButtonElement>(null)
  // Focus lands on "keep it" when the question opens: Enter pressed by habit leaves the check-in as it is.
  useEffect(() => {
    if (confirming) keep.current?.focus()
  }, [confirming])
  if (res.kind === 'error')
    return (
      <p class="error" id="checkin-code-error">
        {res.message}
      </p>
    )
  const a = res.attendee
  // Inside before this entry (the earlier check-in's undo is asked about), or checked in by it.
  const before = res.kind === 'already' || res.kind === 'knownInside'
  const now = res.kind === 'ok' || res.kind === 'registered' || res.kind === 'known'
  return (
    <div class={`door ${before ? 'already' : res.kind}`}>
      <p>
        <strong>{s[res.kind](a.name)}</strong>
      </p>
      {/* Registrations without a document are common in virtual and hybrid events: the code tells
          two people of one name apart. No contact details: the door does not need them. */}
      <p>
        {a.documentNumber ? [a.documentType, a.documentNumber].filter(Boolean).join(' ') : s.noDocument}
        {' · '}
        {s.codeIs(a.checkinCode)}
      </p>
      {before && a.checkedInAt && <p>{s.since(timeOf(a.checkedInAt, tz))}</p>}
      {now && a.checkedInAt && (
        <button type="button" class="secondary" onClick={() => onUndo(a)}>
          {s.undo}
        </button>
      )}
      {before &&
        a.checkedInAt &&
        (confirming ? (
          <fieldset class="confirm">
            <legend>{s.undoEarlierAsk(a.name, timeOf(a.checkedInAt, tz))}</legend>
            <div class="row">
              <button type="button" onClick={() => onUndo(a)}>
                {s.undoEarlierYes}
              </button>
              <button type="button" class="secondary" ref={keep} onClick={onKeep}>
                {s.undoEarlierNo}
              </button>
            </div>
          </fieldset>
        ) : (
          <button type="button" class="secondary" onClick={onAsk}>
            {s.undoEarlier}
          </button>
        ))}
    </div>
  )
}
