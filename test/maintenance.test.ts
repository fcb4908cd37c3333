import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { Db } from '../db/client'
import { openNodeDb } from '../db/client-node'
import { sqliteBackup } from '../server/backup-node'
import { countersReport } from '../server/services/maintenance'
import { scratchDir } from './fixtures/scratch'
import { sampleEvent, type TestApp, testApp } from './helpers'

const genders = ['mujer', 'hombre', 'no_binario']
const territories = ['Comuna 1', 'comuna  1', 'Comuná 1', 'El Poblado', 'Belén']

async function populated() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  const codes: string[] = []
  for (let i = 0; i < 24; i++) {
    const res = await t.call('POST', '/api/events/evento/attendance', {
      body: {
        name: `Persona ${i}`,
        documentType: 'CC',
        documentNumber: `1000${i}`,
        gender: genders[i % 3],
        territory: territories[i % territories.length],
        populationGroups: i % 4 ? ['campesino', 'victima'] : ['ninguno'],
        channel: 'voz_a_voz',
        linkChannel: i % 2 ? 'whatsapp' : 'algo-raro',
        consent: true,
      },
    })
    codes.push(res.json.checkinCode)
  }
  for (const code of codes.slice(0, 7))
    await t.call('POST', '/api/events/evento/checkins', { token: t.adminToken, body: { code } })
  const list = (await t.call('GET', '/api/events/evento/attendance', { token: t.adminToken })).json
  await t.call('DELETE', `/api/events/evento/attendance/${list.attendees[0].id}`, { token: t.adminToken })
  for (let i = 0; i < 30; i++) {
    const res = await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
      body: {
        deviceToken: `survey-device-${String(i).padStart(8, '0')}`,
        answers: {
          explicacion_procedimiento: 'clara',
          oportunidad_opinar: i % 2 ? 'adecuada' : 'inadecuada',
          tiempo_exposicion: 'adecuado',
          responde_intereses: 'si',
          muestra_resultados: 'si',
          calificacion_gestion: ['excelente', 'buena', 'regular'][i % 3],
          volveria_participar: 'si',
          ocupacion: i % 5 ? 'estudiante' : 'otra: Comerciante',
          medio_enterado: ['redes_sociales', 'voz_a_voz'],
          temas_proximo: i % 3 ? 'Vías rurales' : 'vias  RURALES!',
        },
      },
    })
    expect(res.status).toBe(201)
  }
  const q = await t.call('POST', '/api/events/evento/questions', {
    body: { type: 'pregunta', text: '¿Cuándo arreglan la vía?', anonymous: true },
  })
  await t.call('PATCH', `/api/questions/${q.json.id}`, { token: t.adminToken, body: { status: 'approved' } })
  for (let i = 0; i < 6; i++)
    await t.call('POST', `/api/events/evento/questions/${q.json.id}/votes`, {
      body: {},
      headers: { 'x-device-token': `voter-device-${String(i).padStart(6, '0')}` },
    })
  return t
}

type Row = Record<string, unknown>
const rows = async (db: Db, table: string) =>
  (await db.all<Row>(sql.raw(`select * from ${table} where count != 0 order by 1, 2, 3, 4`))) as Row[]
const snapshot = async (db: Db) => ({
  attendance: await rows(db, 'attendance_counters'),
  forms: await rows(db, 'form_counters'),
  texts: await rows(db, 'form_texts'),
  votes: await db.all(sql`select id, votes from questions order by id`),
})
const report = (t: TestApp, rebuild = false) =>
  countersReport(t.deps.db, { rebuild, actor: 'test', now: t.deps.now })

