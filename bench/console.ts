import { chromium } from 'playwright-core'
import { CHROMIUM, openEvent } from '../test/browser/chromium'
import { CONTRACT_ADMIN, startNode } from '../test/contract/servers'
import { type BenchSuite, row } from './harness'

const QUESTIONS = Number(process.env.BENCH_CONSOLE_QUESTIONS ?? 1000)
const VOTES = 40

/**
 * The moderation console at a large event, in Debian's Chromium against a Node server: how long the
 * list of 1,000 questions takes to show, and the page's main-thread time (Chrome's TaskDuration) while
 * the audience votes, one vote frame after another. `BENCH_CONSOLE_QUESTIONS=5000` measures a national
 * event's list instead.
 */
export const consoleBench: BenchSuite = {
  name: 'console',
  async run() {
    const server = await startNode()
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
    try {
      const ev = await openEvent(server.url)
      const ids: string[] = []
      let next = 0
      // Filed by staff, ten at a time (public filing is rate limited per address).
      const filer = async () => {
        for (let i = next++; i < QUESTIONS; i = next++) {
          const r = await ev.api.call('POST', `/api/events/${ev.slug}/questions`, {
            token: ev.token,
            body: { type: 'peticion', text: `Petición número ${i}` },
          })
          ids.push(r.json.id)
        }
      }
      await Promise.all(Array.from({ length: 10 }, filer))
      for (const id of ids.slice(0, VOTES))
        await ev.api.call('PATCH', `/api/questions/${id}`, { token: ev.token, body: { status: 'approved' } })

      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'es-CO' })
      await page.goto(`${server.url}/console`)
      await page.getByLabel('Correo electrónico').fill(CONTRACT_ADMIN.email)
      await page.getByLabel('Contraseña').fill(CONTRACT_ADMIN.password)
      await page.getByRole('button', { name: 'Ingresar' }).click()
      await page.getByRole('heading', { name: 'Eventos' }).waitFor()
      const t0 = performance.now()
      await page.goto(`${server.url}/console/eventos/${ev.slug}/moderacion`)
      await page.waitForFunction(
        (n) => document.querySelectorAll('article.question').length === n,
        QUESTIONS,
        {
          timeout: 120_000,
        },
      )
      const shown = performance.now() - t0

      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Performance.enable')
      const busy = async () =>
        (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
      await page.waitForTimeout(2000)
      const before = await busy()
      for (const [i, id] of ids.slice(0, VOTES).entries())
        await ev.api.call('POST', `/api/events/${ev.slug}/questions/${id}/votes`, {
          body: { deviceToken: `dispositivo-banco-${i}-votos` },
        })
      // The last counts are on the cards once the page is done with them.
      await page.waitForTimeout(1500)
      const perVote = (((await busy()) - before) * 1000) / VOTES
      return [
        row('console', `moderation list of ${QUESTIONS} questions shown`, Math.round(shown), 'ms'),
        row(
          'console',
          `page main-thread time per vote (${QUESTIONS} questions)`,
          Math.round(perVote * 10) / 10,
          'ms',
          {
            note: `${VOTES} votes one after another; counts applied together, at most 4 times a second`,
          },
        ),
      ]
    } finally {
      await browser.close()
      await server.stop()
    }
  },
}
