import { h } from 'preact'
import { render } from 'preact-render-to-string'
import { beforeAll, describe, expect, it } from 'vitest'
import { ResultsView } from '../web/page/Results'
import { wallText } from '../web/page/wall-text'
import { clip, wholeCount } from '../web/shared/format'
import { langAt } from './lang-at'

// The console's text modules read the page's language at import: a bare document is enough for them.
let text: typeof import('../web/console/text')
let mod: typeof import('../web/console/text-moderation')
let staff: typeof import('../web/console/text-staff')
beforeAll(async () => {
  ;(globalThis as any).document ??= { documentElement: { lang: 'es' } }
  text = await import('../web/console/text')
  mod = await import('../web/console/text-moderation')
  staff = await import('../web/console/text-staff')
})

describe('counts in the console, singular and plural', () => {
  it('writes numbers as the report does, in both languages', async () => {
    const { lang } = await import('../web/console/session')
    expect(text.num(1302)).toBe('1.302')
    expect(text.t().charts.answers(1)).toBe('1 respuesta')
    expect(text.t().charts.answers(1302)).toBe('1.302 respuestas')
    expect(mod.mt().votes(1)).toBe('1 voto')
    expect(mod.mt().votes(1302)).toBe('1.302 votos')
    expect(staff.st().forms.questions(1)).toBe('1 pregunta')
    expect(staff.st().forms.withResponses(1, 1)).toMatch(/^Este formulario ya tiene 1 respuesta:/)
    expect(staff.st().forms.withResponses(1302, 1)).toMatch(/^Este formulario ya tiene 1\.302 respuestas:/)
    expect(staff.st().calendar.moved(1302)).toBe('Se movieron 1.302 vencimientos:')
    lang.value = 'en'
    try {
      expect(text.num(1302)).toBe('1,302')
      expect(text.t().charts.answers(1)).toBe('1 answer')
      expect(mod.mt().votes(2)).toBe('2 votes')
      expect(staff.st().forms.questions(1302)).toBe('1,302 questions')
    } finally {
      lang.value = 'es'
    }
  })
})

describe("the console's webhooks page", () => {
  it('names every notice type the server sends, in both languages, and counts the webhooks', async () => {
    const { lang } = await import('../web/console/session')
    const { wt } = await import('../web/console/text-webhooks')
    const { WEBHOOK_EVENT_TYPES } = await import('../server/services/webhooks')
    expect(wt().listTitle(1)).toBe('1 webhook')
    expect(wt().listTitle(1302)).toBe('1.302 webhooks')
    for (const type of WEBHOOK_EVENT_TYPES) expect(wt().typeNames[type], type).toBeTruthy()
    lang.value = 'en'
    try {
      expect(wt().listTitle(2)).toBe('2 webhooks')
      for (const type of WEBHOOK_EVENT_TYPES) expect(wt().typeNames[type], type).toBeTruthy()
      expect(wt().typeNames['question.created']).toBe('Question or petition filed')
    } finally {
      lang.value = 'es'
    }
  })
})

describe('counts on the attendee page', () => {
  it('says "1 voto" and "2 votos" on the wall', () => {
    expect(wallText('es').votes(1)).toBe('voto')
    expect(wallText('es').votes(2)).toBe('votos')
    expect(wallText('en').votes(1)).toBe('vote')
    expect(wallText('en').votes(0)).toBe('votes')
  })
})

describe('the published results on an English page', () => {
  it('marks as Spanish the labels the server says staff wrote only in Spanish, and no other', () => {
    const option = (label: string, count: number, lang?: string) => ({
      value: label,
      label,
      lang,
      count,
      percent: 50,
    })
    const r = {
      responses: 2,
      questions: [
        {
          id: 'sede',
          label: '¿En qué sede lo atendieron?',
          lang: 'es',
          type: 'single',
          answered: 2,
          options: [option('Sede norte', 1, 'es'), option('South office', 1)],
        },
        { id: 'genero', label: 'Gender', type: 'single', answered: 0, options: [option('Woman', 0)] },
        {
          id: 'barrio',
          label: 'Barrio de residencia',
          lang: 'es',
          type: 'single',
          answered: 0,
          options: [option('Centro', 0, 'es')],
        },
      ],
    }
    const html = `<div lang="en">${render(h(ResultsView, { r, lang: 'en' }))}</div>`
    for (const text of ['¿En qué sede lo atendieron?', 'Sede norte', 'Barrio de residencia'])
      expect(langAt(html, text), text).toBe('es')
    for (const text of ['South office', 'Gender', 'Survey responses', 'No answers yet'])
      expect(langAt(html, text), text).toBe('en')
  })
})

