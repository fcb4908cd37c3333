import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { openNodeDb } from '../db/client-node'
import { forms } from '../db/schema'
import type { CreateEventInput } from '../server/schemas/events'
import { definitionSchema } from '../server/schemas/surveys'
import { resolveEntity } from '../server/services/entities'
import { responsesPage } from '../server/services/response-export'
import { migratedUpTo } from './fixtures/migrated'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A database file migrated up to `tag` (`migratedUpTo`), in a directory removed after the test. */
function migratedFile(tag: string) {
  const dir = mkdtempSync(join(tmpdir(), 'cabildo-migration-'))
  dirs.push(dir)
  return migratedUpTo(dir, tag)
}

describe('migration 0005: answers on the response row', () => {
  it('moves every form_answers row into its response JSON, exactly, and drops form_answers', async () => {
    const { file, client } = migratedFile('0004_green_saracen')
    const definition = {
      title: 'Evaluación',
      questions: [
        { id: 'genero', type: 'single', label: 'Género', required: false, sensitive: true, options: [] },
        { id: 'medio', type: 'multi', label: 'Medio', required: false, sensitive: false, options: [] },
        { id: 'nota', type: 'scale', label: 'Nota', required: false, sensitive: false },
        { id: 'comentarios', type: 'long_text', label: 'Comentarios', required: false, sensitive: false },
      ],
    }
    client.exec(`
      insert into entities (id, name, country, timezone) values ('ent', 'Entidad', 'CO', 'America/Bogota');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status)
        values ('ev', 'evento', 'ent', 'Evento', '2026-11-21T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'open');
    `)
    client
      .prepare(
        `insert into forms (id, event_id, key, version, "current", definition, created_at) values ('f1', 'ev', 'evaluacion', 1, 1, ?, '2026-11-21T15:00:00Z')`,
      )
      .run(JSON.stringify(definition))
    const text = 'Línea 1\nLínea 2 — ñ 😀 "comillas" \\ barra\t</script>'
    // As the old write path stored them: one row per answered question, the value as JSON text.
    const responses: Record<string, { answers: Record<string, unknown>; others: Record<string, string> }> = {
      '019a0000-0000-7000-8000-000000000001': {
        answers: { genero: 'mujer', medio: ['radio', 'otra'], nota: 4, comentarios: text },
        others: { medio: 'Perifoneo "en" la calle' },
      },
      '019a0000-0000-7000-8000-000000000002': { answers: { genero: 'otra' }, others: { genero: 'Él' } },
      '019a0000-0000-7000-8000-000000000003': { answers: { nota: 1, medio: ['tv'] }, others: {} },
      // A response whose every question was optional and left blank: no answer rows at all.
      '019a0000-0000-7000-8000-000000000004': { answers: {}, others: {} },
    }
    const response = client.prepare(
      `insert into form_responses (id, form_id, event_id, submitted_at) values (?, 'f1', 'ev', '2026-11-21T15:00:00Z')`,
    )
    const answer = client.prepare(
      `insert into form_answers (response_id, form_id, question_id, value, other) values (?, 'f1', ?, ?, ?)`,
    )
    for (const [id, r] of Object.entries(responses)) {
      response.run(id)
      for (const [q, v] of Object.entries(r.answers))
        answer.run(id, q, JSON.stringify(v), r.others[q] ?? null)
    }
    client.close()

    // The app's own opening applies what is left: the new migration.
    const db = openNodeDb(file)
    const rows = await db.all<{ id: string; answers: string; others: string | null }>(
      sql`select id, answers, others from form_responses order by id`,
    )
    expect(rows.map((r) => r.id)).toEqual(Object.keys(responses))
    for (const r of rows) {
      const want = responses[r.id]
      expect(JSON.parse(r.answers)).toEqual(want.answers)
      if (Object.keys(want.others).length) expect(JSON.parse(r.others ?? 'null')).toEqual(want.others)
      else expect(r.others).toBeNull()
    }
    // The values keep their JSON types: a number stays a number, a list a list.
    expect(
      await db.all(
        sql`select json_type(answers, '$.nota') nota, json_type(answers, '$.medio') medio from form_responses where id like '%1'`,
      ),
    ).toEqual([{ nota: 'integer', medio: 'array' }])
    expect(await db.all(sql`select name from sqlite_master where name like 'form_answers%'`)).toEqual([])

    // And the export reads them back as the API gave them before the move.
    const versions = await db.select().from(forms)
    const page = await responsesPage(db, versions, undefined, 10)
    expect(page.responses.map((r) => ({ answers: r.answers, others: r.others }))).toEqual(
      Object.values(responses),
    )
  })
})

