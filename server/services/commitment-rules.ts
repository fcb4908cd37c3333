import type { Commitment } from '../../db/schema'
import { ApiError } from '../errors'
import type { Said } from '../messages'

export const invalid = (path: string, message: Said): never => {
  throw new ApiError('VALIDATION_ERROR', { issues: [{ path, message }] })
}

type State = Pick<Commitment, 'status' | 'progress' | 'dueDate' | 'dueMonth'>
type Due = Pick<Commitment, 'dueDate' | 'dueMonth'>
/** What a new commitment, a PATCH or a follow-up asks of the status, the progress and the due date. */
export type StateChange = {
  status?: Commitment['status']
  progress?: number
  dueDate?: string | null
  dueMonth?: string | null
}

const say = (es: string, en: string): Said => ({ es, en })

/** The due date as a change leaves it: a date and a month are alternatives, setting one clears the other. */
function dueAfter(before: Due | null, change: StateChange): Due {
  const date = change.dueDate !== undefined ? change.dueDate : change.dueMonth ? null : before?.dueDate
  const month = change.dueMonth !== undefined ? change.dueMonth : change.dueDate ? null : before?.dueMonth
  return { dueDate: date ?? null, dueMonth: month ?? null }
}

/** A due date as one text: the date (YYYY-MM-DD), else the month (YYYY-MM). */
export const dueText = (d: Due) => d.dueDate ?? d.dueMonth ?? null

/**
 * The due date a change moves by rescheduling, from and to, as a follow-up keeps it: citizens who follow
 * a commitment see every date it had, not only the latest. Null when the change is no reschedule (the
 * status is not «reprogramado», it had no date, or the date stays).
 */
export function rescheduleOf(before: Due, after: State) {
  const from = dueText(before)
  const to = dueText(after)
  if (after.status !== 'reprogramado' || !from || !to || sameDue(before, after)) return null
  return { dueBefore: from, dueAfter: to }
}

/** Whether two due dates are one: two dates or two months alike, or a date and a month of that month. */
function sameDue(a: Due, b: Due) {
  if (a.dueDate && b.dueDate) return a.dueDate === b.dueDate
  if (a.dueMonth && b.dueMonth) return a.dueMonth === b.dueMonth
  const month = (d: Due) => d.dueMonth ?? d.dueDate?.slice(0, 7) ?? null
  return month(a) === month(b)
}

/**
 * The status and progress a change leaves: a status given alone brings its progress (cumplido 100 %,
 * pendiente 0 %, any other keeps the one it had), and a progress given alone on a pending commitment
 * means the work started (en ejecución). Then they must agree: cumplido is 100 % and 100 % is
 * cumplido; pendiente is 0 %.
 */
function statusAndProgress(before: State | null, change: StateChange) {
  let status = change.status ?? before?.status ?? 'pendiente'
  const implied = status === 'cumplido' ? 100 : status === 'pendiente' ? 0 : undefined
  const progress =
    change.progress ?? (change.status ? implied : undefined) ?? before?.progress ?? implied ?? 0
  if (!change.status && status === 'pendiente' && progress > 0 && progress < 100) status = 'en_ejecucion'
  if (change.status === undefined && change.progress === undefined) return { status, progress }
  if (status === 'cumplido' && progress !== 100)
    invalid(
      'progress',
      change.status
        ? say(
            'Un compromiso cumplido tiene el 100 % de avance.',
            'A fulfilled commitment is at 100 % progress.',
          )
        : say(
            'El compromiso está cumplido (100 %): para registrar un avance menor cambie también su estado.',
            'The commitment is fulfilled (100 %): to record less progress, change its status too.',
          ),
    )
  if (progress === 100 && status !== 'cumplido' && change.status !== 'pendiente')
    invalid(
      change.progress === undefined ? 'progress' : 'status',
      change.progress === undefined
        ? say(
            'Indique el avance real: el 100 % es el de un compromiso cumplido.',
            'Give the actual progress: 100 % is that of a fulfilled commitment.',
          )
        : say(
            'Un avance del 100 % es un compromiso cumplido: márquelo como cumplido.',
            'Progress of 100 % is a fulfilled commitment: mark it as fulfilled.',
          ),
    )
  if (status === 'pendiente' && progress !== 0)
    invalid(
      'progress',
      say(
        'Un compromiso pendiente tiene 0 % de avance; con avance, está en ejecución.',
        'A pending commitment is at 0 % progress; with progress, it is in progress.',
      ),
    )
  return { status, progress }
}

