import { eq } from 'drizzle-orm'
import { users } from '../db/schema'
import type { Deps, SessionUser } from './env'
import { registrationBody } from './schemas/attendance'
import { createCommitmentBody } from './schemas/commitments'
import { updateEventBody } from './schemas/events'
import { moderateBody, submitQuestionBody } from './schemas/questions'
import { responseBody } from './schemas/surveys'
import { register } from './services/attendance'
import { setCheckin } from './services/checkin'
import { createCommitment } from './services/commitments'
import { generatePassword } from './services/crypto'
import { updateEvent } from './services/events'
import { moderateQuestion } from './services/moderation'
import {
  ageOptions,
  educationOptions,
  genderOptions,
  occupationOptions,
  optionValues,
} from './services/question-bank'
import { submitQuestion } from './services/questions'
import { submitResponse } from './services/responses'
import { createUser, updateUser } from './services/users'
import { vote } from './services/votes'

/**
 * The demo event's fictitious participation, so that a fresh install shows what an event produces: the
 * live figures, the statistics and their charts, the wall with its votes, the moderation queue, the
 * commitments and every section of the report. Everything goes through the same services and schemas
 * as a real submission or moderation decision, so the counters, radicados, due dates and audit log are
 * what they would be. The people are invented: names from common lists, e-mails at example.org and
 * document numbers that say DEMO. The same seed always gives the same event.
 */
export async function seedDemo(deps: Deps, slug: string) {
  const pick = picker(20261203)
  const moderator = await demoModerator(deps)

  const people = Array.from({ length: 30 }, (_, i) => ({
    name: `${pick.one(FIRST)} ${pick.one(LAST)} ${pick.one(LAST)}`,
    documentType: 'CC',
    documentNumber: `DEMO-${String(i + 1).padStart(4, '0')}`,
    email: `persona.demo${i + 1}@example.org`,
    gender: pick.weighted(optionValues(genderOptions), [15, 13, 1, 1]),
    ageRange: pick.weighted(optionValues(ageOptions), [0, 6, 10, 9, 4, 1]),
    occupation: pick.weighted(optionValues(occupationOptions), [6, 2, 5, 3, 3, 3, 1, 1, 0]),
    education: pick.weighted(optionValues(educationOptions), [0, 1, 9, 5, 2, 8, 2, 3, 0]),
    territory: pick.weighted(TERRITORIES, [10, 9, 6, 3, 2]),
    channel: pick.weighted(
      ['redes_sociales', 'voz_a_voz', 'invitacion_directa', 'reunion_lideres'],
      [11, 7, 6, 6],
    ),
    consent: true as const,
  }))
  const codes: string[] = []
  for (const body of people) {
    const r = await register(deps, { slug, body: registrationBody.parse(body), lang: 'es', idem: null })
    if (r.status === 201) codes.push(r.body.checkinCode)
  }
  // Most came: their codes read at the door.
  for (const code of codes.slice(0, 21)) await setCheckin(deps, moderator, slug, code, true)

  for (let i = 0; i < 18; i++) {
    const answers = {
      genero: pick.weighted(['mujer', 'hombre', 'prefiero_no_responder'], [9, 8, 1]),
      rango_edad: pick.weighted(['18_28', '29_40', '41_59', '60_mas'], [4, 6, 6, 2]),
      ocupacion: pick.weighted(
        ['empleado', 'independiente', 'servidor_publico', 'hogar', 'estudiante'],
        [6, 5, 3, 2, 2],
      ),
      nivel_educativo: pick.weighted(
        ['secundaria', 'tecnico', 'profesional', 'especializacion'],
        [6, 4, 6, 2],
      ),
      grupo_poblacional: [
        pick.weighted(['ninguno', 'campesino', 'victima', 'prefiero_no_responder'], [10, 3, 2, 3]),
      ],
      medio_enterado: pick.some(['redes_sociales', 'voz_a_voz', 'invitacion_directa', 'pagina_web']),
      explicacion_procedimiento: pick.weighted(['clara', 'confusa'], [15, 3]),
      oportunidad_opinar: pick.weighted(['adecuada', 'inadecuada'], [14, 4]),
      tiempo_exposicion: pick.weighted(['adecuado', 'insuficiente', 'excesivo'], [11, 4, 3]),
      responde_intereses: pick.weighted(['si', 'parcialmente', 'no'], [9, 7, 2]),
      muestra_resultados: pick.weighted(['si', 'no'], [15, 3]),
      calificacion_gestion: pick.weighted(['excelente', 'buena', 'regular', 'mala'], [4, 9, 4, 1]),
      volveria_participar: pick.weighted(['si', 'no'], [16, 2]),
      ...(i % 3 === 0 ? { temas_proximo: pick.one(TOPICS) } : {}),
      ...(i % 4 === 1 ? { comentarios: pick.one(COMMENTS) } : {}),
    }
    const body = responseBody.parse({
      answers,
      deviceToken: `demo-dispositivo-${String(i).padStart(4, '0')}`,
    })
    await submitResponse(deps, { slug, formKey: 'evaluacion', body, lang: 'es', idem: null })
  }

  const filed: string[] = []
  for (const q of QUESTIONS) {
    const input = submitQuestionBody.parse(q.input)
    filed.push((await submitQuestion(deps, slug, input, { idem: null })).question.id)
  }
  const decide = (at: number, patch: Record<string, unknown>) =>
    moderateQuestion(deps, moderator, filed[at], moderateBody.parse(patch))
  for (const at of [0, 1, 2, 3]) await decide(at, { status: 'approved' })
  await decide(0, { pinned: true })
  await decide(1, {
    status: 'answered_live',
    answer:
      'La convocatoria de emprendimiento abre el 1 de febrero; las bases se publican en la página de la alcaldía.',
  })
  await decide(4, { status: 'pending', area: 'cadenas-valor' })
  await decide(5, { status: 'pending', area: 'servicios-productivos' })
  await decide(6, { status: 'hidden', reason: 'Mensaje repetido, sin relación con el evento.' })
  for (const [at, votes] of [
    [0, 9],
    [2, 6],
    [3, 3],
  ] as const)
    for (let v = 0; v < votes; v++)
      await vote(deps, slug, filed[at], { deviceToken: `demo-dispositivo-${String(v).padStart(4, '0')}` })

  const commitments = [
    {
      description: 'Publicar el cronograma de mantenimiento de las vías terciarias de los corregimientos.',
      questionId: filed[4],
      responsible: 'Subsecretaría de Cadenas de Valor',
      dueMonth: monthsAhead(deps.now(), 3),
      published: true,
    },
    {
      description: 'Realizar una mesa de trabajo con las asociaciones de productores de la zona rural.',
      area: 'servicios-productivos',
      origin: 'entidad',
      responsible: 'Subsecretaría de Servicios Productivos',
      dueMonth: monthsAhead(deps.now(), 2),
      published: true,
    },
  ]
  for (const c of commitments) await createCommitment(deps, moderator, slug, createCommitmentBody.parse(c))

  // What staff read off the live stream and type in: the report keeps these sources apart.
  const figures = {
    peakViewers: 81,
    reactions: 240,
    comments: 57,
    shares: 19,
    figuresSource: 'Facebook Live',
  }
  await updateEvent(deps, `user:${moderator.id}`, slug, updateEventBody.parse(figures))
}

