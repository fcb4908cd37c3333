import { computed, signal } from '@preact/signals'
import { keptOffWall } from '../../db/enums'
import { enc, type Reply } from '../shared/api'
import { type Frame, follow, type LiveStatus, POLL_MS } from './live'
import { api, authHeader, can, lang, streamRefused } from './session'
import { t } from './text'

/** A question as moderators get it (server/services/question-views.ts, staffQuestion). */
export type StaffQuestion = {
  id: string
  radicado: string
  type: string
  /** The legal term, in business days. */
  termDays: number
  text: string
  displayText: string | null
  status: string
  statusReason: string | null
  answer: string | null
  answerPublished: boolean
  forwardedTo: string | null
  /** When it was forwarded, and the last day it could be (Ley 1755 de 2015, art. 21); null before they were kept. */
  forwardedAt?: string | null
  forwardDueDate?: string | null
  /** The days the answer and the forwarding were sent, which their recording may follow. */
  forwardedOn?: string | null
  answeredOn?: string | null
  answeredAt?: string | null
  /** Answered by its merge into a petition already answered: which, who merged it and when. */
  answeredByMerge?: { id: string; radicado: string; by: string; at: string } | null
  /** The petition merged into it whose term runs and ends first, when before its own (staff view only). */
  mergedDueFirst?: { dueDate: string; radicado: string; id: string } | null
  /** An incomplete petition (Ley 1755, art. 17): asked when, by when, completed when. */
  completionRequestedOn?: string | null
  completionRequest?: string | null
  completionDeadline?: string | null
  completedOn?: string | null
  /** Withdrawn by the petitioner (Ley 1755, art. 18): the day they did. */
  desistedOn?: string | null
  /** When the entity last continued it ex officio after its petitioner withdrew it (art. 18), or null. */
  continuedExOfficioAt?: string | null
  area: { key: string; name: string } | null
  pinned: boolean
  mergedInto: string | null
  votes: number
  anonymous: boolean
  identityReserve: boolean
  petitioner: {
    name?: string | null
    email?: string | null
    phone?: string | null
    address?: string | null
    reserved?: boolean
  } | null
  channel: string
  receivedAt: string
  /** The day it was received, when staff filed it on a later day. */
  receivedOn?: string | null
  /** The time zone it was received in, where the server counts its days; null: the event's. */
  receiptZone?: string | null
  dueDate: string
  extendedDueDate: string | null
  approvedAt: string | null
  updatedAt: string | null
}

/** As the server has it (question-views.ts): approved, not merged, nor in a status kept off the wall. */
export const onWall = (q: StaffQuestion) =>
  q.approvedAt !== null && !keptOffWall(q.status) && q.mergedInto === null

// Records carry updatedAt: a frame older than what the list holds (it crossed a reload) is ignored.
const newer = (a: StaffQuestion, b?: StaffQuestion) => !b || (a.updatedAt ?? '') >= (b.updatedAt ?? '')
/** A later version of the question than `b`: not the same one (a vote changes no updatedAt). */
const later = (a: StaffQuestion, b: StaffQuestion) => (a.updatedAt ?? '') > (b.updatedAt ?? '')

type Page = { questions: StaffQuestion[]; nextCursor: string | null }

/**
 * A question that arrived, as its announcement names it (text-moderation.ts, `arrived`): its type, its
 * radicado and what it says, never who asked it (a denunciante's identity may be in reserve).
 */
export type Arrival = { radicado: string; type: string; text: string }
const arrival = (q: StaffQuestion): Arrival => ({
  radicado: q.radicado,
  type: q.type,
  text: q.displayText ?? q.text,
})

/**
 * Every page of an event's staff list of questions (`query`: its sort and filters), each handed over as
 * it comes, until the last or until `stale()`. Returns '' or, when a page failed, what to say.
 */
export async function eachQuestionPage(
  slug: string,
  query: string,
  onPage: (questions: StaffQuestion[]) => void,
  stale: () => boolean = () => false,
): Promise<string> {
  const base = `/api/events/${enc(slug)}/questions?${query}${query ? '&' : ''}limit=1000`
  for (let cursor: string | null = null; ; ) {
    const r: Reply<Page> = await api<Page>('GET', cursor ? `${base}&cursor=${enc(cursor)}` : base)
    if (stale()) return ''
    if (!r.data) return r.error?.message ?? t().offline
    onPage(r.data.questions)
    cursor = r.data.nextCursor
    if (!cursor) return ''
  }
}

/** The moderation of one event: the list, kept live by the moderation stream, and the actions. */
/** How soon a read of the list that failed is tried again; then every POLL_MS while it keeps failing. */
const RETRY_MS = 3000

