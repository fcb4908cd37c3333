import { describe, expect, it } from 'vitest'
import { sseReader } from './contract/sse'
import { sampleEvent, testApp } from './helpers'

async function setup() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  const mod = await t.staffToken('moderator')
  const submit = async (over: Record<string, unknown> = {}) => {
    const body = {
      type: 'peticion',
      text: '¿Habrá más ferias?',
      name: 'Ana',
      email: 'ana@example.co',
      ...over,
    }
    const res = await t.call('POST', '/api/events/evento/questions', { body })
    return res.json as { id: string; radicado: string; receiptToken: string }
  }
  const patch = (id: string, body: unknown, token = mod) =>
    t.call('PATCH', `/api/questions/${id}`, { token, body })
  const lookup = async (radicado: string) => (await t.call('GET', `/api/pqrsd/${radicado}`)).json.pqrsd
  const wall = async () => (await t.call('GET', '/api/events/evento/questions')).json.questions
  return { t, mod, submit, patch, lookup, wall }
}

describe('the moderation status machine', () => {
  it('refuses a decision taken on a question another moderator has changed since, and changes nothing', async () => {
    const { t, mod, submit, patch } = await setup()
    const other = await t.staffToken('moderator')
    const q = await submit()
    const seen = (await t.call('GET', '/api/events/evento/questions', { token: mod })).json.questions[0]
    // B answers first, a moment later; A, still typing on what it saw, sends its own answer.
    t.setNow(new Date('2026-11-21T15:01:00Z'))
    expect((await patch(q.id, { status: 'answered_live', answer: 'La de B.' }, other)).status).toBe(200)
    const late = await patch(q.id, {
      status: 'answered_live',
      answer: 'La de A.',
      expectedUpdatedAt: seen.updatedAt,
    })
    expect([late.status, late.json.error.code]).toEqual([409, 'QUESTION_CHANGED'])
    // Without the check, the same status again is refused too, never taken as an edit of B's answer.
    const again = await patch(q.id, { status: 'answered_live', answer: 'La de A.' })
    expect([again.status, again.json.error.code]).toEqual([409, 'ALREADY_IN_STATUS'])
    const now = (await t.call('GET', '/api/events/evento/questions', { token: mod })).json.questions[0]
    expect(now.answer).toBe('La de B.')
    // Hiding twice says it is hidden already, not that the reason is out of place.
    const h = await submit()
    expect((await patch(h.id, { status: 'hidden', reason: 'Spam' })).status).toBe(200)
    const twice = await patch(h.id, { status: 'hidden', reason: 'Spam' }, other)
    expect(twice.json.error).toMatchObject({
      code: 'ALREADY_IN_STATUS',
      message: expect.stringMatching(/ya está/),
    })
    // A decision on what is still current goes through.
    t.setNow(new Date('2026-11-21T15:02:00Z'))
    const fresh = (await t.call('GET', '/api/events/evento/questions', { token: mod })).json.questions.find(
      (x: { id: string }) => x.id === h.id,
    )
    const ok = await patch(h.id, { status: 'approved', expectedUpdatedAt: fresh.updatedAt })
    expect(ok.status).toBe(200)
  })

  it('approves a question onto the wall and changes what the status lookup shows', async () => {
    const { submit, patch, lookup, wall } = await setup()
    const q = await submit()
    expect((await patch(q.id, { status: 'approved' })).json.question.status).toBe('approved')
    expect((await wall()).map((w: { id: string }) => w.id)).toEqual([q.id])
    expect(await lookup(q.radicado)).toMatchObject({ status: 'approved', question: '¿Habrá más ferias?' })
    const answered = await patch(q.id, { status: 'answered_live', answer: 'Sí, en marzo.' })
    expect(answered.json.question).toMatchObject({ status: 'answered_live', answeredBy: expect.any(String) })
    expect(await lookup(q.radicado)).toMatchObject({
      status: 'answered_live',
      answer: { text: 'Sí, en marzo.', live: true },
    })
  })

  it('asks for the reason to hide, the answer to answer, and the area to leave pending', async () => {
    const { submit, patch, lookup } = await setup()
    const q = await submit()
    const issue = async (body: unknown) => (await patch(q.id, body)).json.error.issues[0].path
    expect(await issue({ status: 'hidden' })).toBe('reason')
    expect(await issue({ status: 'answered_live' })).toBe('answer')
    expect(await issue({ status: 'pending' })).toBe('area')
    expect(await issue({ status: 'approved', forwardedTo: 'Gobernación' })).toBe('forwardedTo')
    // An answer sent beside a status that takes none is refused, not dropped unsaid.
    const beside = await patch(q.id, { status: 'pending', area: 'cadenas-valor', answer: 'En enero.' })
    expect([beside.status, beside.json.error.issues]).toEqual([
      400,
      [
        {
          path: 'answer',
          message:
            'Solo acompaña un cambio de estado a answered_live o answered, o va sola para corregir una respuesta ya dada.',
        },
      ],
    ])
    expect((await lookup(q.radicado)).status).toBe('received')
    expect((await patch(q.id, { status: 'pending', area: 'cadenas-valor' })).json.question).toMatchObject({
      status: 'pending',
      area: { key: 'cadenas-valor', name: 'Subsecretaría de Cadenas de Valor' },
    })
    expect((await patch(q.id, { status: 'hidden', reason: 'spam' })).json.error.code).toBe(
      'STATUS_TRANSITION',
    )
    expect((await patch(q.id, { area: 'nada' })).json.error.code).toBe('AREA_UNKNOWN')
  })

  it('says, when it refuses a status, where the question is and what it can do from there', async () => {
    const { t, mod, submit, patch } = await setup()
    const q = await submit()
    expect((await patch(q.id, { status: 'approved' })).status).toBe(200)
    // An answer sent alone, as if a status were implied: the moderator is told to send one.
    const alone = await patch(q.id, { answer: 'Adjunto el contrato.' })
    expect([alone.status, alone.json.error.code]).toEqual([409, 'STATUS_TRANSITION'])
    expect(alone.json.error.message).toBe(
      'La pregunta está en el estado «Aprobada» (approved): para responderla, envíe también el estado, ' +
        'answered (por escrito) o answered_live (en vivo). Sin estado solo se corrige la respuesta de una ' +
        'pregunta ya respondida.',
    )
    const publish = await patch(q.id, { publishAnswer: true })
    expect(publish.json.error.message).toBe(
      'La pregunta aún no tiene respuesta: respóndala antes de publicar la respuesta.',
    )
    expect((await patch(q.id, { status: 'answered', answer: 'Se pavimenta en marzo.' })).status).toBe(200)
    const back = await patch(q.id, { status: 'approved' })
    expect([back.status, back.json.error.code]).toEqual([409, 'STATUS_TRANSITION'])
    expect(back.json.error.message).toBe(
      'La pregunta está en el estado «Respondida por escrito» (answered): no puede pasar a «Aprobada» ' +
        '(approved). Ya no admite otro estado.',
    )
    const other = await submit()
    await patch(other.id, { status: 'hidden', reason: 'spam' })
    const en = await t.call('PATCH', `/api/questions/${other.id}`, {
      token: mod,
      body: { status: 'pending', area: 'cadenas-valor' },
      headers: { 'accept-language': 'en' },
    })
    expect(en.json.error.message).toBe(
      "The question's status is «Hidden» (hidden): it cannot move to «Pending» (pending). " +
        'From there it can move to: «Received» (received), «Approved» (approved), «Answered in writing» (answered), ' +
        '«Forwarded» (forwarded), «Extended» (extended), «To be completed (term suspended)» (incomplete), ' +
        '«Withdrawn by the petitioner» (desisted).',
    )
    // Nothing of any refused decision was written.
    expect((await patch(q.id, { status: 'answered', answer: 'x' })).json.error.code).toBe('ALREADY_IN_STATUS')
    const read = (await t.call('GET', `/api/questions/${q.id}`, { token: mod })).json.question
    expect([read.status, read.answer]).toEqual(['answered', 'Se pavimenta en marzo.'])
  })

  it('takes a hidden question off the wall with its reason and lets it back', async () => {
    const { submit, patch, wall, lookup } = await setup()
    const q = await submit()
    await patch(q.id, { status: 'approved' })
    await patch(q.id, { status: 'hidden', reason: 'Insulto' })
    expect(await wall()).toEqual([])
    expect(await lookup(q.radicado)).toMatchObject({ status: 'hidden', question: null })
    await patch(q.id, { status: 'approved' })
    expect(await wall()).toHaveLength(1)
  })

  it('undoes a hide to where the question was: received if never approved, approved and on the wall if it was', async () => {
    const { t, mod, submit, patch, wall } = await setup()
    const read = async (id: string) => (await t.call('GET', `/api/questions/${id}`, { token: mod })).json
    const never = await submit({ text: '¿Hay cupos en el SENA?' })
    expect((await patch(never.id, { status: 'hidden', reason: 'Por error' })).status).toBe(200)
    // Hidden before any approval: nothing says it was ever approved, and received is where it goes back.
    expect((await read(never.id)).question.approvedAt).toBeNull()
    expect((await patch(never.id, { status: 'received' })).status).toBe(200)
    expect((await read(never.id)).question).toMatchObject({ status: 'received', statusReason: null })
    expect(await wall()).toEqual([])

    const shown = await submit({ text: '¿Cuándo abre el parque?' })
    await patch(shown.id, { status: 'approved' })
    const approvedAt = (await read(shown.id)).question.approvedAt
    expect(approvedAt).not.toBeNull()
    t.setNow(new Date(Date.parse(approvedAt) + 60_000))
    await patch(shown.id, { status: 'hidden', reason: 'Insulto' })
    // The hide keeps when it was approved: that is what tells the console where an undo goes.
    expect((await read(shown.id)).question).toMatchObject({ status: 'hidden', approvedAt })
    expect((await patch(shown.id, { status: 'approved' })).status).toBe(200)
    const back = await read(shown.id)
    // Back as it was: approved when it was, and without the hide's reason, which the audit log keeps.
    expect(back.question).toMatchObject({ status: 'approved', approvedAt, statusReason: null })
    expect(
      back.history.map((h: { action: string; data: { from?: string; to?: string; reason?: string } }) => [
        h.action,
        h.data.from,
        h.data.to,
        h.data.reason,
      ]),
    ).toEqual([
      ['question.status', 'received', 'approved', undefined],
      ['question.status', 'approved', 'hidden', 'Insulto'],
      ['question.status', 'hidden', 'approved', undefined],
    ])
    expect((await wall()).map((q: { id: string }) => q.id)).toEqual([shown.id])
  })

  it('forwards to the competent entity and publishes a written answer when there is no contact', async () => {
    const { submit, patch, lookup } = await setup()
    const a = await submit()
    await patch(a.id, { status: 'forwarded', forwardedTo: 'Gobernación de Antioquia' })
    expect(await lookup(a.radicado)).toMatchObject({
      status: 'forwarded',
      forwardedTo: 'Gobernación de Antioquia',
    })
    const anon = await submit({ name: undefined, email: undefined, anonymous: true })
    // Kept back, it would reach no one: refused, and nothing changes.
    const kept = await patch(anon.id, {
      status: 'answered',
      answer: 'Respuesta escrita.',
      publishAnswer: false,
    })
    expect(kept.status).toBe(400)
    expect(kept.json.error.issues[0].path).toBe('publishAnswer')
    expect((await lookup(anon.radicado)).status).not.toBe('answered')
    await patch(anon.id, { status: 'answered', answer: 'Respuesta escrita.' })
    expect((await lookup(anon.radicado)).answer).toMatchObject({ text: 'Respuesta escrita.', live: false })
    // Nor kept back afterwards.
    expect((await patch(anon.id, { publishAnswer: false })).status).toBe(400)
    expect((await lookup(anon.radicado)).answer).toMatchObject({ text: 'Respuesta escrita.' })
    const known = await submit()
    await patch(known.id, { status: 'answered', answer: 'Enviada por correo.' })
    expect((await lookup(known.radicado)).answer).toBeNull()
  })
})

