import type { NumberLang } from '../percent'

/**
 * One counted option: what the reports print as "Mujer: 38 (55,2 %)". A suppressed one has no figure
 * (null, as in the public results and attendance summary), and every format prints "oculta".
 */
/** `lang: 'es'`: a label staff wrote only in Spanish, in an English report (stats.ts). */
export type Share = { key: string; label: string; lang?: 'es' } & (
  | { count: number; percent: number; suppressed?: undefined }
  | { count: null; percent: null; suppressed: true }
)
/** An option whose figures are shown. */
export type ShownShare = Extract<Share, { count: number }>

/** A distribution with its base: `total` is the number of people (or items) the percentages are of. */
export type Tally = { total: number; items: Share[]; suppressedBelow?: number }

export type ReportQuestion = {
  id: string
  label: string
  lang?: 'es'
  type: string
  /** N respuestas */
  answered: number
  options: Share[]
  /** Free text answers, grouped where they repeat: the most repeated, up to 500. */
  texts?: { text: string; count: number }[]
  /** How many different texts there are, with `texts`: more than it lists when the list is cut short. */
  textsTotal?: number
  /** Of a choice question, the labels of its "Otra: …" options, whose typed texts `texts` lists. */
  otherOptions?: string[]
  /** "La mayoría (55,2 %) respondió Buena, seguida de Excelente (30,0 %)." */
  summary: string
  multi: boolean
}

export type ReportQuestionItem = {
  radicado: string
  type: string
  typeLabel: string
  /** Null in the public copy for a question that never reached the wall: it may name people. */
  text: string | null
  status: string
  statusLabel: string
  area: string | null
  receivedAt: string
  dueDate: string
  /**
   * False when no term of the entity's is due: answered during the event, or forwarded to the competent
   * entity. Every format then leaves the due date out ("—").
   */
  dueDateApplies: boolean
  answer: string | null
  /** When it was answered (live or in writing), as far as its answer is shown in this copy. */
  answeredAt: string | null
  /** The day the answer was sent (YYYY-MM-DD, where received), by which `answeredOnTime` judges it. */
  answeredOn: string | null
  /** The day it was received (YYYY-MM-DD, where received): the one staff gave, or the day it was filed. */
  receivedOn: string
  /**
   * Whether it was answered within the due date in force, for each question the report's `onTime`
   * judges (answered in writing, or past its due date unanswered); null for the others.
   */
  answeredOnTime: boolean | null
  votes: number
  /**
   * Only on an annulled radicado, which keeps its row: why it was annulled, in the staff copy; null in
   * the public one (staff's words, which may name the person).
   */
  annulReason?: string | null
}

export type ReportCommitment = {
  description: string
  area: string | null
  responsible: string | null
  activity: string | null
  axis: string | null
  due: string | null
  /** The date or month it was first due, when it has been rescheduled since. */
  originalDue: string | null
  status: string
  statusLabel: string
  progress: number
}

export type ReportPlanAxis = { axis: string; observations: string[]; contributions: string[] }

export type Report = {
  lang: NumberLang
  /** An ISO 8601 instant, as every time in the API; `generatedAtText` says it where the event is held. */
  generatedAt: string
  generatedAtText: string
  /** Public copies suppress cells under the threshold; staff copies too for sensitive breakdowns. */
  audience: 'staff' | 'public'
  general: {
    /** `nit` is the entity's tax id: Colombia's NIT, Ecuador's RUC (`country` says which). */
    entity: { name: string; nit: string | null; country: string }
    title: string
    slug: string
    date: string
    startsAt: string
    endsAt: string | null
    timezone: string
    modality: string
    place: string | null
    streamUrl: string | null
    channels: string[]
    moderators: string[]
    signLanguage: boolean
    agenda: string[]
  }
  convocatoria: { channels: string[]; joinLinks: Tally; heardFrom: ReportQuestion | null }
  asistencia: {
    registered: number
    checkedIn: number
    figures: { key: string; label: string; value: number; source: string }[]
    breakdowns: { key: string; label: string; sensitive: boolean; multi: boolean; tally: Tally }[]
    summary: string
  }
  evaluacion: {
    formKey: string
    version: number
    responses: number
    questions: ReportQuestion[]
    nextTopics: { text: string; count: number }[]
    /** How many different topics were suggested: more than `nextTopics` lists when it is cut short. */
    nextTopicsTotal: number
    /** How many people suggested a topic ("N respuestas"); null when the form does not ask it. */
    nextTopicsAnswered: number | null
  }
  pqrsd: {
    received: number
    byType: Tally
    byChannel: Tally
    answeredLive: number
    pending: number
    answeredInWriting: number
    forwarded: number
    /** Of those, forwarded after the five business days from receipt of Ley 1755 de 2015, art. 21. */
    forwardedLate: number
    /** Waiting for the petitioner to complete them, their term suspended (Ley 1755, art. 17). */
    incomplete: number
    /** Deemed withdrawn: not completed within the time given (art. 17). */
    withdrawn: number
    /** Withdrawn by the petitioner (desistimiento expreso, art. 18). */
    desisted: number
    /**
     * Continued ex officio by the entity after their petitioner withdrew them (art. 18): each is counted
     * under the status it has again, and here too.
     */
    continuedExOfficio: number
    /** Radicados annulled: not questions received, each listed in `questions` with its status. */
    annulled: number
    byArea: Tally
    onTime: { due: number; onTime: number; percent: number } | null
    questions: ReportQuestionItem[]
    summary: string
  }
  compromisos: {
    items: ReportCommitment[]
    /**
     * Ecuador's plan de trabajo: per thematic axis, the citizens' observations and contributions its
     * agreements answer. Only axes with either; empty when the commitments record none.
     */
    plan: ReportPlanAxis[]
  }
  conclusiones: { text: string | null }
}
