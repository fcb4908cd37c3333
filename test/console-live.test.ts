import { describe, expect, it } from 'vitest'
import { type Frame, sseParser } from '../web/console/live'

const parse = (chunks: string[]) => {
  const frames: Frame[] = []
  const retries: number[] = []
  const feed = sseParser(
    (f) => frames.push(f),
    (ms) => retries.push(ms),
  )
  for (const c of chunks) feed(c)
  return { frames, retries }
}

describe("the console's reader of Server-Sent Events", () => {
  it('reads the frames the hub writes, with their ids and types, and skips comments', () => {
    const { frames, retries } = parse([
      'retry: 3000\n: cabildo\n\n',
      'id: k3x-1\nevent: question.created\ndata: {"id":"a"}\n\n',
      ': a comment\n\n',
      'id: k3x-2\nevent: reset\ndata: {"reason":"replay-unavailable"}\n\n',
    ])
    expect(retries).toEqual([3000])
    expect(frames).toEqual([
      { id: 'k3x-1', event: 'question.created', data: '{"id":"a"}' },
      { id: 'k3x-2', event: 'reset', data: '{"reason":"replay-unavailable"}' },
    ])
  })

  it('puts together frames cut anywhere by the network, CRLF line ends included', () => {
    const text =
      'id: e-7\r\nevent: counters\r\ndata: {"attendance":{"registered":12}}\r\n\r\ndata: a\ndata: b\n\n'
    const cuts = [...text].map((ch) => ch)
    const { frames } = parse(cuts)
    expect(frames).toEqual([
      { id: 'e-7', event: 'counters', data: '{"attendance":{"registered":12}}' },
      { id: undefined, event: 'message', data: 'a\nb' },
    ])
  })

  it('waits for the blank line before handing a frame over', () => {
    const { frames } = parse(['id: 1\nevent: question.votes\ndata: {"id":"q","votes":3}\n'])
    expect(frames).toEqual([])
  })
})