describe('extensions', () => {
  it('extends within the term to at most twice the term, counted from the same start', async () => {
    const { t, submit, patch, lookup } = await setup()
    const q = await submit() // received Saturday 21 Nov 2026, due 14 Dec; twice the term: 6 Jan 2027 (25 Dec and 1 Jan skipped)
    await patch(q.id, { status: 'pending', area: 'despacho' })
    t.setNow(new Date('2026-12-10T15:00:00Z'))
    const admin = await t.login() // staff tokens expire after 12 hours
    const extend = (body: unknown) => patch(q.id, body, admin)
    const base = {
      status: 'extended',
      reason: 'Se requiere información de otra dependencia',
      noticeDate: '2026-12-10',
    }
    const tooFar = await extend({ ...base, newDueDate: '2027-01-07' })
    expect(tooFar.status).toBe(422)
    // Dates in the message as people read them, not as the API writes them.
    expect(tooFar.json.error.message).toBe(
      'La nueva fecha debe ser posterior al 14 de diciembre de 2026 y no pasar del 6 de enero de 2027 (el doble del término).',
    )
    const early = await extend({ ...base, noticeDate: '2026-12-11', newDueDate: '2027-01-06' })
    expect(early.status).toBe(422)
    expect(early.json.error.message).toBe(
      'La fecha del aviso debe estar entre la recepción (21 de noviembre de 2026) y hoy, sin pasar del vencimiento (14 de diciembre de 2026).',
    )
    // A term ends on a business day: a holiday or a Saturday is refused, naming the next one.
    for (const day of ['2027-01-01', '2027-01-02']) {
      const closedDay = await extend({ ...base, newDueDate: day })
      expect([closedDay.status, closedDay.json.error.code]).toEqual([422, 'EXTENSION_NOT_ALLOWED'])
      expect(closedDay.json.error.message).toMatch(
        /^El [0-9]+ de enero de 2027 no es día hábil; el siguiente es el 4 de enero de 2027\.$/,
      )
    }
    const ok = await extend({ ...base, newDueDate: '2027-01-06' })
    expect(ok.json.question).toMatchObject({
      status: 'extended',
      extensionNoticeDate: '2026-12-10',
      extendedDueDate: '2027-01-06',
    })
    // The petitioner is told why, where anyone with the radicado looks: for one with no contact, the only way.
    expect(await lookup(q.radicado)).toMatchObject({
      dueDate: '2026-12-14',
      extendedDueDate: '2027-01-06',
      extensionReason: 'Se requiere información de otra dependencia',
    })
    // The petitioner's constancia says so too, in every format: the receipt they keep names the new term.
    const path = `/api/pqrsd/${q.radicado}/constancia`
    const receipt = `token=${q.receiptToken}`
    const json = (await t.call('GET', `${path}?${receipt}`)).json.constancia
    const extension = {
      dueDate: '2027-01-06',
      noticeDate: '2026-12-10',
      reason: 'Se requiere información de otra dependencia',
    }
    expect(json.extension).toEqual(extension)
    const line =
      'Término prorrogado hasta: miércoles, 6 de enero de 2027 (aviso del jueves, 10 de diciembre de 2026)'
    const txt = (await t.call('GET', `${path}?format=txt&${receipt}`)).text
    expect(txt).toContain(line)
    expect(txt).toContain('Motivo de la prórroga: Se requiere información de otra dependencia')
    const html = (await t.call('GET', `${path}?format=html&lang=en&${receipt}`)).text
    expect(html).toContain(
      '<th scope="row">Term extended to</th><td>Wednesday, January 6, 2027 (notice given on Thursday, December 10, 2026)</td>',
    )
    // Forwarded afterwards, with a reason of its own: the extension keeps its reason.
    const forwarded = { status: 'forwarded', forwardedTo: 'Gobernación', reason: 'Es de su competencia' }
    expect((await extend(forwarded)).status).toBe(200)
    expect((await t.call('GET', `${path}?${receipt}`)).json.constancia.extension).toEqual(extension)
    expect((await lookup(q.radicado)).extensionReason).toBe('Se requiere información de otra dependencia')
  })

  it('tells how to write a date when one is not a date', async () => {
    const { t, submit, patch } = await setup()
    const q = await submit()
    const body = { status: 'extended', reason: 'R', noticeDate: '05/12/2026', newDueDate: '2027-02-30' }
    const bad = await patch(q.id, body, await t.login())
    expect(bad.status).toBe(400)
    expect(bad.json.error.issues.map((i: { path: string; message: string }) => [i.path, i.message])).toEqual([
      ['noticeDate', 'Escriba una fecha existente como AAAA-MM-DD, p. ej. 2026-12-31.'],
      ['newDueDate', 'Escriba una fecha existente como AAAA-MM-DD, p. ej. 2026-12-31.'],
    ])
    expect(
      (await t.call('GET', `/api/questions/${q.id}`, { token: await t.login() })).json.question.status,
    ).toBe('received')
  })

  it('takes no answer as given live once the event is closed, and takes a written one', async () => {
    const { t, submit, patch, lookup } = await setup()
    const q = await submit()
    await patch(q.id, { status: 'pending', area: 'despacho' })
    expect(
      (await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { status: 'closed' } }))
        .status,
    ).toBe(200)
    const live = await patch(q.id, { status: 'answered_live', answer: 'Sí.' })
    expect([live.status, live.json.error.code]).toEqual([409, 'EVENT_CLOSED'])
    expect(live.json.error.message).toContain('una respuesta dada ahora es escrita')
    expect((await lookup(q.radicado)).status).toBe('pending')
    expect((await patch(q.id, { status: 'answered', answer: 'Sí, en marzo.' })).json.question.status).toBe(
      'answered',
    )
  })

  it('refuses an extension once the original due date has passed', async () => {
    const { t, submit, patch } = await setup()
    const q = await submit()
    await patch(q.id, { status: 'pending', area: 'despacho' })
    t.setNow(new Date('2026-12-15T15:00:00Z'))
    const body = { status: 'extended', reason: 'Tarde', noticeDate: '2026-12-14', newDueDate: '2027-01-10' }
    const late = await patch(q.id, body, await t.login())
    expect(late.json.error.code).toBe('EXTENSION_NOT_ALLOWED')
  })
})