describe('migration 0007: the receipt time of each radicado series', () => {
  it('fills each series with the latest receipt of its own entity and year', async () => {
    const { file, client } = migratedFile('0006_fixed_gamma_corps')
    client.exec(`
      insert into entities (id, name, country, timezone) values ('a', 'Entidad A', 'CO', 'America/Bogota');
      insert into entities (id, name, country, timezone) values ('b', 'Entidad B', 'CO', 'America/Bogota');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status)
        values ('ev', 'evento', 'a', 'Evento', '2025-11-21T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'open');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status)
        values ('ev2', 'otro', 'b', 'Otro', '2026-11-21T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'open');
      insert into radicado_series (entity_id, year, last) values ('a', 2025, 2), ('a', 2026, 1), ('b', 2026, 1);
    `)
    const question = client.prepare(`
      insert into questions (id, event_id, entity_id, year, seq, radicado, type, term_days, text, channel,
        received_by, received_at, due_date, receipt_token, constancia)
      values (?, ?, ?, ?, ?, ?, 'peticion', 15, 'Texto', 'widget', 'Cabildo', ?, '2027-01-15', ?, '{}')`)
    const rows = [
      ['q1', 'ev', 'a', 2025, 1, 'A-2025-000001', '2025-11-21T15:00:00.100Z'],
      ['q2', 'ev', 'a', 2025, 2, 'A-2025-000002', '2025-12-31T23:00:00.000Z'],
      ['q3', 'ev', 'a', 2026, 1, 'A-2026-000001', '2026-01-02T10:00:00.000Z'],
      ['q4', 'ev2', 'b', 2026, 1, 'B-2026-000001', '2026-11-21T15:00:00.000Z'],
    ] as const
    for (const r of rows) question.run(...r, `token-${r[0]}`)
    client.close()

    const db = openNodeDb(file)
    expect(
      await db.all(sql`select entity_id, year, last, last_received_at from radicado_series order by 1, 2`),
    ).toEqual([
      { entity_id: 'a', year: 2025, last: 2, last_received_at: '2025-12-31T23:00:00.000Z' },
      { entity_id: 'a', year: 2026, last: 1, last_received_at: '2026-01-02T10:00:00.000Z' },
      { entity_id: 'b', year: 2026, last: 1, last_received_at: '2026-11-21T15:00:00.000Z' },
    ])
  })
})

describe('migration 0008: one entity per radicado prefix', () => {
  it('leaves a shared prefix with the entity that filed under it, and then refuses a second one', async () => {
    const { file, client } = migratedFile('0007_shiny_silver_sable')
    client.exec(`
      insert into entities (id, name, country, timezone, radicado_prefix, created_at) values
        ('old', 'Secretaría de Deportes y Educación', 'CO', 'America/Bogota', 'SDE', '2026-01-01T00:00:00.000Z'),
        ('filed', 'Secretaría de Desarrollo Económico', 'CO', 'America/Bogota', 'SDE', '2026-02-01T00:00:00.000Z'),
        ('late', 'Secretaría de Deportes Escolares', 'CO', 'America/Bogota', 'SDE', '2026-03-01T00:00:00.000Z'),
        ('x', 'Alcaldía de Ejemplo', 'CO', 'America/Bogota', 'AE', '2026-03-01T00:00:00.000Z'),
        ('y', 'Alcaldía de Yopal', 'CO', 'America/Bogota', 'AY', '2026-04-01T00:00:00.000Z'),
        ('z', 'Alcaldía de Zipaquirá', 'CO', 'America/Bogota', 'AY', '2026-03-01T00:00:00.000Z'),
        ('none', 'Entidad sin prefijo', 'CO', 'America/Bogota', null, '2026-03-01T00:00:00.000Z');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status)
        values ('ev', 'evento', 'filed', 'Evento', '2026-11-21T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'open');
      insert into questions (id, event_id, entity_id, year, seq, radicado, type, term_days, text, channel,
        received_by, received_at, due_date, receipt_token, constancia)
      values ('q1', 'ev', 'filed', 2026, 1, 'SDE-2026-000001', 'peticion', 15, 'Texto', 'widget', 'Cabildo',
        '2026-11-21T15:00:00.000Z', '2026-12-14', 'token-q1', '{}');
    `)
    client.close()

    const db = openNodeDb(file)
    // The one whose radicados carry it keeps it, even though another was created first; with none filed,
    // the oldest keeps it. The others file under the initials of their name again.
    expect(await db.all(sql`select id, radicado_prefix as p from entities order by id`)).toEqual([
      { id: 'filed', p: 'SDE' },
      { id: 'late', p: null },
      { id: 'none', p: null },
      { id: 'old', p: null },
      { id: 'x', p: 'AE' },
      { id: 'y', p: null },
      { id: 'z', p: 'AY' },
    ])
    const raw = (db as unknown as { $client: Database.Database }).$client
    expect(() => raw.prepare(`update entities set radicado_prefix = 'SDE' where id = 'old'`).run()).toThrow(
      /UNIQUE constraint failed: entities\.radicado_prefix/,
    )
  })
})

