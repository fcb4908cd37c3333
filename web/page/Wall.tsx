import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { type PqrsdType, pqrsdLabels } from '../../db/enums'
import { formatNumber } from '../../server/services/percent'
import {
  call,
  type EventBundle,
  type Lang,
  loadEvent,
  paths,
  type Reply,
  type WallQuestion,
} from '../shared/api'
import { contentLang } from '../shared/format'
import { STALL_MS } from '../shared/stall'
import { createOutbox, type Outbox } from '../widget/outbox'
import type { Store } from '../widget/storage'
import { watchFiled } from './filed'
import { wallText } from './wall-text'
import { keepVote, shownVotes, type VoteJob, voteJob, voteStore, votesOf, waitingVotes } from './wall-votes'

/** A vote's answer (API.md): the question it counts for, its count, and whether this vote was new. */
type Voted = { questionId: string; votes: number; counted: boolean }

type Props = {
  base: string
  slug: string
  lang: Lang
  store: Store
  /** The event was closed when the page was built; the stream says when that changes (`onStatus`). */
  closed?: boolean
  onStatus?: (status: string) => void
  /** Staff opened or closed one of the event's forms (the survey at the end of the event, say). */
  onForm?: (form: string, open: boolean) => void
}

// The server's order for the wall: pinned first, then by votes, then by arrival.
const byScreen = (a: WallQuestion, b: WallQuestion) =>
  Number(b.pinned) - Number(a.pinned) ||
  b.votes - a.votes ||
  ((a.receivedAt ?? '') < (b.receivedAt ?? '') ? -1 : (a.receivedAt ?? '') > (b.receivedAt ?? '') ? 1 : 0)
const screenOrder = (l: WallQuestion[]) => [...l].sort(byScreen).map((q) => q.id)

/**
 * The public wall: approved questions with their votes, kept live by the event's SSE stream. Its
 * frames are applied in place — `question.approved` and `question.updated` carry the question as the
 * wall shows it, `question.removed` its id, `question.votes` its new count — so a moderation decision
 * costs the server no reads: re-reading on each had every open page ask at once, 20,000 requests at a
 * national event (docs/scaling.md). The wall is read again only when the stream (re)opens or cannot
 * replay what was missed (`reset`), after a random 0.25–2 s so that reconnecting pages spread out; the
 * event's and its forms' status are read again with it when the stream comes back after a gap (`restate`).
 * While the stream is away, both are read about every POLL_MS, until it is back.
 *
 * The list holds still under the reader's thumb: it is sorted when first read, and later votes change the
 * counts in place; new questions join at the end, and "Ordenar por apoyos" sorts again (a pinned one is
 * always first). Nothing in it is a live region, so a screen reader is not read every vote: the reader's
 * own vote (as it goes, then as it is answered) and a sort are said, in the status line. What a sighted
 * reader sees come, questions added and questions answered, is said too, but counted and at most once
 * every NEWS_MS in a polite region of its own ("Hay 2 preguntas nuevas en el muro"): never each vote, and
 * never a burst of approvals one by one over what the person is reading or typing.
 */