/** The shortest time between two announcements of arrivals. */
const ARRIVALS_MS = 2000

/** How long a pointer's click on a card's action is not taken after the cards moved under it. */
export const MOVED_MS = 700

export function moderationStore(slug: string) {
  const list = signal<StaffQuestion[]>([])
  const loaded = signal(false)
  /** Every page of the first load is in (a large event's come one after another); it stays so. */
  const complete = signal(false)
  const live = signal<LiveStatus>('connecting')
  const error = signal('')
  // Two live regions, so a burst of arrivals never overwrites the moderator's own result before it is read,
  // nor the reverse: each message replaces only the last of its kind.
  /** The last questions announced together as they arrived (none once the moderator's action replaced them). */
  const arrivalNote = signal<Arrival[]>([])
  /** The result of this moderator's last action. */
  const actionNote = signal('')
  /** When the arrival note last changed (performance.now()). */
  let arrivalAt = 0
  /**
   * Says what this moderator's action, begun at `since`, did. An arrival announced before the action
   * began has been read by then; left on screen below the result, it would read as news that came after
   * it: it goes. One announced while the action was on its way stays.
   */
  const noteAction = (text: string, since = performance.now()) => {
    actionNote.value = text
    if (arrivalAt <= since) arrivalNote.value = []
  }
  /**
   * When the cards last moved (a question arriving at the top pushes every card down), and when the
   * pointer last moved: a click just after the cards moved, with the pointer still where it rested, would
   * hit the card that moved under it, one the moderator never read. A pointer that moved since aims.
   */
  const moved = { at: 0, pointer: 0 }
  /** The card the focus was last in (see QuestionCard's unmount). */
  const focused = { id: '' }
  const justMoved = () => moved.pointer < moved.at && performance.now() - moved.at < MOVED_MS
  /** The questions whose card has a form open: they stay in the list, whatever the filter, until closed. */
  const editing = signal<ReadonlySet<string>>(new Set())
  /**
   * The question this moderator last hid, while its card offers to undo that (QuestionCard): until the
   * moderator dismisses it or takes their next decision, on any card. A hide by mistake is undone at once,
   * from the card where it was made, which a filter such as "Recibida" would otherwise take away.
   */
  const undoable = signal('')
  const editingIs = (id: string, on: boolean) => {
    // Every card says so when it mounts: only a change may touch the signal, or a list of a thousand
    // would filter and sort itself a thousand times.
    if (editing.value.has(id) === on) return
    const next = new Set(editing.value)
    if (on) next.add(id)
    else next.delete(id)
    editing.value = next
  }

  const byId = computed(() => new Map(list.value.map((q) => [q.id, q])))
  const counts = computed(() => {
    const c: Record<string, number> = {}
    for (const q of list.value) c[q.status] = (c[q.status] ?? 0) + 1
    return c
  })

  /**
   * The questions the stream (or this moderator's own action) brought since the latest load began: their
   * record in the list may be fresher than the one its pages read, even at the same version (a vote).
   */
  let during = new Set<string>()

  function upsert(...qs: StaffQuestion[]) {
    const map = new Map(byId.value)
    for (const q of qs) {
      during.add(q.id)
      if (newer(q, map.get(q.id))) map.set(q.id, q)
      // The record came after those counts in the stream: it holds them or newer ones.
      votes.delete(q.id)
    }
    list.value = [...map.values()]
  }

  // Votes come one frame each, and each new list redraws every card: at a large event, a room voting
  // would keep the moderator's page busy. Their counts are applied together, at most four times a second.
  const votes = new Map<string, number>()
  let voting: ReturnType<typeof setTimeout> | undefined
  function countVotes() {
    voting = undefined
    if (!votes.size) return
    list.value = list.value.map((q) => (votes.has(q.id) ? { ...q, votes: votes.get(q.id)! } : q))
    votes.clear()
  }

  // Each load supersedes the one before (a reset or a 409 while pages still come): only the latest merges.
  let loads = 0
  // A read that failed is tried again, the first time soon, whether or not the stream is live: one lost
  // at the start left the console saying "Cargando…" under "En vivo" for good, and one lost while the
  // stream was away left its "no connection" on screen after the stream came back.
  let failures = 0
  let again: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  async function load() {
    const run = ++loads
    clearTimeout(again)
    again = undefined
    during = new Set()
    // Once the whole list has been read, a question a later read finds that the list lacks arrived while
    // the stream was away (read every POLL_MS meanwhile, or after a reset): it is announced as the stream
    // would have, or a moderator listening for arrivals would never hear of it.
    const announces = complete.value
    // Newest first, and by keys that never change, so a question moderated meanwhile is neither skipped
    // nor listed twice; what arrives meanwhile comes by the stream.
    const failed = await eachQuestionPage(
      slug,
      'sort=recent',
      (page) => {
        // What the stream delivered while the list was loading is kept when it is newer. Any other record
        // of the list gives way to the page's of the same version, read since: votes change no version,
        // so the counts that came while the stream was away (the list read again every POLL_MS) or that
        // a restarted server could not replay (`reset`) would otherwise never show.
        const fresh = new Map(page.map((q) => [q.id, q]))
        const unheard = announces ? page.filter((q) => !byId.value.has(q.id)) : []
        for (const q of list.value) {
          const read = fresh.get(q.id)
          if (!read || later(q, read) || (during.has(q.id) && newer(q, read))) fresh.set(q.id, q)
        }
        list.value = [...fresh.values()]
        // The first page shows at once; the rest join it as they come.
        loaded.value = true
        error.value = ''
        // The page is newest first; an announcement names them in the order they came.
        if (unheard.length) arrived(unheard.reverse().map(arrival))
      },
      () => run !== loads,
    )
    if (run !== loads || stopped) return
    if (failed) {
      error.value = failed
      again = setTimeout(load, failures++ ? POLL_MS : RETRY_MS)
    } else {
      failures = 0
      complete.value = true
    }
  }

  // Arrivals are announced at most once every ARRIVALS_MS: the first at once, those that follow within
  // the window together at its end. One announcement per question made a screen reader read out a burst
  // of sixty one by one, long after the moderator needed it.
  const held: Arrival[] = []
  let quiet: ReturnType<typeof setTimeout> | undefined
  const announce = (qs: Arrival[]) => {
    arrivalNote.value = qs
    arrivalAt = performance.now()
    quiet = setTimeout(() => {
      quiet = undefined
      if (held.length) announce(held.splice(0))
    }, ARRIVALS_MS)
  }
  const arrived = (qs: Arrival[]) => (quiet ? held.push(...qs) : announce(qs))

  function onFrame(f: Frame) {
    if (f.event === 'reset') return void load()
    let data: any
    try {
      data = JSON.parse(f.data)
    } catch {
      return
    }
    // The public messages reach moderators too; the staff record is the one with `termDays`.
    if (f.event === 'question.created' || (f.event === 'question.updated' && 'termDays' in data)) {
      if (f.event === 'question.created' && !byId.value.has(data.id)) arrived([arrival(data)])
      // The stream carries what a moderator may see: a denunciante's reserved identity says only that it
      // is reserved. An admin, who sees it, keeps the one the card shows and reads the question itself
      // for its identity as it now is (a rectified name, say).
      if (data.petitioner?.reserved && can()) {
        const shown = byId.value.get(data.id)?.petitioner
        if (shown && !shown.reserved) data = { ...data, petitioner: shown }
        void api<{ question: StaffQuestion }>('GET', `/api/questions/${enc(data.id)}`).then(
          (r) => r.data && upsert(r.data.question),
        )
      }
      upsert(data)
    } else if (f.event === 'question.votes') {
      during.add(data.id)
      votes.set(data.id, data.votes)
      if (!voting) voting = setTimeout(countVotes, 250)
    }
  }
  /** Starts following; returns the function that stops. */
  function start() {
    // While the stream is away the list is read again every POLL_MS: a proxy that blocks event streams,
    // or a long outage, must not leave the moderator with a list that stopped without a word.
    let polling: ReturnType<typeof setInterval> | undefined
    const stop = follow(`/api/events/${enc(slug)}/live/moderation`, {
      headers: { ...authHeader(), 'accept-language': lang.value },
      onFrame,
      onStatus: (s) => {
        live.value = s
        if (s === 'unauthorized') streamRefused()
        // Back, with a read of the list that failed meanwhile: it is read again now, not at its next try.
        if (s === 'live' && again) void load()
        if (s === 'reconnecting') polling ??= setInterval(load, POLL_MS)
        else {
          clearInterval(polling)
          polling = undefined
        }
      },
    })
    load()
    return () => {
      stopped = true
      stop()
      clearInterval(polling)
      clearTimeout(again)
    }
  }

  /** After a decision on `q` that was taken: it is the hide this moderator may undo, if it hid it. */
  const hid = (q: StaffQuestion, patch: Record<string, unknown>) => {
    undoable.value = patch.status === 'hidden' ? q.id : ''
  }

  /**
   * One moderation decision (PATCH /api/questions/:id) on the question as this moderator saw it (`from`,
   * its version: as shown now, or when a text began to be edited): if another changed it meanwhile, the
   * server refuses (409) instead of writing over their decision.
   * Returns '' when the server took it, else what to tell the moderator. Annulling (an admin's, with
   * its own endpoint) takes only the reason: it stands whatever the question's state.
   * `seen`: the version the moderator decided on, when older than `from` (the one their form was opened
   * on, the card having been brought up to date by the stream since).
   */
  async function act(
    q: StaffQuestion,
    patch: Record<string, unknown>,
    done: string,
    via?: 'annul' | 'sent-on',
    from: string | null = q.updatedAt,
    seen: string | null = from,
  ): Promise<{ error: string; changed: boolean }> {
    const began = performance.now()
    // The moderator has moved on to another question: the undo of their last hide goes. On the same one
    // it stays while the decision is on its way, and after it, should it fail (an undo tried again).
    if (undoable.value !== q.id) undoable.value = ''
    const r =
      via === 'annul'
        ? await api<{ question: StaffQuestion }>('POST', `/api/questions/${enc(q.id)}/annul`, patch)
        : via === 'sent-on'
          ? await api<{ question: StaffQuestion }>('PATCH', `/api/questions/${enc(q.id)}/sent-on`, patch)
          : await api<{ question: StaffQuestion }>('PATCH', `/api/questions/${enc(q.id)}`, {
              ...patch,
              expectedUpdatedAt: from,
            })
    if (r.data) {
      upsert(r.data.question)
      hid(q, patch)
      noteAction(done, began)
      return { error: '', changed: false }
    }
    // No reply, or a refusal because the question changed: the change may be this very action, whose
    // reply was lost (and a second try then finds it done). The question is read back; if it now is what
    // was asked, the action is done, not refused.
    let fresh: StaffQuestion | undefined
    if (r.status === 0 || r.status === 409) {
      const now = await api<{ question: StaffQuestion; history: Entry[] }>(
        'GET',
        `/api/questions/${enc(q.id)}`,
      )
      fresh = now.data?.question
      if (fresh && landed(q, via === 'annul' ? { status: 'annulled' } : patch, fresh, now.data?.history)) {
        upsert(fresh)
        hid(q, patch)
        noteAction(done, began)
        return { error: '', changed: false }
      }
    }
    // The card shows the refusal with the question as it now is: the one just read, at once (the stream
    // may lag behind, or be away), else by reading the list again.
    if (r.status === 409) {
      if (fresh) upsert(fresh)
      else void load()
    }
    return {
      error: r.error?.issues?.[0]?.message ?? r.error?.message ?? t().offline,
      // Refused because another moderator changed the question meanwhile (not for a session that ended,
      // nor for a rule such as a closed event's): either the version was no longer the one sent, or the
      // refusal (already in that status, no way from the status it now has) meets a question changed
      // since the moderator decided. The card then closes its form (QuestionCard).
      changed:
        r.error?.code === 'QUESTION_CHANGED' ||
        (r.status === 409 && fresh !== undefined && fresh.updatedAt !== seen),
    }
  }

  return {
    list,
    loaded,
    complete,
    moved,
    justMoved,
    focused,
    live,
    error,
    arrivalNote,
    actionNote,
    noteAction,
    counts,
    byId,
    editing,
    editingIs,
    undoable,
    start,
    load,
    act,
  }
}
export type ModerationStore = ReturnType<typeof moderationStore>

