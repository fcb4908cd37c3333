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

/**
 * Commits `stmts` and their audit entries in one atomic batch. Two writers that read the same chain
 * head collide on `seq`; the loser's whole batch rolls back and is rebuilt on the new head.
 */
export async function commitAudited(
  db: Db,
  stmts: Stmt[],
  entries: AuditInput[],
  now: Date,
): Promise<unknown[]> {
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

export type ChainReport = { ok: boolean; entries: number; firstBroken?: { seq: number; reason: string } }

/** Recomputes the whole chain in order and reports the first entry whose link or hash does not hold. */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let prevHash = GENESIS
  let expectedSeq = 1
  let count = 0
  for (let after = 0; ; ) {
    const page = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, after))
      .orderBy(asc(auditLog.seq))
      .limit(500)
    if (page.length === 0) return { ok: true, entries: count }
    for (const e of page) {
      const { hash, ...linked } = e
      if (e.seq !== expectedSeq) return broken(count, e.seq, `falta la entrada ${expectedSeq}`)
      if (e.prevHash !== prevHash)
        return broken(count, e.seq, 'prev_hash no coincide con la entrada anterior')
      if ((await entryHash(linked)) !== hash)
        return broken(count, e.seq, 'el hash no corresponde al contenido')
      prevHash = hash
      expectedSeq += 1
      count += 1
    }
    after = page[page.length - 1].seq
  }
}

const broken = (entries: number, seq: number, reason: string): ChainReport => ({
  ok: false,
  entries,
  firstBroken: { seq, reason },
})
