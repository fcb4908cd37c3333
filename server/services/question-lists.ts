import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  notInArray,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm'
import type { Db } from '../../db/client'
import { keptOffWall, offWallStatuses } from '../../db/enums'
import { type Question, questions } from '../../db/schema'
import { ApiError } from '../errors'
import { said } from '../messages'
import type { ListQuestionsQuery } from '../schemas/questions'
import { sha256HexSync } from './sha256'
import { dueOf, TERM_RANK, termRank } from './term-order'

type Sort = NonNullable<ListQuestionsQuery['sort']>
type Value = boolean | number | string
type Key = {
  by: SQLWrapper
  dir: 'asc' | 'desc'
  of: (q: Question) => Value
  kind: 'boolean' | 'number' | 'string'
}

const due = sql`coalesce(${questions.extendedDueDate}, ${questions.dueDate})`
// The rank of the question's term (term-order.ts), written out in SQL from the same table: its values are
// this build's own status names, so they go in as literals, and the keyset conditions bind no more.
const rank = sql`(case ${questions.status} ${sql.raw(
  Object.entries(TERM_RANK)
    .filter(([, r]) => r !== 0)
    .map(([s, r]) => `when '${s}' then ${r}`)
    .join(' '),
)} else 0 end)`
const key = (by: SQLWrapper, dir: Key['dir'], of: Key['of'], kind: Key['kind'] = 'string'): Key => ({
  by,
  dir,
  of,
  kind,
})
// Each order ends in the id, so it is total: a page boundary never falls between two equal rows.
const seq = (dir: Key['dir']) => key(questions.seq, dir, (q) => q.seq, 'number')
const id = (dir: Key['dir']) => key(questions.id, dir, (q) => q.id)
const received = (dir: Key['dir']) => key(questions.receivedAt, dir, (q) => q.receivedAt)
const KEYS: Record<Sort, Key[]> = {
  votes: [
    key(questions.pinned, 'desc', (q) => q.pinned, 'boolean'),
    key(questions.votes, 'desc', (q) => q.votes, 'number'),
    received('asc'),
    seq('asc'),
    id('asc'),
  ],
  time: [received('asc'), seq('asc'), id('asc')],
  recent: [received('desc'), seq('desc'), id('desc')],
  // As the console orders its list (term-order.ts, byDue): running terms, suspended, settled; then the
  // nearest due date, then the order of receipt.
  due: [
    key(rank, 'asc', (q) => termRank(q.status), 'number'),
    key(due, 'asc', dueOf),
    received('asc'),
    seq('asc'),
    id('asc'),
  ],
}

function filters(eventId: string, q: ListQuestionsQuery, staff: boolean): SQL[] {
  const where: SQL[] = [eq(questions.eventId, eventId)]
  if (!staff)
    where.push(
      isNotNull(questions.approvedAt),
      notInArray(questions.status, [...offWallStatuses]),
      isNull(questions.mergedInto),
    )
  if (q.status?.length) where.push(inArray(questions.status, q.status))
  if (q.type) where.push(eq(questions.type, q.type))
  if (q.area === 'none') where.push(isNull(questions.areaKey))
  else if (q.area) where.push(eq(questions.areaKey, q.area))
  return where
}

const orderOf = (keys: Key[]) => keys.map((k) => (k.dir === 'asc' ? asc(k.by) : desc(k.by)))

/** Public: the wall, pinned first then by votes (or by time). No cursor: it is one cached read. */
export async function wallQuestions(db: Db, eventId: string, q: ListQuestionsQuery) {
  return db
    .select()
    .from(questions)
    .where(and(...filters(eventId, q, false)))
    .orderBy(...orderOf(KEYS[q.sort ?? 'votes']))
    .limit(q.limit ?? 500)
}

/**
 * Staff: everything, with filters, a page at a time. The cursor is opaque (base64url JSON): the last
 * row's keys, and a fingerprint of the event, sort and filters it belongs to, so it cannot be replayed
 * on another list. Keyset conditions bind 2 × keys − 1 parameters (at most 9), far under D1's 100.
 */
export async function questionPage(db: Db, eventId: string, q: ListQuestionsQuery) {
  const keys = KEYS[q.sort ?? 'votes']
  const print = fingerprint(eventId, q)
  const where = filters(eventId, q, true)
  if (q.cursor) where.push(after(keys, decodeCursor(q.cursor, print, keys)))
  const limit = q.limit ?? 500
  const rows = await db
    .select()
    .from(questions)
    .where(and(...where))
    .orderBy(...orderOf(keys))
    .limit(limit + 1)
  const last = rows.length > limit ? rows[limit - 1] : null
  return {
    rows: rows.slice(0, limit),
    nextCursor:
      last &&
      encodeCursor(
        print,
        keys.map((k) => k.of(last)),
      ),
  }
}

function fingerprint(eventId: string, q: ListQuestionsQuery) {
  const status = [...new Set(q.status ?? [])].sort().join(',')
  return sha256HexSync([eventId, q.sort ?? 'votes', status, q.type ?? '', q.area ?? ''].join('\n')).slice(
    0,
    16,
  )
}

/** Rows strictly after `values` in the keys' order: a > x or (a = x and (b > y or (b = y and …))). */
function after(keys: Key[], values: unknown[]): SQL {
  let cond: SQL | undefined
  for (let i = keys.length - 1; i >= 0; i--) {
    const { by, dir } = keys[i]
    const beyond = dir === 'asc' ? gt(by, values[i]) : lt(by, values[i])
    cond = cond ? or(beyond, and(eq(by, values[i]), cond)) : beyond
  }
  return cond!
}

// The values are all ASCII (ids, ISO dates, numbers, hex), so btoa over the JSON is enough.
const encodeCursor = (f: string, k: unknown[]) =>
  btoa(JSON.stringify({ f, k })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

function decodeCursor(cursor: string, print: string, keys: Key[]): unknown[] {
  let parsed: { f?: unknown; k?: unknown } | undefined
  try {
    parsed = JSON.parse(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')))
  } catch {}
  const k = parsed?.k
  const wellFormed =
    Array.isArray(k) && k.length === keys.length && k.every((v, i) => typeof v === keys[i].kind)
  if (wellFormed && parsed?.f === print) return k
  throw new ApiError('VALIDATION_ERROR', {
    issues: [
      {
        path: 'cursor',
        message: wellFormed
          ? said(
              'Este cursor es de otra lista (otro orden o filtros): empiece de nuevo sin él.',
              'This cursor belongs to another list (another sort or filters): start again without it.',
            )
          : said('Cursor no válido.', 'Invalid cursor.'),
      },
    ],
  })
}

/**
 * How many questions of the event are in each status, and how many are on the public wall (approved,
 * not merged, nor in a status kept off it: question-views.ts, onWall), counted in SQL whatever the page
 * or filters.
 */
export async function questionCounts(db: Db, eventId: string) {
  const rows = await db
    .select({
      status: questions.status,
      n: count(),
      shown: sql<number>`sum(${questions.approvedAt} is not null and ${questions.mergedInto} is null)`,
    })
    .from(questions)
    .where(eq(questions.eventId, eventId))
    .groupBy(questions.status)
  return {
    counts: Object.fromEntries(rows.map((r) => [r.status, r.n])),
    onWall: rows.reduce((sum, r) => sum + (keptOffWall(r.status) ? 0 : Number(r.shown)), 0),
  }
}
