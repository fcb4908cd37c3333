import { Hono } from 'hono'
import type { Form } from '../../db/schema'
import { actorOf, open, staff } from '../access'
import type { AppEnv } from '../env'
import { ApiError, langOf } from '../errors'
import { limitSubmissions } from '../ratelimit/middleware'
import { slugParam } from '../schemas/common'
import { createdAnswer, formsAnswer } from '../schemas/contract'
import {
  addQuestionBody,
  createFormBody,
  definitionSchema,
  formKeyParam,
  formSettingsBody,
  responseBody,
} from '../schemas/surveys'
import { requireEvent } from '../services/events'
import { publicForm, staffForm } from '../services/form-views'
import { currentForms, saveDefinition, updateSettings } from '../services/forms'
import { idempotencyOf, unreadOf } from '../services/idempotency'
import { submitResponse } from '../services/responses'
import { loadForm } from '../services/survey-results'
import { checked, validate } from '../validate'

export const surveyRoutes = new Hono<AppEnv>()
  .get(
    '/:slug/forms',
    open('Formularios del evento', { answers: { 200: formsAnswer } }),
    validate('param', slugParam),
    async (c) => {
      const deps = c.get('deps')
      const full = await requireEvent(deps.db, c.req.valid('param').slug, { staff: Boolean(c.get('user')) })
      const list = await currentForms(deps.db, full.event.id)
      return c.json({ forms: list.map((f) => publicForm(f, langOf(c))) })
    },
  )
  .get(
    '/:slug/forms/:formKey',
    open('Un formulario del evento'),
    validate('param', formKeyParam),
    async (c) => {
      const { slug, formKey } = c.req.valid('param')
      const { current } = await loadForm(c.get('deps'), slug, formKey, { staff: Boolean(c.get('user')) })
      const form = publicForm(current, langOf(c))
      return c.json(c.get('user') ? { form, settings: staffForm(current) } : { form })
    },
  )
  .post(
    '/:slug/forms',
    staff(['analyst'], 'Crear otro formulario en el evento', { ok: [201] }),
    validate('param', slugParam),
    validate('json', createFormBody),
    async (c) => {
      const full = await requireEvent(c.get('deps').db, c.req.valid('param').slug, { staff: true })
      const { key, ...def } = c.req.valid('json')
      const r = await saveDefinition(c.get('deps'), actorOf(c), full.event.id, key, def, { mustBeNew: true })
      return c.json({ form: staffForm(r.form) }, 201)
    },
  )
  .put(
    '/:slug/forms/:formKey',
    staff(['analyst'], 'Reemplazar las preguntas (nueva versión si ya hay respuestas)'),
    validate('param', formKeyParam),
    validate('json', definitionSchema),
    async (c) => {
      const { slug, formKey } = c.req.valid('param')
      const full = await requireEvent(c.get('deps').db, slug, { staff: true })
      const r = await saveDefinition(c.get('deps'), actorOf(c), full.event.id, formKey, c.req.valid('json'), {
        mustExist: true,
      })
      return c.json({ form: staffForm(r.form), versioned: r.versioned })
    },
  )
  .post(
    '/:slug/forms/:formKey/questions',
    staff(['analyst'], 'Añadir una pregunta (nueva versión si ya hay respuestas)', { ok: [201] }),
    validate('param', formKeyParam),
    validate('json', addQuestionBody),
    async (c) => {
      const { slug, formKey } = c.req.valid('param')
      const { full } = await loadForm(c.get('deps'), slug, formKey, { staff: true })
      const q = c.req.valid('json')
      // Added to the current version as it is when written (read again if another change comes first).
      const added = (current: Form | undefined) => {
        const def = current!.definition
        if (def.questions.some((x) => x.id === q.id))
          throw new ApiError('VALIDATION_ERROR', {
            issues: [
              {
                path: 'id',
                message: { es: `Ya existe la pregunta "${q.id}".`, en: `Question "${q.id}" already exists.` },
              },
            ],
          })
        return checked(c, definitionSchema, { ...def, questions: [...def.questions, q] })
      }
      const r = await saveDefinition(c.get('deps'), actorOf(c), full.event.id, formKey, added, {
        mustExist: true,
      })
      return c.json({ form: staffForm(r.form), versioned: r.versioned }, 201)
    },
  )
  .patch(
    '/:slug/forms/:formKey',
    staff(['analyst'], 'Abrir o cerrar un formulario y fijar el embargo de sus resultados'),
    validate('param', formKeyParam),
    validate('json', formSettingsBody),
    async (c) => {
      const { slug, formKey } = c.req.valid('param')
      const current = async () => (await loadForm(c.get('deps'), slug, formKey, { staff: true })).current
      const form = await updateSettings(c.get('deps'), actorOf(c), current, c.req.valid('json'))
      return c.json({ form: staffForm(form) })
    },
  )
  .post(
    '/:slug/forms/:formKey/responses',
    open('Responder un formulario (una respuesta por asistente o dispositivo)', {
      ok: [201],
      idempotent: true,
      answers: { 201: createdAnswer },
      errors: ['EVENT_CLOSED', 'FORM_CLOSED', 'ALREADY_RESPONDED'],
    }),
    limitSubmissions,
    validate('param', formKeyParam),
    // Read by the submitter if it reads bodies itself (`readsBodies`).
    validate('json', responseBody, { unreadWhen: (c) => !!c.get('deps').submitter?.readsBodies }),
    // Not an async function, which would stay suspended while the response waits for its commit.
    (c) => {
      const { slug, formKey } = c.req.valid('param')
      const scope = `response:${slug}:${formKey}`
      const deps = c.get('deps')
      const unread = unreadOf(c, scope)
      if (unread && deps.submitter) {
        return deps.submitter
          .survey(deps, { slug, formKey, lang: langOf(c), unread })
          .then((r) => c.json({ id: r.id }, r.status))
      }
      const body = c.req.valid('json')
      const idem = idempotencyOf(c, scope, body)
      const submit = deps.submitter?.survey ?? submitResponse
      return submit(deps, { slug, formKey, body, lang: langOf(c), idem }).then((r) =>
        c.json({ id: r.id }, r.status),
      )
    },
  )
