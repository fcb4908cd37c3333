import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openNodeDb } from '../db/client-node'
import { defaultConfig } from '../server/env'
import { ADMIN, sampleEvent, testApp } from '../test/helpers'
import { type BenchRow, type BenchSuite, percentile, round, row } from './harness'

const SIZE = { registrations: 10_000, responses: 5_000, questions: 500 }
const pick = <T>(list: readonly T[], i: number) => list[i % list.length]

/** Sends `n` requests through the app in-process, `width` at a time (seeding, not measured). */
async function many(n: number, width: number, send: (i: number) => Promise<{ status: number }>) {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++
        const res = await send(i)
        if (res.status >= 300) throw new Error(`seed request ${i} answered ${res.status}`)
      }
    }),
  )
}

/** Every report format for an event of 10,000 registrations, 5,000 responses and 500 questions. */
export const report: BenchSuite = {
  name: 'report',
  async run(): Promise<BenchRow[]> {
    const dir = mkdtempSync(join(tmpdir(), 'cabildo-bench-report-'))
    try {
      const config = { ...defaultConfig, rateLimits: { ip: null, event: null, lookup: null } }
      const t = await testApp({
        deps: {
          db: openNodeDb(join(dir, 'report.db')),
          config: {
            ...config,
            passwordIterations: 1000,
            adminEmail: ADMIN.email,
            adminPassword: ADMIN.password,
          },
        },
      })
      await t.call('POST', '/api/events', { token: t.adminToken, body: sampleEvent({ slug: 'grande' }) })
      const genders = ['mujer', 'hombre', 'no_binario', 'prefiero_no_responder']
      const ages = ['18_28', '29_40', '41_59', '60_mas']
      await many(SIZE.registrations, 50, (i) =>
        t.call('POST', '/api/events/grande/attendance', {
          body: {
            name: `Persona ${i}`,
            documentType: 'CC',
            documentNumber: `${10_000_000 + i}`,
            gender: pick(genders, i),
            ageRange: pick(ages, i * 7),
            territory: `Comuna ${i % 16}`,
            linkChannel: pick(['whatsapp', 'facebook', 'web'], i),
            consent: true,
          },
        }),
      )
      const grade = ['excelente', 'buena', 'buena', 'regular', 'mala']
      await many(SIZE.responses, 50, (i) =>
        t.call('POST', '/api/events/grande/forms/evaluacion/responses', {
          body: {
            deviceToken: `bench-device-${i}-xxxxxxxx`,
            answers: {
              explicacion_procedimiento: pick(['clara', 'confusa'], i),
              oportunidad_opinar: 'adecuada',
              tiempo_exposicion: pick(['adecuado', 'insuficiente', 'excesivo'], i),
              responde_intereses: pick(['si', 'parcialmente', 'no'], i),
              muestra_resultados: 'si',
              calificacion_gestion: pick(grade, i),
              volveria_participar: 'si',
              medio_enterado: [pick(['redes_sociales', 'voz_a_voz', 'pagina_web'], i)],
              temas_proximo: `Tema ${i % 40}`,
            },
          },
        }),
      )
      await many(SIZE.questions, 20, (i) =>
        t.call('POST', '/api/events/grande/questions', {
          body: {
            type: pick(['pregunta', 'peticion', 'queja'], i),
            text: `Pregunta número ${i} sobre la gestión`,
          },
        }),
      )
      const rows: BenchRow[] = []
      for (const format of ['json', 'md', 'html', 'csv', 'docx']) {
        const times: number[] = []
        for (let k = 0; k < 7; k++) {
          const start = performance.now()
          const res = await t.app.request(`/api/events/grande/report?format=${format}`, {
            headers: { authorization: `Bearer ${t.adminToken}` },
          })
          await res.arrayBuffer()
          if (res.status !== 200) throw new Error(`report ${format} answered ${res.status}`)
          times.push(performance.now() - start)
        }
        times.sort((a, b) => a - b)
        rows.push(
          row(
            'report',
            `report ${format} (10k registrations, 5k responses, 500 questions), median`,
            round(percentile(times, 50)),
            'ms',
            { note: `max ${round(times.at(-1)!)} ms over 7 runs` },
          ),
        )
      }
      const total = rows.reduce((s, r) => s + r.value, 0)
      rows.push(row('report', 'all five formats, sum of medians', round(total), 'ms'))
      return rows
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
