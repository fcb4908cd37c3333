import { useEffect, useState } from 'preact/hooks'
import { type PqrsdType, pqrsdLabels } from '../../db/enums'
import { call, type Lang, paths, type WallQuestion } from '../shared/api'
import { deviceId, type Store } from '../widget/storage'
import { wallText } from './wall-text'

type Props = { base: string; slug: string; lang: Lang; store: Store }

const byScreen = (a: WallQuestion, b: WallQuestion) =>
  Number(b.pinned) - Number(a.pinned) || b.votes - a.votes

/**
 * The public wall: approved questions with their votes, kept live by the event's SSE stream. A votes
 * frame carries the question's new count, applied in place; every other question message triggers a
 * re-read, so the wall never drifts from the server's order and texts. The re-read waits a random
 * 0.25–2 s: after a moderation decision every open page re-reads at once, and at a national event
 * that is 20,000 requests (docs/scaling.md).
 */
export function Wall({ base, slug, lang, store }: Props) {
  const t = wallText(lang)
  const [list, setList] = useState<WallQuestion[] | null>(null)
  const [live, setLive] = useState(false)
  const [voted, setVoted] = useState<string[]>(() => store.get(`${slug}:votes`) ?? [])
  const [note, setNote] = useState('')

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const load = () =>
      call<{ questions: WallQuestion[] }>(base, lang, 'GET', paths.questions(slug)).then((r) => {
        if (r.data) setList(r.data.questions)
      })
    const soon = () => {
      clearTimeout(timer)
      timer = setTimeout(load, 250 + Math.random() * 1750)
    }
    const votes = (e: MessageEvent) => {
      let frame: { id?: string; votes?: number }
      try {
        frame = JSON.parse(e.data)
      } catch {
        return
      }
      const { id, votes } = frame
      if (typeof votes === 'number') setList((l) => l?.map((x) => (x.id === id ? { ...x, votes } : x)) ?? l)
    }
    load()
    if (typeof EventSource !== 'function') {
      // Old in-app browsers without SSE poll instead.
      const poll = setInterval(load, 15_000)
      return () => clearInterval(poll)
    }
    const es = new EventSource(base + paths.live(slug))
    es.onopen = () => {
      setLive(true)
      soon()
    }
    es.onerror = () => setLive(false)
    es.onmessage = soon
    for (const type of wallEvents) es.addEventListener(type, soon)
    es.addEventListener('question.votes', votes)
    return () => {
      es.close()
      clearTimeout(timer)
    }
  }, [])

  async function vote(q: WallQuestion) {
    const device = deviceId(store)
    const token = store.get<string>(`${slug}:token`)
    const r = await call<{ votes: number }>(
      base,
      lang,
      'POST',
      paths.votes(slug, q.id),
      token ? { attendeeToken: token } : {},
      { 'x-device-token': device },
    )
    if (r.data || r.status === 409) {
      const next = [...voted, q.id]
      setVoted(next)
      store.set(`${slug}:votes`, next)
      const votes = r.data?.votes
      if (typeof votes === 'number') setList((l) => l?.map((x) => (x.id === q.id ? { ...x, votes } : x)) ?? l)
    }
    setNote(r.data ? t.thanks : (r.error?.message ?? t.offline))
  }

  if (!list) return <p>{t.loading}</p>
  return (
    <>
      <p class="live">{live ? t.live : t.notLive}</p>
      {list.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ul class="wall">
          {[...list].sort(byScreen).map((q) => (
            <li key={q.id}>
              <p class="meta">
                {q.pinned && <span class="pin">{t.pinned} · </span>}
                {pqrsdLabels[q.type as PqrsdType]?.[lang] ?? q.type}
                {q.area && ` · ${typeof q.area === 'string' ? q.area : (q.area as { name: string }).name}`}
              </p>
              <p class="q">{q.text}</p>
              {q.answer && (
                <p class="answer">
                  <strong>{t.answer}:</strong> {q.answer}
                </p>
              )}
              <button
                type="button"
                class="s"
                aria-pressed={voted.includes(q.id)}
                disabled={voted.includes(q.id)}
                onClick={() => vote(q)}
              >
                {t.support} · {q.votes} <span class="sr">{t.votes}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="live" role="status">
        {note}
      </p>
    </>
  )
}

// The public stream's question messages (server/services/question-events.ts) and its replay reset.
const wallEvents = ['question.approved', 'question.updated', 'question.removed', 'reset']
