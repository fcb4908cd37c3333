import { beforeAll, describe, expect, it } from 'vitest'
import { questionStatuses } from '../db/enums'
import { byDue } from '../server/services/term-order'
import { sampleEvent, type TestApp, testApp } from './helpers'

type Row = {
  id: string
  seq: number
  status: string
  type: string
  area_key: string | null
  pinned: number
  votes: number
  received_at: string
  due_date: string
  extended_due_date: string | null
  approved_at: string | null
  merged_into: string | null
}
type Client = { prepare(s: string): { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] } }

// Enough that more than a thousand are on the wall: half the statuses keep a question off it.
const N = 2200
const due = (r: Row) => ({
  status: r.status,
  dueDate: r.due_date,
  extendedDueDate: r.extended_due_date,
  receivedAt: r.received_at,
})
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)
// The orders the server promises, each total (it ends in the id).
const orders: Record<string, (a: Row, b: Row) => number> = {
  votes: (a, b) =>
    b.pinned - a.pinned ||
    b.votes - a.votes ||
    cmp(a.received_at, b.received_at) ||
    a.seq - b.seq ||
    cmp(a.id, b.id),
  time: (a, b) => cmp(a.received_at, b.received_at) || a.seq - b.seq || cmp(a.id, b.id),
  recent: (a, b) => cmp(b.received_at, a.received_at) || b.seq - a.seq || cmp(b.id, a.id),
  // The console's order (byDue, the one rule both use), made total by the number and the id.
  due: (a, b) => byDue(due(a), due(b)) || a.seq - b.seq || cmp(a.id, b.id),
}

let t: TestApp
let mod: string
let rows: Row[]

/**
 * 2,050 questions, copied in SQL from one filed through the API: many share a minute, a vote count and a
 * due date, and their numbers do not follow their times, so only a total order pages them right.
 */
beforeAll(async () => {
  t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  mod = await t.staffToken('moderator')
  const first = await t.call('POST', '/api/events/evento/questions', {
    body: { type: 'peticion', text: '¿Habrá más ferias?', anonymous: true },
  })
  const client = (t.deps.db as unknown as { $client: Client }).$client
  const columns = (client.prepare('pragma table_info(questions)').all() as { name: string }[]).map(
    (c) => c.name,
  )
  const set = [
    'id',
    'seq',
    'radicado',
    'status',
    'type',
    'area_key',
    'pinned',
    'votes',
    'received_at',
    'due_date',
    'extended_due_date',
    'approved_at',
    'merged_into',
  ]
  const copy = client.prepare(
    `insert into questions (${columns.join(', ')}) select ${columns
      .map((c) => (set.includes(c) ? `? as ${c}` : c))
      .join(', ')} from questions where id = ?`,
  )
  for (let i = 1; i < N; i++) {
    const status = questionStatuses[i % questionStatuses.length]
    const values: Record<string, unknown> = {
      id: `q${String((i * 7919) % 100_000).padStart(5, '0')}`,
      seq: 1 + i,
      radicado: `SDE-2026-${String(1 + i).padStart(6, '0')}`,
      status,
      type: i % 4 ? 'peticion' : 'queja',
      area_key: ['despacho', 'cadenas-valor', null][i % 3],
      pinned: i === 1500 ? 1 : 0,
      votes: i % 13,
      received_at: `2026-11-21T${String(10 + ((i * 37) % 11)).padStart(2, '0')}:00:00.000Z`,
      due_date: `2026-12-${String(1 + (i % 28)).padStart(2, '0')}`,
      extended_due_date: i % 10 === 0 ? '2027-01-15' : null,
      approved_at: status === 'received' || status === 'pending' ? null : '2026-11-21T16:00:00.000Z',
      merged_into: i % 17 === 0 ? first.json.id : null,
    }
    copy.run(...columns.filter((c) => set.includes(c)).map((c) => values[c]), first.json.id)
  }
  rows = client
    .prepare(
      `select id, seq, status, type, area_key, pinned, votes, received_at, due_date, extended_due_date,
        approved_at, merged_into from questions`,
    )
    .all() as Row[]
  expect(rows).toHaveLength(N)
})

async function pages(query: string) {
  const ids: string[] = []
  let calls = 0
  for (let cursor: string | null = ''; cursor !== null; calls++) {
    const after = cursor ? `&cursor=${cursor}` : ''
    const res = await t.call('GET', `/api/events/evento/questions?${query}${after}`, { token: mod })
    expect(res.status).toBe(200)
    ids.push(...res.json.questions.map((q: { id: string }) => q.id))
    cursor = res.json.nextCursor
  }
  return { ids, calls }
}

