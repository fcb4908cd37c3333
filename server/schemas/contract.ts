import { z } from 'zod'
import { pqrsdTypes, questionStatuses } from '../../db/enums'

/**
 * The success bodies docs/API.md promises, for the OpenAPI document: what embedders may rely on. Loose
 * objects: a route may answer more fields than these (it adds, never removes). test/openapi.test.ts
 * checks each against what its route answers.
 */
const instant = z.string().describe('ISO 8601')
const obj = z.looseObject

export const loginAnswer = obj({
  token: z.string(),
  user: obj({
    email: z.string(),
    role: z.enum(['admin', 'moderator', 'analyst']),
    mustChangePassword: z
      .boolean()
      .describe('true: la contraseña fue generada o restablecida; cámbiela antes de usar la consola.'),
  }),
})

const eventView = obj({
  slug: z.string(),
  title: z.string(),
  startsAt: instant,
  modality: z.enum(['presencial', 'virtual', 'hibrida']),
  country: z.enum(['CO', 'EC']),
  timezone: z.string(),
  status: z.enum(['draft', 'open', 'closed']),
  streamUrl: z.string().nullable(),
  areas: z.array(obj({ key: z.string(), name: z.string() })),
})
export const eventAnswer = obj({ event: eventView })
/** A created event; an entity already registered keeps its data, and what the request brought otherwise is listed. */
export const createdEventAnswer = obj({
  event: eventView,
  entityDiffers: z
    .array(obj({ field: z.string(), stored: z.string(), sent: z.string() }))
    .optional()
    .describe(
      'Datos de la entidad, ya registrada, que la solicitud trae distintos: se conservan los guardados (se cambian con PATCH /api/entities/:id).',
    ),
})

const formView = obj({
  key: z.string(),
  questions: z.array(obj({ id: z.string(), type: z.string(), label: z.string() })),
})
export const formsAnswer = obj({ forms: z.array(formView) })
export const publicEventAnswer = obj({ event: eventView, forms: z.array(formView), consent: obj({}) })

export const registeredAnswer = obj({ id: z.string(), attendeeToken: z.string() })
export const registeredAgainAnswer = obj({ id: z.string() })
/** A person registered at the door and checked in (201), or found registered already and checked in (200). */
export const walkInAnswer = obj({
  attendee: obj({
    id: z.string(),
    name: z.string(),
    documentType: z.string().nullable(),
    documentNumber: z.string().nullable(),
    checkinCode: z.string(),
    checkedInAt: z.string().nullable(),
  }),
  registered: z.boolean(),
  alreadyCheckedIn: z.boolean(),
})
export const createdAnswer = obj({ id: z.string() })

const spanishLabel = z
  .literal('es')
  .optional()
  .describe(
    'Pedida en inglés: la etiqueta que el personal escribió solo en español, para marcarla (WCAG 3.1.2)',
  )

// Null only in filtered stats: a small figure of a sensitive question, or of a group chosen by one.
const hiddenUnderSensitiveFilter =
  'null: oculta, con filtros, por ser de menos de 5 personas de una pregunta sensible o de un grupo elegido por una'
export const statsAnswer = obj({
  formKey: z.string(),
  responses: z.number().nullable().describe(hiddenUnderSensitiveFilter),
  questions: z.array(
    obj({
      id: z.string(),
      label: z.string(),
      lang: spanishLabel,
      type: z.string(),
      answered: z.number().nullable().describe(hiddenUnderSensitiveFilter),
      options: z.array(
        obj({
          value: z.string(),
          label: z.string(),
          lang: spanishLabel,
          count: z.number().nullable().describe(hiddenUnderSensitiveFilter),
          percent: z
            .number()
            .nullable()
            .describe(
              `Sobre quienes respondieron la pregunta, con un decimal; ${hiddenUnderSensitiveFilter}`,
            ),
        }),
      ),
      texts: z.array(obj({ text: z.string(), count: z.number() })).optional(),
    }),
  ),
})

export const filedAnswer = obj({
  id: z.string(),
  radicado: z.string(),
  receivedAt: instant,
  receivedOn: z
    .string()
    .nullable()
    .describe('AAAA-MM-DD: el día en que se recibió, si el personal lo dio anterior al de la radicación.'),
  dueDate: z.string().describe('AAAA-MM-DD'),
  status: z.string(),
})

