import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { CONTRACT_ADMIN } from '../contract/servers'
import { expectAccessible, laptop, launch, openEvent, phone, signIn } from './chromium'

const server = inject('browserServer')

describe.skipIf(!server)('an extra form, shared from its card', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => browser?.close())

  it('gives each form its own link and embed code, and the link opens the page on that form alone', async () => {
    const event = await openEvent(server!.url)
    const page = await laptop(browser)
    await signIn(page, server!.url, CONTRACT_ADMIN.email, CONTRACT_ADMIN.password)
    await page.goto(`${server!.url}/console/eventos/${event.slug}/formularios`)

    // Made as staff make it, in the console.
    await page.getByRole('button', { name: 'Crear otro formulario' }).click()
    const create = page.locator('form.card')
    await create.getByLabel('Título del formulario').fill('Encuesta de movilidad')
    await create.getByLabel(/^Clave/).fill('movilidad')
    await create.getByLabel('Pregunta', { exact: true }).fill('¿Cómo llegó al evento?')
    await create.getByLabel('Tipo de respuesta').selectOption('single')
    await create.getByLabel(/^Opciones, una por línea/).fill('bus = Bus\na_pie = A pie')
    await create.getByRole('button', { name: 'Guardar', exact: true }).click()
    const card = page.getByRole('article', { name: /Encuesta de movilidad/ })
    await card.waitFor()

    await card.getByText('Compartir este formulario').click()
    const link = await card.getByLabel('Enlace a este formulario').inputValue()
    expect(link).toBe(`${server!.url}/e/${event.slug}?formulario=movilidad`)
    const code = await card.getByLabel('Código para insertarlo en el sitio web de la entidad').inputValue()
    expect(code).toBe(
      `<script src="${server!.url}/widget.js" data-event="${event.slug}" data-form="movilidad" async></script>`,
    )
    // The hint says why: the tabs name the three forms every event has.
    expect(
      await card.getByText(/un formulario adicional llega a los asistentes por este enlace/).count(),
    ).toBe(1)
    // The evaluation's card shares its own too.
    const evaluation = page.getByRole('article', { name: /Encuesta de evaluación/ })
    await evaluation.getByText('Compartir este formulario').click()
    expect(await evaluation.getByLabel('Enlace a este formulario').inputValue()).toBe(
      `${server!.url}/e/${event.slug}?formulario=evaluacion`,
    )
    await expectAccessible(page, 'a form shared by its link and code')
    await page.close()

    // An attendee opens the link: the new form, alone, and answers it.
    const attendee = await phone(browser)
    await attendee.goto(link)
    await attendee.getByRole('heading', { name: 'Encuesta de movilidad', level: 3 }).waitFor()
    expect(await attendee.getByRole('button', { name: 'Asistencia' }).count()).toBe(0)
    await attendee.getByRole('radio', { name: 'A pie' }).check()
    await attendee.getByRole('button', { name: 'Enviar' }).click()
    // Stored as that form's response.
    await expect
      .poll(async () => {
        const r = await event.api.call(
          'GET',
          `/api/events/${event.slug}/forms/movilidad/responses?format=json`,
          {
            token: event.token,
          },
        )
        return r.json.responses?.map((x: { answers: Record<string, unknown> }) => Object.values(x.answers))
      })
      .toEqual([['a_pie']])
    await expectAccessible(attendee, 'the page opened on one form')
    // And back to the page with every form's tabs.
    await attendee.getByRole('link', { name: /Ver los demás formularios del evento/ }).click()
    await attendee.getByRole('button', { name: 'Asistencia' }).waitFor()
    await attendee.close()
  })
})
