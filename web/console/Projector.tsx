import { useSignal } from '@preact/signals'
import { useEffect } from 'preact/hooks'
import { call, type EventBundle, enc, type WallQuestion } from '../shared/api'
import { contentLang } from '../shared/format'
import { follow, type LiveStatus, POLL_MS } from './live'
import { lang } from './session'
import { num, t, typeLabels } from './text'
import { mt } from './text-moderation'

type Counters = { registered?: number; checkedIn?: number; responses?: number }

/**
 * The projector / OBS browser source: the question on screen and the live figures, in large type. It
 * shows public data only (the public stream and public reads), so it needs no login and no token.
 */
export function Projector({ slug }: { slug: string }) {
  const m = mt().projector
  const c = t().counters
  const event = useSignal<EventBundle['event'] | null>(null)
  const wall = useSignal<WallQuestion[]>([])
  const counters = useSignal<Counters>({})
  const live = useSignal<LiveStatus>('connecting')

  useEffect(() => {
    const base = location.origin
    const get = <T,>(path: string) => call<T>(base, lang.value, 'GET', path)
    // A read answered after a later one is not shown: on a venue's weak network an earlier read may arrive
    // last, and would put back the question as it was before the latest decision (unpinned, unanswered).
    let asked = 0
    let shown = 0
    const questions = () => {
      const mine = ++asked
      return get<{ questions: WallQuestion[] }>(`/api/events/${enc(slug)}/questions`).then((r) => {
        if (!r.data || mine < shown) return
        shown = mine
        wall.value = r.data.questions
      })
    }
    const figures = async () => {
      const [s, results] = await Promise.all([
        get<{ registered: { value: number }; checkedIn: { value: number } }>(
          `/api/events/${enc(slug)}/attendance/summary`,
        ),
        get<{ responses: number }>(`/api/events/${enc(slug)}/forms/evaluacion/results`),
      ])
      counters.value = {
        ...counters.value,
        ...(s.data ? { registered: s.data.registered.value, checkedIn: s.data.checkedIn.value } : {}),
        ...(results.data ? { responses: results.data.responses } : {}),
      }
    }
    get<EventBundle>(`/api/events/${enc(slug)}`).then((r) => {
      if (r.data) event.value = r.data.event
    })
    questions()
    figures()
    let timer: ReturnType<typeof setTimeout> | undefined
    const soon = () => {
      clearTimeout(timer)
      timer = setTimeout(questions, 200)
    }
    // While the stream is away the wall and the figures are read again every POLL_MS, as the moderation
    // list is: behind a proxy that blocks event streams, a question hidden meanwhile (an insult on the
    // screen of the room and of the broadcast) would otherwise stay there for as long as the stream is away.
    // Back, the stream replays what it missed, or, with nothing to replay from, brings a `reset` (live.ts).
    let polling: ReturnType<typeof setInterval> | undefined
    const again = () => {
      questions()
      figures()
    }
    const stop = follow(`/api/events/${enc(slug)}/live`, {
      headers: { 'accept-language': lang.value },
      onStatus: (s) => {
        live.value = s
        if (s === 'reconnecting') polling ??= setInterval(again, POLL_MS)
        else {
          clearInterval(polling)
          polling = undefined
        }
      },
      onFrame: (f) => {
        if (f.event === 'reset') {
          again()
        } else if (f.event === 'counters') {
          const d = JSON.parse(f.data)
          counters.value = {
            ...counters.value,
            ...(d.attendance?.registered !== undefined ? { registered: d.attendance.registered } : {}),
            ...(d.attendance?.checkedIn !== undefined ? { checkedIn: d.attendance.checkedIn } : {}),
            ...(d.forms?.evaluacion?.responses !== undefined
              ? { responses: d.forms.evaluacion.responses }
              : {}),
          }
        } else if (f.event === 'question.votes') {
          // A vote count changes one figure: set in place, without reading the whole wall again.
          const { id, votes } = JSON.parse(f.data) as { id: string; votes: number }
          if (wall.value.some((q) => q.id === id))
            wall.value = wall.value.map((q) => (q.id === id ? { ...q, votes } : q))
        } else if (f.event.startsWith('question.')) soon()
      },
    })
    return () => {
      stop()
      clearTimeout(timer)
      clearInterval(polling)
    }
  }, [slug])

  const pinned = wall.value.find((q) => q.pinned)
  const figures: [string, number | undefined][] = [
    [c.registered, counters.value.registered],
    [c.checkedIn, counters.value.checkedIn],
    [c.responses, counters.value.responses],
    [c.onWall, wall.value.length],
  ]
  const area = pinned?.area as unknown as { name: string } | null | undefined
  // The entity's and citizens' words, in Spanish on a screen in English (WCAG 3.1.2).
  const es = contentLang(lang.value)
  return (
    <main class="projector" id="main">
      <header>
        <p class="entity" lang={es}>
          {event.value?.entity.name}
        </p>
        <h1 lang={event.value ? es : undefined}>{event.value?.title ?? t().loading}</h1>
        <p class={`live-dot${live.value === 'live' ? ' on' : ''}`}>
          {live.value === 'live' ? m.live : t().live[live.value]}
        </p>
      </header>
      <section class="on-screen" aria-labelledby="pinned-h">
        <h2 id="pinned-h">{m.onScreen}</h2>
        {/* The question put on screen is announced; its votes, which change all the time, are not. */}
        <div aria-live="polite">
          {pinned ? (
            <figure>
              {/* Smaller type for a long text, so that the figures and the QR code stay on screen. */}
              <blockquote
                dir="auto"
                lang={es}
                class={pinned.text.length > 280 ? 'longer' : pinned.text.length > 140 ? 'long' : undefined}
              >
                {pinned.text}
              </blockquote>
              <figcaption>
                {pinned.radicado} · {typeLabels()[pinned.type] ?? pinned.type}
                {area && (
                  <>
                    {' · '}
                    <span lang={es}>{area.name}</span>
                  </>
                )}
              </figcaption>
              {pinned.answer && (
                <p class="answer" dir="auto" lang={es}>
                  {pinned.answer}
                </p>
              )}
            </figure>
          ) : (
            <p class="waiting">{m.none}</p>
          )}
        </div>
        {pinned && <p class="votes">{mt().votes(pinned.votes)}</p>}
      </section>
      <section aria-label={c.title}>
        <dl class="figures">
          {figures.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value === undefined ? '—' : num(value)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <footer>
        <img src={`/api/events/${enc(slug)}/qr.svg?canal=qr`} alt="" width={120} height={120} />
        <p>
          {m.ask} <strong>{`${location.host}/e/${slug}`}</strong>
        </p>
      </footer>
    </main>
  )
}
