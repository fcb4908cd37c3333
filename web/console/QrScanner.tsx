import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
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

/** Reads QR codes from the rear camera until one is found, then turns the camera off. */
export function QrScanner({ onCode }: { onCode: (code: string) => void }) {
  const s = st().checkin
  const on = useSignal(false)
  const problem = useSignal('')
  const video = useRef<HTMLVideoElement>(null)

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
        const scan = async () => {
          if (stopped || !video.current) return
          const found = await detector.detect(video.current).catch(() => [])
          if (found[0]?.rawValue) {
            on.value = false
            onCode(codeFrom(found[0].rawValue))
            return
          }
          timer = setTimeout(scan, 250)
        }
        scan()
      } catch {
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
