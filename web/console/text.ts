import { pqrsdLabels } from '../../db/enums'
import { formatNumber } from '../../server/services/percent'
import { lang } from './session'

/** Every string of the console, Spanish first; text-en.ts has the same keys in English. */
export const es = {
  app: 'Cabildo · Consola',
  skip: 'Saltar al contenido',
  loading: 'Cargando…',
  offline: 'No hay conexión con el servidor. Reintente en un momento.',
  problem: 'Hay un problema',
  retry: 'Reintentar',
  save: 'Guardar',
  cancel: 'Cancelar',
  submitKeys: 'Para confirmar desde el teclado: Ctrl + Enter (⌘ + Enter en Mac).',
  saved: 'Cambios guardados.',
  logout: 'Cerrar sesión',
  otherLang: 'English',
  otherLangCode: 'en',
  events: 'Eventos',
  signedIn: 'Sesión de',
  roles: { admin: 'administración', moderator: 'moderación', analyst: 'análisis' } as Record<string, string>,
  yes: 'Sí',
  no: 'No',
  login: {
    title: 'Ingreso del personal',
    intro: 'Para moderadores, analistas y administradores de la entidad.',
    email: 'Correo electrónico',
    password: 'Contraseña',
    submit: 'Ingresar',
    busy: 'Ingresando…',
    expired: 'Su sesión terminó. Ingrese de nuevo.',
  },
  list: {
    empty: 'Aún no hay eventos.',
    create: 'Crear un evento',
    event: 'Evento',
    entity: 'Entidad',
    date: 'Fecha',
    status: 'Estado',
    actions: 'Acciones',
    open: 'Abrir',
    moderate: 'Moderar',
    projector: 'Proyector',
  },
  statuses: { draft: 'Borrador', open: 'Abierto', closed: 'Cerrado' } as Record<string, string>,
  tabs: {
    summary: 'Resumen',
    moderation: 'Moderación',
    checkin: 'Ingreso',
    forms: 'Formularios',
    exports: 'Exportes e informe',
    commitments: 'Compromisos',
    details: 'Datos del evento',
    page: 'Página del evento',
    projector: 'Vista de proyector',
  },
  counters: {
    title: 'En vivo',
    registered: 'Registrados',
    checkedIn: 'Ingresaron',
    responses: 'Respuestas a la encuesta',
    questions: 'Preguntas recibidas',
    hidden: (n: number) =>
      `${n === 1 ? 'Incluye 1 oculta' : `Incluye ${num(n)} ocultas`} del muro por moderación (spam o insultos)`,
    onWall: 'Preguntas en el muro',
  },
  charts: {
    title: 'Resultados de la encuesta de evaluación',
    answers: (n: number) => `${num(n)} ${n === 1 ? 'respuesta' : 'respuestas'}`,
    option: 'Opción',
    count: 'Personas',
    percent: 'Porcentaje',
    none: 'Aún no hay respuestas.',
    unanswered: 'Sin respuestas todavía',
    texts: 'Respuestas abiertas',
    times: (n: number) => `${num(n)} personas`,
    mostRepeated: (n: number) => `Se muestran las ${num(n)} respuestas más repetidas.`,
    formTitle: (title: string) => `Resultados: ${title}`,
    notInReport:
      'El informe del evento no incluye este formulario: su sección «4. Evaluación» presenta solo la encuesta de evaluación. Sus estadísticas, en Excel y CSV, están en',
    multi:
      'Pregunta de respuesta múltiple: los porcentajes son de quienes respondieron y pueden sumar más de 100 %.',
    // The report's one word for every hidden cell.
    hidden: 'oculta',
    answersHidden: 'número de respuestas oculto',
    hiddenNote:
      'Oculta: las cifras de menos de 5 personas no se muestran, para proteger datos personales; junto a ellas se ocultan las siguientes más pequeñas, para que ninguna pueda deducirse del total.',
  },
  registrations: {
    title: 'Asistencia: quiénes se registraron',
    none: 'Aún no hay registros.',
    exact:
      'Cifras exactas, solo para el personal: en la sección «3. Asistencia» del informe se ocultan las de menos de 5 personas.',
  },
  live: {
    connecting: 'Conectando con las preguntas en vivo…',
    live: 'En vivo',
    reconnecting: 'Sin conexión: reconectando…',
    unauthorized: 'El servidor rechazó la sesión.',
  },
}
export type Text = typeof es

