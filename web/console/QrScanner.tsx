import { type ReadonlySignal, type Signal, useSignal } from '@preact/signals'
import type { Ref } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { codeReader } from './scan-loop'
import { st } from './text-staff'

type Detected = { rawValue: string }
type Detector = { detect(source: HTMLVideoElement): Promise<Detected[]> }
type DetectorClass = {
  new (options: { formats: string[] }): Detector
  getSupportedFormats?: () => Promise<string[]>
}
const Barcode = () => (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector

/** The Shape Detection API and a camera: Chrome on Android and on ChromeOS/macOS have both. */
export const scannerAvailable = () => Boolean(Barcode() && navigator.mediaDevices?.getUserMedia)

/** The check-in code inside a scanned QR: the code itself, or a link that carries it as ?code=. */
export function codeFrom(raw: string) {
  try {
    return new URL(raw).searchParams.get('code') ?? raw
  } catch {
    return raw
  }
}

type Props = {
  /** The camera is on: staff switch it on and off. */
  on: Signal<boolean>
  onCode: (code: string) => void
  /** A code is being looked up: the next one is read once it is answered. */
  paused: ReadonlySignal<boolean>
  /** The camera's on/off button, where the door puts focus back while the camera reads. */
  toggle: Ref<HTMLButtonElement>
  /** The camera was switched on: the door brings the preview and its result into view. */
  onStart: () => void
}

/**
 * Reads QR codes from the rear camera, one person after another, until staff switch it off: each code
 * once while it stays in view (scan-loop.ts).
 */
export function QrScanner({ on, onCode, paused, toggle, onStart }: Props) {
  const s = st().checkin
  const problem = useSignal('')
  const video = useRef<HTMLVideoElement>(null)
  // The latest handler: the loop outlives the render that started it.
  const handler = useRef(onCode)
  handler.current = onCode

  useEffect(() => {
    if (!on.value) return
    let stream: MediaStream | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const stop = () => {
      stopped = true
      clearTimeout(timer)
      for (const track of stream?.getTracks() ?? []) track.stop()
    }
    ;(async () => {
      try {
        const D = Barcode()!
        const formats = (await D.getSupportedFormats?.()) ?? ['qr_code']
        if (!formats.includes('qr_code')) throw new Error('no qr_code')
        const detector = new D({ formats: ['qr_code'] })
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        })
        if (stopped || !video.current) return stop()
        video.current.srcObject = stream
        await video.current.play()
        onStart()
        const step = codeReader({
          read: async () => {
            const found = video.current ? await detector.detect(video.current).catch(() => []) : []
            return found[0]?.rawValue ? codeFrom(found[0].rawValue) : undefined
          },
          paused: () => paused.peek(),
          onCode: (code) => handler.current(code),
        })
        const scan = async () => {
          if (stopped) return
          await step()
          if (!stopped) timer = setTimeout(scan, 250)
        }
        scan()
      } catch {
        if (stopped) return
        problem.value = s.denied
        on.value = false
      }
    })()
    return stop
  }, [on.value])

  return (
    <div class="scanner">
      <button
        type="button"
        class="secondary"
        ref={toggle}
        aria-pressed={on.value}
        onClick={() => {
          problem.value = ''
          on.value = !on.value
        }}
      >
        {on.value ? s.stop : s.scan}
      </button>
      {on.value && (
        <>
          <p class="hint">{s.aim}</p>
          <video ref={video} muted playsInline aria-label={s.video} />
        </>
      )}
      {problem.value && (
        <p role="alert" class="error">
          {problem.value}
        </p>
      )}
    </div>
  )
}