describe('migration 0009: a radicado prefix scheduled for a later year', () => {
  it('keeps every entity and its prefix, with nothing scheduled, and reserves a scheduled prefix', async () => {
    const { file, client } = migratedFile('0008_condemned_juggernaut')
    client.exec(`
      insert into entities (id, name, country, timezone, radicado_prefix) values
        ('sde', 'Secretaría de Desarrollo Económico', 'CO', 'America/Bogota', 'SDE'),
        ('gad', 'GAD Parroquial de Prueba', 'EC', 'America/Guayaquil', null);
    `)
    client.close()

    const db = openNodeDb(file)
    expect(
      await db.all(
        sql`select id, radicado_prefix as p, radicado_prefix_next as n, radicado_prefix_next_year as y from entities order by id`,
      ),
    ).toEqual([
      { id: 'gad', p: null, n: null, y: null },
      { id: 'sde', p: 'SDE', n: null, y: null },
    ])
    const raw = (db as unknown as { $client: Database.Database }).$client
    raw
      .prepare(
        `update entities set radicado_prefix_next = 'NUEVO', radicado_prefix_next_year = 2027 where id = 'sde'`,
      )
      .run()
    // Another entity can neither schedule nor have it, nor may one schedule a prefix another has.
    for (const change of [
      `update entities set radicado_prefix_next = 'NUEVO', radicado_prefix_next_year = 2027 where id = 'gad'`,
      `update entities set radicado_prefix = 'NUEVO' where id = 'gad'`,
      `insert into entities (id, name, country, timezone, radicado_prefix) values ('x', 'X', 'CO', 'America/Bogota', 'NUEVO')`,
      `update entities set radicado_prefix_next = 'SDE', radicado_prefix_next_year = 2027 where id = 'gad'`,
    ])
      expect(() => raw.prepare(change).run()).toThrow(/entities_radicado_prefix_uq/)
    // The entity that scheduled it takes it.
    raw
      .prepare(`update entities set radicado_prefix = 'NUEVO', radicado_prefix_next = null where id = 'sde'`)
      .run()
  })
})

describe('migration 0011: the close date and the anonymised registrations', () => {
  it('dates the close of an event closed before it at its last change, and leaves the others undated', async () => {
    const { file, client } = migratedFile('0010_same_boomer')
    client.exec(`
      insert into entities (id, name, country, timezone) values ('e', 'Entidad', 'CO', 'America/Bogota');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status, created_at, updated_at) values
        ('a', 'cerrado', 'e', 'A', '2025-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'closed', '2025-02-01T00:00:00.000Z', '2025-03-02T10:00:00.000Z'),
        ('b', 'nunca-editado', 'e', 'B', '2025-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'closed', '2025-02-01T00:00:00.000Z', null),
        ('c', 'abierto', 'e', 'C', '2025-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'open', '2025-02-01T00:00:00.000Z', '2025-03-02T10:00:00.000Z');
    `)
    client.close()
    const db = openNodeDb(file)
    expect(await db.all(sql`select slug, closed_at from events order by id`)).toEqual([
      { slug: 'cerrado', closed_at: '2025-03-02T10:00:00.000Z' },
      { slug: 'nunca-editado', closed_at: '2025-02-01T00:00:00.000Z' },
      { slug: 'abierto', closed_at: null },
    ])
    expect(
      await db.all(sql`select count(*) n from pragma_table_info('attendees') where name = 'anonymized_at'`),
    ).toEqual([{ n: 1 }])
  })
})

