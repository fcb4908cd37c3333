import type { Area, Commitment, CommitmentFollowUp } from '../../db/schema'

export type CommitmentRow = {
  commitment: Commitment
  radicado: string | null
  followUps: CommitmentFollowUp[]
}

export const areaOf = (areas: Area[], key: string) => ({
  key,
  name: areas.find((a) => a.key === key)?.name ?? key,
})

/**
 * The date or month a rescheduled commitment was first due (its first reschedule's "from"), null if it
 * was never rescheduled: the report and the public show it beside the date it has now.
 */
export const originalDue = (followUps: CommitmentFollowUp[]) =>
  followUps.find((f) => f.dueBefore)?.dueBefore ?? null

/** Staff see who wrote each follow-up; the public sees the commitment and its dated progress. */
export function commitmentView(
  { commitment: c, radicado, followUps }: CommitmentRow,
  areas: Area[],
  staff: boolean,
) {
  return {
    id: c.id,
    description: c.description,
    area: areaOf(areas, c.areaKey),
    questionId: c.questionId,
    radicado,
    responsible: c.responsible,
    activity: c.activity,
    axis: c.axis,
    origin: c.origin,
    observation: c.observation,
    contribution: c.contribution,
    dueDate: c.dueDate,
    dueMonth: c.dueMonth,
    status: c.status,
    progress: c.progress,
    published: c.published,
    originalDue: originalDue(followUps),
    followUps: followUps.map((f) => ({
      id: f.id,
      date: f.date,
      note: f.note,
      progress: f.progress,
      status: f.status,
      reschedule: f.dueBefore && f.dueAfter ? { from: f.dueBefore, to: f.dueAfter } : null,
      ...(staff ? { author: f.author, createdAt: f.createdAt } : {}),
    })),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}

const NO_AXIS = { es: 'Sin eje temático', en: 'No thematic axis' }

/**
 * Ecuador's plan de trabajo: per thematic axis, the citizens' observations and contributions, the
 * agreements reached, and the compliance schedule (activity, month, responsible unit).
 */
export function workPlan(rows: CommitmentRow[], areas: Area[], lang: 'es' | 'en') {
  const axes = new Map<string, CommitmentRow[]>()
  for (const row of rows) {
    const key = row.commitment.axis ?? ''
    axes.set(key, [...(axes.get(key) ?? []), row])
  }
  const distinct = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => Boolean(x)))]
  return [...axes.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'es')))
    .map(([axis, list]) => ({
      axis: axis || NO_AXIS[lang],
      observaciones: distinct(list.map((r) => r.commitment.observation)),
      aportes: distinct(list.map((r) => r.commitment.contribution)),
      acuerdos: list.map((r) => r.commitment.description),
      cronograma: list.map(({ commitment: c }) => ({
        commitmentId: c.id,
        activity: c.activity ?? c.description,
        month: c.dueMonth ?? c.dueDate?.slice(0, 7) ?? null,
        dueDate: c.dueDate,
        responsible: c.responsible ?? areaOf(areas, c.areaKey).name,
        area: areaOf(areas, c.areaKey),
        status: c.status,
        progress: c.progress,
      })),
    }))
}