type Entry = { at: string; action: string; data: Record<string, unknown> | null }

/**
 * Whether the question changed since `before` into what `patch` asked: its status, answer, pin, merge,
 * area and text shown, where the patch gives them. The reason and dates that go with a status are the
 * status's own: the server takes them with it or refuses both. A continuation ex officio (art. 18) leaves
 * the question as it was: only its entry in the question's `history` says it was taken.
 */
function landed(
  before: StaffQuestion,
  patch: Record<string, unknown>,
  now: StaffQuestion,
  history: Entry[] = [],
) {
  if (now.updatedAt === before.updatedAt) return false
  const same: Record<string, (v: unknown) => boolean> = {
    status: (v) => now.status === v,
    answer: (v) => now.answer === v,
    pinned: (v) => now.pinned === v,
    mergeInto: (v) => now.mergedInto === v,
    area: (v) => (now.area?.key ?? null) === (v || null),
    displayText: (v) => now.displayText === v,
    answeredOn: (v) => now.answeredOn === v,
    forwardedOn: (v) => now.forwardedOn === v,
    continueExOfficio: () =>
      history.some(
        (h) =>
          h.action === 'question.continued_ex_officio' &&
          h.at > (before.updatedAt ?? '') &&
          h.data?.desistedOn === patch.desistedOn,
      ),
  }
  return Object.entries(patch).every(([k, v]) => same[k]?.(v) ?? true)
}
