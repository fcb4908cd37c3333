import { useSignal } from '@preact/signals'
import { useRef } from 'preact/hooks'
import { api } from './session'
import { t } from './text'

/**
 * The state of a report panel that asks the server once per submit (totals, a comparison): the problem
 * shown in its alert, what its status line says, whether a request is out, and the answer shown, whose
 * heading takes the focus once it is drawn.
 */
export function useReportAsk<T, S>() {
  const problem = useSignal('')
  const said = useSignal('')
  const busy = useSignal(false)
  const shown = useSignal<S | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)

  /** Says what is wrong, and puts the focus on the field it is about. */
  const fail = (message: string, focus?: string) => {
    problem.value = message
    said.value = ''
    if (focus) document.getElementById(focus)?.focus()
  }
  /** GETs `path`, saying `asking` meanwhile; shows `show(data)` and says `done(data)`, or the refusal. */
  const ask = async (path: string, asking: string, show: (data: T) => S, done: (data: T) => string) => {
    busy.value = true
    problem.value = ''
    said.value = asking
    const r = await api<T>('GET', path)
    busy.value = false
    if (!r.data) return fail(r.error?.message ?? t().offline)
    shown.value = show(r.data)
    said.value = done(r.data)
    setTimeout(() => heading.current?.focus())
  }
  return { problem, said, busy, shown, heading, fail, ask }
}