describe('migration 0012: the digits each NIT is matched by', () => {
  it('keys each NIT by its digits, and leaves the key to the oldest of entities that already share them', async () => {
    const { file, client } = migratedFile('0011_retention')
    client.exec(`
      insert into entities (id, name, nit, country, timezone, created_at) values
        ('b', 'Alcaldía de Ejemplo', '890480184-4', 'CO', 'America/Bogota', '2026-02-01T00:00:00.000Z'),
        ('a', 'Alcaldía de Ejemplo', '890.480.184-4', 'CO', 'America/Bogota', '2026-01-01T00:00:00.000Z'),
        ('c', 'Alcaldía de Ejemplo', '8904801844', 'CO', 'America/Bogota', '2026-01-01T00:00:00.000Z'),
        ('d', 'Sin NIT', null, 'CO', 'America/Bogota', '2026-01-01T00:00:00.000Z'),
        ('e', 'NIT en trámite', 'N/A', 'CO', 'America/Bogota', '2026-01-01T00:00:00.000Z'),
        ('f', 'GAD Municipal', '1760001550001', 'EC', 'America/Guayaquil', '2026-01-01T00:00:00.000Z'),
        ('g', 'Secretaría', 'NIT 899 999 061 – 9', 'CO', 'America/Bogota', '2026-01-01T00:00:00.000Z');
    `)
    client.close()

    const db = openNodeDb(file)
    // Each keeps its NIT as typed (its events' privacy notices name it); only the key is new.
    expect(await db.all(sql`select id, nit, nit_key as k from entities order by id`)).toEqual([
      { id: 'a', nit: '890.480.184-4', k: '8904801844' },
      { id: 'b', nit: '890480184-4', k: null },
      { id: 'c', nit: '8904801844', k: null },
      { id: 'd', nit: null, k: null },
      { id: 'e', nit: 'N/A', k: null },
      { id: 'f', nit: '1760001550001', k: '1760001550001' },
      { id: 'g', nit: 'NIT 899 999 061 – 9', k: '8999990619' },
    ])
    // A new event of the office finds the oldest, however its NIT is typed.
    const input = (nit: string) =>
      ({ title: 'Evento', entity: { name: 'Alcaldía', nit }, country: 'CO' }) as CreateEventInput
    for (const nit of ['890480184-4', '8904801844', '890480184'])
      expect((await resolveEntity(db, input(nit), 'admin')).entityId).toBe('a')
    expect((await resolveEntity(db, input('899.999.061-9'), 'admin')).entityId).toBe('g')
    const raw = (db as unknown as { $client: Database.Database }).$client
    expect(() => raw.prepare(`update entities set nit_key = '8904801844' where id = 'b'`).run()).toThrow(
      /UNIQUE constraint failed: entities\.nit_key/,
    )
  })
})

describe('migration 0013: the document series in the person key', () => {
  it('puts each registration’s document series in its key, the CC, TI, RC and NUIP one series', async () => {
    const { file, client } = migratedFile('0012_nit_key')
    const row = (id: string, key: string | null, type: string | null, doc: string | null) =>
      `('${id}', 'v', ${key === null ? 'null' : `'${key}'`}, 'P', ${type === null ? 'null' : `'${type}'`}, ` +
      `${doc === null ? 'null' : `'${doc}'`}, 'h${id}', 'C${id}', '{}', '2026-01-01T00:00:00.000Z')`
    client.exec(`
      insert into entities (id, name, country, timezone) values ('e', 'Entidad', 'CO', 'America/Bogota');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status, created_at) values
        ('v', 'evento', 'e', 'A', '2025-03-01T15:00:00Z', 'presencial', 'CO', 'America/Bogota', 'open', '2025-02-01T00:00:00.000Z');
      insert into attendees (id, event_id, person_key, name, document_type, document_number, token_hash, checkin_code, consent, created_at) values
        ${[
          row('a', 'doc:1020304050', 'CC', '1.020.304.050'),
          row('b', 'doc:99887766', 'TI', '99887766'),
          row('c', 'doc:1020304051', 'CE', '1020304051'),
          row('d', 'doc:AB12345', 'PA', 'AB-12345'),
          row('f', 'doc:1712345678', 'CI', '1712345678'),
          row('g', 'email:ana@example.co', null, null),
          row('h', null, null, null),
        ].join(',\n')};
    `)
    client.close()
    const db = openNodeDb(file)
    expect(await db.all(sql`select id, person_key as k from attendees order by id`)).toEqual([
      { id: 'a', k: 'doc:CO:1020304050' },
      { id: 'b', k: 'doc:CO:99887766' },
      { id: 'c', k: 'doc:CE:1020304051' },
      { id: 'd', k: 'doc:PA:AB12345' },
      { id: 'f', k: 'doc:CI:1712345678' },
      { id: 'g', k: 'email:ana@example.co' },
      { id: 'h', k: null },
    ])
  })
})

