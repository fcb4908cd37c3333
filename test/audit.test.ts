import { asc, eq, gte } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog } from '../db/schema'
import { commitAudited, entryHash, verifyAuditChain } from '../server/services/audit'
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
    expect(report).toEqual({
      ok: true,
      entries: 32,
      head: { seq: 32, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    })
  })

  it('commits the changes of one process one after another, however many staff make at once', async () => {
    // A burst of staff actions (petitions filed at the desk, ten at a time, a thousand in all) once
    // starved one of them: every commit read the same head, one won, the rest tried again, and the
    // unluckiest ran out of attempts and answered 500. In one process they now take turns.
    const t = await testApp()
    const { db } = t.deps
    const n = 300
    const results = await Promise.allSettled(
      Array.from({ length: n }, (_, i) =>
        commitAudited(
          db,
          [],
          [{ actor: 'test', action: 'test.burst', subjectType: 'test', subjectId: String(i) }],
          new Date(),
        ),
      ),
    )
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const rows = await db
      .select({ subjectId: auditLog.subjectId })
      .from(auditLog)
      .where(eq(auditLog.action, 'test.burst'))
      .orderBy(asc(auditLog.seq))
    // In the order they were asked for: none had to try again behind the others.
    expect(rows.map((r) => r.subjectId)).toEqual(Array.from({ length: n }, (_, i) => String(i)))
    expect((await verifyAuditChain(db)).ok).toBe(true)
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

  it('tells a chain cut short or rewritten whole from the head recorded outside Cabildo', async () => {
    const t = await testApp()
    const { db } = t.deps
    for (const slug of ['uno', 'dos', 'tres'])
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug }) })
    const verify = (huella?: string) =>
      t.call('GET', `/api/audit/verify${huella ? `?huella=${huella}` : ''}`, { token: t.adminToken })
    const first = (await verify()).json
    expect(first.ok).toBe(true)
    const head = `${first.head.seq}:${first.head.hash}`
    expect((await verify(head)).json).toMatchObject({ ok: true, entries: first.entries })
    // More entries since: the recorded head is still there, with its hash.
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'cuatro' }) })
    expect((await verify(head)).json.ok).toBe(true)
    // The last entries deleted: the chain alone still holds together, the recorded head says it was cut.
    await db.delete(auditLog).where(gte(auditLog.seq, first.head.seq))
    expect((await verify()).json.ok).toBe(true)
    const cut = (await verify(head)).json
    expect(cut).toMatchObject({ ok: false, firstBroken: { seq: first.head.seq } })
    expect(cut.firstBroken.reason).toContain('se borraron entradas del final')
    // Rewritten whole, every hash recomputed: it holds together again, but not with the recorded head.
    const rows = await db.select().from(auditLog).orderBy(asc(auditLog.seq))
    let prevHash = '0'.repeat(64)
    for (const { hash: _, ...row } of rows) {
      const linked = { ...row, actor: 'alguien', prevHash }
      prevHash = await entryHash(linked)
      await db
        .update(auditLog)
        .set({ actor: 'alguien', prevHash: linked.prevHash, hash: prevHash })
        .where(eq(auditLog.seq, row.seq))
    }
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'cinco' }) })
    expect((await verify()).json.ok).toBe(true)
    const rewritten = (await verify(head)).json
    expect(rewritten.firstBroken.reason).toContain('la cadena se reescribió')
    // A head not written as one is refused, naming it.
    const bad = await verify('12-abc')
    expect([bad.status, bad.json.error.issues[0].path]).toEqual([400, 'huella'])
  })

  it("keeps who read a page of the attendance list with its sensitive columns, not the door's searches", async () => {
    const t = await testApp()
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'lista' }) })
    await t.call('POST', '/api/events/lista/attendance', {
      body: { name: 'Ana Leída', email: 'ana@example.org', consent: true },
    })
    const reads = async () =>
      (await t.call('GET', '/api/audit?limit=500', { token: t.adminToken })).json.entries.filter(
        (e: { action: string }) => e.action === 'attendance.read',
      )
    const moderator = await t.staffToken('moderator')
    expect((await t.call('GET', '/api/events/lista/attendance?q=Ana', { token: moderator })).status).toBe(200)
    expect(await reads()).toEqual([])
    const analyst = await t.staffToken('analyst')
    expect((await t.call('GET', '/api/events/lista/attendance', { token: analyst })).status).toBe(200)
    const [read] = await reads()
    expect(read).toMatchObject({ actor: expect.stringMatching(/^user:/), data: { rows: 1 } })
    expect(JSON.stringify(read)).not.toContain('Ana')
  })
})