describe('the forwarding limit on a question card (Ley 1755, art. 21)', () => {
  it('is news only on a question nobody has taken yet: not on one assigned, merged or settled', async () => {
    const { forwardOverdue } = await import('../web/console/QuestionCard')
    const q = (status: string, over: Record<string, unknown> = {}) =>
      ({ status, forwardDueDate: '2026-11-20', mergedInto: null, ...over }) as never
    const tz = 'America/Bogota'
    expect(forwardOverdue(q('received'), tz)).toBe(true)
    expect(forwardOverdue(q('approved'), tz)).toBe(true)
    // Assigned to a dependency: the entity took it as its own; the forward form still says the limit.
    expect(forwardOverdue(q('pending'), tz)).toBe(false)
    expect(forwardOverdue(q('received', { mergedInto: 'p' }), tz)).toBe(false)
    expect(forwardOverdue(q('forwarded'), tz)).toBe(false)
    expect(forwardOverdue(q('incomplete'), tz)).toBe(false)
    // Within the limit (a date far ahead), nothing yet.
    expect(forwardOverdue(q('received', { forwardDueDate: '2999-01-01' }), tz)).toBe(false)
  })
})

describe('a text cut short in the console', () => {
  it('ends in «…» after a whole word, and never halves a character', () => {
    expect(clip('¿Cuándo abre la convocatoria?', 80)).toBe('¿Cuándo abre la convocatoria?')
    expect(clip('Pido que se publique el cronograma de las vías terciarias', 30)).toBe(
      'Pido que se publique el…',
    )
    // No space in its last third: cut where it must, still marked.
    expect(clip('a'.repeat(100), 10)).toBe(`${'a'.repeat(9)}…`)
    const emoji = clip('🙂'.repeat(100), 80)
    expect(Array.from(emoji)).toHaveLength(80)
    expect(emoji.endsWith('🙂…')).toBe(true)
  })
})

describe('the announcement of questions as they arrive at the moderation console', () => {
  const said = (parts: (string | { quote: string })[]) =>
    parts.map((p) => (typeof p === 'string' ? p : `[${p.quote}]`)).join('')
  const long =
    '¿Cuándo arreglan la vía que comunica la vereda El Salitre con el casco urbano? Llevamos dos años esperando la maquinaria que prometieron.'
  const arrivals = [
    { radicado: 'DEMO-2026-000052', type: 'peticion', text: long },
    { radicado: 'DEMO-2026-000053', type: 'reclamo', text: 'No llegó el\n\nsubsidio   de marzo' },
    { radicado: 'DEMO-2026-000054', type: 'denuncia', text: 'Cobran por un trámite gratuito' },
    { radicado: 'DEMO-2026-000055', type: 'pregunta', text: '¿Habrá refrigerio?' },
  ]

  it('names one by its type, its radicado and its first words, cut after a word, in both languages', async () => {
    const { lang } = await import('../web/console/session')
    const one = mod.mt().arrived([arrivals[0]])
    expect(said(one)).toBe(
      'Nueva petición DEMO-2026-000052: «[¿Cuándo arreglan la vía que comunica la vereda El Salitre con el casco urbano?…]»',
    )
    // The text is marked apart, so the console reads it in its own language (WCAG 3.1.2).
    expect(one.filter((p) => typeof p !== 'string')).toHaveLength(1)
    expect(said(mod.mt().arrived([arrivals[1]]))).toBe(
      'Nuevo reclamo DEMO-2026-000053: «[No llegó el subsidio de marzo]»',
    )
    lang.value = 'en'
    try {
      expect(said(mod.mt().arrived([arrivals[2]]))).toBe(
        'New report of wrongdoing DEMO-2026-000054: “[Cobran por un trámite gratuito]”',
      )
    } finally {
      lang.value = 'es'
    }
  })

  it('names a burst by its count and its first two, not question by question, in both languages', async () => {
    const { lang } = await import('../web/console/session')
    expect(said(mod.mt().arrived(arrivals))).toBe(
      '4 preguntas nuevas, de DEMO-2026-000052 a DEMO-2026-000055. Petición DEMO-2026-000052: «[¿Cuándo arreglan la vía que comunica la vereda El Salitre…]». Reclamo DEMO-2026-000053: «[No llegó el subsidio de marzo]». Y 2 más.',
    )
    expect(said(mod.mt().arrived(arrivals.slice(2)))).toBe(
      '2 preguntas nuevas, de DEMO-2026-000054 a DEMO-2026-000055. Denuncia DEMO-2026-000054: «[Cobran por un trámite gratuito]». Pregunta DEMO-2026-000055: «[¿Habrá refrigerio?]».',
    )
    expect(mod.mt().arrived([])).toEqual([])
    lang.value = 'en'
    try {
      expect(said(mod.mt().arrived(arrivals.slice(1)))).toBe(
        '3 new questions, DEMO-2026-000053 to DEMO-2026-000055. Claim DEMO-2026-000053: “[No llegó el subsidio de marzo]”. Report of wrongdoing DEMO-2026-000054: “[Cobran por un trámite gratuito]”. And 1 more.',
      )
    } finally {
      lang.value = 'es'
    }
  })
})

