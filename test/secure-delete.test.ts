import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openNodeDb } from '../db/client-node'
import { sqliteBackup } from '../server/backup-node'
import { scratchDir } from './fixtures/scratch'
import { sampleEvent, type TestApp, testApp } from './helpers'

/**
 * A habeas-data deletion (Ley 1581 de 2012, LOPDP) must remove the data, not only hide it from queries:
 * the bytes of the SQLite file, of its WAL and of a backup taken through the endpoint afterwards must
 * not hold what was deleted, rectified or anonymised. Each test first sees its marked values in the
 * files, so that it can fail.
 */

type Client = { pragma(sql: string): unknown }
const clientOf = (t: TestApp) => (t.deps.db as unknown as { $client: Client }).$client

/** Unique values, so that no other row, test or file holds them. */
const marks = () => {
  const tag = Math.random().toString(36).slice(2, 10)
  return { email: `markdel-${tag}@example.net`, name: `Zenobia Borrable ${tag}` }
}

/** The raw bytes of a file (none when it does not exist), searched without regard to case. */
const bytesOf = (file: string) =>
  existsSync(file) ? readFileSync(file).toString('latin1').toLowerCase() : ''
const holds = (file: string, ...values: string[]) =>
  values.filter((v) => bytesOf(file).includes(v.toLowerCase()))

async function fileApp() {
  const file = join(scratchDir('cabildo-secure-delete-'), 'cabildo.db')
  const t = await testApp({ deps: { db: openNodeDb(file) } })
  t.deps.backup = sqliteBackup(t.deps.db)
  const created = await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento' }),
  })
  expect(created.status, created.text).toBe(201)
  return { t, file, wal: `${file}-wal` }
}

const register = async (t: TestApp, body: Record<string, unknown>) => {
  const res = await t.call('POST', '/api/events/evento/attendance', {
    body: { documentType: 'CC', gender: 'mujer', consent: true, ...body },
  })
  expect(res.status, res.text).toBe(201)
  return res.json as { id: string }
}

/** A copy through `POST /api/admin/backup`, written to a file of its own. */
async function backup(t: TestApp) {
  const res = await t.app.request('/api/admin/backup', {
    method: 'POST',
    headers: { authorization: `Bearer ${t.adminToken}` },
  })
  expect(res.status).toBe(200)
  const file = join(scratchDir('cabildo-secure-copy-'), 'copia.db')
  writeFileSync(file, new Uint8Array(await res.arrayBuffer()))
  return file
}

