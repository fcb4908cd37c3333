import { describe, expect, it } from 'vitest'
import { isBlank, textFault } from '../server/schemas/common'
import { answersSchema, plainAnswers } from '../server/services/answers'
import { requiredAnswers, sampleEvent, type TestApp, testApp } from './helpers'

const EMPTY = 'Escriba algo en este campo: no puede quedar vacío.'
const EMPTY_EN = 'Write something here: it cannot be empty.'
const CONTROL =
  'Quite los caracteres de control de este texto: no se ven y suelen llegar al pegar un texto copiado.'
const CONTROL_EN =
  'Remove the control characters from this text: they are invisible and usually come with pasted text.'
const ONE_LINE = 'Escriba este dato en una sola línea, sin saltos de línea ni tabulaciones.'
const ONE_LINE_EN = 'Write this on a single line, without line breaks or tabs.'
const REQUIRED = 'Esta pregunta es obligatoria.'

/** Texts that show nothing: NULs, zero-width spaces and joiners, no-break spaces, a BOM, Hangul fillers. */
const invisible = [
  '\u0000\u0000',
  '\u200b\u200b\u00a0',
  '\u200c\u200d',
  '\ufeff',
  '\u2060 \u2060',
  '\u3164',
  '\u00ad',
  '\u180e',
  '\u2800',
  ' \u3000 ',
]
/** Texts with something to read and a control character no keyboard types: C0 (but tab, LF, CR), DEL, C1. */
const controlled = [
  'Hola\u0000',
  'a\u0007b',
  'Calle\u001b[31m 5',
  'fin\u007f',
  'antes\u0085después',
  'x\u009b',
]

/** An event, and a survey whose one text question is required, so that a blank answer is refused. */
async function setup() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  const form = await t.call('POST', '/api/events/evento/forms', {
    token: t.adminToken,
    body: {
      key: 'opinion',
      title: 'Opinión',
      questions: [{ id: 'opinion', type: 'long_text', label: '¿Qué opina?', required: true }],
    },
  })
  expect(form.status).toBe(201)
  return t
}

let device = 0
/** The three places a person writes freely: a petition's text, their name, a survey's text answer. */
const fields = {
  petition: (t: TestApp, value: string, lang = 'es') =>
    t.call('POST', '/api/events/evento/questions', {
      body: { type: 'queja', text: value, anonymous: true },
      headers: { 'accept-language': lang },
    }),
  name: (t: TestApp, value: string, lang = 'es') =>
    t.call('POST', '/api/events/evento/attendance', {
      body: { name: value, email: `p${++device}@correo.co`, consent: true },
      headers: { 'accept-language': lang },
    }),
  answer: (t: TestApp, value: string, lang = 'es') =>
    t.call('POST', '/api/events/evento/forms/opinion/responses', {
      body: { answers: { opinion: value }, deviceToken: `device-token-${String(++device).padStart(8, '0')}` },
      headers: { 'accept-language': lang },
    }),
}
const paths = { petition: 'text', name: 'name', answer: 'answers.opinion' }
const issues = (res: { json: any }) =>
  (res.json?.error?.issues ?? []).map((i: { path: string; message: string }) => [i.path, i.message])
const sql = (t: TestApp, query: string) => (t.deps.db as any).$client.prepare(query).all()

describe('a text that shows nothing', () => {
  it('is empty: no petition filed, no radicado spent, no one registered, no answer given', async () => {
    const t = await setup()
    for (const value of invisible) {
      for (const [lang, empty, required] of [
        ['es', EMPTY, REQUIRED],
        ['en', EMPTY_EN, 'This question is required.'],
      ]) {
        const petition = await fields.petition(t, value, lang)
        expect(petition.status, JSON.stringify(value)).toBe(400)
        expect(issues(petition)).toEqual([['text', empty]])
        const name = await fields.name(t, value, lang)
        expect(name.status, JSON.stringify(value)).toBe(400)
        expect(issues(name)).toEqual([['name', empty]])
        // A blank answer is no answer, as one of spaces: the required question says so.
        const answer = await fields.answer(t, value, lang)
        expect(answer.status, JSON.stringify(value)).toBe(400)
        expect(issues(answer)).toEqual([['answers.opinion', required]])
      }
    }
    expect(sql(t, 'select count(*) as n from questions')).toEqual([{ n: 0 }])
    expect(sql(t, 'select count(*) as n from attendees')).toEqual([{ n: 0 }])
    expect(sql(t, 'select count(*) as n from form_responses')).toEqual([{ n: 0 }])
    // The first petition filed is still the first number of the year.
    const filed = await fields.petition(t, '¿Cuándo abren la convocatoria?')
    expect(filed.status).toBe(201)
    expect(filed.json.radicado).toBe('SDE-2026-000001')
  })

  it('is an optional survey answer left unanswered, as one of spaces is, on the fast path and in zod', async () => {
    const t = await setup()
    const res = await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
      body: {
        answers: { ...requiredAnswers, comentarios: '\u200b\u200b\u00a0', medio_enterado: ['otro:\u200b'] },
        deviceToken: 'device-token-blank-01',
      },
    })
    expect(res.status).toBe(201)
    const [row] = sql(t, 'select answers, others from form_responses')
    expect(JSON.parse(row.answers).comentarios).toBeUndefined()
    expect(JSON.parse(row.answers).medio_enterado).toEqual(['otro'])
    // "Otra" chosen with nothing visible after it: the option, without a text.
    expect(row.others).toBeNull()
  })
})

