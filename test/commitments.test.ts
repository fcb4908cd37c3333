import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { csvTables, tableOf, xlsxSheets } from './fixtures/csv-tables'
import { sampleEvent, testApp } from './helpers'

/**
 * An event of 15 January 2025, so that the follow-ups the tests date in 2025 and 2026 come after the
 * event where the commitment was made (a follow-up cannot be dated before it).
 */
async function setup(now?: Date, startsAt = '2025-01-15T14:00:00-05:00') {
  const t = await testApp({ now })
  await t.call('POST', '/api/events', {
    token: t.adminToken,
    body: sampleEvent({ slug: 'evento', startsAt }),
  })
  const mod = await t.staffToken('moderator')
  const create = (body: Record<string, unknown>, token = mod) =>
    t.call('POST', '/api/events/evento/commitments', { token, body })
  return { t, mod, create }
}

/** An agreement of Ecuador's plan de trabajo, with the citizens' observation and contribution it answers. */
const courts = {
  description: 'Construir dos canchas',
  area: 'despacho',
  axis: 'Deporte',
  origin: 'observacion',
  observation: 'No hay canchas en la parroquia',
  contribution: 'La comunidad dona el terreno',
  activity: 'Estudios y construcción',
  dueMonth: '2027-05',
}

describe('commitments', () => {
  it('creates a commitment from a pending question, taking its area and radicado', async () => {
    const { t, mod, create } = await setup()
    const q = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion', text: '¿Arreglarán la vía?', area: 'cadenas-valor', anonymous: true },
    })
    const res = await create({
      description: 'Arreglar la vía veredal',
      questionId: q.json.id,
      dueMonth: '2027-03',
    })
    expect(res.status).toBe(201)
    expect(res.json.commitment).toMatchObject({
      description: 'Arreglar la vía veredal',
      area: { key: 'cadenas-valor', name: 'Subsecretaría de Cadenas de Valor' },
      questionId: q.json.id,
      radicado: q.json.radicado,
      origin: 'pregunta',
      status: 'pendiente',
      progress: 0,
      published: false,
      dueMonth: '2027-03',
      dueDate: null,
    })
    const audit = await t.call('GET', '/api/audit', { token: t.adminToken })
    expect(audit.json.entries.at(-1)).toMatchObject({
      action: 'commitment.create',
      actor: expect.stringMatching(/^user:/),
    })
    expect(mod).toBeTruthy()
  })

  it('refuses a commitment without an area or with both a date and a month; analysts keep them too', async () => {
    const { t, create } = await setup()
    expect((await create({ description: 'Sin área' })).json.error.issues[0].path).toBe('area')
    const both = await create({
      description: 'x',
      area: 'despacho',
      dueDate: '2027-01-15',
      dueMonth: '2027-01',
    })
    expect(both.json.error.issues[0].path).toBe('dueMonth')
    expect((await create({ description: 'x', area: 'nada' })).json.error.code).toBe('AREA_UNKNOWN')
    // API.md: commitments are staff work, as the attendance list and the stats are: every staff role.
    const analyst = await t.staffToken('analyst')
    const made = await create({ description: 'Del analista', area: 'despacho' }, analyst)
    expect(made.status).toBe(201)
    const id = made.json.commitment.id
    const edit = await t.call('PATCH', `/api/commitments/${id}`, { token: analyst, body: { progress: 10 } })
    expect(edit.status).toBe(200)
    const followed = await t.call('POST', `/api/commitments/${id}/follow-ups`, {
      token: analyst,
      body: { note: 'Estudios previos listos', progress: 20, status: 'en_ejecucion', date: '2026-11-20' },
    })
    expect(followed.status).toBe(201)
  })

  it('shows the public only published commitments, without who wrote the follow-ups', async () => {
    const { t, mod, create } = await setup()
    // Published only with the date citizens follow it by; noted without one, it stays internal.
    const undated = await create({ description: 'Publicado', area: 'despacho', published: true })
    expect(undated.status).toBe(400)
    expect(undated.json.error.issues[0].path).toBe('dueDate')
    const a = await create({
      description: 'Publicado',
      area: 'despacho',
      dueMonth: '2027-03',
      published: true,
    })
    const draft = await create({ description: 'Borrador interno', area: 'despacho' })
    const publish = (body: unknown) =>
      t.call('PATCH', `/api/commitments/${draft.json.commitment.id}`, { token: mod, body })
    expect((await publish({ published: true })).json.error.issues[0].path).toBe('dueDate')
    expect((await publish({ dueMonth: null, dueDate: null })).status).toBe(200)
    expect(
      (
        await t.call('PATCH', `/api/commitments/${a.json.commitment.id}`, {
          token: mod,
          body: { dueMonth: null },
        })
      ).status,
    ).toBe(400)
    await t.call('POST', `/api/commitments/${a.json.commitment.id}/follow-ups`, {
      token: mod,
      body: { note: 'Contrato firmado', progress: 40, status: 'en_ejecucion', date: '2026-11-20' },
    })
    const pub = await t.call('GET', '/api/events/evento/commitments')
    expect(pub.json.commitments).toHaveLength(1)
    expect(pub.json.commitments[0]).toMatchObject({
      description: 'Publicado',
      status: 'en_ejecucion',
      progress: 40,
      followUps: [{ date: '2026-11-20', note: 'Contrato firmado', progress: 40, status: 'en_ejecucion' }],
    })
    expect(pub.json.commitments[0].followUps[0]).not.toHaveProperty('author')
    const staff = await t.call('GET', '/api/events/evento/commitments', { token: mod })
    expect(staff.json.commitments).toHaveLength(2)
    expect(staff.json.commitments[0].followUps[0].author).toMatch(/@test\.co$/)
    const hidden = staff.json.commitments.find((c: { published: boolean }) => !c.published)
    expect((await t.call('GET', `/api/commitments/${hidden.id}`)).status).toBe(404)
    expect((await t.call('GET', `/api/commitments/${a.json.commitment.id}`)).status).toBe(200)
  })

  it('marks a fulfilled commitment at 100 % and asks for the new date when rescheduling', async () => {
    const { t, mod, create } = await setup()
    const c = (await create({ description: 'Dotar la biblioteca', area: 'despacho', dueDate: '2027-02-01' }))
      .json.commitment
    const patch = (body: unknown) => t.call('PATCH', `/api/commitments/${c.id}`, { token: mod, body })
    expect((await patch({ status: 'reprogramado' })).json.error.issues[0].path).toBe('dueDate')
    const moved = await patch({ status: 'reprogramado', dueMonth: '2027-06' })
    expect(moved.json.commitment).toMatchObject({
      status: 'reprogramado',
      dueMonth: '2027-06',
      dueDate: null,
    })
    expect((await patch({ status: 'cumplido' })).json.commitment).toMatchObject({
      status: 'cumplido',
      progress: 100,
    })
  })

  it('moves a published date only by rescheduling, and calls none unfulfilled before its date', async () => {
    const { t, mod, create } = await setup()
    const c = (
      await create({
        description: 'Dotar la biblioteca',
        area: 'despacho',
        dueDate: '2027-02-01',
        published: true,
      })
    ).json.commitment
    const patch = (body: unknown) => t.call('PATCH', `/api/commitments/${c.id}`, { token: mod, body })
    // Moved quietly, the citizens who follow it would not know: refused, and nothing changes.
    for (const body of [{ dueDate: '2029-12-31' }, { dueDate: '2010-01-01' }, { dueMonth: '2027-06' }]) {
      const res = await patch(body)
      expect([res.status, res.json.error.issues[0].path], JSON.stringify(body)).toEqual([
        400,
        Object.keys(body)[0],
      ])
    }
    const early = await patch({ status: 'incumplido' })
    expect([early.status, early.json.error.issues[0].path]).toEqual([400, 'status'])
    expect(early.json.error.issues[0].message).toContain('2027-02-01')
    const read = await t.call('GET', `/api/commitments/${c.id}`, { token: mod })
    expect(read.json.commitment).toMatchObject({ dueDate: '2027-02-01', status: 'pendiente' })
    // Before it is published, its date is a draft: corrected freely.
    const draft = (await create({ description: 'Borrador', area: 'despacho', dueDate: '2027-02-01' })).json
      .commitment
    const fixed = await t.call('PATCH', `/api/commitments/${draft.id}`, {
      token: mod,
      body: { dueDate: '2027-03-01' },
    })
    expect(fixed.json.commitment.dueDate).toBe('2027-03-01')
    // Rescheduled, it moves; once its date has passed, it may be unfulfilled.
    expect((await patch({ status: 'reprogramado', dueDate: '2027-03-15' })).json.commitment.dueDate).toBe(
      '2027-03-15',
    )
    t.setNow(new Date('2027-03-16T15:00:00Z'))
    const later = await t.login()
    const missed = await t.call('PATCH', `/api/commitments/${c.id}`, {
      token: later,
      body: { status: 'incumplido' },
    })
    expect(missed.json.commitment).toMatchObject({ status: 'incumplido' })
  })

  it('keeps every date a commitment had: each reschedule is a follow-up, the first date beside the latest', async () => {
    const { t, mod, create } = await setup()
    const c = (
      await create({
        description: 'Dotar la biblioteca',
        area: 'despacho',
        dueDate: '2027-02-01',
        published: true,
      })
    ).json.commitment
    expect(c.originalDue).toBeNull()
    // By editing: recorded as a follow-up of today (2026-11-21 in Bogotá), by whoever edited it.
    const edited = await t.call('PATCH', `/api/commitments/${c.id}`, {
      token: mod,
      body: { status: 'reprogramado', dueDate: '2027-03-15' },
    })
    expect(edited.json.commitment.followUps).toEqual([
      expect.objectContaining({
        date: '2026-11-21',
        note: '',
        status: 'reprogramado',
        progress: 0,
        reschedule: { from: '2027-02-01', to: '2027-03-15' },
      }),
    ])
    // By a follow-up: the same record, with its note; a note that moves nothing has none.
    await t.call('POST', `/api/commitments/${c.id}/follow-ups`, {
      token: mod,
      body: { note: 'Sin avance', progress: 10 },
    })
    const again = await t.call('POST', `/api/commitments/${c.id}/follow-ups`, {
      token: mod,
      body: { note: 'El proveedor no entregó', status: 'reprogramado', dueMonth: '2027-06' },
    })
    expect(again.status).toBe(201)
    // An edit that keeps the date, or a draft's date corrected, is no reschedule.
    await t.call('PATCH', `/api/commitments/${c.id}`, { token: mod, body: { progress: 20 } })
    const pub = (await t.call('GET', `/api/commitments/${c.id}`)).json.commitment
    expect(pub).toMatchObject({ dueMonth: '2027-06', dueDate: null, originalDue: '2027-02-01' })
    expect(pub.followUps.map((f: { reschedule: unknown; note: string }) => [f.note, f.reschedule])).toEqual([
      ['', { from: '2027-02-01', to: '2027-03-15' }],
      ['Sin avance', null],
      ['El proveedor no entregó', { from: '2027-03-15', to: '2027-06' }],
    ])
    expect(pub.followUps[0]).not.toHaveProperty('author')
    const draft = (await create({ description: 'Borrador', area: 'despacho', dueDate: '2027-02-01' })).json
      .commitment
    const fixed = await t.call('PATCH', `/api/commitments/${draft.id}`, {
      token: mod,
      body: { dueDate: '2027-03-01' },
    })
    expect(fixed.json.commitment).toMatchObject({ followUps: [], originalDue: null })
    // The report gives the date it has and the one it was first due.
    const md = (await t.call('GET', '/api/events/evento/report?format=md', { token: t.adminToken })).text
    expect(md).toContain('| junio de 2027 (inicialmente 1 de febrero de 2027) |')
    const csv = (await t.call('GET', '/api/events/evento/report?format=csv', { token: t.adminToken })).text
    // In the spreadsheet, each date in its own column, as a spreadsheet sorts them.
    expect(tableOf(csvTables(csv), 'Compromisos').records).toContainEqual(
      expect.objectContaining({ 'Fecha o mes': '2027-06', 'Fecha inicial': '2027-02-01' }),
    )
    const en = (await t.call('GET', '/api/events/evento/report?format=md&lang=en', { token: t.adminToken }))
      .text
    expect(en).toContain('| June 2027 (first due February 1, 2027) |')
    // And so does the event's page, where citizens follow it.
    const page = await t.call('GET', '/e/evento')
    expect(page.text).toContain('junio de 2027 (inicialmente 1 de febrero de 2027)')
  })

  it('links a commitment only to a question it can answer, and gives the origin «pregunta» only with one', async () => {
    const { t, create } = await setup()
    const ask = async () =>
      (
        await t.call('POST', '/api/events/evento/questions', {
          body: { type: 'peticion', text: '¿Arreglarán la vía?', area: 'despacho', anonymous: true },
        })
      ).json.id as string
    const hidden = await ask()
    await t.call('PATCH', `/api/questions/${hidden}`, {
      token: t.adminToken,
      body: { status: 'hidden', reason: 'Spam' },
    })
    const annulled = await ask()
    await t.call('POST', `/api/questions/${annulled}/annul`, {
      token: t.adminToken,
      body: { reason: 'Prueba' },
    })
    const base = { description: 'Arreglar la vía', dueMonth: '2027-03' }
    for (const questionId of [hidden, annulled])
      expect((await create({ ...base, questionId })).json.error.issues[0].path).toBe('questionId')
    expect((await create({ ...base, area: 'despacho', origin: 'pregunta' })).json.error.issues[0].path).toBe(
      'questionId',
    )
    const open = await ask()
    // A question may carry an observation: the origin chosen stands.
    expect((await create({ ...base, questionId: open, origin: 'observacion' })).json.commitment.origin).toBe(
      'observacion',
    )
    expect((await create({ ...base, questionId: open })).json.commitment.origin).toBe('pregunta')
    const made = await create({ ...base, area: 'despacho', origin: 'entidad' })
    const relabel = await t.call('PATCH', `/api/commitments/${made.json.commitment.id}`, {
      token: t.adminToken,
      body: { origin: 'pregunta' },
    })
    expect(relabel.json.error.issues[0].path).toBe('origin')
  })

  it('refuses an edit made on a version another staff member has changed since, and changes nothing', async () => {
    const { t, mod, create } = await setup()
    const other = await t.staffToken('analyst')
    const opened = (await create({ description: 'Dotar la biblioteca', area: 'despacho' })).json.commitment
    const patch = (body: unknown, token = mod) =>
      t.call('PATCH', `/api/commitments/${opened.id}`, { token, body })
    // B saves first, at the same instant; A, still on the version it opened, saves its own text.
    const first = await patch(
      { description: 'Dotar la biblioteca de la vereda', expectedUpdatedAt: null },
      other,
    )
    expect(first.status).toBe(200)
    expect(first.json.commitment.updatedAt).not.toBe(opened.updatedAt)
    const late = await patch({
      description: 'Dotar la biblioteca escolar',
      expectedUpdatedAt: opened.updatedAt,
    })
    expect([late.status, late.json.error.code]).toEqual([409, 'COMMITMENT_CHANGED'])
    expect(late.json.error.message).toMatch(/^Otra persona del equipo cambió este compromiso/)
    const en = await t.call('PATCH', `/api/commitments/${opened.id}?lang=en`, {
      token: mod,
      body: { progress: 10, expectedUpdatedAt: opened.updatedAt },
    })
    expect(en.json.error.message).toMatch(/^Another staff member changed this commitment/)
    // A follow-up changes the version too.
    const seen = first.json.commitment.updatedAt
    await t.call('POST', `/api/commitments/${opened.id}/follow-ups`, {
      token: other,
      body: { note: 'Libros comprados', progress: 40 },
    })
    expect((await patch({ progress: 50, expectedUpdatedAt: seen })).status).toBe(409)
    const now = (await t.call('GET', `/api/commitments/${opened.id}`, { token: mod })).json.commitment
    expect(now).toMatchObject({ description: 'Dotar la biblioteca de la vereda', progress: 40 })
    // On the current version the change goes through; without the field, as before.
    expect((await patch({ progress: 50, expectedUpdatedAt: now.updatedAt })).status).toBe(200)
    expect((await patch({ progress: 60 })).status).toBe(200)
    expect((await patch({ expectedUpdatedAt: now.updatedAt })).status).toBe(400)
  })

  it('keeps status, progress and due date in agreement on creation, edits and follow-ups', async () => {
    // The test clock: 2026-11-21, 10:00 in Bogotá.
    const { t, mod, create } = await setup()
    const refused = (res: { status: number; json: any }, path: string) => {
      expect([res.status, res.json.error?.code, res.json.error?.issues?.[0]?.path]).toEqual([
        400,
        'VALIDATION_ERROR',
        path,
      ])
      return res.json.error.issues[0].message as string
    }
    const base = { description: 'Dotar el puesto de salud', area: 'despacho' }
    expect(refused(await create({ ...base, status: 'cumplido', progress: 30 }), 'progress')).toBe(
      'Un compromiso cumplido tiene el 100 % de avance.',
    )
    refused(await create({ ...base, status: 'reprogramado' }), 'dueDate')
    refused(await create({ ...base, status: 'reprogramado', dueDate: '2026-11-20' }), 'dueDate')
    refused(await create({ ...base, status: 'pendiente', progress: 100 }), 'progress')
    refused(await create({ ...base, progress: 100 }), 'status')
    // Progress alone means the work started.
    expect((await create({ ...base, progress: 30 })).json.commitment).toMatchObject({
      status: 'en_ejecucion',
      progress: 30,
    })

    const c = (await create({ ...base, dueDate: '2027-02-01' })).json.commitment
    const patch = (body: unknown, lang = '') =>
      t.call('PATCH', `/api/commitments/${c.id}${lang}`, { token: mod, body })
    const follow = (body: Record<string, unknown>) =>
      t.call('POST', `/api/commitments/${c.id}/follow-ups`, { token: mod, body: { note: 'Avance', ...body } })
    refused(await patch({ status: 'cumplido', progress: 20 }), 'progress')
    expect(refused(await patch({ status: 'cumplido', progress: 20 }, '?lang=en'), 'progress')).toBe(
      'A fulfilled commitment is at 100 % progress.',
    )
    expect((await patch({ status: 'cumplido' })).json.commitment).toMatchObject({ progress: 100 })
    refused(await patch({ progress: 10 }), 'progress')
    // Back to work needs the progress actually made.
    refused(await patch({ status: 'en_ejecucion' }), 'progress')
    expect((await patch({ status: 'en_ejecucion', progress: 80 })).status).toBe(200)
    refused(await follow({ status: 'cumplido', progress: 50 }), 'progress')
    refused(await follow({ status: 'pendiente', progress: 50 }), 'progress')

    // Rescheduling gives a new date, other than the one it had, from today on.
    refused(await patch({ status: 'reprogramado', dueDate: '2027-02-01' }), 'dueDate')
    refused(await patch({ status: 'reprogramado', dueMonth: '2027-02' }), 'dueMonth')
    expect(refused(await patch({ status: 'reprogramado', dueDate: '2026-11-20' }), 'dueDate')).toBe(
      'La nueva fecha no puede ser anterior a hoy (2026-11-21).',
    )
    refused(await patch({ status: 'reprogramado', dueMonth: '2026-10' }), 'dueMonth')
    refused(await follow({ status: 'reprogramado' }), 'dueDate')
    refused(await follow({ dueMonth: '2027-05' }), 'dueDate')
    const moved = await follow({ status: 'reprogramado', dueMonth: '2027-05' })
    expect(moved.json.commitment).toMatchObject({
      status: 'reprogramado',
      progress: 80,
      dueDate: null,
      dueMonth: '2027-05',
    })
    // Once rescheduled it keeps a date, and a later one is from today on too.
    refused(await patch({ dueMonth: null }), 'dueDate')
    refused(await patch({ dueDate: '2026-01-10' }), 'dueDate')
    expect((await patch({ dueDate: '2026-11-21' })).status).toBe(200)
    // Sending its status again with the same date changes nothing and is no error.
    expect(
      (await patch({ status: 'reprogramado', dueDate: '2026-11-21', responsible: 'Salud' })).status,
    ).toBe(200)
    const now = (await t.call('GET', `/api/commitments/${c.id}`, { token: mod })).json.commitment
    expect(now).toMatchObject({ status: 'reprogramado', progress: 80, dueDate: '2026-11-21', dueMonth: null })
  })

  it('refuses due dates and follow-up dates outside the years 2000 to 2100', async () => {
    const { t, mod, create } = await setup(undefined, '2000-01-01T12:00:00-05:00')
    const base = { description: 'Pavimentar la calle 5', area: 'despacho' }
    const refused = async (res: Promise<{ status: number; json: any }>, path: string) => {
      const { status, json } = await res
      expect([status, json.error?.code, json.error?.issues?.[0]?.path]).toEqual([
        400,
        'VALIDATION_ERROR',
        path,
      ])
      return json.error.issues[0].message as string
    }
    expect(await refused(create({ ...base, dueMonth: '0000-01' }), 'dueMonth')).toBe(
      'Un mes entre los años 2000 y 2100.',
    )
    await refused(create({ ...base, dueDate: '1999-01-01', published: true }), 'dueDate')
    await refused(create({ ...base, dueDate: '2101-01-01' }), 'dueDate')
    const c = (await create({ ...base, dueMonth: '2100-12' })).json.commitment
    expect(c.dueMonth).toBe('2100-12')
    const call = (path: string, body: unknown, method = 'POST') =>
      t.call(method, `/api/commitments/${c.id}${path}`, { token: mod, body })
    await refused(call('', { dueDate: '1999-12-31' }, 'PATCH'), 'dueDate')
    await refused(call('/follow-ups', { note: 'Muy antiguo', date: '1900-01-01' }), 'date')
    expect((await call('/follow-ups', { note: 'Primer registro', date: '2000-01-01' })).status).toBe(201)
  })

  it('moves the current status and progress only with the latest follow-up by date', async () => {
    // The test clock: 2026-11-21 in Bogotá.
    const { t, mod, create } = await setup()
    const c = (
      await create({ description: 'Construir el acueducto veredal', area: 'despacho', dueMonth: '2027-06' })
    ).json.commitment
    const follow = (body: Record<string, unknown>) =>
      t.call('POST', `/api/commitments/${c.id}/follow-ups`, { token: mod, body: { note: 'Avance', ...body } })
    const stored = async () =>
      (await t.call('GET', `/api/commitments/${c.id}`, { token: mod })).json.commitment
    expect((await follow({ date: '2026-11-10', progress: 60 })).json.commitment).toMatchObject({
      status: 'en_ejecucion',
      progress: 60,
    })
    // Recorded later, dated earlier: it is history, and the commitment stays where the latest put it.
    const older = await follow({ date: '2026-10-01', progress: 20, note: 'Estudios' })
    expect(older.status).toBe(201)
    expect(older.json.commitment).toMatchObject({ status: 'en_ejecucion', progress: 60 })
    expect((await follow({ date: '2026-11-01', status: 'cumplido' })).json.commitment).toMatchObject({
      status: 'en_ejecucion',
      progress: 60,
    })
    // An older one must still agree with itself, and cannot reschedule.
    expect((await follow({ date: '2026-11-01', status: 'cumplido', progress: 50 })).status).toBe(400)
    const late = await follow({ date: '2026-11-01', status: 'reprogramado', dueMonth: '2027-09' })
    expect([late.status, late.json.error.issues[0].path]).toEqual([400, 'date'])
    // A note without status or progress does not hide the latest that moved it.
    await follow({ date: '2026-11-15' })
    expect((await follow({ date: '2026-11-12', progress: 70 })).json.commitment.progress).toBe(70)
    // Same day as the latest: the one recorded last stands.
    expect((await follow({ date: '2026-11-12', progress: 75 })).json.commitment.progress).toBe(75)
    const now = await stored()
    expect(now).toMatchObject({ status: 'en_ejecucion', progress: 75, dueMonth: '2027-06' })
    expect(now.followUps.map((f: { date: string }) => f.date)).toEqual([
      '2026-10-01',
      '2026-11-01',
      '2026-11-10',
      '2026-11-12',
      '2026-11-12',
      '2026-11-15',
    ])
  })

  it('lists commitments by axis, those without one last', async () => {
    const { t, create } = await setup()
    for (const [description, axis] of [
      ['Sin eje', undefined],
      ['De salud', 'Salud'],
      ['De agua', 'Agua'],
    ] as const)
      expect((await create({ description, area: 'despacho', ...(axis ? { axis } : {}) })).status).toBe(201)
    const list = await t.call('GET', '/api/events/evento/commitments', { token: t.adminToken })
    expect(list.json.commitments.map((c: { description: string }) => c.description)).toEqual([
      'De agua',
      'De salud',
      'Sin eje',
    ])
  })

  it('keeps one spelling for an axis typed again with other capitals, accents or spacing', async () => {
    const { t, mod, create } = await setup()
    await create({ description: 'Puesto de salud', area: 'despacho', axis: 'Salud pública' })
    const again = await create({ description: 'Brigadas', area: 'despacho', axis: '  SALUD  PUBLICA ' })
    expect(again.json.commitment.axis).toBe('Salud pública')
    const other = (await create({ description: 'Acueducto', area: 'despacho', axis: 'Agua' })).json.commitment
    const patch = (axis: string) =>
      t.call('PATCH', `/api/commitments/${other.id}`, { token: mod, body: { axis } })
    // The only commitment of an axis may spell it anew.
    expect((await patch('AGUA Potable')).json.commitment.axis).toBe('AGUA Potable')
    expect((await patch('salud publica')).json.commitment.axis).toBe('Salud pública')
    const filtered = await t.call('GET', '/api/events/evento/commitments?axis=SALUD%20P%C3%9ABLICA', {
      token: mod,
    })
    expect(filtered.json.commitments.map((c: { description: string }) => c.description)).toEqual([
      'Puesto de salud',
      'Brigadas',
      'Acueducto',
    ])
    await create({ description: 'Sin eje', area: 'despacho' })
    const plan = (await t.call('GET', '/api/events/evento/commitments?view=plan', { token: mod })).json.plan
    expect(plan.map((a: { axis: string; acuerdos: string[] }) => [a.axis, a.acuerdos.length])).toEqual([
      ['Salud pública', 3],
      ['Sin eje temático', 1],
    ])
  })

  it("builds Ecuador's work plan per axis: observations, contributions, agreements and schedule", async () => {
    const { t, create } = await setup()
    await create({ ...courts, responsible: 'Dirección de Obras' })
    await create({ description: 'Taller de emprendimiento', area: 'cadenas-valor', axis: 'Economía' })
    await create({ description: 'Sin eje', area: 'despacho', dueDate: '2027-01-20' })
    const plan = (await t.call('GET', '/api/events/evento/commitments?view=plan', { token: t.adminToken }))
      .json.plan
    expect(plan.map((p: { axis: string }) => p.axis)).toEqual(['Deporte', 'Economía', 'Sin eje temático'])
    expect(plan[0]).toEqual({
      axis: 'Deporte',
      observaciones: ['No hay canchas en la parroquia'],
      aportes: ['La comunidad dona el terreno'],
      acuerdos: ['Construir dos canchas'],
      cronograma: [
        expect.objectContaining({
          activity: 'Estudios y construcción',
          month: '2027-05',
          responsible: 'Dirección de Obras',
          status: 'pendiente',
        }),
      ],
    })
    expect(plan[1].cronograma[0]).toMatchObject({
      activity: 'Taller de emprendimiento',
      responsible: 'Subsecretaría de Cadenas de Valor',
    })
    expect(plan[2].cronograma[0].month).toBe('2027-01')
  })

  it("prints the plan's axis and the citizens' observations and contributions in every report format", async () => {
    const { t, create } = await setup()
    await create(courts)
    await create({ description: 'Sin eje', area: 'despacho', dueDate: '2027-01-20' })
    const report = (k: string) =>
      t.call('GET', `/api/events/evento/report?format=${k}`, { token: t.adminToken })
    const json = (await report('json')).json
    expect(json.compromisos.plan).toEqual([
      {
        axis: 'Deporte',
        observations: ['No hay canchas en la parroquia'],
        contributions: ['La comunidad dona el terreno'],
      },
    ])
    const md = (await report('md')).text
    expect(md).toContain('| Eje | Compromiso | Actividad |')
    expect(md).toContain('| Deporte | Construir dos canchas | Estudios y construcción |')
    // The commitment without an axis keeps an empty first cell, not a shifted row.
    expect(md).toContain('| — | Sin eje | — | 20 de enero de 2027 |')
    expect(md).toContain('### Observaciones y aportes ciudadanos por eje')
    // Each block apart, so a viewer shows them apart: a line right after a list item would continue it.
    expect(md).toContain(
      '#### Deporte\n\nObservaciones ciudadanas:\n\n- No hay canchas en la parroquia\n\nAportes ciudadanos:\n\n- La comunidad dona el terreno\n\n',
    )
    const html = (await report('html')).text
    expect(html).toContain('<th scope="col">Eje</th>')
    expect(html).toContain('<li>La comunidad dona el terreno</li>')
    const docx = await t.app.request('/api/events/evento/report?format=docx', {
      headers: { authorization: `Bearer ${t.adminToken}` },
    })
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.arrayBuffer()))['word/document.xml'])
    expect(xml).toContain('>Eje<')
    expect(xml).toContain('>No hay canchas en la parroquia<')
    // Unpublished, the commitment and its citizens' words stay out of the public copy.
    const open = (await report('json&audience=public')).json
    expect(open.compromisos).toEqual({ items: [], plan: [] })
  })

  it("has the spreadsheet report's table of citizens' observations and contributions at Ecuador's events, and at Colombia's only when one was recorded", async () => {
    const { t, create } = await setup()
    await t.call('POST', '/api/events', {
      token: t.adminToken,
      body: sampleEvent({
        slug: 'gad',
        country: 'EC',
        entity: { name: 'GAD Parroquial de Prueba', nit: '1768000000001', radicadoPrefix: 'GPP' },
      }),
    })
    const names = async (slug: string) => {
      const get = (format: string) =>
        t.app.request(`/api/events/${slug}/report?format=${format}`, {
          headers: { authorization: `Bearer ${t.adminToken}` },
        })
      const csv = csvTables(await (await get('csv')).text()).map((x) => x.name)
      const xlsx = (await xlsxSheets(await (await get('xlsx')).arrayBuffer())).map((x) => x.name)
      expect(xlsx).toEqual(csv)
      return csv
    }
    await create({ description: 'Arreglar la vía', area: 'despacho', axis: 'Vías' })
    // Ecuador's plan de trabajo: its table is there, empty, for a script to find.
    expect(await names('gad')).toContain('Observaciones y aportes')
    // A Colombian entity's report has no work plan to print: no empty table of Ecuador's.
    const co = await names('evento')
    expect(co).not.toContain('Observaciones y aportes')
    expect(co.slice(-2)).toEqual(['Compromisos', 'Conclusiones'])
    // What was recorded at a Colombian event all the same (through the API, say) is printed, not lost.
    await create(courts)
    expect(await names('evento')).toContain('Observaciones y aportes')
  })

  it('keeps apart in the Markdown report each axis, its observations and its contributions, as the HTML does', async () => {
    const { t, create } = await setup()
    await create(courts)
    await create({
      description: 'Iluminar la cancha',
      area: 'despacho',
      axis: 'Deporte',
      origin: 'observacion',
      observation: 'La cancha está a oscuras',
      contribution: 'La junta cuida las luminarias',
    })
    await create({ ...courts, description: 'Feria', axis: 'Economía', observation: 'No hay ferias' })
    const md = (await t.call('GET', '/api/events/evento/report?format=md', { token: t.adminToken })).text
    const plan = md.slice(md.indexOf('### Observaciones y aportes ciudadanos por eje'), md.indexOf('## 7.'))
    expect(plan).toContain(
      [
        '#### Deporte',
        'Observaciones ciudadanas:',
        '- No hay canchas en la parroquia\n- La cancha está a oscuras',
        'Aportes ciudadanos:',
        '- La comunidad dona el terreno\n- La junta cuida las luminarias',
        '#### Economía',
        'Observaciones ciudadanas:',
        '- No hay ferias',
      ].join('\n\n'),
    )
    // A line right after a list item would continue it (CommonMark's lazy continuation), and one right
    // after the axis would join it: every list item is followed by another or by a blank line.
    const lines = plan.split('\n')
    for (const [i, line] of lines.entries())
      if (line.startsWith('- ')) expect(lines[i + 1] === '' || lines[i + 1].startsWith('- '), line).toBe(true)
  })

  describe('follow-up dates', () => {
    // The test clock starts at 2026-11-21T15:00Z, 10:00 in Bogotá, the sample event's time zone.
    async function withCommitment(now?: Date) {
      const s = await setup(now)
      const c = (await s.create({ description: 'Arreglar la vía', area: 'despacho' })).json.commitment
      const follow = (body: Record<string, unknown>, path = '') =>
        s.t.call('POST', `/api/commitments/${c.id}/follow-ups${path}`, { token: s.mod, body })
      const stored = async () =>
        (await s.t.call('GET', `/api/commitments/${c.id}`, { token: s.mod })).json.commitment
      return { ...s, c, follow, stored }
    }

    it('refuses a follow-up dated after today and stores nothing', async () => {
      const { t, follow, stored } = await withCommitment()
      const res = await follow({
        note: 'Obra terminada',
        date: '2026-11-22',
        progress: 100,
        status: 'cumplido',
      })
      expect(res.status).toBe(400)
      expect(res.json.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        issues: [
          { path: 'date', message: expect.stringContaining('no puede ser posterior a hoy (2026-11-21)') },
        ],
      })
      const en = await follow({ note: 'Obra terminada', date: '2027-01-15' }, '?lang=en')
      expect(en.json.error.issues).toEqual([
        { path: 'date', message: expect.stringContaining('cannot be after today (2026-11-21)') },
      ])
      expect(await stored()).toMatchObject({ followUps: [], progress: 0, status: 'pendiente' })
      const audit = await t.call('GET', '/api/audit', { token: t.adminToken })
      expect(audit.json.entries.map((e: { action: string }) => e.action)).not.toContain(
        'commitment.follow_up',
      )
    })

    it('refuses a follow-up dated before the event where the commitment was made', async () => {
      const { follow, stored } = await withCommitment()
      const res = await follow({ note: 'Estudios previos', date: '2025-01-14', progress: 10 })
      expect(res.status).toBe(400)
      expect(res.json.error.issues).toEqual([
        { path: 'date', message: expect.stringContaining('no puede ser anterior al 2025-01-15') },
      ])
      expect((await follow({ note: 'El día del evento', date: '2025-01-15' })).status).toBe(201)
      expect((await stored()).followUps.map((f: { date: string }) => f.date)).toEqual(['2025-01-15'])
    })

    it('dates a commitment noted before its event from the day it was noted', async () => {
      // The test clock is 2026-11-21; this event is on the 27th.
      const s = await setup(undefined, '2026-11-27T14:00:00-05:00')
      const c = (await s.create({ description: 'Arreglar la vía', area: 'despacho' })).json.commitment
      const follow = (date: string) =>
        s.t.call('POST', `/api/commitments/${c.id}/follow-ups`, {
          token: s.mod,
          body: { note: 'Nota', date },
        })
      expect((await follow('2026-11-20')).status).toBe(400)
      expect((await follow('2026-11-21')).status).toBe(201)
    })

    it('accepts today, an earlier date, and no date (today)', async () => {
      const { follow, stored } = await withCommitment()
      expect((await follow({ note: 'Hoy', date: '2026-11-21', progress: 10 })).status).toBe(201)
      expect((await follow({ note: 'Antes', date: '2025-03-02' })).status).toBe(201)
      expect((await follow({ note: 'Sin fecha' })).status).toBe(201)
      const dates = (await stored()).followUps.map((f: { date: string }) => f.date)
      expect(dates).toEqual(['2025-03-02', '2026-11-21', '2026-11-21'])
    })

    it("takes today in the event's time zone, across Bogotá's midnight", async () => {
      // 23:30 on the 21st in Bogotá, already the 22nd in UTC: the 22nd is still tomorrow.
      const { t, follow, stored } = await withCommitment(new Date('2026-11-22T04:30:00Z'))
      const early = await follow({ note: 'Antes de medianoche', date: '2026-11-22' })
      expect(early.status).toBe(400)
      expect(early.json.error.issues[0].path).toBe('date')
      expect((await follow({ note: 'Sin fecha' })).status).toBe(201)
      // Midnight in Bogotá: the 22nd is today.
      t.setNow(new Date('2026-11-22T05:00:00Z'))
      expect((await follow({ note: 'Pasada la medianoche', date: '2026-11-22' })).status).toBe(201)
      expect((await follow({ note: 'Un día después', date: '2026-11-23' })).status).toBe(400)
      const dates = (await stored()).followUps.map((f: { date: string; note: string }) => [f.date, f.note])
      expect(dates).toEqual([
        ['2026-11-21', 'Sin fecha'],
        ['2026-11-22', 'Pasada la medianoche'],
      ])
    })
  })
})