describe('wholeCount', () => {
  it('reads a count as staff type it, grouped by thousands in Spanish or English, and nothing else', () => {
    for (const [typed, count] of [
      ['81', 81],
      [' 1500 ', 1500],
      ['1.500', 1500],
      ['1 500', 1500],
      ['1\u00a0500', 1500],
      ['1,500', 1500],
      ['12.345.678', 12345678],
      ['0', 0],
    ] as const)
      expect(wholeCount(typed), typed).toBe(count)
    for (const typed of [
      '1,5',
      '1.5',
      '1.50',
      '1.500,0',
      '1.500,000',
      '1.500.00',
      '1,500.000',
      '-3',
      'mil',
      '1e3',
      '',
    ])
      expect(wholeCount(typed), typed).toBeNull()
  })
})

describe("the moderation console's citations of Colombian law", () => {
  it("cites Ley 1755's articles for a Colombian entity's petitions only, in both languages", async () => {
    const { lang } = await import('../web/console/session')
    try {
      for (const l of ['es', 'en'] as const) {
        lang.value = l
        const m = mod.mt()
        expect(m.act.exOfficio('CO')).toMatch(/ \(art\. 18\)$/)
        expect(m.forwardLimitPast('CO')).toContain('(art. 21, 5 ')
        for (const text of [m.act.exOfficio('EC'), m.forwardLimitPast('EC')])
          expect(text).not.toMatch(/art\. \d/)
        expect(m.forwardLimitPast('EC')).toContain(l === 'es' ? '(5 días hábiles)' : '(5 business days)')
      }
    } finally {
      lang.value = 'es'
    }
  })
})

