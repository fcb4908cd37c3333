import { describe, expect, it } from 'vitest'
import { requiredAnswers as required, sampleEvent, type TestApp, testApp } from './helpers'

async function withEvent() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  return t
}

const respond = (t: TestApp, form: string, answers: Record<string, unknown>, device: string) =>
  t.call('POST', `/api/events/evento/forms/${form}/responses`, {
    body: { answers, deviceToken: `device-token-${device.padStart(8, '0')}` },
  })

const colours = (values: string[]) => ({
  title: 'Colores',
  questions: [
    {
      id: 'color',
      type: 'single',
      label: 'Color',
      required: true,
      options: values.map((value) => ({ value, label: value })),
    },
  ],
})

describe('the submission hot path', () => {
  it('validates against a definition edited in place twice at the same instant, as last stored', async () => {
    // The test clock stands still: both edits happen at one instant.
    const t = await withEvent()
    const created = await t.call('POST', '/api/events/evento/forms', {
      token: t.adminToken,
      body: { key: 'colores', ...colours(['rojo', 'azul']) },
    })
    expect(created.status).toBe(201)
    // The definition is read and kept by the first submission attempt…
    expect((await respond(t, 'colores', { color: 'verde' }, 'a')).status).toBe(400)
    for (const values of [
      ['rojo', 'verde'],
      ['amarillo', 'negro'],
    ]) {
      const put = await t.call('PUT', '/api/events/evento/forms/colores', {
        token: t.adminToken,
        body: colours(values),
      })
      expect(put.json.versioned).toBe(false)
    }
    // …and yet the second edit is what the next submissions are checked against.
    expect((await respond(t, 'colores', { color: 'verde' }, 'b')).status).toBe(400)
    expect((await respond(t, 'colores', { color: 'amarillo' }, 'c')).status).toBe(201)
  })

  it('keeps counters equal to the raw answers when concurrent submissions repeat a device', async () => {
    const t = await withEvent()
    // 40 submissions at once over 30 devices: each device answers once, the repeats are refused alone.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        respond(t, 'evaluacion', { ...required, genero: i % 2 ? 'mujer' : 'hombre' }, String(i % 30)),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(30)
    expect(results.filter((r) => r.status === 409).map((r) => r.json.error.code)).toEqual(
      Array(10).fill('ALREADY_RESPONDED'),
    )
    const stats = (await t.call('GET', '/api/events/evento/forms/evaluacion/stats', { token: t.adminToken }))
      .json
    expect(stats.responses).toBe(30)
    const genero = stats.questions.find((q: { id: string }) => q.id === 'genero')
    const counted = Object.fromEntries(
      genero.options.map((o: { value: string; count: number }) => [o.value, o.count]),
    )
    const sent = results.filter((r) => r.status === 201).length
    expect(counted.mujer + counted.hombre).toBe(sent)
    const csv = await t.call('GET', '/api/events/evento/forms/evaluacion/responses?format=csv', {
      token: t.adminToken,
    })
    // One header line and one line per stored response.
    expect(csv.text.trim().split('\n')).toHaveLength(31)
  })

  it('closes a form for the very next submission', async () => {
    const t = await withEvent()
    expect((await respond(t, 'evaluacion', required, 'x1')).status).toBe(201)
    await t.call('PATCH', '/api/events/evento/forms/evaluacion', {
      token: t.adminToken,
      body: { open: false },
    })
    const closed = await respond(t, 'evaluacion', required, 'x2')
    expect(closed.json.error.code).toBe('FORM_CLOSED')
  })
})
