import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { operations } from '../server/openapi'
import { requiredAnswers, sampleEvent, type TestApp, testApp } from './helpers'

/**
 * Nothing personal leaves through a public door. People register and ask with values that carry a
 * marker; every public GET of the route table, the public live stream, the attendee page, the public
 * results and the public report are then searched for those values and for the secrets handed back.
 */
const M = 'QZXJ'
const people = Array.from({ length: 6 }, (_, i) => ({
  name: `Ana ${M}nombre${i} Pérez`,
  documentType: 'CC',
  documentNumber: `${M}DOC${i}7731`,
  email: `${M.toLowerCase()}correo${i}@ejemplo.co`,
  phone: `+57 321 98${i} 6543`,
  gender: 'mujer',
  ageRange: '29_40',
  territory: 'Comuna 1',
  populationGroups: ['victima'],
  consent: true,
}))
const asker = {
  type: 'peticion',
  text: '¿Cuándo se arregla la vía a la vereda?',
  name: `Pedro ${M}pregunta`,
  email: `${M.toLowerCase()}pregunta@ejemplo.co`,
  phone: '+57 310 555 4321',
  documentType: 'CC',
  documentNumber: `${M}DOCQ99`,
  address: `Calle 1 # 2-3 ${M}dir`,
}

async function collectLive(t: TestApp, path: string, during: () => Promise<void>, headers = {}) {
  const res = await t.app.request(path, { headers })
  const reader = res.body!.getReader()
  const chunks: string[] = []
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      chunks.push(new TextDecoder().decode(value))
    }
  })()
  await during()
  await new Promise((r) => setTimeout(r, 50))
  await reader.cancel()
  await reading.catch(() => {})
  return chunks.join('')
}

async function world() {
  const t = await testApp()
  const event = sampleEvent({ slug: 'evento', modality: 'presencial' })
  await t.call('POST', '/api/events', { token: t.adminToken, body: event })
  const secrets: string[] = []
  let radicado = ''
  let questionId = ''
  const live = await collectLive(t, '/api/events/evento/live', async () => {
    for (const p of people) {
      const r = await t.call('POST', '/api/events/evento/attendance', { body: p })
      expect(r.status).toBe(201)
      secrets.push(r.json.attendeeToken, r.json.checkinCode)
      await t.call('POST', '/api/events/evento/checkins', {
        token: t.adminToken,
        body: { code: r.json.checkinCode },
      })
    }
    const q = await t.call('POST', '/api/events/evento/questions', { body: asker })
    expect(q.status).toBe(201)
    ;({ radicado, id: questionId } = q.json)
    secrets.push(q.json.receiptToken)
    await t.call('PATCH', `/api/questions/${questionId}`, {
      token: t.adminToken,
      body: { status: 'approved' },
    })
    await t.call('PATCH', `/api/questions/${questionId}`, {
      token: t.adminToken,
      body: { status: 'answered_live', answer: 'La obra empieza en enero.', pinned: true },
    })
    await t.call('POST', `/api/events/evento/questions/${questionId}/votes`, {
      body: { attendeeToken: secrets[0] },
    })
    for (let i = 0; i < 6; i++)
      await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
        body: {
          attendeeToken: secrets[i * 2],
          answers: { ...requiredAnswers, genero: 'mujer' },
        },
      })
    await t.call('POST', '/api/events/evento/commitments', {
      token: t.adminToken,
      body: { description: 'Arreglar la vía', area: 'despacho', questionId, published: true },
    })
    await t.call('PATCH', '/api/events/evento', { token: t.adminToken, body: { reportPublished: true } })
  })
  const replay = await collectLive(t, '/api/events/evento/live', async () => {}, { 'last-event-id': '0-0' })
  return { t, secrets, radicado, questionId, live: live + replay }
}

const markers = (secrets: string[]) => [
  M,
  M.toLowerCase(),
  '6543',
  '555 4321',
  '5554321',
  'Calle 1 # 2-3',
  ...secrets,
]

describe('personal data in public outputs', () => {
  it('never appears in any public GET, the live stream, the attendee page, the results or the public report', async () => {
    const { t, secrets, radicado, questionId, live } = await world()
    const [commitment] = (await t.call('GET', '/api/events/evento/commitments')).json.commitments
    const values: Record<string, string> = {
      slug: 'evento',
      formKey: 'evaluacion',
      radicado,
      id: commitment?.id ?? questionId,
      questionId: 'comentarios',
    }
    const outputs: Record<string, string> = { 'GET /api/events/evento/live (SSE)': live }
    const ops = operations(t.app).filter((o) => !o.access.roles && o.method === 'GET')
    for (const op of ops) {
      if (op.path.endsWith('/live') || op.path === '/app/*') continue
      const path = op.path.replace(/:([A-Za-z0-9_]+)/g, (_, p) => values[p] ?? 'x')
      const queries = path.includes('report') ? ['', '?format=md', '?format=html'] : ['', '?lang=en']
      for (const q of queries) {
        const res = await t.call('GET', path + q)
        outputs[`GET ${path}${q} → ${res.status}`] = res.text
      }
    }
    expect(live).toContain('question.approved')
    expect(Object.keys(outputs).some((k) => /report\/public\?format=html → 200/.test(k))).toBe(true)
    expect(Object.keys(outputs).some((k) => /^GET \/e\/evento → 200/.test(k))).toBe(true)
    expect(Object.keys(outputs).some((k) => /results → 200/.test(k))).toBe(true)
    const leaks = Object.entries(outputs).flatMap(([where, text]) =>
      markers(secrets)
        .filter((m) => text.includes(m))
        .map((m) => `${where} shows ${m}`),
    )
    expect(leaks).toEqual([])
    // The same searches do find the markers where staff look, so the search itself works.
    const staffList = await t.call('GET', '/api/events/evento/attendance', { token: t.adminToken })
    expect(staffList.text).toContain(`${M}nombre0`)
    const staffQuestion = await t.call('GET', `/api/questions/${questionId}`, { token: t.adminToken })
    expect(staffQuestion.text).toContain(`${M}pregunta`)
  })

  it('never appears in the public copy of the report that staff download as a spreadsheet or a document', async () => {
    const { t, secrets, radicado } = await world()
    const texts: Record<string, string> = {}
    for (const format of ['csv', 'xlsx', 'docx', 'md']) {
      const res = await t.app.request(`/api/events/evento/report?format=${format}&audience=public`, {
        headers: { authorization: `Bearer ${t.adminToken}` },
      })
      expect(res.status, format).toBe(200)
      const body = new Uint8Array(await res.arrayBuffer())
      texts[format] = ['xlsx', 'docx'].includes(format)
        ? Object.entries(unzipSync(body))
            .filter(([f]) => f.endsWith('.xml'))
            .map(([, b]) => strFromU8(b))
            .join('\n')
        : strFromU8(body)
      // The question is there, by its radicado: the search looks where the person would be.
      expect(texts[format], format).toContain(radicado)
    }
    const leaks = Object.entries(texts).flatMap(([format, text]) =>
      markers(secrets)
        .filter((m) => text.includes(m))
        .map((m) => `${format} shows ${m}`),
    )
    expect(leaks).toEqual([])
  })
})
