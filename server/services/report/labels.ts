import { formatNumber, type NumberLang } from '../percent'
import { joinList } from './summary'

type Pair = readonly [es: string, en: string]

const text = {
  title: ['Informe de rendición de cuentas', 'Accountability report'],
  general: ['1. Datos generales', '1. General information'],
  convocatoria: ['2. Convocatoria', '2. Outreach'],
  asistencia: ['3. Asistencia', '3. Attendance'],
  evaluacion: ['4. Evaluación', '4. Evaluation'],
  pqrsd: ['5. Preguntas y respuestas – PQRSD', '5. Questions and answers – PQRSD'],
  compromisos: ['6. Compromisos', '6. Commitments'],
  conclusiones: ['7. Conclusiones', '7. Conclusions'],
  conclusionsPlaceholder: [
    '(Espacio para las conclusiones de la entidad.)',
    '(Space for the entity’s conclusions.)',
  ],
  entity: ['Entidad', 'Entity'],
  nit: ['NIT', 'Tax id (NIT)'],
  ruc: ['RUC', 'Tax id (RUC)'],
  event: ['Evento', 'Event'],
  date: ['Fecha', 'Date'],
  modality: ['Modalidad', 'Modality'],
  place: ['Lugar', 'Place'],
  stream: ['Transmisión', 'Live stream'],
  channels: ['Canales', 'Channels'],
  moderators: ['Moderación', 'Moderators'],
  signLanguage: ['Interpretación en lengua de señas', 'Sign-language interpretation'],
  agenda: ['Agenda', 'Agenda'],
  yes: ['Sí', 'Yes'],
  no: ['No', 'No'],
  joinLinks: ['Registros por enlace de convocatoria', 'Registrations by invitation link'],
  heardFrom: ['¿Cómo se enteraron?', 'How attendees heard of the event'],
  registered: ['Personas registradas', 'People registered'],
  checkedIn: ['Personas con ingreso registrado', 'People checked in'],
  figures: ['Cifras registradas por el personal', 'Figures entered by staff'],
  source: ['Fuente', 'Source'],
  // A figure entered without a source (`figuresSource`) is stored as read by the entity's own staff.
  staffSource: ['personal de la entidad', "the entity's staff"],
  option: ['Opción', 'Option'],
  count: ['Cantidad', 'Count'],
  share: ['Porcentaje', 'Share'],
  responses: ['respuestas', 'responses'],
  response: ['respuesta', 'response'],
  surveyResponses: ['Encuestas respondidas', 'Survey responses'],
  // The headline figures of two events compared (across.ts).
  headline: ['Cifras principales', 'Main figures'],
  difference: ['Diferencia (B − A)', 'Difference (B − A)'],
  // A spreadsheet's cell holds the number alone, so its column names the unit that "pp" gives elsewhere.
  differencePoints: [
    'Diferencia (B − A), en puntos porcentuales',
    'Difference (B − A), in percentage points',
  ],
  participants: ['Participantes', 'Participants'],
  women: ['Mujeres', 'Women'],
  men: ['Hombres', 'Men'],
  questions: ['Preguntas recibidas', 'Questions received'],
  multiNote: [
    'Pregunta de respuesta múltiple: los porcentajes son de quienes respondieron y pueden sumar más de 100 %.',
    'Multiple-choice question: shares are of respondents and may add up to more than 100%.',
  ],
  // One word for every hidden cell: telling the small one from the one hidden beside it would say which is small.
  suppressed: ['oculta', 'hidden'],
  chartLeavesOut: ['El gráfico no muestra las opciones ocultas', 'The chart leaves out the hidden options'],
  base: ['Base de los porcentajes', 'Base of the percentages'],
  suppressedNote: [
    'Oculta: las cifras de menos de 5 personas no se publican, para proteger datos personales; junto a ellas se ocultan las siguientes más pequeñas hasta sumar 5 personas o más, para que ninguna pueda deducirse del total; con menos de 5 personas en total, se ocultan todas.',
    'Hidden: figures of fewer than 5 people are not published, to protect personal data; the next smallest are hidden with them until they hold 5 people or more, so that none can be worked out from the total; with fewer than 5 people in all, every figure is hidden.',
  ],
  nextTopics: ['Temas sugeridos para la próxima rendición de cuentas', 'Topics suggested for the next event'],
  answers: ['Respuestas abiertas', 'Open answers'],
  writtenAnswers: ['Respuestas escritas', 'Written answers'],
  people: ['Personas', 'People'],
  received: ['Preguntas recibidas', 'Questions received'],
  byType: ['Por tipo', 'By type'],
  byChannel: ['Por canal de recepción', 'By channel'],
  answeredLive: ['Respondidas durante el evento', 'Answered during the event'],
  pending: ['Pendientes de respuesta', 'Pending'],
  answeredInWriting: ['Respondidas por escrito', 'Answered in writing'],
  forwarded: ['Trasladadas a la entidad competente', 'Forwarded to the competent entity'],
  forwardedLate: ['Trasladadas después de 5 días hábiles', 'Forwarded after 5 business days'],
  incomplete: [
    'En espera de que el peticionario las complete (término suspendido)',
    'Waiting for the petitioner to complete them (term suspended)',
  ],
  withdrawn: ['Desistidas por no completarse', 'Deemed withdrawn, not completed'],
  desisted: ['Desistidas por el peticionario', 'Withdrawn by the petitioner'],
  continuedExOfficio: [
    'Continuadas de oficio tras el desistimiento del peticionario',
    'Continued ex officio after the petitioner withdrew them',
  ],
  annulled: ['Radicados anulados', 'Filing numbers annulled'],
  byArea: ['Por dependencia', 'By department'],
  questionList: [
    'Cada pregunta, con su respuesta o su radicado y vencimiento',
    'Each question, with its answer or its filing number and due date',
  ],
  onTime: ['Respondidas dentro del término legal', 'Answered within the legal term'],
  radicado: ['Radicado', 'Filing number'],
  type: ['Tipo', 'Type'],
  question: ['Pregunta', 'Question'],
  status: ['Estado', 'Status'],
  area: ['Dependencia', 'Department'],
  dueDate: ['Vence', 'Due'],
  answer: ['Respuesta', 'Answer'],
  answeredAt: ['Respondida el', 'Answered on'],
  answeredOnTime: ['Dentro del término', 'Within the term'],
  description: ['Compromiso', 'Commitment'],
  activity: ['Actividad', 'Activity'],
  due: ['Fecha o mes', 'Date or month'],
  responsible: ['Responsable', 'Responsible'],
  progress: ['Avance', 'Progress'],
  axis: ['Eje', 'Axis'],
  unpublished: ['sin publicar', 'not published'],
  citizenInput: [
    'Observaciones y aportes ciudadanos por eje',
    'Citizen observations and contributions by axis',
  ],
  observations: ['Observaciones ciudadanas', 'Citizen observations'],
  contributions: ['Aportes ciudadanos', 'Citizen contributions'],
  // The tables of the report's and the statistics' CSV and XLSX (render-csv.ts, survey-results.ts).
  figuresTable: ['Cifras', 'Figures'],
  notesTable: ['Resumen y notas', 'Summary and notes'],
  questionsTable: ['Preguntas PQRSD', 'PQRSD questions'],
  citizenInputTable: ['Observaciones y aportes', 'Citizen input'],
  statistics: ['Estadísticas', 'Statistics'],
  filters: ['Filtros', 'Filters'],
  field: ['Campo', 'Field'],
  value: ['Valor', 'Value'],
  section: ['Sección', 'Section'],
  indicator: ['Indicador', 'Indicator'],
  text: ['Texto', 'Text'],
  note: ['Nota', 'Note'],
  receivedAt: ['Recibida', 'Received'],
  firstDue: ['Fecha inicial', 'First due'],
  progressPercent: ['Avance (%)', 'Progress (%)'],
  observation: ['Observación ciudadana', 'Citizen observation'],
  contribution: ['Aporte ciudadano', 'Citizen contribution'],
  multiShort: ['respuesta múltiple', 'multiple choice'],
  // Heads the texts typed after a choice question's "Otra" (`otherTexts`).
  otherTexts: ['Lo que escribieron quienes eligieron', 'What people typed after choosing'],
  inOpenAnswers: ['está en la tabla «Respuestas abiertas».', 'is in the table “Open answers”.'],
  openAnswersNote: [
    'Pregunta abierta: sus respuestas están en la tabla «Respuestas abiertas».',
    'Open question: its answers are in the table “Open answers”.',
  ],
  none: ['Sin registros.', 'None.'],
  generatedAt: ['Generado el', 'Generated on'],
} as const satisfies Record<string, Pair>

