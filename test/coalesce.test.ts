import { describe, expect, it } from 'vitest'
import { Coalescer, CoalescingHub, mergeData } from '../server/live/coalesce'
import type { LiveMessage } from '../server/live/hub'
import { MemoryHub } from '../server/live/memory-hub'
import { type Answer, gatherPublished } from '../server/submissions-elsewhere'
import { sseReader } from './contract/sse'

const counters = (data: unknown) => ({ type: 'counters', audience: 'public' as const, data })
const json = (f: { data: string }) => JSON.parse(f.data)
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('coalescing of live frames that carry only the latest value', () => {
  it('sends the first counters at once and the rest of the window as one merged frame', async () => {
    const inner = new MemoryHub()
    const hub = new CoalescingHub(inner, 100)
    const live = sseReader((await hub.stream('e1', { audience: 'public' })).body!)
    await live.next()
    for (let n = 1; n <= 200; n++) await hub.publish('e1', counters({ attendance: { registered: n } }))
    await hub.publish('e1', counters({ forms: { evaluacion: { responses: 7 } } }))
    await hub.publish('e1', { type: 'question.approved', audience: 'public', data: { id: 'q1' } })
    expect(json(await live.next())).toEqual({ attendance: { registered: 1 } })
    expect((await live.next()).event).toBe('question.approved')
    await pause(150)
    const merged = await live.next()
    expect(merged.event).toBe('counters')
    expect(json(merged)).toEqual({ attendance: { registered: 200 }, forms: { evaluacion: { responses: 7 } } })
    inner.close()
  })

  it('keeps one window per question for votes, and per event', async () => {
    const inner = new MemoryHub()
    const hub = new CoalescingHub(inner, 80)
    const a = sseReader((await hub.stream('e1', { audience: 'public' })).body!)
    const b = sseReader((await hub.stream('e2', { audience: 'public' })).body!)
    await Promise.all([a.next(), b.next()])
    const votes = (id: string, n: number) => ({
      type: 'question.votes',
      audience: 'public' as const,
      data: { id, votes: n },
    })
    for (let n = 1; n <= 50; n++) {
      await hub.publish('e1', votes('q1', n))
      await hub.publish('e1', votes('q2', n * 2))
    }
    await hub.publish('e2', votes('q1', 9))
    const first = [json(await a.next()), json(await a.next())]
    expect(first).toEqual([
      { id: 'q1', votes: 1 },
      { id: 'q2', votes: 2 },
    ])
    expect(json(await b.next())).toEqual({ id: 'q1', votes: 9 })
    await pause(120)
    const last = [json(await a.next()), json(await a.next())]
    expect(last).toEqual([
      { id: 'q1', votes: 50 },
      { id: 'q2', votes: 100 },
    ])
    inner.close()
  })

  it('drops the votes held for a question once a public frame carries its whole state', async () => {
    const inner = new MemoryHub()
    const hub = new CoalescingHub(inner, 80)
    const live = sseReader((await hub.stream('e1', { audience: 'public' })).body!)
    await live.next()
    const votes = (id: string, n: number) => ({
      type: 'question.votes',
      audience: 'public' as const,
      data: { id, votes: n },
    })
    await hub.publish('e1', votes('q1', 5))
    await hub.publish('e1', votes('q1', 6))
    await hub.publish('e1', votes('q2', 3))
    await hub.publish('e1', votes('q2', 4))
    // A merge recounts q1 to 9; only moderators hear of q2's new area.
    await hub.publish('e1', { type: 'question.updated', audience: 'public', data: { id: 'q1', votes: 9 } })
    await hub.publish('e1', {
      type: 'question.updated',
      audience: 'moderation',
      data: { id: 'q2', area: 'x' },
    })
    expect(json(await live.next())).toEqual({ id: 'q1', votes: 5 })
    expect(json(await live.next())).toEqual({ id: 'q2', votes: 3 })
    expect(json(await live.next())).toEqual({ id: 'q1', votes: 9 })
    await pause(120)
    // q1's held 6 would undo the 9; q2's held 4 is still the latest the public has.
    const last = await live.next()
    expect([last.event, json(last)]).toEqual(['question.votes', { id: 'q2', votes: 4 }])
    inner.close()
  })

  it('holds a late frame for its window and delivers what settling makes of it, in window order', async () => {
    // On Workers the room reads the figures again at a window's end: a frame another window held may be
    // older than one already delivered, so it never goes out as it came.
    const out: [unknown, boolean][] = []
    const reads = [150, 0]
    const settle = async (_: string, m: LiveMessage) => {
      await pause(reads.shift() ?? 0)
      return { ...m, data: { read: (m.data as { n: number }).n } }
    }
    const c = new Coalescer((_, m, late) => void out.push([m.data, late]), 60, settle)
    c.offer('e1', counters({ n: 1 }), true)
    expect(out).toEqual([])
    await pause(90)
    // The first read outlasts the next window; the next frame waits for it all the same.
    c.offer('e1', counters({ n: 2 }))
    await pause(250)
    expect(out).toEqual([
      [{ read: 1 }, true],
      [{ read: 2 }, true],
    ])
    c.close()
  })

  it('merges leaf by leaf, later values winning', () => {
    expect(mergeData({ a: { x: 1, y: 1 }, b: 1 }, { a: { y: 2 }, c: 3 })).toEqual({
      a: { x: 1, y: 2 },
      b: 1,
      c: 3,
    })
  })
})

