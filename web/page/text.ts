import type { Lang } from '../shared/api'

const es = {
  modality: { presencial: 'Presencial', virtual: 'Virtual', hibrida: 'Presencial y virtual' } as Record<
    string,
    string
  >,
  when: 'Fecha',
  mode: 'Modalidad',
  where: 'Lugar',
  watch: 'Ver la transmisión en vivo',
  signLanguage: 'Con interpretación en lengua de señas.',
  agenda: 'Orden del día',
  demo: 'Evento de demostración: los datos son ficticios.',
  closed: 'Este evento ya terminó y no recibe nuevos registros.',
  participate: 'Participe',
  noSuchForm: 'Este evento no tiene el formulario que pedía el enlace. Estos son los suyos:',
  allForms: 'Ver los demás formularios del evento (asistencia, evaluación, pregunta)',
  formsLoading:
    'Cargando los formularios… Si no aparecen, active JavaScript o abra esta página en su navegador.',
  wall: 'Preguntas de la ciudadanía',
  wallLoading:
    'Cargando las preguntas… Si no aparecen, active JavaScript o abra esta página en su navegador.',
  wallLost: 'No pudimos cargar las preguntas: revise su conexión.',
  wallRetrying: 'Cargando las preguntas…',
  retry: 'Reintentar',
  results: 'Resultados publicados',
  commitments: 'Compromisos de la entidad',
  commitmentsHelp: 'Lo que la entidad se comprometió a hacer, y cómo avanza.',
  due: 'Fecha de cumplimiento',
  responsible: 'Responsable',
  statusProgress: 'Estado',
  lookup: 'Consultar una PQRSD',
  lookupHelp: (example?: string): string =>
    `Escriba el número de radicado que recibió${example ? `, p. ej. ${example}` : ''}.`,
  radicado: 'Número de radicado',
  search: 'Consultar',
  limited: 'Demasiadas consultas seguidas',
  limitedWait: (seconds: number): string =>
    `Se hicieron demasiadas consultas de radicados desde esta conexión. Espere ${seconds === 1 ? '1 segundo' : `${seconds} segundos`} e intente de nuevo.`,
  back: 'Volver a la página del evento',
  contact: 'Responsable del tratamiento de datos',
  skip: 'Saltar al formulario',
  notFound: 'No existe un evento con esa dirección.',
  missing: 'No encontramos esa página. Revise la dirección.',
}
export type PageText = typeof es

const en: PageText = {
  modality: { presencial: 'In person', virtual: 'Online', hibrida: 'In person and online' },
  when: 'Date',
  mode: 'Format',
  where: 'Place',
  watch: 'Watch the live stream',
  signLanguage: 'With sign-language interpretation.',
  agenda: 'Agenda',
  demo: 'Demo event: the data is fictitious.',
  closed: 'This event has ended and takes no new registrations.',
  participate: 'Take part',
  noSuchForm: 'This event does not have the form the link asked for. These are its forms:',
  allForms: "See the event's other forms (attendance, evaluation, question)",
  formsLoading:
    'Loading the forms… If they do not appear, turn on JavaScript or open this page in your browser.',
  wall: "Citizens' questions",
  wallLoading:
    'Loading the questions… If they do not appear, turn on JavaScript or open this page in your browser.',
  wallLost: "We couldn't load the questions: check your connection.",
  wallRetrying: 'Loading the questions…',
  retry: 'Try again',
  results: 'Published results',
  commitments: "The entity's commitments",
  commitmentsHelp: 'What the entity committed to do, and how it is going.',
  due: 'Due',
  responsible: 'Responsible',
  statusProgress: 'Status',
  lookup: 'Look up a request (PQRSD)',
  lookupHelp: (example?: string) =>
    `Type the filing number you received${example ? `, e.g. ${example}` : ''}.`,
  radicado: 'Filing number',
  search: 'Look up',
  limited: 'Too many look-ups in a row',
  limitedWait: (seconds: number) =>
    `Too many filing numbers were looked up from this connection. Wait ${seconds === 1 ? '1 second' : `${seconds} seconds`} and try again.`,
  back: 'Back to the event page',
  contact: 'Data controller',
  skip: 'Skip to the form',
  notFound: 'There is no event at that address.',
  missing: 'We could not find that page. Check the address.',
}

export const pageText = (lang: Lang) => (lang === 'en' ? en : es)