/** A question as staff see it (and a webhook's question.updated sends it): the fields embedders rely on. */
const staffQuestionView = obj({
  id: z.string(),
  radicado: z.string(),
  type: z.enum(pqrsdTypes),
  status: z.enum(questionStatuses),
  receivedAt: instant,
  receivedOn: z
    .string()
    .nullable()
    .describe('AAAA-MM-DD: el día en que se recibió, si el personal lo dio anterior al de la radicación.'),
  dueDate: z.string().describe('AAAA-MM-DD'),
  answeredOn: z
    .string()
    .nullable()
    .describe('AAAA-MM-DD: el día en que se envió la respuesta; el término se juzga por él.'),
  forwardedOn: z
    .string()
    .nullable()
    .describe('AAAA-MM-DD: el día en que se trasladó a la entidad competente.'),
  desistedOn: z
    .string()
    .nullable()
    .describe(
      'AAAA-MM-DD: el día en que el peticionario desistió (Ley 1755 de 2015, art. 18), mientras consta.',
    ),
  continuedExOfficioAt: instant
    .nullable()
    .describe(
      'Cuándo la entidad la continuó de oficio por última vez tras el desistimiento del peticionario (art. 18), con él o después; desde entonces no admite un nuevo desistimiento. Null si nunca.',
    ),
  answeredByMerge: obj({
    id: z.string(),
    radicado: z.string(),
    by: z.string().describe('Quien la unió'),
    at: instant.describe('Cuándo se unió, y con ello se respondió'),
  })
    .nullable()
    .optional()
    .describe(
      'Respondida al unirla a una petición ya respondida: cuál, quién la unió y cuándo. La respuesta conserva su autor (answeredBy). Null si no.',
    ),
  mergedDueFirst: obj({
    dueDate: z.string().describe('AAAA-MM-DD: su vencimiento en vigor (el de la prórroga, si la hay)'),
    radicado: z.string(),
    id: z.string(),
  })
    .nullable()
    .optional()
    .describe(
      'La petición unida a esta cuyo término corre y vence primero, cuando vence antes que la principal (o el de la principal ya no corre): cada una conserva su término. Null si ninguna. En la pregunta, la lista del personal y el canal de moderación; no en el webhook.',
    ),
})
export const questionAnswer = obj({ question: staffQuestionView })
export const questionHistoryAnswer = obj({
  question: staffQuestionView,
  history: z.array(obj({ at: instant, actor: z.string(), action: z.string(), data: z.unknown() })),
})

const commitmentView = obj({ id: z.string(), description: z.string() })
export const commitmentAnswer = obj({ commitment: commitmentView })
/** The event's commitments, or with `?view=plan` Ecuador's work plan by thematic axis. */
export const commitmentsAnswer = z.union([
  obj({ commitments: z.array(commitmentView) }),
  obj({ plan: z.array(obj({ axis: z.string() })) }).describe('Con ?view=plan: el plan de trabajo por eje'),
])

/** The report in JSON: the sections of DOMAIN.md under the top-level keys docs/API.md names. */
const section = (description: string) => obj({}).describe(description)
export const reportAnswer = obj({
  general: section('Datos generales'),
  convocatoria: section('Convocatoria'),
  asistencia: section('Asistencia'),
  evaluacion: section('Evaluación'),
  pqrsd: section('Preguntas y respuestas – PQRSD'),
  compromisos: section('Compromisos'),
})

const registrationFields = {
  id: z.string(),
  name: z.string(),
  documentType: z.string().nullable(),
  documentNumber: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  consent: obj({ version: z.string(), at: instant }),
  checkedInAt: instant.nullable(),
  createdAt: instant,
}
export const rectifiedAnswer = obj({ attendee: obj(registrationFields) })
export const anonymizedAnswer = obj({
  anonymized: z.number().int().describe('Registros anonimizados ahora; 0 si ya lo estaban todos'),
})

const eventOfHolder = obj({
  slug: z.string(),
  title: z.string(),
  startsAt: instant,
  country: z.enum(['CO', 'EC']),
  entityName: z.string(),
})
const matchedBy = z
  .array(z.enum(['documentNumber', 'email', 'phone']))
  .describe('Las claves de la búsqueda que coinciden con este registro')