describe('the live messages of submissions answered together', () => {
  it('go back once, in the first answer that has any: counters merged by event and audience, others in order', () => {
    const staff = {
      type: 'counters',
      audience: 'moderation' as const,
      data: { attendance: { checkedIn: 2 } },
    }
    const question = { type: 'question.approved', audience: 'public' as const, data: { id: 'q1' } }
    const answers: (Answer | undefined)[] = [
      { refused: { code: 'ALREADY_RESPONDED' } },
      undefined,
      { value: { id: 'a' }, published: [['e1', counters({ forms: { evaluacion: { responses: 1 } } })]] },
      { value: { id: 'b' }, published: [['e2', counters({ attendance: { registered: 9 } })]] },
      { value: { id: 'c' }, published: [] },
      {
        value: { id: 'd' },
        published: [
          ['e1', question],
          ['e1', staff],
        ],
      },
      {
        value: { id: 'e' },
        published: [
          ['e1', counters({ attendance: { registered: 4 }, forms: { evaluacion: { responses: 2 } } })],
        ],
      },
      { value: { id: 'f' }, published: [['e1', counters({ forms: { salida: { responses: 1 } } })]] },
    ]
    gatherPublished(answers)
    const published = answers.map((a) => (a && 'published' in a ? a.published : null))
    expect(published).toEqual([
      null,
      null,
      [
        [
          'e1',
          counters({
            forms: { evaluacion: { responses: 2 }, salida: { responses: 1 } },
            attendance: { registered: 4 },
          }),
        ],
        ['e2', counters({ attendance: { registered: 9 } })],
        ['e1', question],
        ['e1', staff],
      ],
      [],
      [],
      [],
      [],
      [],
    ])
    // The values stay each answer's own.
    expect(answers.map((a) => (a && 'value' in a ? a.value : null))).toEqual([
      null,
      null,
      { id: 'a' },
      { id: 'b' },
      { id: 'c' },
      { id: 'd' },
      { id: 'e' },
      { id: 'f' },
    ])
  })

  it('leave answers that published nothing as they were', () => {
    const answers: Answer[] = [{ value: 1, published: [] }, { refused: { code: 'EVENT_CLOSED' } }]
    gatherPublished(answers)
    expect(answers).toEqual([{ value: 1, published: [] }, { refused: { code: 'EVENT_CLOSED' } }])
  })
})
