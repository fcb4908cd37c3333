import { describe, expect, it } from 'vitest'
import { codeReader } from '../web/console/scan-loop'

/** The camera's loop driven frame by frame: what is in view at each frame, 250 ms apart. */
function door(opts: { busyFrames?: number[] } = {}) {
  let inView: string | undefined
  let clock = 0
  let frame = 0
  const taken: string[] = []
  const step = codeReader({
    read: async () => inView,
    paused: () => opts.busyFrames?.includes(frame) ?? false,
    onCode: (code) => taken.push(code),
    now: () => clock,
  })
  return {
    taken,
    async show(code: string | undefined, frames: number) {
      inView = code
      for (let i = 0; i < frames; i++) {
        frame++
        clock += 250
        await step()
      }
    },
  }
}

describe("the door camera's read loop", () => {
  it('takes a QR held in front of the camera once, however long it stays', async () => {
    const d = door()
    await d.show('K7QM2P', 80)
    expect(d.taken).toEqual(['K7QM2P'])
  })

  it('takes the next person at once, and the first one again only after being out of view a while', async () => {
    const d = door()
    await d.show('K7QM2P', 4)
    await d.show('RT5XZA', 4)
    // Back in view after less than the quiet time: the same hand, still held up.
    await d.show(undefined, 4)
    await d.show('RT5XZA', 4)
    expect(d.taken).toEqual(['K7QM2P', 'RT5XZA'])
    // Out of view for longer: the person came back, and the door says they had come in.
    await d.show(undefined, 16)
    await d.show('RT5XZA', 2)
    expect(d.taken).toEqual(['K7QM2P', 'RT5XZA', 'RT5XZA'])
  })

  it('leaves a code seen while the last one is looked up for a frame after it is answered', async () => {
    const d = door({ busyFrames: [2, 3, 4] })
    await d.show('K7QM2P', 1)
    await d.show('RT5XZA', 4)
    expect(d.taken).toEqual(['K7QM2P', 'RT5XZA'])
  })
})
