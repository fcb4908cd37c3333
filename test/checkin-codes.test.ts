import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openNodeDb } from '../db/client-node'
import { CODE_SPACE, codesWith, permutation, storedOf, tablesOf } from '../server/services/checkin-codes'
import { isCodeShaped } from '../server/services/token-seal'
import { migratedUpTo } from './fixtures/migrated'
import { sampleEvent, type TestApp, testApp } from './helpers'

const KEY = '00112233445566778899aabbccddeeff'
const OTHER_KEY = 'ffeeddccbbaa99887766554433221100'

const person = (n: number) => ({
  name: `Persona ${n}`,
  documentType: 'CC',
  documentNumber: String(10_000_000 + n * 7919),
  consent: true,
})

async function withEvent(slug = 'evento') {
  const t = await testApp()
  const res = await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug }) })
  expect(res.status, res.text).toBe(201)
  return t
}

const register = async (t: TestApp, n: number, slug = 'evento') => {
  const res = await t.call('POST', `/api/events/${slug}/attendance`, { body: person(n) })
  expect(res.status, res.text).toBe(201)
  return res.json as { id: string; checkinCode: string }
}

const door = (t: TestApp, code: string, slug = 'evento') =>
  t.call('POST', `/api/events/${slug}/checkins`, { token: t.adminToken, body: { code } })

const client = (t: TestApp) => (t.deps.db as unknown as { $client: Database.Database }).$client
const storedCodes = (t: TestApp) =>
  (
    client(t).prepare('select checkin_code from attendees order by created_at, id').all() as {
      checkin_code: string
    }[]
  ).map((r) => r.checkin_code)

describe('the permutation of check-in codes', () => {
  it('gives every number its own code and takes each code back to its number', async () => {
    const p = permutation(await tablesOf(KEY))
    const seen = new Set<number>()
    const numbers = [
      ...Array.from({ length: 20_000 }, (_, i) => i),
      CODE_SPACE - 1,
      CODE_SPACE - 2,
      123_456_789,
    ]
    for (const n of numbers) {
      const c = p.forward(n)
      expect(c).toBeGreaterThanOrEqual(0)
      expect(c).toBeLessThan(CODE_SPACE)
      expect(p.backward(c)).toBe(n)
      seen.add(c)
    }
    expect(seen.size).toBe(numbers.length)
  })

  it('spreads consecutive numbers over the whole space, differently under another key', async () => {
    const a = codesWith(KEY, await tablesOf(KEY))
    const b = codesWith(OTHER_KEY, await tablesOf(OTHER_KEY))
    const first = Array.from({ length: 200 }, (_, i) => a.shown(storedOf(i + 1)))
    for (const code of first) expect(isCodeShaped(code)).toBe(true)
    // Neither in order nor close: the first characters of 200 consecutive numbers take many values.
    expect(new Set(first.map((c) => c[0])).size).toBeGreaterThan(20)
    expect([...first].sort()).not.toEqual(first)
    const other = Array.from({ length: 200 }, (_, i) => b.shown(storedOf(i + 1)))
    expect(other.filter((c, i) => c === first[i]).length).toBeLessThan(3)
    // Found again from what is typed; a random code and an anonymised value are shown as they are.
    expect(a.storedFor(first[41])).toBe(storedOf(42))
    expect(a.shown('K7M2QX')).toBe('K7M2QX')
    expect(a.shown('anonymized:019a')).toBe('anonymized:019a')
    expect(a.storedFor('1.020.304')).toBeNull()
  })

  it('refuses a key that is not 32 hex digits', async () => {
    await expect(tablesOf('short')).rejects.toThrow(/32 hex digits/)
  })
})

