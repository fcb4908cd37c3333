import { useSignal } from '@preact/signals'
import { useEffect } from 'preact/hooks'
import { enc } from '../shared/api'
import type { EventData } from './event-data'
import { follow, type LiveStatus } from './live'
import { type StatQuestion, StatsChart, shownQuestions, TextAnswers } from './StatsChart'
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
/** How often the figures are read again while the live stream is away. */
const POLL_MS = 10_000

type Stats = { responses: number; questions: StatQuestion[] }
// Only the figures: `counts` (by status) and `onWall` are counted in SQL over the whole event.
type Listed = { counts: Record<string, number>; onWall: number }

/** Live figures and the evaluation survey's charts, refreshed as registrations and answers arrive. */
export function Summary({ slug, data }: { slug: string; data: EventData }) {
  const tx = t()
  const figures = useSignal<Figures>({})
  const stats = useSignal<Stats | null>(null)
  const error = useSignal('')
  const live = useSignal<LiveStatus>('connecting')
  const hasSurvey = data.forms.some((f) => f.key === 'evaluacion')

  useEffect(() => {
    const path = `/api/events/${enc(slug)}`
    const merge = (f: Figures) => {
      figures.value = { ...figures.value, ...f }
    }
    const attendance = async () => {
      const r = await api<{ registered: { value: number }; checkedIn: { value: number } }>(
        'GET',
        `${path}/attendance/summary`,
      )
      if (r.data) {
        merge({ registered: r.data.registered.value, checkedIn: r.data.checkedIn.value })
        error.value = ''
      } else error.value = r.error?.message ?? tx.offline
    }
    const survey = async () => {
      if (!hasSurvey) return
      const r = await api<Stats>('GET', `${path}/forms/evaluacion/stats`)
      if (r.data) {
        stats.value = r.data
        merge({ responses: r.data.responses })
      }
    }
    // Counted as the report counts them: spam hidden by moderation and annulled radicados are not
    // questions received (the hidden ones are named beside the figure, since they did take a radicado).
    const questions = async () => {
      const r = await api<Listed>('GET', `${path}/questions?limit=1`)
      if (!r.data) return
      const { hidden = 0, annulled = 0, ...counted } = r.data.counts
      merge({
        questions: Object.values(counted).reduce((a, b) => a + b, 0),
        hidden,
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
      survey()
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
          if (d.forms?.evaluacion) soon('survey', survey)
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
  const locale = lang.value === 'en' ? 'en-US' : 'es-CO'
  const { charted, texts, unanswered } = shownQuestions(stats.value?.questions ?? [])
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
      {hasSurvey && (
        <section aria-labelledby="charts-h">
          <h2 id="charts-h">{tx.charts.title}</h2>
          {!stats.value ? (
            <p>{tx.loading}</p>
          ) : stats.value.responses === 0 ? (
            <p>{tx.charts.none}</p>
          ) : (
            <>
              <div class="charts">
                {charted.map((q) => (
                  <StatsChart key={q.id} form="evaluacion" q={q} locale={locale} />
                ))}
              </div>
              {texts.length > 0 && (
                <>
                  <h3>{tx.charts.texts}</h3>
                  <div class="charts">
                    {texts.map((q) => (
                      <TextAnswers key={q.id} form="evaluacion" q={q} />
                    ))}
                  </div>
                </>
              )}
              {unanswered.length > 0 && (
                <p class="hint">
                  {tx.charts.unanswered}: {unanswered.map((q) => q.label).join(' · ')}
                </p>
              )}
            </>
          )}
        </section>
      )}
    </>
  )
}
