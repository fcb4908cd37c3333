import { asc, desc, gt } from 'drizzle-orm'
import { commit, type Stmt } from '../../db/atomic'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { type AuditEntry, auditLog } from '../../db/schema'
import { someCause } from '../errors'
import { sha256Hex } from './crypto'

export type AuditInput = {
  actor: string
  action: string
  subjectType: string
  subjectId: string
  eventId?: string | null
  data?: unknown
}

const GENESIS = '0'.repeat(64)

type Linked = Omit<AuditEntry, 'hash'>

/** The hash covers every field and the previous hash, so editing or removing any entry breaks the chain. */
export const entryHash = (e: Linked) =>
  sha256Hex(
    JSON.stringify([
      e.seq,
      e.id,
      e.at,
      e.actor,
      e.action,
      e.subjectType,
      e.subjectId,
      e.eventId,
      e.data,
      e.prevHash,
    ]),
  )

async function chainStmts(db: Db, inputs: AuditInput[], at: string): Promise<Stmt[]> {
  const [last] = await db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1)
  let seq = last?.seq ?? 0
  let prevHash = last?.hash ?? GENESIS
  const rows: AuditEntry[] = []
  for (const input of inputs) {
    seq += 1
    const linked: Linked = {
      seq,
      id: newId(),
      at,
      actor: input.actor,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      eventId: input.eventId ?? null,
      data: JSON.stringify(input.data ?? {}),
      prevHash,
    }
    prevHash = await entryHash(linked)
    rows.push({ ...linked, hash: prevHash })
  }
  // Many entries (a rebuild of many events' counters) go 9 rows a statement: 11 columns each, and D1
  // binds at most 100 parameters a statement and runs at most 1,000 queries an invocation.
  const stmts: Stmt[] = []
  for (let i = 0; i < rows.length; i += 9) stmts.push(db.insert(auditLog).values(rows.slice(i, i + 9)))
  return stmts
}

const isChainRace = (err: unknown): boolean =>
  someCause(err, (e) => /audit_log\.seq|SQLITE_CONSTRAINT_PRIMARYKEY/.test(String(e.message ?? e.code)))

// The audited commit last asked for on each Node database: the next one starts after it.
const turns = new WeakMap<Db, Promise<unknown>>()

/**
 * Commits `stmts` and their audit entries in one atomic batch. On Node, the audited commits of the
 * process take turns, in the order asked for: each reads the head the one before it wrote, so none
 * collides with another, however many staff act at once (a thousand petitions filed at the desk, ten at
 * a time, once left one of them out of attempts). Writers that read the same head (two Workers isolates
 * on D1, a maintenance command beside the server) collide on `seq`; the loser's whole batch rolls back and
 * is rebuilt on the new head. An isolate does not chain its requests' commits: one request would then
 * wait on another's I/O, which Workers cancels with the request that started it.
 */
export function commitAudited(db: Db, stmts: Stmt[], entries: AuditInput[], now: Date): Promise<unknown[]> {
  const run = () => commitOnHead(db, stmts, entries, now)
  if (typeof (db as { batch?: unknown }).batch === 'function') return run()
  const mine = (turns.get(db) ?? Promise.resolve()).then(run, run)
  turns.set(
    db,
    mine.catch(() => {}),
  )
  return mine
}

async function commitOnHead(db: Db, stmts: Stmt[], entries: AuditInput[], now: Date): Promise<unknown[]> {
  for (let attempt = 0; ; attempt++) {
    const audit = await chainStmts(db, entries, now.toISOString())
    const all = [...stmts, ...audit] as [Stmt, ...Stmt[]]
    try {
      return (await commit(db, all)) as unknown[]
    } catch (err) {
      if (!isChainRace(err) || attempt >= 100) throw err
      // Jitter, so writers that lost the same race do not meet again on the next head.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)))
    }
  }
}

/** The chain's last entry: the figure to record outside Cabildo (see `verifyAuditChain`). */
export type ChainHead = { seq: number; hash: string }
export type ChainReport = {
  ok: boolean
  entries: number
  /** The last entry verified: recorded elsewhere, it lets a later verification tell a cut or rewritten chain. */
  head: ChainHead | null
  firstBroken?: { seq: number; reason: string }
}

/**
 * Recomputes the whole chain in order and reports the first entry whose link or hash does not hold.
 * A chain whose last entries were deleted, or which was rewritten whole with new hashes, still holds
 * together: only a head recorded outside the database (`anchor`: a seq and its hash, written in the
 * event's minutes, a signed e-mail or a ticket) tells it, as that entry must still be there with that hash.
 */
export async function verifyAuditChain(db: Db, anchor?: ChainHead): Promise<ChainReport> {
  let prevHash = GENESIS
  let expectedSeq = 1
  let count = 0
  let head: ChainHead | null = null
  const broken = (seq: number, reason: string): ChainReport => ({
    ok: false,
    entries: count,
    head,
    firstBroken: { seq, reason },
  })
  for (let after = 0; ; ) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, after))
      .orderBy(asc(auditLog.seq))
      .limit(500)
    if (page.length === 0) {
      if (anchor && anchor.seq > count)
        return broken(
          anchor.seq,
          `la cadena termina en la entrada ${count}, antes de la huella registrada (${anchor.seq}): se borraron entradas del final`,
        )
      return { ok: true, entries: count, head }
    }
    for (const e of page) {
      const { hash, ...linked } = e
      if (e.seq !== expectedSeq) return broken(e.seq, `falta la entrada ${expectedSeq}`)
      if (e.prevHash !== prevHash) return broken(e.seq, 'prev_hash no coincide con la entrada anterior')
      if ((await entryHash(linked)) !== hash) return broken(e.seq, 'el hash no corresponde al contenido')
      if (anchor && e.seq === anchor.seq && hash !== anchor.hash)
        return broken(e.seq, 'el hash no es el de la huella registrada: la cadena se reescribió')
      prevHash = hash
      expectedSeq += 1
      count += 1
      head = { seq: e.seq, hash }
    }
    after = page[page.length - 1].seq
  }
}

/** A head as written down, "1234:9f86d0…" (seq, colon, the 64 hex digits of its hash); null if not one. */
export function parseHead(text: string): ChainHead | null {
  const m = /^(\d{1,12}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase())
  return m ? { seq: Number(m[1]), hash: m[2] } : null
}
