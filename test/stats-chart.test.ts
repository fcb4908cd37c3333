import { h } from 'preact'
import { render } from 'preact-render-to-string'
import { beforeAll, describe, expect, it } from 'vitest'
import { sampleEvent, testApp } from './helpers'
import { langAt } from './lang-at'

// The console's modules read the page's language at import: a bare document is enough for them.
let chart: typeof import('../web/console/StatsChart')
let session: typeof import('../web/console/session')
beforeAll(async () => {
  ;(globalThis as any).document ??= { documentElement: { lang: 'es' } }
  chart = await import('../web/console/StatsChart')
  session = await import('../web/console/session')
})

/** An event whose survey three people answered, one of them saying they are indigenous. */
async function answered() {
  const t = await testApp()
  await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'evento' }) })
  for (const [i, group] of ['indigena', 'ninguno', 'ninguno'].entries()) {
    const r = await t.call('POST', '/api/events/evento/forms/evaluacion/responses', {
      body: {
        answers: {
          explicacion_procedimiento: 'clara',
          oportunidad_opinar: 'adecuada',
          tiempo_exposicion: 'adecuado',
          responde_intereses: 'si',
          muestra_resultados: 'si',
          volveria_participar: 'si',
          calificacion_gestion: i ? 'buena' : 'excelente',
          grupo_poblacional: [group],
        },
        deviceToken: `stats-chart-device-${i}-xxxx`,
      },
    })
    expect(r.status, JSON.stringify(r.json)).toBe(201)
  }
  return t
}

describe("the console's charts of a form's results", () => {
  it('shows the cells the server hides as hidden, and never as 0 answers nor as a question nobody answered', async () => {
    const t = await answered()
    // Filtered by a sensitive answer, the group is one person: the server hides its every figure.
    const stats = (
      await t.call('GET', '/api/events/evento/forms/evaluacion/stats?filter.grupo_poblacional=indigena', {
        token: t.adminToken,
      })
    ).json
    const q = stats.questions.find((x: { id: string }) => x.id === 'calificacion_gestion')
    expect(q.answered).toBeNull()
    expect(q.options.every((o: { count: unknown }) => o.count === null)).toBe(true)

    const html = render(h(chart.StatsChart, { form: 'evaluacion', q, locale: 'es-CO' }))
    expect(html).toContain('número de respuestas oculto')
    expect(html).not.toMatch(/\b0 respuestas/)
    expect(html).toContain('<td>oculta</td><td>oculta</td>')
    expect(html).not.toMatch(/<td>(—|0|0,0\u00a0%)<\/td>/)
    expect(html).toContain('Oculta: las cifras de menos de 5 personas no se muestran')

    // Charted, hidden: not named among the questions nobody answered yet.
    const shown = chart.shownQuestions(stats.questions)
    expect(shown.charted.map((x) => x.id)).toContain('calificacion_gestion')
    expect(shown.unanswered.map((x) => x.id)).not.toContain('calificacion_gestion')
  })

  it('gives a multi-choice question the note that its shares are of respondents', async () => {
    const t = await answered()
    const stats = (await t.call('GET', '/api/events/evento/forms/evaluacion/stats', { token: t.adminToken }))
      .json
    const multi = stats.questions.find((x: { id: string }) => x.id === 'grupo_poblacional')
    const single = stats.questions.find((x: { id: string }) => x.id === 'calificacion_gestion')
    const note = 'los porcentajes son de quienes respondieron y pueden sumar más de 100 %'
    expect(render(h(chart.StatsChart, { form: 'evaluacion', q: multi, locale: 'es-CO' }))).toContain(note)
    expect(render(h(chart.StatsChart, { form: 'evaluacion', q: single, locale: 'es-CO' }))).not.toContain(
      note,
    )
    // Exact for staff, as the server gives them: 1 of 3, one decimal, Spanish style.
    expect(render(h(chart.StatsChart, { form: 'evaluacion', q: multi, locale: 'es-CO' }))).toContain(
      '<th scope="row">Indígena</th><td>1</td><td>33,3\u00a0%</td>',
    )
  })

  it('marks as Spanish, on the English console, the labels staff wrote only in Spanish', async () => {
    const t = await answered()
    const made = await t.call('POST', '/api/events/evento/forms', {
      token: t.adminToken,
      body: {
        key: 'consulta',
        title: 'Consulta',
        questions: [
          {
            id: 'sede',
            type: 'single',
            label: '¿En qué sede lo atendieron?',
            options: [
              { value: 'norte', label: 'Sede norte' },
              { value: 'sur', label: 'Sede sur', labelEn: 'South office' },
            ],
          },
        ],
      },
    })
    expect(made.status).toBe(201)
    const sent = await t.call('POST', '/api/events/evento/forms/consulta/responses', {
      body: { answers: { sede: 'norte' }, deviceToken: 'stats-chart-device-sede-xxxx' },
    })
    expect(sent.status).toBe(201)
    const stats = (
      await t.call('GET', '/api/events/evento/forms/consulta/stats', {
        token: t.adminToken,
        headers: { 'accept-language': 'en' },
      })
    ).json
    session.lang.value = 'en'
    try {
      const html = `<div lang="en">${render(
        h(chart.StatsChart, { form: 'consulta', q: stats.questions[0], locale: 'en-US' }),
      )}</div>`
      for (const text of ['¿En qué sede lo atendieron?', 'Sede norte'])
        expect(langAt(html, text), text).toBe('es')
      for (const text of ['South office', '1 answer', 'Option']) expect(langAt(html, text), text).toBe('en')
    } finally {
      session.lang.value = 'es'
    }
  })
})
