import { and, eq, gte, sql } from 'drizzle-orm'
import { commit } from '../../db/atomic'
import type { Db } from '../../db/client'
import { loginAttempts } from '../../db/schema'
import { type AttemptRule, type AttemptStore, lockSeconds } from './attempts'

const iso = (secondsFrom: ReturnType<typeof sql>, base: string) =>
  sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${base}, '+' || (${secondsFrom}) || ' seconds')`

/**
 * The attempt store in the database, for Workers: every isolate sees the same counts. Each attempt is
 * one upsert that does nothing while the key is locked, so concurrent attempts are counted exactly.
 */
export class DbAttemptStore implements AttemptStore {
  constructor(private readonly db: Db) {}

  async attempt(key: string, r: AttemptRule, now: Date) {
    const at = now.toISOString()
    const forgetBefore = new Date(now.getTime() - r.forgetSeconds * 1000).toISOString()
    const t = loginAttempts
    const next = sql`(case when ${t.lastAt} < ${forgetBefore} then 1 else ${t.failures} + 1 end)`
    // The lock of `lockSeconds` in SQL: 0 below `free`, then base × 2^(n − free), capped.
    const lock = (n: ReturnType<typeof sql>) =>
      sql`(case when ${n} < ${r.free} then 0 else min(${r.maxSeconds}, ${r.baseSeconds} << min(${n} - ${r.free}, 20)) end)`
    const [counted] = await commit(this.db, [
      this.db
        .insert(t)
        .values({
          key,
          failures: 1,
          lastAt: at,
          lockedUntil: new Date(+now + lockSeconds(1, r) * 1000).toISOString(),
        })
        .onConflictDoUpdate({
          target: t.key,
          set: { failures: next, lastAt: at, lockedUntil: iso(lock(next), at) },
          setWhere: sql`${t.lockedUntil} <= ${at}`,
        })
        .returning({ key: t.key }),
    ])
    if (counted.length) return 0
    const [row] = await this.db.select().from(t).where(eq(t.key, key))
    return row ? Math.max(1, Math.ceil((Date.parse(row.lockedUntil) - now.getTime()) / 1000)) : 0
  }

  async seen(key: string, r: AttemptRule, now: Date) {
    const t = loginAttempts
    const since = new Date(now.getTime() - r.forgetSeconds * 1000).toISOString()
    const [row] = await this.db
      .select({ key: t.key })
      .from(t)
      .where(and(eq(t.key, key), gte(t.lastAt, since)))
    return Boolean(row)
  }

  async succeeded(key: string, r: AttemptRule, now: Date, reset: boolean) {
    const t = loginAttempts
    await commit(this.db, [
      reset
        ? this.db.delete(t).where(eq(t.key, key))
        : this.db
            .update(t)
            .set({
              failures: sql`max(${t.failures} - 1, 0)`,
              lockedUntil: sql`case when ${t.failures} - 1 < ${r.free} then ${now.toISOString()} else ${t.lockedUntil} end`,
            })
            .where(eq(t.key, key)),
    ])
  }
}