export type LabelKey = keyof typeof text

export const label = (key: LabelKey, lang: NumberLang) => text[key][lang === 'en' ? 1 : 0]

// The provisions of Colombia's Ley 1755 de 2015 behind some PQRSD figures: a Colombian entity's report
// names them; an Ecuadorian one's does not, as that law does not govern its petitions.
const LEY_1755 = {
  forwardedLate: 'Ley 1755, art. 21',
  withdrawn: 'art. 17',
  desisted: 'art. 18',
  continuedExOfficio: 'art. 18',
} as const

/** A PQRSD figure's label, with the article of Ley 1755 behind it when the entity is Colombian. */
export const pqrsdLabel = (key: keyof typeof LEY_1755, lang: NumberLang, country: string) =>
  country === 'EC' ? label(key, lang) : `${label(key, lang)} (${LEY_1755[key]})`

/**
 * The report's language tag in Spanish, by the entity's country: es-EC for Ecuador's, es-CO for
 * Colombia's, so that a screen reader or Word's spelling picks the right variant.
 */
export const spanishTag = (country: string) => (country === 'EC' ? 'es-EC' : 'es-CO')

/** "5 respuestas", "1 respuesta": how many answered a question, as the report states every question. */
export const answeredText = (n: number, lang: NumberLang) =>
  `${formatNumber(n, lang)} ${label(n === 1 ? 'response' : 'responses', lang)}`