export function Wall({ base, slug, lang, store, closed: closedAtFirst, onStatus, onForm }: Props) {
  const t = wallText(lang)
  // The page's one stream also says when staff close or reopen the event: votes stop, or come back.
  const [closed, setClosed] = useState(closedAtFirst)
  const es = contentLang(lang)
  const [list, setList] = useState<WallQuestion[] | null>(null)
  const [live, setLive] = useState(false)
  // Read from the device at each render and each tap, not kept from the first: a vote answered meanwhile,
  // or another person registered on this phone since, changes it.
  const voted = votesOf(store, slug)
  const [, rerender] = useState(0)
  /** The questions whose vote is on its way. */
  const sending = useRef(new Set<string>())
  const [note, setNote] = useState('')
  // The first read failed (offline, a page reopened from the service worker): said, not "loading" forever.
  const [unread, setUnread] = useState(false)
  // The order the reader sees, by id: set when the wall is read and when they ask to sort it.
  const [order, setOrder] = useState<string[]>([])
  const sorted = () => setOrder((l) => (list ? screenOrder(list) : l))
  // The news of the wall: what changed since it was last said, and when that was.
  const [news, setNews] = useState('')
  const told = useRef({
    added: 0,
    answered: 0,
    at: 0,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
  })
  /**
   * Counts a change for the next news, said NEWS_GATHER_MS after the first change (a moderator approving
   * several at once makes one), and NEWS_MS after the last news at the earliest.
   */
  const tell = (kind: 'added' | 'answered') => {
    const n = told.current
    n[kind]++
    if (n.timer) return
    n.timer = setTimeout(
      () => {
        const text = [n.added && t.added(n.added), n.answered && t.answered(n.answered)]
          .filter(Boolean)
          .join(' ')
        Object.assign(n, { added: 0, answered: 0, at: Date.now(), timer: undefined })
        // Emptied first, so that the same words as the last news are said again.
        setNews('')
        setTimeout(() => setNews(text), 50)
      },
      Math.max(NEWS_GATHER_MS, n.at + NEWS_MS - Date.now()),
    )
  }

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    // Only the latest read counts, and with it the frames that came while it was out: it may have been
    // built before them, and a frame that comes before the first read is not lost. Once it has
    // answered, frames go straight to the list and none are kept.
    let reads = 0
    let since: Frame[] | null = null
    // The questions on the wall as last known, each with whether it was answered: null until the first read,
    // whose questions are no news.
    let known: Map<string, boolean> | null = null
    /** Counts `q` for the news if it is new to the wall or newly answered, and keeps it known. */
    const noted = (q: Partial<WallQuestion>) => {
      if (!known || typeof q.id !== 'string') return
      const was = known.get(q.id)
      if (was === undefined) tell('added')
      else if (!was && q.answer) tell('answered')
      known.set(q.id, !!q.answer)
    }
    const load = () => {
      const mine = ++reads
      since = []
      return call<{ questions: WallQuestion[] }>(base, lang, 'GET', paths.questions(slug)).then((r) => {
        if (mine !== reads) return
        if (r.data) {
          const fresh = (since ?? []).reduce(applied, r.data.questions)
          // Read again (the stream reopened, or a poll): what came meanwhile is news.
          if (known) for (const q of fresh) noted(q)
          known = new Map(fresh.map((q) => [q.id, !!q.answer]))
          setList(fresh)
          // Sorted at the first read only: read again when the stream reopens, it keeps the reader's order.
          setOrder((o) => (o.length ? o : screenOrder(fresh)))
        }
        setUnread(!r.data)
        since = null
      })
    }
    /**
     * The event's status and its forms' as they are now, passed on as the stream would have: read when the
     * page may have missed a change (below, `unheard`). A kept read on the server, and the widget's copy for
     * reopening offline is written with it, so that a page reopened with no network does not bring back a
     * closed event as open.
     */
    const restate = () =>
      loadEvent(base, lang, slug).then(({ data }) => {
        if (!data) return
        // The fresh event is the copy: each change is passed on, and not written into it again.
        store.set(copy, data)
        showStatus(data.event.status)
        for (const f of data.forms) onForm?.(f.key, f.open !== false)
      })
    // The widget's copy of the event for reopening offline (Widget.tsx), kept as the stream says.
    const copy = `${slug}:forms:${lang}`
    const inCopy = (change: (b: EventBundle) => EventBundle) => {
      const b = store.get<EventBundle>(copy)
      if (b?.event && Array.isArray(b.forms)) store.set(copy, change(b))
    }
    // The wall and, when `withStatus`, the event's status read again, spread out over 0.25–2 s.
    let statusToo = false
    const soon = (withStatus = false) => {
      statusToo ||= withStatus
      clearTimeout(timer)
      timer = setTimeout(
        () => {
          void load()
          if (statusToo) void restate()
          statusToo = false
        },
        250 + Math.random() * 1750,
      )
    }
    const apply = (e: MessageEvent) => {
      let q: Partial<WallQuestion>
      try {
        q = JSON.parse(e.data)
      } catch {
        return
      }
      if (typeof q?.id !== 'string') return
      const frame: Frame = { type: e.type, q }
      since?.push(frame)
      if (e.type === 'question.removed') known?.delete(q.id)
      else if (e.type !== 'question.votes') noted(q)
      setList((l) => (l ? applied(l, frame) : l))
    }
    const status = (e: MessageEvent) => {
      let s: unknown
      try {
        s = JSON.parse(e.data).status
      } catch {
        return
      }
      if (typeof s === 'string') statusIs(s)
    }
    const showStatus = (status: string) => {
      setClosed(status === 'closed')
      onStatus?.(status)
    }
    const statusIs = (status: string) => {
      showStatus(status)
      inCopy((b) => ({ ...b, event: { ...b.event, status: status as EventBundle['event']['status'] } }))
    }
    const formIs = (key: string, open: boolean) => {
      onForm?.(key, open)
      inCopy((b) => ({ ...b, forms: b.forms.map((f) => (f.key === key ? { ...f, open } : f)) }))
    }
    const form = (e: MessageEvent) => {
      try {
        const { form: key, open } = JSON.parse(e.data)
        if (typeof key === 'string' && typeof open === 'boolean') formIs(key, open)
      } catch {}
    }
    load()
    const poll = () => {
      void load()
      void restate()
    }
    // Each page at its own pace around POLL_MS: pages that lost their streams at once (a server restarting)
    // do not come back to read all in the same second.
    const every = POLL_MS * (0.8 + Math.random() * 0.4)
    if (typeof EventSource !== 'function') {
      // Old in-app browsers without SSE poll instead, the event's status with the wall.
      const polling = setInterval(poll, every)
      return () => {
        clearInterval(polling)
        clearTimeout(told.current.timer)
      }
    }
    // While the stream is away (a proxy or a network that blocks event streams, a server refusing them)
    // the page reads the wall and the event's status about every POLL_MS, as an old browser does: a question
    // hidden meanwhile (an insult) must not stay on the wall for as long as the stream is away. Not at
    // once: a stream that drops and comes back within seconds reads the wall when it opens.
    let polling: ReturnType<typeof setInterval> | undefined
    const away = () => {
      polling ??= setInterval(poll, every)
    }
    const back = () => {
      clearInterval(polling)
      polling = undefined
    }
    // EventSource reconnects by itself when a connection fails, but not when it stalls with nothing to
    // close it (a phone between networks): then the server's ping stops coming. Silence for STALL_MS
    // closes it and opens another, and the wall is read again when it opens.
    let es: EventSource
    let stall: ReturnType<typeof setTimeout> | undefined
    // Refusals in a row, for the backoff below; an opened stream starts it over.
    let refused = 0
    // The stream was not open at some moment since the page's status was known (built into the page, or
    // last read): a close, a reopening or a survey opened then went unheard. A stream reopened with the
    // last frame's id is replayed what it missed, but not after the server restarted (`reset`), nor when
    // it is a new EventSource (after a refusal or a stall), nor for a page that the service worker
    // brought back with no network. So the status is read again whenever the stream (re)opens after a gap.
    let unheard = false
    const heard = () => {
      clearTimeout(stall)
      stall = setTimeout(() => {
        es.close()
        setLive(false)
        unheard = true
        away()
        open()
      }, STALL_MS)
    }
    const open = () => {
      es = new EventSource(base + paths.live(slug))
      es.onopen = () => {
        refused = 0
        back()
        setLive(true)
        heard()
        soon(unheard)
        unheard = false
      }
      es.onerror = () => {
        setLive(false)
        unheard = true
        away()
        // An answer that is not a stream (a 503 while the server restarts or is overloaded) closes the
        // EventSource for good: only a dropped stream is reconnected by the browser. Reopened after a
        // backoff with jitter, 1–2 s doubling up to a minute, so that a room of phones does not come back
        // at once, instead of waiting for the stall watchdog.
        if (es.readyState !== EventSource.CLOSED) return
        clearTimeout(stall)
        const wait = Math.min(60_000, 2000 * 2 ** Math.min(refused++, 5)) * (0.5 + Math.random() / 2)
        stall = setTimeout(open, wait)
      }
      // Any frame, the ping included, shows the connection is alive.
      for (const type of [...wallEvents, 'event.status', 'form.status', 'reset', 'ping'])
        es.addEventListener(type, heard)
      for (const type of wallEvents) es.addEventListener(type, apply)
      es.addEventListener('event.status', status)
      es.addEventListener('form.status', form)
      es.addEventListener('reset', () => soon(true))
      heard()
    }
    open()
    return () => {
      es.close()
      back()
      clearTimeout(timer)
      clearTimeout(stall)
      clearTimeout(told.current.timer)
    }
  }, [])

  const shown = useMemo(() => {
    if (!list) return []
    const at = new Map(order.map((id, i) => [id, i]))
    // Kept in the reader's order; newcomers after, in the order they came.
    const place = new Map(list.map((q, i) => [q.id, at.get(q.id) ?? order.length + i]))
    const all = [...list].sort((a, b) => place.get(a.id)! - place.get(b.id)!)
    return [...all.filter((q) => q.pinned), ...all.filter((q) => !q.pinned)]
  }, [list, order])

  /**
   * The status line's news. Emptied first and written a moment later, so that the same words as the last
   * (a second vote's thanks) change the page, and a screen reader says them again.
   */
  const saying = useRef<ReturnType<typeof setTimeout>>()
  const say = (text: string) => {
    // Two pieces of news within the moment: the later is said.
    clearTimeout(saying.current)
    setNote('')
    saying.current = setTimeout(() => setNote(text), 50)
  }

  /**
   * The wall's outbox: every vote is kept on the device before it is sent, and one that meets no answer of
   * the server's (no network, a portal's page, a 503 or a 429 and its Retry-After) waits there, shown on its
   * button, and goes again as the forms' submissions do: when the connection comes back, when the page is
   * shown or opened again, with backoff. Made once; its handlers read the latest of this component.
   */
  const onSent = useRef<(job: VoteJob, r: Reply<Voted>) => void>()
  const heard = useRef<(job: VoteJob) => (r?: Reply<Voted>) => void>()
  const [box] = useState<Outbox>(() =>
    createOutbox(base, voteStore(store), (job, r) => onSent.current!(job as VoteJob, r)),
  )
  // A vote's final answer, from this page's outbox: counted (or counted before, its first answer lost on
  // the way back) or refused for good (the question left the wall, the event closed), and then let go.
  onSent.current = (job, r) => {
    box.watch(job.key)
    // The tap's own attempt, answered as it was before votes could wait; any other is news of a vote that
    // waited, said with the question's first words: the person may be reading another by then.
    const tapped = job.tries === 0 && sending.current.has(job.form)
    if (r.data) {
      keepVote(store, slug, job.by, job.form)
      const { votes } = r.data
      if (typeof votes === 'number')
        setList((l) => l?.map((x) => (x.id === job.form ? { ...x, votes } : x)) ?? l)
      say(tapped ? (r.data.counted ? t.thanks : t.already) : t.sentLater(job.text))
    } else {
      const why = r.error?.message ?? ''
      say(tapped ? why : t.dropped(job.text, why))
    }
    rerender((n) => n + 1)
  }
  // How an attempt at a waiting vote went: its answer, or none when another tab of the phone sent it.
  heard.current = (job) => (r) => {
    rerender((n) => n + 1)
    if (r || box.job(job.key)) return
    box.watch(job.key)
    if (votesOf(store, slug).includes(job.form)) say(t.sentLater(job.text))
  }
  useEffect(() => {
    // The votes that waited when the page opened: a reload's first attempt, 300 ms on, is the outbox's.
    for (const job of waitingVotes(store, slug)) box.watch(job.key, heard.current!(job))
    // Another tab queued or sent a vote: its button here shows it.
    const other = () => rerender((n) => n + 1)
    addEventListener('storage', other)
    // A question that waited on the device, delivered with no one acting: said here, once, unless the
    // widget took focus to its confirmation.
    const unwatch = watchFiled(store, slug, (codes) => say(codes.map(t.filed).join(' ')))
    return () => {
      removeEventListener('storage', other)
      unwatch()
    }
  }, [])

  /** Why the votes wait, as the widget says it of the forms: a busy server, or no connection. */
  const busy = (job?: VoteJob) => box.held() > 0 || [429, 503].includes(job?.status as number)
  const kept = voteStore(store).keeps('outbox')

  async function vote(q: WallQuestion) {
    // Voted already: said so, with no request. The button stays enabled, so focus stays on it.
    if (votesOf(store, slug).includes(q.id)) return say(t.already)
    // A second tap while the first is on its way (a thumb's bounce on a slow network) adds nothing: it
    // would be answered "already counted" and that, arriving last, would be what the person reads.
    if (sending.current.has(q.id)) return
    // Waiting on the device already: tried again now, as the forms' "Reintentar" does, never a second vote.
    const waits = waitingVotes(store, slug).find((j) => j.form === q.id)
    if (waits) {
      say(busy(waits) ? t.savedBusy : kept ? t.saved : t.savedOpen)
      return void box.flush()
    }
    const job = voteJob(store, slug, lang, q.id, q.text, q.votes)
    sending.current.add(q.id)
    // Shown at once, pressed and said, not only when the answer comes: on a slow connection that takes
    // seconds, and a tap that changes nothing is tapped again or taken for lost.
    rerender((n) => n + 1)
    say(t.recording)
    box.watch(job.key, heard.current!(job))
    const again = await box.send(job)
    sending.current.delete(q.id)
    rerender((n) => n + 1)
    // No answer of the server's: the vote waits on the device, said once, and on its button from now on.
    if (again) say(busy(box.job(job.key) as VoteJob) ? t.savedBusy : kept ? t.saved : t.savedOpen)
  }

  // The votes waiting on the device, by question; not the one whose first attempt is still out.
  const queue = waitingVotes(store, slug)
  const waiting = (id: string) => (sending.current.has(id) ? undefined : queue.find((j) => j.form === id))
  // A button's count: with the person's support that waits on the device, counted once (shownVotes).
  const count = (q: WallQuestion) => shownVotes(q.votes, waiting(q.id))

  // The status line is there from the start, the wall still unread, and stays the same element when it is
  // read: a live region added with its words, or made anew, is not always read.
  return (
    <>
      {list ? wall(list) : <p>{unread ? t.unread : t.loading}</p>}
      <p class="live" role="status">
        {note}
      </p>
      {/* Not a status: the reader's own vote is said in the line above, and this news does not cut it. */}
      <p class="sr" aria-live="polite" aria-atomic="true">
        {news}
      </p>
    </>
  )

  function wall(list: WallQuestion[]) {
    return (
      <>
        <p class="live">{live ? t.live : t.notLive}</p>
        {list.length > 1 && (
          <button
            type="button"
            class="s"
            onClick={() => {
              sorted()
              say(t.reordered)
            }}
          >
            {t.reorder}
          </button>
        )}
        {list.length === 0 ? (
          <p>{closed ? t.emptyClosed : t.empty}</p>
        ) : (
          <ul class="wall">
            {shown.map((q) => (
              <li key={q.id}>
                <p class="meta">
                  {q.pinned && <span class="pin">{t.pinned} · </span>}
                  {pqrsdLabels[q.type as PqrsdType]?.[lang] ?? q.type}
                  {q.area && (
                    <>
                      {' · '}
                      <span lang={es}>
                        {typeof q.area === 'string' ? q.area : (q.area as { name: string }).name}
                      </span>
                    </>
                  )}
                </p>
                <p class="q" id={`w-${q.id}`} dir="auto" lang={es}>
                  {q.text}
                </p>
                {q.answer && (
                  <p class="answer">
                    <strong>{t.answer}:</strong>{' '}
                    <span dir="auto" lang={es}>
                      {q.answer}
                    </span>
                  </p>
                )}
                {closed ? (
                  <p class="meta">
                    {formatNumber(q.votes, lang)} {t.votes(q.votes)}
                  </p>
                ) : (
                  <>
                    <button
                      type="button"
                      class="s"
                      // Pressed while its vote is on its way or waits on the device, too: unpressed again only
                      // when the server refuses it.
                      aria-pressed={voted.includes(q.id) || sending.current.has(q.id) || !!waiting(q.id)}
                      // Each button names the question it supports, not only "Apoyar" like every other one,
                      // and, while its vote waits, when it will go.
                      aria-describedby={`w-${q.id}${waiting(q.id) ? ` wv-${q.id}` : ''}`}
                      onClick={() => vote(q)}
                    >
                      {t.support} · {formatNumber(count(q), lang)} <span class="sr">{t.votes(count(q))}</span>
                      {waiting(q.id) && ` · ${t.waiting}`}
                    </button>
                    {waiting(q.id) && (
                      <p class="meta" id={`wv-${q.id}`}>
                        {busy(waiting(q.id)) ? t.waitsBusy : kept ? t.waits : t.waitsOpen}
                      </p>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </>
    )
  }
}

type Frame = { type: string; q: Partial<WallQuestion> }

/** How often, give or take a fifth, the wall is read while there is no stream to follow (above). */
const POLL_MS = 15_000

/** At most one news of the wall in this time; the changes of the first moment are gathered into one. */
const NEWS_MS = 10_000
const NEWS_GATHER_MS = 1500

/** The wall after one question frame: each carries a whole state, so applying one twice is harmless. */
function applied(l: WallQuestion[], { type, q }: Frame): WallQuestion[] {
  if (type === 'question.removed') return l.filter((x) => x.id !== q.id)
  if (type === 'question.votes')
    return typeof q.votes === 'number' ? l.map((x) => (x.id === q.id ? { ...x, votes: q.votes! } : x)) : l
  const shown = q as WallQuestion
  return l.some((x) => x.id === q.id) ? l.map((x) => (x.id === q.id ? shown : x)) : [...l, shown]
}

// The public stream's question messages (server/services/question-events.ts, services/votes.ts).
const wallEvents = ['question.approved', 'question.updated', 'question.removed', 'question.votes']