describe('migration 0017: every event has its evaluation form', () => {
  it('gives each event without one its country’s form, once, and leaves the forms events have', async () => {
    const { file, client } = migratedFile('0016_user_entities')
    client.exec(`
      insert into entities (id, name, country, timezone) values ('e', 'Entidad', 'CO', 'America/Bogota'),
        ('q', 'Municipio de Quito', 'EC', 'America/Guayaquil');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status, created_at) values
        ('co', 'sin-formulario', 'e', 'A', '2025-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'open', '2025-02-01T00:00:00.000Z'),
        ('ec', 'quito', 'q', 'B', '2025-03-01T15:00:00Z', 'virtual', 'EC', 'America/Guayaquil', 'draft', '2025-02-01T00:00:00.000Z'),
        ('own', 'con-formulario', 'e', 'C', '2025-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'closed', '2025-02-01T00:00:00.000Z'),
        ('other', 'otro-formulario', 'e', 'D', '2025-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'open', '2025-02-01T00:00:00.000Z');
      insert into forms (id, event_id, key, version, "current", definition, created_at) values
        ('f1', 'own', 'evaluacion', 1, 0, '{"title":"Vieja","questions":[]}', '2025-02-01T00:00:00.000Z'),
        ('f2', 'own', 'evaluacion', 2, 1, '{"title":"Nueva","questions":[]}', '2025-02-02T00:00:00.000Z'),
        ('f3', 'other', 'extra', 1, 1, '{"title":"Otra","questions":[]}', '2025-02-01T00:00:00.000Z');
    `)
    client.close()
    const before = Date.now()
    const db = openNodeDb(file)
    const after = Date.now()
    const rows = await db.select().from(forms).orderBy(forms.eventId, forms.key, forms.version)
    expect(rows.map((f) => [f.eventId, f.key, f.version, f.current])).toEqual([
      ['co', 'evaluacion', 1, true],
      ['ec', 'evaluacion', 1, true],
      ['other', 'evaluacion', 1, true],
      ['other', 'extra', 1, true],
      ['own', 'evaluacion', 1, false],
      ['own', 'evaluacion', 2, true],
    ])
    const made = rows.filter((f) => !['f1', 'f2', 'f3'].includes(f.id))
    expect(made).toHaveLength(3)
    for (const f of made) {
      // The form a new event gets, as the question bank has it: open to answers, with no embargo.
      expect(definitionSchema.safeParse(f.definition).success, f.eventId).toBe(true)
      expect(f.open, f.eventId).toBe(true)
      expect(f.embargoUntil).toBeNull()
      // A UUIDv7 of the moment of the migration, as newId() makes.
      expect(f.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      const ms = Number.parseInt(f.id.replaceAll('-', '').slice(0, 12), 16)
      expect(ms).toBeGreaterThanOrEqual(before - 1)
      expect(ms).toBeLessThanOrEqual(after + 1)
      expect(Date.parse(f.createdAt)).toBeGreaterThanOrEqual(before - 1)
      expect(f.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    }
    expect(new Set(made.map((f) => f.id)).size).toBe(3)
    // In its country's version: Ecuador's self-identification groups, Colombia's ethnic groups.
    const options = (eventId: string) =>
      JSON.stringify(made.find((f) => f.eventId === eventId)!.definition.questions.map((q) => q.options))
    expect(options('ec')).toContain('montubio')
    expect(options('co')).not.toContain('montubio')
    expect(options('co')).toContain('palenquero')
    const ours = (await openNodeDb(file).select().from(forms)).length
    expect(ours).toBe(6)
  })
})

describe('migration 0019: when each question was forwarded', () => {
  it('dates a question forwarded before it at its forwarding in the audit log, a duplicate at its primary’s', async () => {
    const { file, client } = migratedFile('0017_evaluation_forms')
    const question = (id: string, seq: number, status: string, mergedInto: string | null) =>
      `('${id}', 'ev', 'e', 2025, ${seq}, 'E-2025-00000${seq}', 'peticion', 15, 'Texto', 'widget', 'Cabildo', '${status}', ${mergedInto ? `'${mergedInto}'` : 'null'}, 'tok${seq}', '{}', '2025-03-03T15:00:00.000Z', '2025-03-25')`
    const audit = (seq: number, subject: string, action: string, data: string, at: string) =>
      `(${seq}, 'a${seq}', '${at}', 'user:u', '${action}', 'question', '${subject}', 'ev', '${data}', 'p', 'h${seq}')`
    client.exec(`
      insert into entities (id, name, country, timezone) values ('e', 'Entidad', 'CO', 'America/Bogota');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status) values
        ('ev', 'evento', 'e', 'Evento', '2025-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'closed');
      insert into questions (id, event_id, entity_id, year, seq, radicado, type, term_days, text, channel,
        received_by, status, merged_into, receipt_token, constancia, received_at, due_date) values
        ${question('p', 1, 'forwarded', null)}, ${question('d', 2, 'forwarded', 'p')},
        ${question('r', 3, 'pending', null)}, ${question('x', 4, 'forwarded', null)};
      insert into audit_log (seq, id, at, actor, action, subject_type, subject_id, event_id, data, prev_hash, hash) values
        ${audit(1, 'p', 'question.status', '{"from":"received","to":"pending"}', '2025-03-04T10:00:00.000Z')},
        ${audit(2, 'p', 'question.status', '{"from":"pending","to":"forwarded"}', '2025-03-07T16:00:00.000Z')},
        ${audit(3, 'd', 'question.answer_merged', '{"primary":"p"}', '2025-03-07T16:00:00.000Z')},
        ${audit(4, 'r', 'question.status', '{"from":"received","to":"pending"}', '2025-03-04T10:00:00.000Z')};
    `)
    client.close()
    const db = openNodeDb(file)
    expect(await db.all(sql`select id, forwarded_at, forward_due_date from questions order by seq`)).toEqual([
      { id: 'p', forwarded_at: '2025-03-07T16:00:00.000Z', forward_due_date: null },
      { id: 'd', forwarded_at: '2025-03-07T16:00:00.000Z', forward_due_date: null },
      { id: 'r', forwarded_at: null, forward_due_date: null },
      // Forwarded with no audit entry to date it (an entry can only be missing from a broken chain): unknown.
      { id: 'x', forwarded_at: null, forward_due_date: null },
    ])
  })
})

describe('migration 0022: where a withdrawn petition goes back to', () => {
  it('keeps the status each petition had before its petitioner withdrew it, from the audit log, with its reason', async () => {
    const { file, client } = migratedFile('0021_express_withdrawal')
    const question = (id: string, seq: number, status: string, constancia = '{}') =>
      `('${id}', 'ev', 'e', 2026, ${seq}, 'E-2026-00000${seq}', 'peticion', 15, 'Texto', 'widget', 'Cabildo', '${status}', 'tok${seq}', '${constancia}', '2026-03-03T15:00:00.000Z', '2026-03-25')`
    const audit = (seq: number, subject: string, data: string) =>
      `(${seq}, 'a${seq}', '2026-03-0${seq}T10:00:00.000Z', 'user:u', 'question.status', 'question', '${subject}', 'ev', '${data}', 'p', 'h${seq}')`
    client.exec(`
      insert into entities (id, name, country, timezone) values ('e', 'Entidad', 'CO', 'America/Bogota');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status) values
        ('ev', 'evento', 'e', 'Evento', '2026-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'closed');
      insert into questions (id, event_id, entity_id, year, seq, radicado, type, term_days, text, channel,
        received_by, status, receipt_token, constancia, received_at, due_date) values
        ${question('p', 1, 'desisted')}, ${question('h', 2, 'desisted')},
        ${question('x', 3, 'desisted', '{"extension":{"dueDate":"2026-04-10","noticeDate":"2026-03-05","reason":"Falta un concepto"}}')},
        ${question('r', 4, 'pending')};
      insert into audit_log (seq, id, at, actor, action, subject_type, subject_id, event_id, data, prev_hash, hash) values
        ${audit(1, 'p', '{"from":"received","to":"pending","area":"despacho"}')},
        ${audit(2, 'h', '{"from":"approved","to":"hidden","reason":"Nombra a un vecino"}')},
        ${audit(3, 'x', '{"from":"received","to":"extended","reason":"Falta un concepto"}')},
        ${audit(4, 'p', '{"from":"pending","to":"desisted","desistedOn":"2026-03-04","reason":"Por teléfono"}')},
        ${audit(5, 'h', '{"from":"hidden","to":"desisted","desistedOn":"2026-03-05","reason":"Por escrito"}')},
        ${audit(6, 'x', '{"from":"extended","to":"desisted","desistedOn":"2026-03-06","reason":"Por escrito"}')},
        ${audit(7, 'r', '{"from":"received","to":"pending","area":"despacho"}')};
    `)
    client.close()
    const db = openNodeDb(file)
    expect(
      await db.all(sql`select id, desisted_from, desisted_from_reason from questions order by seq`),
    ).toEqual([
      { id: 'p', desisted_from: 'pending', desisted_from_reason: null },
      { id: 'h', desisted_from: 'hidden', desisted_from_reason: 'Nombra a un vecino' },
      { id: 'x', desisted_from: 'extended', desisted_from_reason: 'Falta un concepto' },
      { id: 'r', desisted_from: null, desisted_from_reason: null },
    ])
  })
})

describe('migration 0023: when each petition was continued ex officio', () => {
  it('keeps on the question the last continuation ex officio its audit log holds, and nothing on the others', async () => {
    const { file, client } = migratedFile('0022_continuation_ex_officio')
    const question = (id: string, seq: number, status: string) =>
      `('${id}', 'ev', 'e', 2026, ${seq}, 'E-2026-00000${seq}', 'peticion', 15, 'Texto', 'widget', 'Cabildo', '${status}', 'tok${seq}', '{}', '2026-03-03T15:00:00.000Z', '2026-03-25')`
    const audit = (seq: number, subject: string, action: string, data: string) =>
      `(${seq}, 'a${seq}', '2026-03-0${seq}T10:00:00.000Z', 'user:u', '${action}', 'question', '${subject}', 'ev', '${data}', 'p', 'h${seq}')`
    const continued = 'question.continued_ex_officio'
    client.exec(`
      insert into entities (id, name, country, timezone) values ('e', 'Entidad', 'CO', 'America/Bogota');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone, status) values
        ('ev', 'evento', 'e', 'Evento', '2026-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota', 'closed');
      insert into questions (id, event_id, entity_id, year, seq, radicado, type, term_days, text, channel,
        received_by, status, receipt_token, constancia, received_at, due_date) values
        ${question('with', 1, 'received')}, ${question('after', 2, 'pending')},
        ${question('twice', 3, 'desisted')}, ${question('desisted', 4, 'desisted')}, ${question('none', 5, 'received')};
      insert into audit_log (seq, id, at, actor, action, subject_type, subject_id, event_id, data, prev_hash, hash) values
        ${audit(1, 'with', continued, '{"status":"received","desistedOn":"2026-03-01","reason":"Resolución 1"}')},
        ${audit(2, 'after', 'question.status', '{"from":"pending","to":"desisted","desistedOn":"2026-03-02"}')},
        ${audit(3, 'after', continued, '{"from":"desisted","status":"pending","desistedOn":"2026-03-02","reason":"Resolución 2"}')},
        ${audit(4, 'twice', continued, '{"status":"received","desistedOn":"2026-03-03","reason":"Resolución 3"}')},
        ${audit(5, 'twice', 'question.status', '{"from":"received","to":"desisted","desistedOn":"2026-03-04"}')},
        ${audit(6, 'twice', continued, '{"from":"desisted","status":"received","desistedOn":"2026-03-04","reason":"Resolución 4"}')},
        ${audit(7, 'twice', 'question.status', '{"from":"received","to":"desisted","desistedOn":"2026-03-07"}')},
        ${audit(8, 'desisted', 'question.status', '{"from":"received","to":"desisted","desistedOn":"2026-03-08"}')},
        ${audit(9, 'none', 'question.status', '{"from":"received","to":"approved"}')};
    `)
    client.close()
    const db = openNodeDb(file)
    expect(await db.all(sql`select id, continued_ex_officio_at from questions order by seq`)).toEqual([
      { id: 'with', continued_ex_officio_at: '2026-03-01T10:00:00.000Z' },
      { id: 'after', continued_ex_officio_at: '2026-03-03T10:00:00.000Z' },
      // Continued twice (the second time after a withdrawal an earlier release took): the last one.
      { id: 'twice', continued_ex_officio_at: '2026-03-06T10:00:00.000Z' },
      { id: 'desisted', continued_ex_officio_at: null },
      { id: 'none', continued_ex_officio_at: null },
    ])
  })
})

describe('migration 0028: when each webhook secret was made', () => {
  it('dates a secret from its last rotation in the audit log, else from the endpoint’s creation', async () => {
    const { file, client } = migratedFile('0027_checkin_sequence')
    const hook = (id: string) =>
      `('${id}', 'https://sgdea.example.org/${id}', 'whsec_dGVzdA==', '2026-03-01T09:00:00.000Z')`
    const audit = (seq: number, subject: string, action: string, data: string) =>
      `(${seq}, 'a${seq}', '2026-03-0${seq}T10:00:00.000Z', 'user:u', '${action}', 'webhook', '${subject}', null, '${data}', 'p', 'h${seq}')`
    client.exec(`
      insert into webhook_endpoints (id, url, secret, created_at) values
        ${hook('rotated')}, ${hook('twice')}, ${hook('edited')}, ${hook('never')};
      insert into audit_log (seq, id, at, actor, action, subject_type, subject_id, event_id, data, prev_hash, hash) values
        ${audit(2, 'rotated', 'webhook.update', '{"rotatedSecret":true}')},
        ${audit(3, 'rotated', 'webhook.update', '{"description":"SGDEA","rotatedSecret":false}')},
        ${audit(4, 'twice', 'webhook.update', '{"rotatedSecret":true}')},
        ${audit(5, 'twice', 'webhook.update', '{"active":false,"rotatedSecret":true}')},
        ${audit(6, 'edited', 'webhook.update', '{"active":false,"rotatedSecret":false}')},
        ${audit(7, 'never', 'webhook.create', '{"url":"https://sgdea.example.org/never"}')};
    `)
    client.close()
    const db = openNodeDb(file)
    expect(await db.all(sql`select id, secret_created_at from webhook_endpoints order by id`)).toEqual([
      { id: 'edited', secret_created_at: '2026-03-01T09:00:00.000Z' },
      { id: 'never', secret_created_at: '2026-03-01T09:00:00.000Z' },
      { id: 'rotated', secret_created_at: '2026-03-02T10:00:00.000Z' },
      { id: 'twice', secret_created_at: '2026-03-05T10:00:00.000Z' },
    ])
  })
})

describe('migration 0029: how each event keeps its keys', () => {
  it('keeps them as before at events with registrations, registration keys or respondents, and in order elsewhere', async () => {
    const { file, client } = migratedFile('0028_webhook_secret_created')
    const event = (id: string) =>
      `('${id}', '${id}', 'ent', 'Rendición ${id}', '2026-03-01T15:00:00Z', 'virtual', 'CO', 'America/Bogota')`
    client.exec(`
      insert into entities (id, name, country, timezone) values ('ent', 'Entidad', 'CO', 'America/Bogota');
      insert into events (id, slug, entity_id, title, starts_at, modality, country, timezone) values
        ${event('con-registros')}, ${event('con-claves')}, ${event('con-respuestas')}, ${event('sin-nada')};
      insert into attendees (id, event_id, name, checkin_code, token_hash, consent, created_at) values
        ('a1', 'con-registros', 'Ana', 'ABC234', 'h1', '{}', '2026-03-01T10:00:00.000Z');
      insert into idempotency_keys (scope, key, request_hash, status, resource_type, resource_id) values
        ('attendance:con-claves', 'k', '', 201, 'attendee', 'borrado'),
        ('response:sin-nada:evaluacion', 'k', 'h', 201, 'response', 'r1');
      insert into form_respondents (key_hash, event_id) values ('con-respuestas:evaluacion:h', 'con-respuestas');
    `)
    client.close()
    const db = openNodeDb(file)
    expect(await db.all(sql`select slug, stored_keys from events order by slug`)).toEqual([
      { slug: 'con-claves', stored_keys: 'hashed' },
      { slug: 'con-registros', stored_keys: 'hashed' },
      { slug: 'con-respuestas', stored_keys: 'hashed' },
      { slug: 'sin-nada', stored_keys: 'ordered' },
    ])
  })
})