const en: Text = {
  app: 'Cabildo · Console',
  skip: 'Skip to content',
  loading: 'Loading…',
  offline: 'No connection with the server. Try again in a moment.',
  problem: 'There is a problem',
  retry: 'Try again',
  save: 'Save',
  cancel: 'Cancel',
  submitKeys: 'To confirm from the keyboard: Ctrl + Enter (⌘ + Enter on a Mac).',
  saved: 'Changes saved.',
  logout: 'Sign out',
  otherLang: 'Español',
  otherLangCode: 'es',
  events: 'Events',
  signedIn: 'Signed in as',
  roles: { admin: 'admin', moderator: 'moderator', analyst: 'analyst' },
  yes: 'Yes',
  no: 'No',
  login: {
    title: 'Staff sign-in',
    intro: "For the entity's moderators, analysts and administrators.",
    email: 'E-mail',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
    expired: 'Your session ended. Sign in again.',
  },
  list: {
    empty: 'No events yet.',
    create: 'Create an event',
    event: 'Event',
    entity: 'Entity',
    date: 'Date',
    status: 'Status',
    actions: 'Actions',
    open: 'Open',
    moderate: 'Moderate',
    projector: 'Projector',
  },
  statuses: { draft: 'Draft', open: 'Open', closed: 'Closed' },
  tabs: {
    summary: 'Summary',
    moderation: 'Moderation',
    checkin: 'Check-in',
    forms: 'Forms',
    exports: 'Exports and report',
    commitments: 'Commitments',
    details: 'Event details',
    page: "Event's page",
    projector: 'Projector view',
  },
  counters: {
    title: 'Live',
    registered: 'Registered',
    checkedIn: 'Checked in',
    responses: 'Survey responses',
    questions: 'Questions received',
    hidden: (n: number) =>
      `Including ${n === 1 ? '1' : num(n)} hidden from the wall by moderation (spam or insults)`,
    onWall: 'Questions on the wall',
  },
  charts: {
    title: 'Evaluation survey results',
    answers: (n: number) => `${num(n)} ${n === 1 ? 'answer' : 'answers'}`,
    option: 'Option',
    count: 'People',
    percent: 'Share',
    none: 'No answers yet.',
    unanswered: 'No answers yet',
    texts: 'Open answers',
    times: (n: number) => `${num(n)} people`,
    mostRepeated: (n: number) => `The ${num(n)} most repeated answers are shown.`,
    formTitle: (title: string) => `Results: ${title}`,
    notInReport:
      "The event's report does not include this form: its section «4. Evaluation» presents the evaluation survey only. Its statistics, as Excel and CSV, are under",
    multi: 'Multiple-choice question: shares are of respondents and may add up to more than 100%.',
    hidden: 'hidden',
    answersHidden: 'number of answers hidden',
    hiddenNote:
      'Hidden: figures of fewer than 5 people are not shown, to protect personal data; the next smallest are hidden with them, so that none can be worked out from the total.',
  },
  registrations: {
    title: 'Attendance: who registered',
    none: 'No registrations yet.',
    exact:
      "Exact figures, for staff only: the report's section «3. Attendance» hides those of fewer than 5 people.",
  },
  live: {
    connecting: 'Connecting to the live questions…',
    live: 'Live',
    reconnecting: 'Connection lost: reconnecting…',
    unauthorized: 'The server refused the session.',
  },
}

/** The console's common strings in the session's language. */
export const t = () => (lang.value === 'en' ? en : es)

/** The labels of the PQRSD types, the same everywhere (db/enums.ts). */
export const typeLabels = (): Record<string, string> =>
  Object.fromEntries(Object.entries(pqrsdLabels).map(([k, l]) => [k, l[lang.value]]))

/** Numbers as people read them: 1.302 in Spanish, 1,302 in English. */
export const num = (n: number) => formatNumber(n, lang.value)