describe('a deletion of personal data on Node', () => {
  it('leaves a deleted registration in neither the database file, its WAL nor a backup', async () => {
    const { t, file, wal } = await fileApp()
    const { email, name } = marks()
    const { id } = await register(t, { name, email, documentNumber: '52345678' })
    // Others registered beside it, so that its page is not freed whole but rewritten without it.
    for (let i = 0; i < 5; i++) await register(t, { name: `Vecina ${i}`, email: `vecina-${i}@example.net` })
    // Not checkpointed yet: in the WAL, and perhaps in the database file.
    expect(holds(wal, email, name)).toEqual([email, name])

    const gone = await t.call('DELETE', `/api/events/evento/attendance/${id}`, { token: t.adminToken })
    expect(gone.status).toBe(204)
    expect(holds(file, email, name)).toEqual([])
    expect(holds(wal, email, name)).toEqual([])
    expect(holds(await backup(t), email, name)).toEqual([])
  })

  it('zeroes the row in the database file too, once its pages were checkpointed there before the deletion', async () => {
    const { t, file, wal } = await fileApp()
    const { email, name } = marks()
    const { id } = await register(t, { name, email, documentNumber: '52345679' })
    for (let i = 0; i < 5; i++) await register(t, { name: `Vecino ${i}`, email: `vecino-${i}@example.net` })
    clientOf(t).pragma('wal_checkpoint(TRUNCATE)')
    expect(holds(file, email, name)).toEqual([email, name])

    expect(
      (await t.call('DELETE', `/api/events/evento/attendance/${id}`, { token: t.adminToken })).status,
    ).toBe(204)
    expect(holds(file, email, name)).toEqual([])
    expect(holds(wal, email, name)).toEqual([])
    expect(holds(await backup(t), email, name)).toEqual([])
  })

  it('leaves the values a rectification replaced nowhere', async () => {
    const { t, file, wal } = await fileApp()
    const { email, name } = marks()
    const { id } = await register(t, { name, email, documentNumber: '52345680' })
    for (let i = 0; i < 5; i++) await register(t, { name: `Otra ${i}`, email: `otra-${i}@example.net` })
    clientOf(t).pragma('wal_checkpoint(TRUNCATE)')
    expect(holds(file, email, name)).toEqual([email, name])

    const fixed = await t.call('PATCH', `/api/events/evento/attendance/${id}`, {
      token: t.adminToken,
      // Longer than before: the row no longer fits where it was, and moves, its old bytes left behind.
      body: { name: `Nombre Corregido ${'largo '.repeat(25)}`.trim(), email: 'corregido@example.net' },
    })
    expect(fixed.status, fixed.text).toBe(200)
    expect(holds(file, email, name)).toEqual([])
    expect(holds(wal, email, name)).toEqual([])
    expect(holds(await backup(t), email, name)).toEqual([])
  })

  it("leaves the values a petitioner's rectification replaced nowhere, its webhook messages included", async () => {
    const { t, file, wal } = await fileApp()
    const { email, name } = marks()
    const hook = await t.call('POST', '/api/webhooks', {
      token: t.adminToken,
      body: { url: 'https://gestion-documental.example.org/cabildo' },
    })
    expect(hook.status, hook.text).toBe(201)
    const filed = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion', text: '¿Cuándo arreglan la vía?', name, email, phone: '3009871234' },
    })
    expect(filed.status, filed.text).toBe(201)
    expect(holds(wal, email, name, '3009871234')).toEqual([email, name, '3009871234'])

    const fixed = await t.call('PATCH', `/api/questions/${filed.json.id}/petitioner`, {
      token: t.adminToken,
      body: { name: 'Nombre Corregido', email: 'corregido@example.net', phone: null },
    })
    expect(fixed.status, fixed.text).toBe(200)
    // The delivery log shows every message about the question with the corrected data only.
    const log = await t.call('GET', `/api/webhooks/${hook.json.webhook.id}/deliveries`, {
      token: t.adminToken,
    })
    expect(log.json.deliveries.map((d: any) => d.payload.data.petitioner)).toEqual([
      expect.objectContaining({ name: 'Nombre Corregido', email: 'corregido@example.net', phone: null }),
      expect.objectContaining({ name: 'Nombre Corregido', email: 'corregido@example.net', phone: null }),
    ])
    expect(holds(file, email, name, '3009871234')).toEqual([])
    expect(holds(wal, email, name, '3009871234')).toEqual([])
    expect(holds(await backup(t), email, name, '3009871234')).toEqual([])
  })

  it('leaves the values an anonymisation erased nowhere', async () => {
    const { t, file, wal } = await fileApp()
    const { email, name } = marks()
    await register(t, { name, email, documentNumber: '52345681' })
    for (let i = 0; i < 5; i++) await register(t, { name: `Otro ${i}`, email: `otro-${i}@example.net` })
    expect(holds(wal, email, name)).toEqual([email, name])

    const closed = await t.call('PATCH', '/api/events/evento', {
      token: t.adminToken,
      body: { status: 'closed' },
    })
    expect(closed.status, closed.text).toBe(200)
    const done = await t.call('POST', '/api/events/evento/attendance/anonymize', { token: t.adminToken })
    expect(done.json).toEqual({ anonymized: 6 })
    expect(holds(file, email, name)).toEqual([])
    expect(holds(wal, email, name)).toEqual([])
    expect(holds(await backup(t), email, name)).toEqual([])
  })
})

describe('a backup through the endpoint', () => {
  it('holds nothing of rows deleted before secure_delete was on, which the database file still holds', async () => {
    const { t, file } = await fileApp()
    const { email, name } = marks()
    const { id } = await register(t, { name, email, documentNumber: '52345683' })
    for (let i = 0; i < 5; i++) await register(t, { name: `Vecine ${i}`, email: `vecine-${i}@example.net` })
    // A deletion as an installation made it before this release: the row's bytes left in its page.
    const old = new Database(file)
    old.pragma('secure_delete = OFF')
    old.prepare('delete from attendees where id = ?').run(id)
    old.pragma('wal_checkpoint(TRUNCATE)')
    old.close()
    expect(holds(file, email, name)).toEqual([email, name])

    const copy = await backup(t)
    expect(holds(copy, email, name)).toEqual([])
    const rows = new Database(copy, { readonly: true })
    expect(rows.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(rows.prepare('select count(*) n from attendees').get()).toEqual({ n: 5 })
    rows.close()
  })
})

describe('a deletion of personal data on the Node server’s threads', () => {
  it('is checkpointed out of the WAL by the writer thread, retried while a reader holds an older snapshot, without holding the deletion', () => {
    // A worker thread loads its TypeScript through tsx, as under `npm start`: the fixture runs as a process.
    const file = join(scratchDir('cabildo-secure-threads-'), 'cabildo.db')
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/fixtures/secure-delete.ts', file], {
      encoding: 'utf8',
    })
    const seen = JSON.parse(out.trim().split('\n').at(-1)!)
    // Before the deletion, the marks were there (in the WAL, the checkpointer's copy, or both).
    expect(seen.before).toEqual(['email', 'name'])
    expect(seen.deleted).toBe(204)
    // The deletion was answered at once, not after a checkpoint waited on the reader (busy_timeout 5 s).
    expect(seen.deleteMs).toBeLessThan(1500)
    // While the reader held its snapshot the old frames could not go: they were still in the WAL.
    expect(seen.whileRead).toEqual(['email', 'name'])
    // Once it let go, a later attempt emptied the WAL, and nothing is left anywhere.
    expect(seen.walBytes).toBe(0)
    expect(seen.after).toEqual({ db: [], wal: [], backup: [] })
    expect(seen.registrations).toBe(5)
  }, 60_000)
})