/**
 * A rescheduled commitment has its new date: given with the change that reschedules it, other than
 * the one it had, and not before today (`today`, the date where the event is held). It cannot lose it.
 */
function rescheduled(before: State | null, change: StateChange, due: Due, today: string) {
  const touched = change.status !== undefined || change.dueDate !== undefined || change.dueMonth !== undefined
  if (!touched) return
  if (!due.dueDate && !due.dueMonth)
    invalid(
      'dueDate',
      say(
        'Un compromiso reprogramado tiene su nueva fecha o su nuevo mes: indíquelo.',
        'A rescheduled commitment has its new date or month: give it.',
      ),
    )
  const moved = !before || !sameDue(before, due)
  if (before?.status !== 'reprogramado' && !moved)
    invalid(
      change.dueMonth ? 'dueMonth' : 'dueDate',
      say(
        'Para reprogramar indique una fecha o un mes distinto del que tenía.',
        'To reschedule, give a date or a month other than the one it had.',
      ),
    )
  if (!moved) return
  if (due.dueDate && due.dueDate < today)
    invalid(
      'dueDate',
      say(
        `La nueva fecha no puede ser anterior a hoy (${today}).`,
        `The new date cannot be before today (${today}).`,
      ),
    )
  if (due.dueMonth && due.dueMonth < today.slice(0, 7))
    invalid(
      'dueMonth',
      say(
        `El nuevo mes no puede ser anterior al actual (${today.slice(0, 7)}).`,
        `The new month cannot be before the current one (${today.slice(0, 7)}).`,
      ),
    )
}

/**
 * The status, progress and due date that a new commitment (`before` null), a PATCH or a follow-up
 * leaves, or a 400 naming the field when they would not agree. The same rules hold on every path; a
 * change that touches none of them leaves them as they are.
 */
export function settle(before: State | null, change: StateChange, today: string): State {
  const due = dueAfter(before, change)
  const { status, progress } = statusAndProgress(before, change)
  if (status === 'reprogramado') rescheduled(before, change, due, today)
  // Not for a follow-up that is only history (`before` null and no date of its own): its due date then is
  // not known here.
  if (change.status === 'incumplido' && (before || due.dueDate || due.dueMonth)) pastDue(due, today)
  return { status, progress, ...due }
}

/**
 * A commitment is not fulfilled ("incumplido") only once its date has passed where the event is held:
 * the day after its date, or the month after its month. Before that it is pending or under way.
 */
function pastDue(due: Due, today: string) {
  const passed = due.dueDate ? due.dueDate < today : due.dueMonth ? due.dueMonth < today.slice(0, 7) : false
  if (!passed)
    invalid(
      'status',
      due.dueDate || due.dueMonth
        ? say(
            `Un compromiso está incumplido cuando su ${due.dueDate ? `fecha (${due.dueDate})` : `mes (${due.dueMonth})`} ya pasó; hasta entonces está pendiente o en ejecución.`,
            `A commitment is unfulfilled once its ${due.dueDate ? `date (${due.dueDate})` : `month (${due.dueMonth})`} has passed; until then it is pending or under way.`,
          )
        : say(
            'Un compromiso sin fecha ni mes no puede estar incumplido: indique cuándo vencía.',
            'A commitment with no date or month cannot be unfulfilled: give when it was due.',
          ),
    )
}

/**
 * A published commitment changes its date only by being rescheduled ("reprogramado"), which says so to
 * the citizens who follow it, and only to a date from today on. Before it is published, its date is
 * staff's draft and may be corrected freely.
 */
export function movedOnlyByRescheduling(
  before: Pick<Commitment, 'published' | 'dueDate' | 'dueMonth'>,
  after: State,
) {
  if (!before.published || (!before.dueDate && !before.dueMonth)) return
  if (sameDue(before, after) || after.status === 'reprogramado') return
  invalid(
    after.dueMonth && !after.dueDate ? 'dueMonth' : 'dueDate',
    say(
      'Un compromiso publicado cambia de fecha solo al reprogramarlo (estado «Reprogramado»): así lo ve la ciudadanía que lo sigue.',
      'A published commitment changes its date only by being rescheduled (status «Rescheduled»), so that the citizens who follow it see it.',
    ),
  )
}