describe('rebuilding counters from the raw rows', () => {
  it('finds nothing to fix when every counter moved in its submission’s commit', async () => {
    const t = await populated()
    const r = await report(t)
    expect(r.ok).toBe(true)
    expect(r.events[0].drift).toEqual([])
  })

  it('reports corrupted counters and rewrites them to exactly what the raw rows say', async () => {
    const t = await populated()
    const db = t.deps.db
    const before = await snapshot(db)
    expect(before.forms.find((r) => r.question_id === '')?.count).toBe(30)
    await db.run(sql`update attendance_counters set count = count + 40 where dimension = 'registered'`)
    await db.run(sql`delete from attendance_counters where dimension = 'territory' and value = 'el poblado'`)
    await db.run(sql`update attendance_counters set count = 0 where dimension = 'checked_in'`)
    await db.run(sql`insert into attendance_counters select id, 'gender', 'inventado', null, 3 from events`)
    await db.run(sql`update form_counters set count = count * 2 where question_id = 'calificacion_gestion'`)
    await db.run(sql`update form_counters set count = 1 where form_id like '%/evaluacion'`)
    await db.run(sql`update form_texts set count = 99`)
    await db.run(sql`update questions set votes = 1000`)

    const found = await report(t)
    expect(found.ok).toBe(false)
    const tables = new Set(found.events[0].drift.map((d) => d.table))
    expect([...tables].sort()).toEqual([
      'attendance_counters',
      'form_counters',
      'form_texts',
      'questions.votes',
    ])
    expect(found.events[0].drift).toContainEqual({
      table: 'attendance_counters',
      key: 'registered/',
      stored: 63,
      actual: 23,
    })

    const fixed = await report(t, true)
    expect(fixed.events[0].rebuilt).toBe(true)
    expect((await report(t)).events[0].drift).toEqual([])
    const after = await snapshot(db)
    expect(after).toEqual(before)
    const audit = await t.call('GET', '/api/audit', { token: t.adminToken })
    expect(audit.json.entries.at(-1)).toMatchObject({ action: 'counters.rebuild', actor: 'test' })
  })

  it('agrees with counts taken straight from the raw rows with SQL', async () => {
    const t = await populated()
    const db = t.deps.db
    await db.run(sql`update attendance_counters set count = 1`)
    await db.run(sql`update form_counters set count = 1`)
    await report(t, true)
    const counter = async (dimension: string, value = '') =>
      (
        await db.all<{ count: number }>(
          sql`select count from attendance_counters where dimension = ${dimension} and value = ${value}`,
        )
      )[0]?.count ?? 0
    const raw = async (q: string) => (await db.all<{ n: number }>(sql.raw(q)))[0].n
    expect(await counter('registered')).toBe(await raw('select count(*) n from attendees'))
    expect(await counter('checked_in')).toBe(
      await raw('select count(*) n from attendees where checked_in_at is not null'),
    )
    expect(await counter('gender', 'mujer')).toBe(
      await raw(`select count(*) n from attendees where gender = 'mujer'`),
    )
    expect(await counter('populationGroups', 'victima')).toBe(
      await raw(`select count(*) n from attendees, json_each(population_groups) j where j.value = 'victima'`),
    )
    const formCount = async (question: string, value: string) =>
      (
        await db.all<{ count: number }>(
          sql`select sum(count) count from form_counters where question_id = ${question} and value = ${value} and form_id not like '%/%'`,
        )
      )[0].count
    expect(await formCount('', '')).toBe(await raw('select count(*) n from form_responses'))
    expect(await formCount('calificacion_gestion', 'buena')).toBe(
      await raw(`select count(*) n from form_responses where answers ->> '$.calificacion_gestion' = 'buena'`),
    )
    expect(await formCount('medio_enterado', 'voz_a_voz')).toBe(
      await raw(
        `select count(*) n from form_responses r, json_each(r.answers, '$.medio_enterado') j where j.value = 'voz_a_voz'`,
      ),
    )
  })

  it('stays exact when submissions keep arriving while it rebuilds', async () => {
    const t = await populated()
    await t.deps.db.run(sql`update attendance_counters set count = 0`)
    await t.deps.db.run(sql`update form_counters set count = 0`)
    const more = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? t.call('POST', '/api/events/evento/attendance', {
            body: { name: `Tarde ${i}`, email: `tarde${i}@x.co`, gender: 'mujer', consent: true },
          })
        : t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
            body: {
              deviceToken: `late-device-${String(i).padStart(6, '0')}`,
              answers: { ...baseAnswers, calificacion_gestion: 'mala' },
            },
          }),
    )
    const [rebuilt, ...answers] = await Promise.all([report(t, true), ...more])
    expect(answers.every((a) => a.status === 201)).toBe(true)
    expect(rebuilt.ok).toBe(true)
    expect((await report(t)).events[0].drift).toEqual([])
  })
})

const baseAnswers = {
  explicacion_procedimiento: 'clara',
  oportunidad_opinar: 'adecuada',
  tiempo_exposicion: 'adecuado',
  responde_intereses: 'si',
  muestra_resultados: 'si',
  volveria_participar: 'si',
}

