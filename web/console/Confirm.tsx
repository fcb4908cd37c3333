import { useEffect, useRef } from 'preact/hooks'

/**
 * A destructive action asked about in place, with "No" focused as the question opens, so that an Enter
 * pressed by habit changes nothing.
 */
export function Confirm({
  ask,
  yes,
  no,
  busy,
  onYes,
  onNo,
}: {
  ask: string
  yes: string
  no: string
  busy?: boolean
  onYes: () => void
  onNo: () => void
}) {
  const keep = useRef<HTMLButtonElement>(null)
  useEffect(() => keep.current?.focus(), [])
  return (
    <fieldset class="confirm">
      <legend>{ask}</legend>
      <div class="row">
        <button type="button" disabled={busy} onClick={onYes}>
          {yes}
        </button>
        <button type="button" class="secondary" ref={keep} onClick={onNo}>
          {no}
        </button>
      </div>
    </fieldset>
  )
}