describe("the console's examples, in the country they are shown for", () => {
  it("gives the calendar's act and local day as each country's own, in both languages", async () => {
    const { lang } = await import('../web/console/session')
    try {
      for (const l of ['es', 'en'] as const) {
        lang.value = l
        const c = staff.st().calendar
        expect(c.sourceHint('CO')).toMatch(/ Ley 2578 de 2026$/)
        expect(c.sourceHint('EC')).toMatch(/ Decreto Ejecutivo 249 de 17-XII-2025$/)
        expect(c.scopeHint('EC')).toContain(
          l === 'es' ? 'la fundación del cantón' : "the canton's foundation",
        )
        expect(c.scopeHint('CO')).toContain(
          l === 'es' ? 'un día cívico que decreta la alcaldía' : 'civic day',
        )
        expect(c.scopeHint('CO')).not.toMatch(/cant[oó]n/)
        expect(c.sourceHint('CO')).not.toContain('Decreto Ejecutivo')
      }
    } finally {
      lang.value = 'es'
    }
  })

  it("gives the Excel export's example of what a CSV spoils with the event's country's numbers", async () => {
    const { lang } = await import('../web/console/session')
    try {
      for (const l of ['es', 'en'] as const) {
        lang.value = l
        const s = staff.st().exports
        // Ecuador's cédulas and phones start with 0, which Excel drops from a CSV's number.
        expect(s.sheetsHelp('EC')).toContain('(0912…)')
        // Colombia's start with no 0 (cédulas, 3xx mobiles, 60x landlines): what Excel spoils are numbers
        // of 12 digits or more, which it shows in scientific notation (a PEP's 15, a mobile with 57).
        const co = s.sheetsHelp('CO')
        expect(co).not.toContain('0912')
        expect(co).not.toMatch(/zeros|ceros/)
        expect(co).toContain('PEP')
        expect(co).toContain('573001234567')
        expect(co).toContain(l === 'es' ? '(5,73E+11)' : '(5.73E+11)')
      }
    } finally {
      lang.value = 'es'
    }
  })

  it("names the citizens' words of a commitment after Ecuador's work plan at Ecuador's events only", async () => {
    const { lang } = await import('../web/console/session')
    try {
      lang.value = 'es'
      expect(staff.st().commitments.plan('EC')).toBe('Plan de trabajo: lo que dijo la ciudadanía')
      expect(staff.st().commitments.plan('CO')).toBe('Lo que dijo la ciudadanía')
      lang.value = 'en'
      expect(staff.st().commitments.plan('EC')).toBe('Work plan: what citizens said')
      expect(staff.st().commitments.plan('CO')).toBe('What citizens said')
    } finally {
      lang.value = 'es'
    }
  })

  it("names the records schedule that sets how long attendees' data is kept as the event's country does", async () => {
    const { lang } = await import('../web/console/session')
    try {
      lang.value = 'es'
      const s = staff.st().event
      // Colombia's archives keep a tabla de retención documental (Ley 594 de 2000); Ecuador's public
      // archives a tabla de plazos de conservación documental (Regla Técnica Nacional, Acuerdo SGPR-2019-0107).
      expect(s.retentionHint('CO')).toContain('según la tabla de retención documental.')
      expect(s.retentionHint('EC')).toContain('según la tabla de plazos de conservación documental.')
      expect(s.retentionHint('EC')).not.toContain('retención')
      lang.value = 'en'
      for (const country of ['CO', 'EC'])
        expect(staff.st().event.retentionHint(country)).toContain(
          'as the records retention schedule sets it.',
        )
    } finally {
      lang.value = 'es'
    }
  })

  it("gives the form editor's example identifier in words of both countries", () => {
    // A vereda is Colombia's rural district (Ecuador's are recintos and comunidades), and an event's
    // forms are edited in the same console in either country: the example says "rural", as in English.
    expect(staff.st().forms.id).toBe('Identificador (minúsculas y _, p. ej. transporte_rural)')
    expect(staff.st().forms.id).not.toMatch(/vereda/i)
  })

  it("names a new event's tax id and the country an entity brought as the event's country says", async () => {
    const { lang } = await import('../web/console/session')
    const { taxIdName } = await import('../web/shared/format')
    try {
      lang.value = 'es'
      const s = staff.st().event
      expect(s.nit(taxIdName('EC'))).toBe('RUC')
      expect(s.entityHint(taxIdName('EC'))).toContain('(o escriba su RUC)')
      expect(s.nit(taxIdName('CO'))).toBe('NIT')
      expect(s.countryFromEntity(s.countries.EC)).toBe('País del evento: Ecuador, el de la entidad elegida.')
      lang.value = 'en'
      const e = staff.st().event
      expect(e.nit(taxIdName('EC'))).toBe('Tax id (RUC)')
      expect(e.countryFromEntity(e.countries.CO)).toBe("Event's country: Colombia, the chosen entity's.")
    } finally {
      lang.value = 'es'
    }
  })
})

describe("a data holder's registration, in its event's country", () => {
  it("names its groups and offers its documents and groups as the event's country does", async () => {
    const { documentOptions, groupsOf, optionLabel } = await import('../web/console/holder-values')
    expect(optionLabel('populationGroups', 'afro', 'es', 'EC')).toBe(
      'Afroecuatoriano(a), afrodescendiente, negro(a) o mulato(a)',
    )
    expect(optionLabel('populationGroups', 'afro', 'es', 'CO')).toBe(
      'Negro, afrocolombiano, raizal o palenquero',
    )
    expect(optionLabel('populationGroups', 'afro', 'en', 'EC')).toBe(
      'Afro-Ecuadorian, Afro-descendant, Black or Mulatto',
    )
    expect(documentOptions('es', null, 'EC').map((o) => o.value)).toEqual(['CI', 'PA', 'CC', 'DNI', 'OTRO'])
    expect(documentOptions('es', null, 'CO')[0]).toEqual({ value: 'CC', label: 'Cédula de ciudadanía' })
    // What a registration holds from the other country's list stays offered, under its own name.
    expect(documentOptions('es', 'TI', 'EC').at(-1)).toEqual({ value: 'TI', label: 'Tarjeta de identidad' })
    const ec = groupsOf('EC', ['victima']).map(([v]) => v)
    expect(ec).toContain('montubio')
    expect(ec).not.toContain('rrom')
    expect(ec.at(-1)).toBe('victima')
    expect(groupsOf('CO', null).map(([v]) => v)).not.toContain('montubio')
  })
})