describe('registrations and their codes', () => {
  it('issues each registration the next number, stored in order, its code unique and found at the door', async () => {
    const t = await withEvent()
    const regs = await Promise.all(Array.from({ length: 40 }, (_, i) => register(t, i)))
    const codes = regs.map((r) => r.checkinCode)
    expect(new Set(codes).size).toBe(40)
    for (const c of codes) expect(isCodeShaped(c)).toBe(true)
    // What the rows keep rises: each new entry goes at the end of the event's part of the index.
    expect([...storedCodes(t)].sort()).toEqual(Array.from({ length: 40 }, (_, i) => storedOf(i + 1)))
    expect(client(t).prepare('select issued from checkin_sequence').get()).toEqual({ issued: 40 })

    // Typed in lower case with a dash, as people read it out.
    const typed = `${codes[17].slice(0, 3).toLowerCase()}-${codes[17].slice(3)}`
    const res = await door(t, typed)
    expect(res.status, res.text).toBe(200)
    expect(res.json.attendee).toMatchObject({ id: regs[17].id, name: 'Persona 17', checkinCode: codes[17] })
    expect(res.json.alreadyCheckedIn).toBe(false)

    // The staff list shows the code the person holds, and finds the registration by it.
    const found = await t.call('GET', `/api/events/evento/attendance?q=${codes[3].toLowerCase()}`, {
      token: t.adminToken,
    })
    expect(
      found.json.attendees.map((a: { id: string; checkinCode: string }) => [a.id, a.checkinCode]),
    ).toEqual([[regs[3].id, codes[3]]])
    const csv = (await t.call('GET', '/api/events/evento/attendance?format=csv', { token: t.adminToken }))
      .text
    for (const c of codes) expect(csv).toContain(c)
    expect(csv).not.toContain('~0')
  })

  it('gives a retried registration its first code, and the same person again no new number', async () => {
    const t = await withEvent()
    const headers = { 'idempotency-key': 'reintento-0001-abcdefghijklmnop' }
    const first = await t.call('POST', '/api/events/evento/attendance', { body: person(1), headers })
    const again = await t.call('POST', '/api/events/evento/attendance', { body: person(1), headers })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.json.checkinCode).toBe(first.json.checkinCode)
    const twice = await t.call('POST', '/api/events/evento/attendance', { body: person(1) })
    expect([twice.status, twice.json.alreadyRegistered]).toEqual([200, true])
    expect(client(t).prepare('select issued from checkin_sequence').get()).toEqual({ issued: 1 })
  })

  it('never issues a deleted registration’s code again', async () => {
    const t = await withEvent()
    await register(t, 1)
    const last = await register(t, 2)
    const del = await t.call('DELETE', `/api/events/evento/attendance/${last.id}`, { token: t.adminToken })
    expect(del.status, del.text).toBe(204)
    const next = await register(t, 3)
    expect(next.checkinCode).not.toBe(last.checkinCode)
    const old = await door(t, last.checkinCode)
    expect([old.status, old.json.error.code]).toEqual([404, 'ATTENDEE_NOT_FOUND'])
    expect((await door(t, next.checkinCode)).json.attendee.id).toBe(next.id)
  })

  it('names the other event whose code the person shows, the codes being the installation’s', async () => {
    const t = await withEvent('anterior')
    const res = await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({ slug: 'evento' }),
    })
    expect(res.status, res.text).toBe(201)
    const before = await register(t, 1, 'anterior')
    const here = await register(t, 1, 'evento')
    expect(here.checkinCode).not.toBe(before.checkinCode)
    const miss = await door(t, before.checkinCode)
    expect(miss.status).toBe(404)
    expect(miss.json.error.message).toMatch(/^Ese código es de otro evento: «/)
  })

  it('keeps drawing codes at random for an event that had registrations before the sequence', async () => {
    const t = await withEvent()
    client(t).prepare("update events set checkin_codes = 'random' where slug = 'evento'").run()
    const regs = [await register(t, 1), await register(t, 2)]
    expect(storedCodes(t)).toEqual(regs.map((r) => r.checkinCode))
    expect(client(t).prepare('select issued from checkin_sequence').get()).toEqual({ issued: 0 })
    const res = await door(t, regs[1].checkinCode)
    expect(res.json.attendee).toMatchObject({ id: regs[1].id, checkinCode: regs[1].checkinCode })
    const found = await t.call('GET', `/api/events/evento/attendance?q=${regs[0].checkinCode}`, {
      token: t.adminToken,
    })
    expect(found.json.attendees.map((a: { id: string }) => a.id)).toEqual([regs[0].id])
  })
})

describe('migration 0027: check-in codes from a sequence', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('keeps random codes for the events with registrations, and draws the installation’s key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cabildo-codes-'))
    dirs.push(dir)
    // A database as it stood before 0027: two events, one with a registration.
    const { file, client: raw } = migratedUpTo(dir, '0026_password_change')
    raw.exec(`
      insert into entities (id, name, country, timezone) values ('ent', 'Entidad', 'CO', 'America/Bogota');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone)
        values ('e1', 'con-registros', 'ent', 'Con registros', '2026-11-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota'),
               ('e2', 'sin-registros', 'ent', 'Sin registros', '2026-11-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota');
      insert into attendees (id, event_id, name, token_hash, checkin_code, consent, created_at)
        values ('a1', 'e1', 'Ana', 'hash', 'K7M2QX', '{}', '2026-11-01T00:00:00Z');
    `)
    raw.close()

    const again = openNodeDb(file)
    const migrated = (again as unknown as { $client: Database.Database }).$client
    expect(migrated.prepare('select slug, checkin_codes from events order by slug').all()).toEqual([
      { slug: 'con-registros', checkin_codes: 'random' },
      { slug: 'sin-registros', checkin_codes: 'sequence' },
    ])
    const row = migrated.prepare('select id, key, issued from checkin_sequence').all() as { key: string }[]
    expect(row).toEqual([{ id: 1, key: expect.stringMatching(/^[0-9a-f]{32}$/), issued: 0 }])
    migrated.close()
  })
})

describe('the end of the codes', () => {
  it('refuses a registration past the last code rather than give it one that is not a code', async () => {
    const t = await withEvent()
    client(t)
      .prepare('update checkin_sequence set issued = ?')
      .run(CODE_SPACE - 2)
    const last = await register(t, 1)
    expect(isCodeShaped(last.checkinCode)).toBe(true)
    const past = await t.call('POST', '/api/events/evento/attendance', { body: person(2) })
    expect(past.status).toBe(500)
    expect(client(t).prepare('select count(*) as n from attendees').get()).toEqual({ n: 1 })
  })
})