export const holderAnswer = obj({
  keys: z.array(z.string()).describe('Los tipos de clave buscados (no sus valores)'),
  registrations: z.array(
    obj({
      ...registrationFields,
      event: eventOfHolder,
      matchedBy,
      votes: z.array(obj({ questionId: z.string(), radicado: z.string(), votedAt: instant })),
    }),
  ),
  petitions: z.array(
    obj({
      id: z.string(),
      radicado: z.string(),
      event: eventOfHolder,
      type: z.string(),
      status: z.string(),
      receivedAt: instant,
      identityReserve: z.boolean(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      matchedBy,
    }),
  ),
  surveyResponses: obj({ linked: z.literal(false) }).describe(
    'Las respuestas de la encuesta no se vinculan con nadie: no hay ninguna que encontrar',
  ),
  truncated: z.boolean().describe('Hay más de 200 registros o peticiones: afine la búsqueda'),
})

/** A PQRSD as anyone holding its radicado sees it: its status, terms and published answer, never who asked. */
export const pqrsdAnswer = obj({
  pqrsd: obj({
    radicado: z.string(),
    type: z.enum(pqrsdTypes),
    typeLabel: obj({ es: z.string(), en: z.string() }),
    status: z.enum(questionStatuses),
    receivedAt: instant,
    receivedOn: z
      .string()
      .nullable()
      .describe('AAAA-MM-DD: el día en que se recibió, si fue anterior a la radicación.'),
    termDays: z.number().int().describe('El término legal, en días hábiles.'),
    dueDate: z.string().describe('AAAA-MM-DD: el vencimiento, en días hábiles del calendario de la entidad.'),
    extendedDueDate: z.string().nullable(),
    extensionNoticeDate: z.string().nullable(),
    extensionReason: z.string().nullable(),
    completion: obj({
      requestedOn: z.string().describe('AAAA-MM-DD: cuándo se pidió completarla.'),
      requested: z.string().nullable().describe('Lo que el peticionario debe aportar.'),
      deadline: z.string().nullable().describe('AAAA-MM-DD: el último día para completarla.'),
      completedOn: z
        .string()
        .nullable()
        .describe('AAAA-MM-DD: cuándo la completó; el término corre de nuevo desde el día siguiente.'),
    })
      .nullable()
      .describe(
        'La petición incompleta (Ley 1755 de 2015, art. 17): mientras se espera, el término está suspendido (status incomplete).',
      ),
    desistedOn: z
      .string()
      .nullable()
      .describe(
        'AAAA-MM-DD: el día en que el peticionario desistió (desistimiento expreso, Ley 1755 de 2015, art. 18; status desisted). El desistimiento tácito (art. 17) es status withdrawn.',
      ),
    area: obj({ key: z.string(), name: z.string() }).nullable(),
    forwardedTo: z.string().nullable(),
    forwardedAt: instant
      .nullable()
      .describe(
        'Cuándo se registró el traslado a la entidad competente (Ley 1755 de 2015, art. 21), si se trasladó.',
      ),
    forwardedOn: z.string().nullable().describe('AAAA-MM-DD: el día en que se trasladó.'),
    question: z
      .string()
      .nullable()
      .describe('El texto, solo si se hizo público (en el muro o respondida en vivo).'),
    mergedWith: z.string().nullable().describe('El radicado de la petición a la que se unió, si se unió.'),
    answer: obj({
      text: z.string(),
      answeredAt: instant,
      answeredOn: z.string().nullable().describe('AAAA-MM-DD: el día en que se envió la respuesta.'),
      live: z.boolean(),
    })
      .nullable()
      .describe('La respuesta, una vez publicada.'),
    event: obj({ slug: z.string(), title: z.string() }),
    entity: obj({ name: z.string() }),
    overdue: obj({
      dueDate: z
        .string()
        .describe('AAAA-MM-DD: el vencimiento en vigor (el de la prórroga, si la hubo) que pasó.'),
      extended: z.boolean().describe('Si lo que venció fue el plazo ampliado por una prórroga.'),
      message: z
        .string()
        .describe('Lo que significa para el peticionario, en el idioma de la solicitud (Accept-Language).'),
    })
      .nullable()
      .describe(
        'El término sigue corriendo (sin respuesta, traslado ni suspensión) y su vencimiento ya pasó, en el día de donde se recibió; null si no.',
      ),
  }),
})

// Outgoing webhooks: the signing secret is answered once, when it is made; every read gives a hint of it.
const webhookFields = {
  id: z.string(),
  url: z.string(),
  entityId: z.string().nullable().describe('null: los avisos de todas las entidades'),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()).describe('Vacía: todos los tipos, también los que se agreguen después'),
  active: z.boolean(),
  secretHint: z
    .string()
    .describe(
      'El prefijo y los 4 últimos caracteres del secreto de firma (whsec_…a1b2): para saber cuál tiene configurado el sistema que recibe.',
    ),
  secretCreatedAt: instant.describe(
    'Cuándo se hizo el secreto: al registrar el webhook o al cambiarlo por última vez.',
  ),
  createdAt: instant,
  updatedAt: instant.nullable(),
}
const secretOnce =
  'El secreto de firma completo (whsec_…), con el que el sistema que recibe comprueba cada mensaje. Se da solo esta vez: ninguna lectura lo vuelve a dar.'
const webhookView = obj({
  ...webhookFields,
  secret: z
    .never()
    .optional()
    .describe('Nunca en una lectura: el secreto se da solo al registrar el webhook y al cambiar su secreto.'),
})
export const webhooksAnswer = obj({ webhooks: z.array(webhookView), eventTypes: z.array(z.string()) })
export const webhookAnswer = obj({ webhook: webhookView })
export const createdWebhookAnswer = obj({
  webhook: obj({ ...webhookFields, secret: z.string().describe(secretOnce) }),
})
export const changedWebhookAnswer = obj({
  webhook: obj({
    ...webhookFields,
    secret: z
      .string()
      .optional()
      .describe(`Solo cuando el cambio pidió rotateSecret: el nuevo. ${secretOnce}`),
  }),
})
