import type { Lang } from '../shared/api'

const es = {
  loading: 'Cargando las preguntas…',
  live: 'En vivo: las preguntas aprobadas aparecen aquí al instante.',
  notLive: 'Conectando con la transmisión de preguntas…',
  empty: 'Aún no hay preguntas aprobadas. Haga la suya con el formulario de arriba.',
  pinned: 'En pantalla',
  answer: 'Respuesta',
  support: 'Apoyar',
  votes: 'votos',
  thanks: 'Gracias: su apoyo quedó registrado.',
  already: 'Su apoyo a esta pregunta ya estaba registrado.',
  offline: 'No pudimos registrar su apoyo; revise su conexión.',
  status: 'Estado',
  type: 'Tipo de solicitud',
  due: 'Fecha máxima de respuesta',
  received: 'Recibida',
  notFound: 'No encontramos ese radicado.',
  statuses: {
    received: 'Recibida',
    approved: 'Recibida, publicada en el muro',
    hidden: 'Recibida',
    answered_live: 'Respondida durante el evento',
    pending: 'En trámite',
    answered: 'Respondida por escrito',
    forwarded: 'Trasladada a otra entidad',
    extended: 'Plazo ampliado',
    annulled: 'Anulada',
  } as Record<string, string>,
}
export type WallText = typeof es

const en: WallText = {
  loading: 'Loading the questions…',
  live: 'Live: approved questions appear here at once.',
  notLive: 'Connecting to the live questions…',
  empty: 'No approved questions yet. Ask yours with the form above.',
  pinned: 'On screen',
  answer: 'Answer',
  support: 'Support',
  votes: 'votes',
  thanks: 'Thank you: your support was counted.',
  already: 'Your support for this question was already counted.',
  offline: "We couldn't count your support; check your connection.",
  status: 'Status',
  type: 'Kind of request',
  due: 'Answer due by',
  received: 'Received',
  notFound: 'We found no request with that number.',
  statuses: {
    received: 'Received',
    approved: 'Received, on the public wall',
    hidden: 'Received',
    answered_live: 'Answered during the event',
    pending: 'In progress',
    answered: 'Answered in writing',
    forwarded: 'Forwarded to another entity',
    extended: 'Term extended',
    annulled: 'Annulled',
  },
}

export const wallText = (lang: Lang) => (lang === 'en' ? en : es)