/** The demo's moderator: an account that cannot sign in, so the audit log names who decided. */
async function demoModerator(deps: Deps): Promise<SessionUser> {
  const email = 'moderacion.demo@example.org'
  const [found] = await deps.db.select().from(users).where(eq(users.email, email)).limit(1)
  const row =
    found ??
    (await createUser(deps, 'system', {
      email,
      password: generatePassword(),
      role: 'moderator',
      name: 'Moderación del evento de demostración',
    }))
  if (!row.disabled) await updateUser(deps, 'system', row.id, { disabled: true })
  return { id: row.id, email: row.email, role: row.role, tokenId: 'demo', entityIds: null }
}

const monthsAhead = (now: Date, n: number) => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1))
  return d.toISOString().slice(0, 7)
}

/** A small seeded generator (mulberry32): the demo is the same on every install. */
function picker(seed: number) {
  let s = seed >>> 0
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const weighted = <T>(values: readonly T[], weights: number[]): T => {
    let r = next() * weights.reduce((a, b) => a + b, 0)
    for (let i = 0; i < values.length; i++) {
      r -= weights[i] ?? 0
      if (r < 0) return values[i]
    }
    return values[values.length - 1]
  }
  return {
    weighted,
    one: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)],
    /** One or two of the values, in their order. */
    some: <T>(values: readonly T[]): T[] => {
      const chosen = values.filter(() => next() < 0.35)
      return chosen.length ? chosen : [values[Math.floor(next() * values.length)]]
    },
  }
}

const FIRST = [
  'Ana',
  'Luis',
  'María',
  'Carlos',
  'Diana',
  'Jorge',
  'Paola',
  'Andrés',
  'Luz',
  'Camilo',
  'Sandra',
]
const LAST = ['Gómez', 'Rodríguez', 'Martínez', 'López', 'Díaz', 'Torres', 'Ramírez', 'Vargas', 'Rojas']
const TERRITORIES = [
  'Comuna 1 - Centro',
  'Comuna 2 - Norte',
  'Comuna 3 - Sur',
  'Corregimiento La Esperanza',
  'Vereda El Retiro',
]
const TOPICS = [
  'Vías rurales y transporte',
  'Empleo para jóvenes',
  'Apoyo a emprendimientos',
  'Mercados campesinos',
]
const COMMENTS = [
  'Más espacios de participación en los barrios.',
  'Que la transmisión tenga mejor sonido.',
  'Publicar la presentación antes del evento.',
]
const QUESTIONS: { input: Record<string, unknown> }[] = [
  {
    input: {
      type: 'pregunta',
      text: '¿Cuándo se arreglará la vía que comunica el corregimiento La Esperanza con el casco urbano?',
      anonymous: true,
    },
  },
  {
    input: {
      type: 'pregunta',
      text: '¿Cuándo abre la convocatoria de emprendimiento de este año?',
      name: 'Diana Rojas',
      email: 'diana.demo@example.org',
    },
  },
  {
    input: {
      type: 'sugerencia',
      text: 'Sugiero que los mercados campesinos se hagan también los domingos en la plaza principal.',
      anonymous: true,
    },
  },
  {
    input: {
      type: 'peticion',
      text: 'Solicito información sobre los apoyos para asociaciones de productores de café.',
      name: 'Jorge Vargas',
      email: 'jorge.demo@example.org',
    },
  },
  {
    input: {
      type: 'peticion',
      text: 'Pido que se publique el cronograma de mantenimiento de las vías terciarias.',
      name: 'Luz Martínez',
      email: 'luz.demo@example.org',
    },
  },
  {
    input: {
      type: 'queja',
      text: 'El punto de atención de la Subsecretaría no abrió en el horario anunciado la semana pasada.',
      anonymous: true,
    },
  },
  { input: { type: 'pregunta', text: 'Hola hola hola', anonymous: true } },
]
