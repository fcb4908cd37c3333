import { describe, expect, it, vi } from 'vitest'
import { countersReport } from '../server/services/maintenance'
import { evaluationForm } from '../server/services/question-bank'
import { requiredAnswers, sampleEvent, type TestApp, testApp } from './helpers'

/**
 * A survey response is decided on the event and form as read, and committed later (on Node a group
 * commit, on Workers a D1 batch from the event's writer object). Here it is held between the two, once
 * its form's definition is in hand, while staff close or change the form; then let go.
 */
const gate = vi.hoisted(() => ({ hold: null as null | { reached: () => void; release: Promise<void> } }))
vi.mock('../server/services/answers', async (importOriginal) => {
  const real = await importOriginal<typeof import('../server/services/answers')>()
  return {
    ...real,
    compiledForm: async (...args: Parameters<typeof real.compiledForm>) => {
      const form = await real.compiledForm(...args)
      const hold = gate.hold
      gate.hold = null
      if (hold) {
        hold.reached()
        await hold.release
      }
      return form
    },
  }
})

/** `submit` decides on what it reads, then `meanwhile` runs to its end, then `submit` commits. */
async function racing<T>(submit: () => Promise<T>, meanwhile: () => Promise<unknown>): Promise<T> {
  let reached!: () => void
  let release!: () => void
  const at = new Promise<void>((r) => (reached = r))
  gate.hold = { reached, release: new Promise<void>((r) => (release = r)) }
  const pending = submit()
  await at
  await meanwhile()
  release()
  return pending
}

async function withEvent() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  return t
}
let device = 0
const respond = (t: TestApp, answers: Record<string, unknown> = requiredAnswers) =>
  t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
    body: { answers, deviceToken: `race-device-${String(++device).padStart(8, '0')}` },
  })
const staff = (t: TestApp, method: string, path: string, body: unknown) =>
  t.call(method, path, { token: t.adminToken, body })
const stats = async (t: TestApp, query = '') =>
  (await t.call('GET', `/api/events/evento/forms/evaluacion/stats${query}`, { token: t.adminToken })).json
const FORM = '/api/events/evento/forms/evaluacion'

describe('a survey response decided before a staff change that commits first', () => {
  it('is refused once the form is closed, not stored after the close was answered', async () => {
    const t = await withEvent()
    const late = await racing(
      () => respond(t),
      async () => expect((await staff(t, 'PATCH', FORM, { open: false })).status).toBe(200),
    )
    expect([late.status, late.json.error?.code]).toEqual([409, 'FORM_CLOSED'])
    expect((await stats(t)).responses).toBe(0)
  })

  it('is refused once the event is closed', async () => {
    const t = await withEvent()
    const late = await racing(
      () => respond(t),
      async () =>
        expect((await staff(t, 'PATCH', '/api/events/evento', { status: 'closed' })).status).toBe(200),
    )
    expect([late.status, late.json.error?.code]).toEqual([409, 'EVENT_CLOSED'])
    expect((await stats(t)).responses).toBe(0)
  })

  it('is refused once a new version has replaced its version and been closed', async () => {
    const t = await withEvent()
    expect((await respond(t)).status).toBe(201)
    const late = await racing(
      () => respond(t),
      async () => {
        const next = await staff(t, 'POST', `${FORM}/questions`, {
          id: 'puntaje',
          type: 'scale',
          label: 'Puntaje',
          scale: { min: 1, max: 5 },
        })
        expect(next.json).toMatchObject({ versioned: true, form: { version: 2 } })
        expect((await staff(t, 'PATCH', FORM, { open: false })).status).toBe(200)
      },
    )
    expect([late.status, late.json.error?.code]).toEqual([409, 'FORM_CLOSED'])
    expect((await stats(t, '?version=1')).responses).toBe(1)
  })

  it('is judged again on a definition changed in place, never stored under one it was not checked against', async () => {
    const t = await withEvent()
    const late = await racing(
      () => respond(t),
      async () => {
        // No responses yet, so the version is changed in place: it now requires another answer.
        const added = await staff(t, 'POST', `${FORM}/questions`, {
          id: 'puntaje',
          type: 'scale',
          label: 'Puntaje',
          required: true,
          scale: { min: 1, max: 5 },
        })
        expect(added.json).toMatchObject({ versioned: false, form: { version: 1 } })
      },
    )
    expect([late.status, late.json.error?.issues?.[0]?.path]).toEqual([400, 'answers.puntaje'])
    const s = await stats(t)
    expect([s.versions, s.responses]).toEqual([[1], 0])
    // Answered as the version now stands, it is taken.
    expect((await respond(t, { ...requiredAnswers, puntaje: 4 })).status).toBe(201)
  })

  it('leaves no counters that a recount of the raw answers would not give', async () => {
    const t = await withEvent()
    const def = evaluationForm()
    const late = await racing(
      () => respond(t, { ...requiredAnswers, comentarios: 'Más alumbrado en la vereda' }),
      async () => {
        const without = { ...def, questions: def.questions.filter((q) => q.id !== 'comentarios') }
        expect((await staff(t, 'PUT', FORM, without)).json).toMatchObject({ versioned: false })
      },
    )
    expect([late.status, late.json.error?.issues?.[0]?.path]).toEqual([400, 'answers.comentarios'])
    const report = await countersReport(t.deps.db, { slug: 'evento', actor: 'test', now: t.deps.now })
    expect(report.events[0].drift).toEqual([])
  })

  it('still goes through when nothing it was decided on changed', async () => {
    const t = await withEvent()
    const ok = await racing(
      () => respond(t),
      () => staff(t, 'PATCH', '/api/events/evento', { peakViewers: 81 }),
    )
    expect(ok.status).toBe(201)
    expect((await stats(t)).responses).toBe(1)
  })
})
