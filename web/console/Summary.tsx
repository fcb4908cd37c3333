import { useSignal } from '@preact/signals'
import { useEffect } from 'preact/hooks'
import { enc, type FormDef } from '../shared/api'
import { AttendanceResults } from './AttendanceResults'
import type { EventData } from './event-data'
import { FormResults, type FormStatsData } from './FormResults'
import { follow, type LiveStatus, POLL_MS } from './live'
import type { StatQuestion } from './StatsChart'
import { api, authHeader, can, lang, streamRefused } from './session'
import { num, t } from './text'

type Figures = {
  registered?: number
  checkedIn?: number
  responses?: number
  questions?: number
  hidden?: number
  onWall?: number
}

type Form = Pick<FormDef, 'key' | 'title'>
// The evaluation survey first, as the report's "Evaluación"; the other forms in the order they were made.
const inOrder = (forms: FormDef[]): Form[] =>
  [...forms]
    .sort((a, b) => Number(b.key === 'evaluacion') - Number(a.key === 'evaluacion'))
    .map(({ key, title }) => ({ key, title }))
// Only the figures: `counts` (by status) and `onWall` are counted in SQL over the whole event.
type Listed = { counts: Record<string, number>; onWall: number }
type Attendance = {
  registered: { value: number }
  checkedIn: { value: number }
  breakdowns?: StatQuestion[]
}

/**
 * Live figures, the registrants' characterisation and every form's charts, refreshed as registrations
 * and answers arrive.
 */
export function Summary({ slug, data }: { slug: string; data: EventData }) {
  const tx = t()
  const figures = useSignal<Figures>({})
  const forms = useSignal<Form[]>(inOrder(data.forms))
  const stats = useSignal<Record<string, FormStatsData>>({})
  // From one read of the summary, so that the count and the charts under it always agree.
  const registrants = useSignal<{ registered: number; breakdowns: StatQuestion[] } | undefined>(undefined)
  const error = useSignal('')
  const live = useSignal<LiveStatus>('connecting')

  useEffect(() => {
    const path = `/api/events/${enc(slug)}`
    const merge = (f: Figures) => {
      figures.value = { ...figures.value, ...f }
    }
    // Read again on every registration now (and on the polling): an earlier read that answers last
    // must not put older figures back.
    let asked = 0
    let shown = 0
    const attendance = async () => {
      const mine = ++asked
      const r = await api<Attendance>('GET', `${path}/attendance/summary`)
      if (mine < shown) return
      shown = mine
      if (r.data) {
        merge({ registered: r.data.registered.value, checkedIn: r.data.checkedIn.value })
        if (r.data.breakdowns)
          registrants.value = { registered: r.data.registered.value, breakdowns: r.data.breakdowns }
        error.value = ''
      } else error.value = r.error?.message ?? tx.offline
    }
    const results = async (key: string) => {
      const r = await api<FormStatsData>('GET', `${path}/forms/${enc(key)}/stats`)
      if (!r.data) return
      stats.value = { ...stats.value, [key]: r.data }
      if (key === 'evaluacion' && r.data.responses !== null) merge({ responses: r.data.responses })
    }
    // The list is read again, not taken from the event loaded with the page: a form made since (on
    // Formularios, or by someone else) has its results here too.
    const allResults = async () => {
      const r = await api<{ forms: FormDef[] }>('GET', `${path}/forms`)
      if (r.data) forms.value = inOrder(r.data.forms)
      await Promise.all(forms.value.map((f) => results(f.key)))
    }
    // Counted as the report counts them: annulled radicados are not questions received; those hidden from
    // the wall by moderation are, as petitions whose term runs, and are named beside the figure.
    const questions = async () => {
      const r = await api<Listed>('GET', `${path}/questions?limit=1`)
      if (!r.data) return
      const { annulled = 0, ...counted } = r.data.counts
      merge({
        questions: Object.values(counted).reduce((a, b) => a + b, 0),
        hidden: counted.hidden ?? 0,
        onWall: r.data.onWall,
      })
    }
    const timers: Record<string, ReturnType<typeof setTimeout>> = {}
    const soon = (k: string, fn: () => unknown) => {
      clearTimeout(timers[k])
      timers[k] = setTimeout(fn, 500)
    }
    const all = () => {
      attendance()
      allResults()
      questions()
    }
    all()
    // While the stream is away (a network gone, a proxy that blocks event streams) the figures are read
    // again every POLL_MS, as the moderation list is: they must not stop without a word.
    let polling: ReturnType<typeof setInterval> | undefined
    // Moderators follow every question; others the public stream (new questions show once approved).
    const stop = follow(`${path}/live${can('moderator') ? '/moderation' : ''}`, {
      headers: { ...authHeader(), 'accept-language': lang.value },
      onStatus: (s) => {
        live.value = s
        if (s === 'unauthorized') streamRefused()
        if (s === 'reconnecting') polling ??= setInterval(all, POLL_MS)
        else {
          clearInterval(polling)
          polling = undefined
        }
      },
      onFrame: (f) => {
        if (f.event === 'reset') all()
        else if (f.event === 'counters') {
          const d = JSON.parse(f.data)
          if (d.attendance) merge(d.attendance)
          // A registration moves the characterisation too, which the frame does not carry.
          if (d.attendance?.registered !== undefined) soon('attendance', attendance)
          for (const key of Object.keys(d.forms ?? {}))
            if (forms.value.some((x) => x.key === key)) soon(`form:${key}`, () => results(key))
            else soon('forms', allResults)
        } else if (f.event.startsWith('question.')) soon('questions', questions)
      },
    })
    return () => {
      stop()
      clearInterval(polling)
      for (const k in timers) clearTimeout(timers[k])
    }
  }, [slug])

  const c = tx.counters
  const hidden = figures.value.hidden ?? 0
  const cards: [string, number | undefined, string?][] = [
    [c.registered, figures.value.registered],
    [c.checkedIn, figures.value.checkedIn],
    [c.responses, figures.value.responses],
    [c.questions, figures.value.questions, hidden ? c.hidden(hidden) : undefined],
    [c.onWall, figures.value.onWall],
  ]
  return (
    <>
      <section aria-labelledby="figures-h">
        <div class="heading-row">
          <h2 id="figures-h">{c.title}</h2>
          {/* Said only when the figures are not live: the heading already says they are. */}
          <p role="status" class={`live-state ${live.value}`}>
            {live.value === 'reconnecting' && tx.live.reconnecting}
          </p>
        </div>
        {error.value && (
          <p role="alert" class="error">
            {error.value}
          </p>
        )}
        <dl class="figures">
          {cards.map(([label, value, note]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value === undefined ? '—' : num(value)}</dd>
              {note && <dd class="aside">{note}</dd>}
            </div>
          ))}
        </dl>
      </section>
      {/* The report's order: "3. Asistencia" before "4. Evaluación". Shown once read: the summary
          gives every staff role the breakdowns, and without them there is nothing to chart. */}
      {registrants.value && <AttendanceResults {...registrants.value} />}
      {forms.value.map((f) => (
        <FormResults
          key={f.key}
          slug={slug}
          formKey={f.key}
          title={f.title ?? f.key}
          stats={stats.value[f.key]}
        />
      ))}
    </>
  )
}
