/** How long a code must have been out of view before the camera takes it again. */
export const QUIET_MS = 3000

type ReaderOptions = {
  /** One frame read: the text of the QR code in it, if any. */
  read: () => Promise<string | undefined>
  /** A code is being looked up: what the camera sees meanwhile waits, and is read again after. */
  paused: () => boolean
  onCode: (code: string) => void
  now?: () => number
  quietMs?: number
}

/**
 * The camera's read loop, one frame per call. The camera stays on from one person to the next, so a QR
 * held up for a while is read many times: the code last taken is not taken again while it stays in view,
 * nor until it has been out of view `quietMs` (then it is the person back, and the door says so). A code
 * seen while another is being looked up is left for a frame after.
 */
export function codeReader({
  read,
  paused,
  onCode,
  now = () => performance.now(),
  quietMs = QUIET_MS,
}: ReaderOptions) {
  let last: string | undefined
  let seenAt = Number.NEGATIVE_INFINITY
  return async function step() {
    const code = await read()
    if (!code) return
    const at = now()
    if (code === last && at - seenAt <= quietMs) {
      seenAt = at
      return
    }
    if (paused()) return
    last = code
    seenAt = at
    onCode(code)
  }
}