describe('control characters', () => {
  it('are refused in a petition, a name and a survey answer alike, naming the field, in both languages', async () => {
    const t = await setup()
    for (const value of controlled)
      for (const [key, send] of Object.entries(fields))
        for (const [lang, message] of [
          ['es', CONTROL],
          ['en', CONTROL_EN],
        ]) {
          const res = await send(t, value, lang)
          expect(res.status, `${key} ${JSON.stringify(value)}`).toBe(400)
          expect(res.json.error.code).toBe('VALIDATION_ERROR')
          expect(issues(res)).toEqual([[paths[key as keyof typeof paths], message]])
        }
    expect(sql(t, 'select count(*) as n from questions')).toEqual([{ n: 0 }])
    expect(sql(t, 'select count(*) as n from attendees')).toEqual([{ n: 0 }])
    expect(sql(t, 'select count(*) as n from form_responses')).toEqual([{ n: 0 }])
  })

  it('are refused in the text of an "Otra" option', async () => {
    const t = await setup()
    const res = await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
      body: {
        answers: { ...requiredAnswers, medio_enterado: ['otro:Perifoneo\u0000'] },
        deviceToken: 'device-token-other-01',
      },
    })
    expect(res.status).toBe(400)
    expect(issues(res)).toEqual([['answers.medio_enterado.0', CONTROL]])
  })
})

describe('lines and tabs', () => {
  it('are kept as written in a free text: a petition and a survey answer store exactly what was sent', async () => {
    const t = await setup()
    const written = 'Primera línea,\r\n\tsegunda con sangría.\n\nY un párrafo\u00a0más.'
    expect((await fields.petition(t, `  ${written}\n`)).status).toBe(201)
    expect((await fields.answer(t, written)).status).toBe(201)
    expect(sql(t, 'select text from questions')).toEqual([{ text: written }])
    expect(JSON.parse(sql(t, 'select answers from form_responses')[0].answers).opinion).toBe(written)
  })

  it('are refused in a text of one line: a name, a phone, a title', async () => {
    const t = await setup()
    for (const value of ['Ana\nMaría', 'Ana\r\nMaría', 'Ana\tMaría', 'Ana\u2028María'])
      for (const [lang, message] of [
        ['es', ONE_LINE],
        ['en', ONE_LINE_EN],
      ]) {
        const res = await fields.name(t, value, lang)
        expect(res.status, JSON.stringify(value)).toBe(400)
        expect(issues(res)).toEqual([['name', message]])
      }
    const petition = await t.call('POST', '/api/events/evento/questions', {
      body: { type: 'peticion', text: '¿Habrá ferias?', name: 'Ana\nMaría', phone: '300\t123 4567' },
    })
    expect(issues(petition)).toEqual([
      ['name', ONE_LINE],
      ['phone', ONE_LINE],
    ])
    const event = await t.call('PATCH', '/api/events/evento', {
      token: t.adminToken,
      body: { title: 'Rendición\nde cuentas', description: 'Una línea.\nOtra línea.' },
    })
    expect(issues(event)).toEqual([['title', ONE_LINE]])
    // A control character is the first thing to say of a name that has one and a tab too.
    expect(issues(await fields.name(t, 'Ab\u0000c\td'))).toEqual([['name', CONTROL]])
    expect(sql(t, 'select count(*) as n from attendees')).toEqual([{ n: 0 }])
  })

  it('around a text of one line are trimmed, as spaces are, and what is between is stored as sent', async () => {
    const t = await setup()
    const res = await fields.name(t, '\n\tJosé\u00a0Pérez Ñáñez \r\n')
    expect(res.status).toBe(201)
    expect(sql(t, 'select name from attendees')).toEqual([{ name: 'José\u00a0Pérez Ñáñez' }])
  })
})

describe('textFault', () => {
  it('tells what keeps a trimmed text from being stored', () => {
    for (const s of invisible) expect(isBlank(s), JSON.stringify(s)).toBe(true)
    for (const s of controlled) expect(textFault(s, false), JSON.stringify(s)).toBe('control')
    for (const s of ['a\nb', 'a\tb', 'a\rb', 'a\u2029b']) {
      expect(textFault(s, true)).toBe('break')
      expect(textFault(s, false)).toBeUndefined()
    }
    // Letters, emoji joined by a zero-width joiner, right-to-left text with its mark: something to read.
    for (const s of ['Ana', '👩\u200d🌾', 'مرحبا\u200f', 'ǅ', '١٢'])
      expect(textFault(s, true), JSON.stringify(s)).toBeUndefined()
  })

  it('is applied alike by the fast path of survey answers and by their schema', () => {
    const def = {
      title: 'T',
      questions: [
        { id: 'corto', type: 'short_text' as const, label: 'C', required: false, sensitive: false },
        { id: 'largo', type: 'long_text' as const, label: 'L', required: true, sensitive: false },
        {
          id: 'medio',
          type: 'multi' as const,
          label: 'M',
          required: false,
          sensitive: false,
          options: [
            { value: 'radio', label: 'Radio' },
            { value: 'otra', label: 'Otra', other: true },
          ],
        },
      ],
    }
    const schema = answersSchema(def, 'es')
    const plain = plainAnswers(def)
    const texts = [...invisible, ...controlled, 'a\nb\tc', 'bien', ' \u200bbien\u200b ']
    for (const a of texts)
      for (const b of texts)
        for (const raw of [
          { largo: a, corto: b },
          { largo: 'x', medio: [`otra:${a}`] },
          { largo: b, medio: ['radio', `otra:${b}`] },
        ]) {
          const slow = schema.safeParse(raw)
          const fast = plain(raw)
          expect(fast !== null, JSON.stringify(raw)).toBe(slow.success)
          if (slow.success)
            expect(fast).toEqual(
              Object.fromEntries(Object.entries(slow.data).filter(([, v]) => v !== undefined)),
            )
        }
  })
})