/**
 * Under a list of free texts that holds only the most repeated: how many it lists, of how many different
 * ones. Null when it holds them all.
 */
export const textsCutNote = (shown: number, total: number | undefined, lang: NumberLang) =>
  total === undefined || total <= shown
    ? null
    : lang === 'en'
      ? `The ${formatNumber(shown, lang)} most repeated answers are listed, of ${formatNumber(total, lang)} different ones.`
      : `Se listan las ${formatNumber(shown, lang)} respuestas más repetidas, de ${formatNumber(total, lang)} distintas.`

export const modalityLabel = (m: string, lang: NumberLang) =>
  ({
    presencial: ['Presencial', 'In person'],
    virtual: ['Virtual', 'Virtual'],
    hibrida: ['Híbrida', 'Hybrid'],
  })[m]?.[lang === 'en' ? 1 : 0] ?? m

export const figureLabel = (key: string, lang: NumberLang) =>
  ({
    peakViewers: ['Máximo de espectadores en vivo', 'Peak live viewers'],
    reactions: ['Reacciones', 'Reactions'],
    comments: ['Comentarios', 'Comments'],
    shares: ['Veces compartido', 'Shares'],
    views: ['Reproducciones', 'Views'],
  })[key]?.[lang === 'en' ? 1 : 0] ?? key

const pick = (m: Record<string, readonly [string, string]>, key: string, lang: NumberLang) =>
  m[key]?.[lang === 'en' ? 1 : 0] ?? key

const questionStatus = {
  received: ['Recibida', 'Received'],
  approved: ['Aprobada', 'Approved'],
  hidden: ['Oculta', 'Hidden'],
  answered_live: ['Respondida en vivo', 'Answered live'],
  pending: ['Pendiente', 'Pending'],
  answered: ['Respondida por escrito', 'Answered in writing'],
  forwarded: ['Trasladada', 'Forwarded'],
  extended: ['Prorrogada', 'Extended'],
  incomplete: ['Por completar (término suspendido)', 'To be completed (term suspended)'],
  withdrawn: ['Desistida tácitamente', 'Deemed withdrawn'],
  desisted: ['Desistida por el peticionario', 'Withdrawn by the petitioner'],
  annulled: ['Anulada', 'Annulled'],
} as const
const commitmentStatus = {
  pendiente: ['Pendiente', 'Pending'],
  en_ejecucion: ['En ejecución', 'In progress'],
  cumplido: ['Cumplido', 'Fulfilled'],
  incumplido: ['Incumplido', 'Not fulfilled'],
  reprogramado: ['Reprogramado', 'Rescheduled'],
} as const
const questionChannel = {
  presencial: ['Presencial (verbal)', 'In person (verbal)'],
  transmision: ['Transmisión en vivo', 'Live stream'],
  widget: ['Formulario web', 'Web form'],
} as const

export const questionStatusLabel = (s: string, lang: NumberLang) => pick(questionStatus, s, lang)
export const commitmentStatusLabel = (s: string, lang: NumberLang) => pick(commitmentStatus, s, lang)
export const questionChannelLabel = (s: string, lang: NumberLang) => pick(questionChannel, s, lang)

/**
 * The line over a choice question's typed texts, so they do not read as more options ("Lo que
 * escribieron quienes eligieron «Otra»:"); `elsewhere`, where the texts are in another table.
 */
export function otherTextsLine(
  options: string[] | undefined,
  lang: NumberLang,
  elsewhere = false,
): string | null {
  if (!options?.length) return null
  const names = options.map((o) => (lang === 'en' ? `“${o}”` : `«${o}»`))
  return `${label('otherTexts', lang)} ${joinList(names, lang)}${elsewhere ? ` ${label('inOpenAnswers', lang)}` : ':'}`
}
