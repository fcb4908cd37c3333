import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../db/schema'
import { commitAudited, verifyAuditChain } from '../server/services/audit'
import { sampleEvent, testApp } from './helpers'

describe('the audit log', () => {
  it('keeps one unbroken chain when many changes are committed at once', async () => {
    const t = await testApp()
    const { db } = t.deps
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        commitAudited(
          db,
          [],
          [{ actor: 'test', action: 'test.write', subjectType: 'test', subjectId: String(i) }],
          new Date(),
        ),
      ),
    )
    const report = await verifyAuditChain(db)
    expect(report).toEqual({ ok: true, entries: 31 })
  })

  it('reports the first entry whose content was edited', async () => {
    const t = await testApp()
    for (const slug of ['uno', 'dos', 'tres'])
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug }) })
    await t.deps.db.update(auditLog).set({ actor: 'someone-else' }).where(eq(auditLog.seq, 3))
    const res = await t.call('GET', '/api/audit/verify', { token: t.adminToken })
    expect(res.json.ok).toBe(false)
    expect(res.json.firstBroken.seq).toBe(3)
  })

  it('reports a removed entry as a gap in the chain', async () => {
    const t = await testApp()
    for (const slug of ['uno', 'dos'])
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug }) })
    await t.deps.db.delete(auditLog).where(eq(auditLog.seq, 2))
    const report = await verifyAuditChain(t.deps.db)
    expect(report.firstBroken).toEqual({ seq: 3, reason: 'falta la entrada 2' })
  })
})