describe('the maintenance commands and endpoints', () => {
  const root = new URL('../', import.meta.url).pathname
  const cli = (...args: string[]) =>
    spawnSync(join(root, 'node_modules/.bin/tsx'), ['server/cli.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
    })

  it('rebuild counters and report the first broken link of the audit chain on a database file', async () => {
    const file = join(scratchDir('cabildo-maint-'), 'cabildo.db')
    const t = await testApp({ deps: { db: openNodeDb(file) } })
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    await t.call('POST', '/api/events/evento/attendance', {
      body: { name: 'Ana', email: 'ana@correo.co', gender: 'mujer', consent: true },
    })
    await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { place: 'Auditorio' } })
    await t.deps.db.run(sql`update attendance_counters set count = 9`)

    const check = cli('check-counters', '--db', file)
    expect(check.status).toBe(1)
    expect(check.stdout).toMatch(/evento: [\d.]+ contador(es)? no coincidía(n)?/)
    const rebuild = cli('rebuild-counters', '--db', file, '--json')
    expect(rebuild.status, rebuild.stderr).toBe(0)
    expect(JSON.parse(rebuild.stdout).events[0]).toMatchObject({ slug: 'evento', rebuilt: true })
    expect(cli('check-counters', '--db', file).status).toBe(0)

    const intact = cli('audit-verify', '--db', file)
    expect(intact.status).toBe(0)
    // The head to write down, and checked against later.
    const head = /Huella para anotar fuera de Cabildo \(acta, correo firmado\): (\d+:[0-9a-f]{64})/.exec(
      intact.stdout,
    )![1]
    expect(cli('audit-verify', '--db', file, '--huella', head).status).toBe(0)
    expect(
      cli('audit-verify', '--db', file, '--huella', `${head.split(':')[0]}:${'0'.repeat(64)}`).status,
    ).toBe(1)
    expect(cli('audit-verify', '--db', file, '--huella', 'no').status).toBe(2)
    await t.deps.db.run(sql`update audit_log set data = '{"place":"Otro sitio"}' where seq = 2`)
    const broken = cli('audit-verify', '--db', file)
    expect(broken.status).toBe(1)
    expect(broken.stdout).toContain(
      'Cadena de auditoría ROTA en la entrada 2: el hash no corresponde al contenido',
    )
    expect(cli('backup', join(file, '..', 'sin-base.db'), '--db', join(file, '..', 'nada.db')).status).toBe(2)
    // A folder that does not exist is named, not a stack trace.
    const nowhere = cli('backup', join(file, '..', 'no-existe', 'copia.db'), '--db', file)
    expect(nowhere.status).toBe(2)
    expect(nowhere.stderr).toMatch(/^La carpeta .*no-existe no existe; créela antes o elija otra\.\n$/)
    // Mistakes are told apart from findings (exit 2, not 1) and said in Spanish, without a stack trace.
    const unknown = cli('check-counters', '--event', 'no-existe', '--db', file)
    expect([unknown.status, unknown.stderr]).toEqual([2, `No hay un evento «no-existe» en ${file}.\n`])
    const misspelt = cli('check-counters', '--evento', 'x', '--db', file)
    expect(misspelt.status).toBe(2)
    expect(misspelt.stderr).toMatch(/^Opción no reconocida: --evento\./)
    // A path typed wrong onto an empty file is refused, not migrated and reported as an intact chain.
    const empty = join(file, '..', 'vacia.db')
    writeFileSync(empty, '')
    const refused = cli('audit-verify', '--db', empty)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/no es una base de datos de Cabildo/)
    expect(readFileSync(empty).length).toBe(0)
  }, 60_000)

  it('read the paths typed after npm run from the folder they were typed in, not the project’s', async () => {
    const here = scratchDir('cabildo-here-')
    const t = await testApp({ deps: { db: openNodeDb(join(here, 'cabildo.db')) } })
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    // npm sets INIT_CWD to the folder where `npm run backup -- copia.db --db cabildo.db` was typed.
    const copy = spawnSync(
      join(root, 'node_modules/.bin/tsx'),
      ['server/cli.ts', 'backup', 'copia.db', '--db', 'cabildo.db'],
      { cwd: root, encoding: 'utf8', env: { ...process.env, INIT_CWD: here } },
    )
    expect(copy.status, copy.stderr).toBe(0)
    expect(copy.stdout).toContain(`Copia escrita en ${join(here, 'copia.db')}`)
    expect(existsSync(join(root, 'copia.db'))).toBe(false)
    expect(await openNodeDb(join(here, 'copia.db')).all(sql`select slug from events`)).toEqual([
      { slug: 'evento' },
    ])
  })

  it('check a backup without changing a byte of it, and leave no journal beside it', async () => {
    const dir = scratchDir('cabildo-check-copy-')
    const t = await testApp({ deps: { db: openNodeDb(join(dir, 'cabildo.db')) } })
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    await t.call('POST', '/api/events/evento/attendance', {
      body: { name: 'Ana', email: 'ana@correo.co', gender: 'mujer', consent: true },
    })
    const copy = join(dir, 'copia.db')
    expect(cli('backup', copy, '--db', join(dir, 'cabildo.db')).status).toBe(0)
    const digest = () => createHash('sha256').update(readFileSync(copy)).digest('hex')
    const before = digest()
    for (const args of [
      ['audit-verify'],
      ['check-counters'],
      ['anonymize', '--dry-run', '--older-than', '1'],
    ]) {
      const run = cli(...args, '--db', copy)
      expect(run.status, `${args[0]}: ${run.stderr}`).toBe(0)
    }
    // Kept as evidence: the same bytes, still in the journal mode the copy was written in.
    expect(digest()).toBe(before)
    expect(readdirSync(dir).filter((f) => f.startsWith('copia.db'))).toEqual(['copia.db'])
  }, 60_000)

  it('stream a backup on Node and answer with D1 Time Travel on Workers, for admins only', async () => {
    const t = await testApp()
    t.deps.backup = sqliteBackup(t.deps.db)
    await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
    const res = await t.app.request('/api/admin/backup', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.sqlite3')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(new TextDecoder().decode(bytes.slice(0, 15))).toBe('SQLite format 3')
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length)
    const file = join(scratchDir('cabildo-copy-'), 'copia.db')
    writeFileSync(file, bytes)
    const copy = openNodeDb(file)
    expect(await copy.all(sql`select slug from events`)).toEqual([{ slug: 'evento' }])
    const audit = await t.call('GET', '/api/audit', { token: t.adminToken })
    expect(audit.json.entries.at(-1)).toMatchObject({ action: 'database.backup' })

    t.deps.backup = undefined
    const workers = await t.call('POST', '/api/admin/backup', { token: t.adminToken })
    expect(workers.json.backup).toBe('d1-time-travel')
    expect(workers.json.commands.restore).toBe(
      'npx wrangler d1 time-travel restore DB --timestamp=2026-11-21T15:00:00.000Z',
    )
    const analyst = await t.staffToken('analyst')
    expect((await t.call('POST', '/api/admin/backup', { token: analyst })).status).toBe(403)
    expect((await t.call('GET', '/api/admin/counters', { token: analyst })).status).toBe(403)
    const counters = await t.call('GET', '/api/admin/counters?slug=evento', { token: t.adminToken })
    expect(counters.json).toEqual({ ok: true, events: [{ slug: 'evento', drift: [], rebuilt: false }] })
    const missing = await t.call('POST', '/api/admin/counters/rebuild', {
      token: t.adminToken,
      body: { slug: 'no' },
    })
    expect(missing.json.error.code).toBe('EVENT_NOT_FOUND')
  })
})

describe('starting the Node server with a mistake in its settings', () => {
  const root = new URL('../', import.meta.url).pathname
  const start = (env: Record<string, string>) =>
    spawnSync(join(root, 'node_modules/.bin/tsx'), ['server/node.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        CABILDO_DB: join(scratchDir('cabildo-start-'), 'c.db'),
        ...env,
      },
      timeout: 60_000,
    })

  it('says what is wrong in one Spanish line and exits 1, with no stack trace', () => {
    const rule = start({ CABILDO_RATE_LIMIT_IP: '600' })
    expect([rule.status, rule.stderr]).toEqual([
      1,
      'Cabildo no pudo arrancar: Límite de tasa inválido: "600" (use p. ej. 600/60)\n',
    ])
    const short = start({ CABILDO_ADMIN_PASSWORD: 'corta' })
    expect([short.status, short.stderr]).toEqual([
      1,
      'Cabildo no pudo arrancar: CABILDO_ADMIN_PASSWORD debe tener al menos 10 caracteres.\n',
    ])
  }, 60_000)
})