describe('screen, display text and duplicates', () => {
  it('pins one question per event and keeps the original text when editing it for display', async () => {
    const { t, mod, submit, patch, wall } = await setup()
    const a = await submit()
    const b = await submit({ text: 'Texto con datos: mi cédula es 123' })
    for (const id of [a.id, b.id]) await patch(id, { status: 'approved' })
    await patch(a.id, { pinned: true })
    await patch(b.id, { pinned: true, displayText: '¿Cómo me inscribo?' })
    const shown = await wall()
    expect(shown.map((q: { pinned: boolean }) => q.pinned)).toEqual([true, false])
    expect(shown[0]).toMatchObject({ id: b.id, text: '¿Cómo me inscribo?' })
    const staffView = await t.call('GET', `/api/questions/${b.id}`, { token: mod })
    expect(staffView.json.question).toMatchObject({
      text: 'Texto con datos: mi cédula es 123',
      displayText: '¿Cómo me inscribo?',
    })
    const c = await submit()
    expect((await patch(c.id, { pinned: true })).json.error.code).toBe('QUESTION_NOT_PUBLIC')
  })

  it('answers every merged radicado when the primary is answered, and counts each voter once', async () => {
    const { t, submit, patch, lookup, wall } = await setup()
    const primary = await submit()
    const dupe = await submit({ text: '¿Va a haber ferias?' })
    for (const id of [primary.id, dupe.id]) await patch(id, { status: 'approved' })
    const vote = (id: string, device: string) =>
      t.call('POST', `/api/events/evento/questions/${id}/votes`, { headers: { 'x-device-token': device } })
    await vote(primary.id, 'device-1111')
    await vote(dupe.id, 'device-1111')
    await vote(dupe.id, 'device-2222')
    await patch(dupe.id, { mergeInto: primary.id })
    expect((await wall()).map((q: { id: string; votes: number }) => [q.id, q.votes])).toEqual([
      [primary.id, 2],
    ])
    expect((await patch(dupe.id, { status: 'answered_live', answer: 'x' })).json.error.code).toBe(
      'STATUS_TRANSITION',
    )
    await patch(primary.id, { status: 'answered_live', answer: 'En marzo, en la plaza.' })
    expect(await lookup(dupe.radicado)).toMatchObject({
      status: 'answered_live',
      mergedWith: primary.radicado,
      answer: { text: 'En marzo, en la plaza.', live: true },
    })
    const constancia = await t.call('GET', `/api/questions/${dupe.id}/constancia`, { token: t.adminToken })
    expect(constancia.json.constancia.answer).toMatchObject({ text: 'En marzo, en la plaza.', live: true })
    const late = await submit({ text: '¿Y las ferias?' })
    await patch(late.id, { mergeInto: dupe.id })
    expect(await lookup(late.radicado)).toMatchObject({
      status: 'answered_live',
      mergedWith: primary.radicado,
    })
    expect((await patch(primary.id, { mergeInto: primary.id })).json.error.code).toBe('MERGE_INVALID')
  })

  it("publishes a written answer under a merged radicado with no contact, whatever the primary's", async () => {
    const { submit, patch, lookup } = await setup()
    const anonymous = { name: undefined, email: undefined, anonymous: true }
    // Merged into a primary already answered by e-mail (kept back by default)…
    const answered = await submit()
    const early = await submit({ ...anonymous, text: '¿Va a haber ferias?' })
    await patch(answered.id, { status: 'answered', answer: 'Sí, en marzo.' })
    expect((await patch(early.id, { mergeInto: answered.id })).status).toBe(200)
    // …and merged first, into a primary answered afterwards.
    const pending = await submit({ text: '¿Habrá subsidio de transporte?' })
    const late = await submit({ ...anonymous, text: '¿Subsidio de transporte?' })
    const noContact = await submit({ name: 'Luis', email: undefined, text: '¿Y el subsidio?' })
    await patch(pending.id, { status: 'pending', area: 'despacho' })
    for (const d of [late, noContact]) await patch(d.id, { mergeInto: pending.id })
    await patch(pending.id, { status: 'answered', answer: 'Desde enero.' })

    expect((await lookup(answered.radicado)).answer).toBeNull()
    expect((await lookup(early.radicado)).answer).toMatchObject({ text: 'Sí, en marzo.', live: false })
    expect((await lookup(pending.radicado)).answer).toBeNull()
    for (const d of [late, noContact])
      expect((await lookup(d.radicado)).answer).toMatchObject({ text: 'Desde enero.', live: false })
    // Keeping the primary's back again, or the duplicate's, leaves theirs published.
    await patch(pending.id, { publishAnswer: false })
    const kept = await patch(late.id, { publishAnswer: false })
    expect(kept.status).toBe(400)
    expect(kept.json.error.issues[0].path).toBe('publishAnswer')
    for (const d of [late, noContact]) expect((await lookup(d.radicado)).answer).not.toBeNull()
  })

  it('forwards, holds and extends every merged radicado with its primary, each within its own term', async () => {
    const { t, mod, submit, patch, lookup } = await setup()
    let token = mod
    const staffView = async (id: string) =>
      (await t.call('GET', `/api/questions/${id}`, { token })).json.question
    // Forwarded: the duplicate goes to the same entity, and so does one merged in afterwards.
    const a = await submit()
    const b = await submit({ text: '¿Va a haber ferias?' })
    await patch(b.id, { mergeInto: a.id })
    const to = {
      status: 'forwarded',
      forwardedTo: 'Gobernación de Antioquia',
      reason: 'Es de su competencia',
    }
    expect((await patch(a.id, to)).status).toBe(200)
    const later = await submit({ text: '¿Y las ferias?' })
    await patch(later.id, { mergeInto: a.id })
    for (const d of [b, later]) {
      expect(await lookup(d.radicado)).toMatchObject({ status: 'forwarded', mergedWith: a.radicado })
      expect(await staffView(d.id)).toMatchObject({
        status: 'forwarded',
        forwardedTo: 'Gobernación de Antioquia',
        statusReason: 'Es de su competencia',
      })
    }

    // Pending: the duplicates wait with the primary, for its department.
    const p = await submit()
    const same = await submit({ text: '¿Cuándo arreglan la vía?' })
    const short = await submit({ type: 'peticion_informacion', text: '¿Cuánto cuesta la vía?' })
    for (const d of [same, short]) await patch(d.id, { mergeInto: p.id })
    await patch(p.id, { status: 'pending', area: 'despacho' })
    for (const d of [same, short])
      expect(await staffView(d.id)).toMatchObject({ status: 'pending', area: { key: 'despacho' } })

    // Extended: refused while a duplicate's own term (10 days, due 4 December) has run out, naming it,
    // and nothing changes; unmerged, the rest take the primary's extension.
    t.setNow(new Date('2026-12-10T15:00:00Z'))
    const admin = await t.login() // staff tokens expire after 12 hours
    token = admin
    const extend = {
      status: 'extended',
      reason: 'Se requiere información de otra dependencia',
      noticeDate: '2026-12-10',
      newDueDate: '2027-01-06',
    }
    const refused = await patch(p.id, extend, admin)
    expect(refused.json.error.code).toBe('EXTENSION_NOT_ALLOWED')
    expect(refused.json.error.message).toContain(short.radicado)
    expect((await staffView(p.id)).status).toBe('pending')
    expect((await staffView(same.id)).status).toBe('pending')
    await patch(short.id, { mergeInto: null }, admin)
    expect((await patch(p.id, extend, admin)).status).toBe(200)
    expect(await lookup(same.radicado)).toMatchObject({
      status: 'extended',
      dueDate: '2026-12-14',
      extendedDueDate: '2027-01-06',
    })
    expect(await staffView(short.id)).toMatchObject({ status: 'pending', extendedDueDate: null })
  })

  it('moves the duplicates of a merged question to the new primary with its answer or its hold', async () => {
    const { t, mod, submit, patch, lookup } = await setup()
    const live = sseReader(
      (
        await t.app.request('/api/events/evento/live/moderation', {
          headers: { authorization: `Bearer ${mod}` },
        })
      ).body!,
    )
    // D was merged into A; then A, into B, answered live: D is B's duplicate and takes B's answer too.
    const [d, a, b] = [
      await submit(),
      await submit({ text: '¿Y las ferias?' }),
      await submit({ text: 'Ferias' }),
    ]
    for (const q of [d, a, b]) await patch(q.id, { status: 'approved' })
    await patch(d.id, { mergeInto: a.id })
    await patch(b.id, { status: 'answered_live', answer: 'En marzo, en la plaza.' })
    expect((await patch(a.id, { mergeInto: b.id })).status).toBe(200)
    for (const q of [a, d])
      expect(await lookup(q.radicado)).toMatchObject({
        status: 'answered_live',
        mergedWith: b.radicado,
        answer: { text: 'En marzo, en la plaza.', live: true },
      })
    // The moderators' stream ends with D where the API has it.
    let last: { mergedInto?: string; status?: string } = {}
    for (;;) {
      const f = await live.next(300).catch(() => null)
      if (!f) break
      if (f.event === 'question.updated' && JSON.parse(f.data).id === d.id) last = JSON.parse(f.data)
    }
    expect(last).toMatchObject({ mergedInto: b.id, status: 'answered_live' })
    live.close()
    const history = await t.call('GET', `/api/questions/${d.id}`, { token: mod })
    // Answered by the merge, with B's answer: the audit log says so after the merge.
    expect(history.json.history.slice(-2)).toMatchObject([
      { action: 'question.merge', data: { into: b.id } },
      { action: 'question.answer_merged', data: { primary: b.id, radicado: b.radicado } },
    ])

    // Held with a department: the duplicates wait with the new primary, for its department.
    const [e, f, g] = [await submit(), await submit({ text: '¿La vía?' }), await submit({ text: 'Vía' })]
    await patch(e.id, { mergeInto: f.id })
    await patch(g.id, { status: 'pending', area: 'despacho' })
    await patch(f.id, { mergeInto: g.id })
    for (const q of [e, f])
      expect((await t.call('GET', `/api/questions/${q.id}`, { token: mod })).json.question).toMatchObject({
        status: 'pending',
        mergedInto: g.id,
        area: { key: 'despacho' },
      })
    expect((await t.call('GET', '/api/audit/verify', { token: t.adminToken })).json.ok).toBe(true)
  })

  it('leaves one question on screen when two are pinned at once, and says so on every stream', async () => {
    const { t, mod, submit, patch } = await setup()
    const other = await t.staffToken('moderator')
    const open = async (path: string, token?: string) =>
      sseReader(
        (await t.app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} })).body!,
      )
    const streams = [
      await open('/api/events/evento/live/moderation', mod),
      await open('/api/events/evento/live'),
    ]
    const ids: string[] = []
    for (let i = 0; i < 12; i++) {
      const q = await submit({ text: `Pregunta ${i}` })
      await patch(q.id, { status: 'approved' })
      ids.push(q.id)
    }
    for (let i = 0; i < ids.length; i += 2)
      await Promise.all([patch(ids[i], { pinned: true }, mod), patch(ids[i + 1], { pinned: true }, other)])
    const pinned = new Map<string, boolean>()
    for (const id of ids)
      pinned.set(id, (await t.call('GET', `/api/questions/${id}`, { token: mod })).json.question.pinned)
    expect([...pinned.values()].filter(Boolean)).toHaveLength(1)
    for (const live of streams) {
      // What each stream last said of each question: its pin as the API reads it back.
      const said = new Map<string, boolean>()
      for (;;) {
        const f = await live.next(300).catch(() => null)
        if (!f) break
        const data = f.data ? JSON.parse(f.data) : null
        if (data && typeof data.pinned === 'boolean' && ids.includes(data.id)) said.set(data.id, data.pinned)
      }
      expect(Object.fromEntries(said)).toEqual(Object.fromEntries(pinned))
      live.close()
    }
  })

  it("answers a vote for a merged question as not counted when the person's vote already counts for it", async () => {
    const { t, submit, patch, wall } = await setup()
    const [primary, dupe] = [await submit(), await submit({ text: '¿Va a haber ferias?' })]
    for (const q of [primary, dupe]) await patch(q.id, { status: 'approved' })
    const vote = (id: string, device: string) =>
      t.call('POST', `/api/events/evento/questions/${id}/votes`, { headers: { 'x-device-token': device } })
    expect((await vote(dupe.id, 'device-1111')).status).toBe(201)
    await patch(dupe.id, { mergeInto: primary.id })
    for (const id of [primary.id, dupe.id]) {
      const again = await vote(id, 'device-1111')
      expect([again.status, again.json]).toEqual([200, { questionId: primary.id, votes: 1, counted: false }])
    }
    const next = await vote(primary.id, 'device-2222')
    expect([next.status, next.json.votes, next.json.counted]).toEqual([201, 2, true])
    expect((await wall()).map((q: { votes: number }) => q.votes)).toEqual([2])
    // Unmerged, the duplicate keeps the person's first vote and the primary the one given to it.
    await patch(dupe.id, { mergeInto: null })
    const votes = Object.fromEntries(
      (await wall()).map((q: { id: string; votes: number }) => [q.id, q.votes]),
    )
    expect(votes).toEqual({ [primary.id]: 2, [dupe.id]: 1 })
  })

  it('annuls a number keeping its row and reason, and never gives the number again', async () => {
    const { t, mod, submit, lookup } = await setup()
    const q = await submit()
    const annul = (token: string) =>
      t.call('POST', `/api/questions/${q.id}/annul`, { token, body: { reason: 'Radicado de prueba' } })
    expect((await annul(mod)).status).toBe(403)
    expect((await annul(t.adminToken)).json.question).toMatchObject({
      status: 'annulled',
      statusReason: 'Radicado de prueba',
    })
    expect((await lookup(q.radicado)).status).toBe('annulled')
    expect((await submit()).radicado).toBe('SDE-2026-000002')
  })

  it('writes every moderation action into the audit log and the question history', async () => {
    const { t, mod, submit, patch } = await setup()
    const q = await submit()
    await patch(q.id, { status: 'approved' })
    await patch(q.id, { pinned: true, displayText: 'Texto corto' })
    await patch(q.id, { status: 'pending', area: 'despacho' })
    const history = await t.call('GET', `/api/questions/${q.id}`, { token: mod })
    expect(history.json.history.map((h: { action: string }) => h.action)).toEqual([
      'question.status',
      'question.display_text',
      'question.pin',
      'question.status',
      'question.area',
    ])
    expect(history.json.history[3].data).toMatchObject({ from: 'approved', to: 'pending' })
    expect((await t.call('GET', '/api/audit/verify', { token: t.adminToken })).json.ok).toBe(true)
  })
})