describe('the staff list of questions, in pages', () => {
  it.each(Object.keys(orders))(
    'pages through every question once, in the %s order, 1,000 at a time',
    async (sort) => {
      const expected = [...rows].sort(orders[sort]).map((r) => r.id)
      const { ids, calls } = await pages(`sort=${sort}&limit=1000`)
      expect(calls).toBe(3)
      expect(ids).toEqual(expected)
    },
  )

  it.each(Object.keys(orders))(
    'pages a filtered list in the %s order seven at a time, each once',
    async (sort) => {
      const expected = [...rows]
        .filter((r) => ['approved', 'received', 'extended'].includes(r.status) && r.area_key === 'despacho')
        .sort(orders[sort])
        .map((r) => r.id)
      const { ids, calls } = await pages(
        `sort=${sort}&limit=7&status=received,approved,extended&area=despacho`,
      )
      expect(ids).toEqual(expected)
      expect(calls).toBe(Math.ceil(expected.length / 7))
    },
  )

  it('pages every question seven at a time by default (votes, the pinned one first), none past the last', async () => {
    const { ids } = await pages('limit=7')
    expect(ids).toEqual([...rows].sort(orders.votes).map((r) => r.id))
    expect(rows.find((r) => r.id === ids[0])?.pinned).toBe(1)
    const exact = await t.call('GET', '/api/events/evento/questions?type=queja&limit=1000', { token: mod })
    expect(exact.json.questions).toHaveLength(rows.filter((r) => r.type === 'queja').length)
    expect(exact.json.nextCursor).toBeNull()
  })

  it('counts the wall in SQL past a thousand, and the statuses, whatever the page', async () => {
    const res = await t.call('GET', '/api/events/evento/questions?limit=1&status=hidden', { token: mod })
    // On the wall: approved, not merged, neither hidden, annulled nor withdrawn (art. 17 or 18).
    const shown = rows.filter(
      (r) =>
        r.approved_at &&
        !r.merged_into &&
        !['hidden', 'annulled', 'withdrawn', 'desisted'].includes(r.status),
    )
    expect(shown.length).toBeGreaterThan(1000)
    expect(res.json.onWall).toBe(shown.length)
    const byStatus: Record<string, number> = {}
    for (const r of rows) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1
    expect(res.json.counts).toEqual(byStatus)
  })

  it('refuses a tampered cursor, or one from another sort, filter or event, with the 400 envelope', async () => {
    const list = (q: string) => t.call('GET', `/api/events/evento/questions?${q}`, { token: mod })
    const byTime = (await list('sort=time&limit=5')).json.nextCursor as string
    const approved = (await list('status=approved&limit=5')).json.nextCursor as string
    const decoded = JSON.parse(atob(byTime.replace(/-/g, '+').replace(/_/g, '/')))
    const forged = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_')
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'otro' }) })
    const refused = [
      await list(`sort=recent&cursor=${byTime}`),
      await list(`sort=time&status=approved&cursor=${byTime}`),
      await list(`cursor=${approved}`),
      await list(`status=approved,hidden&cursor=${approved}`),
      await list('cursor=not-a-cursor'),
      await list(`sort=time&cursor=${forged({ ...decoded, f: '0000000000000000' })}`),
      await list(
        `sort=time&cursor=${forged({ ...decoded, k: [decoded.k[0], String(decoded.k[1]), decoded.k[2]] })}`,
      ),
      await list(`sort=time&cursor=${forged({ ...decoded, k: decoded.k.slice(1) })}`),
      await list(`sort=time&cursor=${'x'.repeat(401)}`),
      await t.call('GET', `/api/events/otro/questions?sort=time&cursor=${byTime}`, { token: mod }),
    ]
    for (const res of refused) {
      expect(res.status).toBe(400)
      expect(res.json.error).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'cursor' }] })
    }
    // The same filters in another order are the same list.
    expect((await list(`status=approved&sort=votes&cursor=${approved}`)).status).toBe(200)
  })

  it('leaves the public wall one cached read, a cursor or not', async () => {
    const plain = await t.call('GET', '/api/events/evento/questions?limit=1000')
    const cursored = await t.call('GET', '/api/events/evento/questions?limit=1000&cursor=anything')
    expect(cursored.status).toBe(200)
    expect(cursored.json).toEqual(plain.json)
    expect(plain.json).toEqual({ questions: expect.any(Array) })
    expect(plain.json.questions).toHaveLength(1000)
  })
})
