import { useSignal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { localDate } from '../../server/services/calendar/local-date'
import { completionMonths } from '../../server/services/calendar/months'
import { dueBeforePrimary, dueOf, isSettled, takesDuplicates } from '../../server/services/term-order'
import { clip, contentLang, whenInList } from '../shared/format'
import { ActionForm } from './ActionForm'
import { Clamped } from './Clamped'
import { Confirm } from './Confirm'
import { forget, keep, kept } from './drafts'
import { type ModerationStore, onWall, type StaffQuestion } from './moderation-store'
import { AFTER_EVENT, type AfterEvent, AfterEventForm, isAfterEvent, type Via } from './PqrsdActions'
import { can, lang } from './session'
import { type EventDays, type Holidays, termLimits } from './term-limits'
import { t, typeLabels } from './text'
import { mt } from './text-moderation'

type Props = {
  q: StaffQuestion
  store: ModerationStore
  areas: { key: string; name: string }[]
  tz: string
  /** The event's country, whose law the PQRSD actions cite. */
  country: string
  /** The entity's calendar, by year, as far as it is loaded: the limits the server checks count on it. */
  holidays?: Holidays
  /** While the event runs: the actions of the written procedure wait behind one "Después del evento". */
  live?: boolean
  /** The event is closed: nothing is answered live any more (the server refuses it). */
  closed?: boolean
  /** The event's start and close: an answer said live is dated within them (PqrsdActions.tsx, Redate). */
  days: Omit<EventDays, 'timezone'>
}
type Open = 'hide' | 'answerLive' | 'pending' | 'merge' | 'edit' | AfterEvent | null

/** Answered, forwarded, withdrawn (tacitly or by the petitioner) or annulled: no term runs any more. */
const settled = (q: StaffQuestion) => isSettled(q.status)

/**
 * Not yet assigned to a dependency, and past the day it could have been forwarded (Ley 1755, art. 21).
 * A pending question is one the entity took as its own, so the limit is no news on its card: it is said
 * in the forward form, should it turn out to be another entity's after all.
 */
export const forwardOverdue = (q: StaffQuestion, tz: string) =>
  ['received', 'approved'].includes(q.status) &&
  !q.mergedInto &&
  !!q.forwardDueDate &&
  q.forwardDueDate < localDate(new Date(), tz)
/** Forwarded after that day, on the day it was forwarded where the event is held. */
export const forwardedLate = (q: StaffQuestion, tz: string) =>
  q.status === 'forwarded' &&
  !!q.forwardedAt &&
  !!q.forwardDueDate &&
  (q.forwardedOn ?? localDate(new Date(q.forwardedAt), tz)) > q.forwardDueDate

const FORMS = ['hide', 'answerLive', 'pending', 'merge', 'edit']
/** The draft of each form whose main field is typed (ActionForm's id, after the card's), to quote it. */
const TYPED: Partial<Record<NonNullable<Open>, string>> = {
  hide: 'reason',
  answerLive: 'answer',
  edit: 'text',
  written: 'written',
  extend: 'extend',
  forward: 'forward',
  request: 'request',
  withdraw: 'withdraw',
  desist: 'desist',
  continue: 'continue',
  annul: 'annul',
  redate: 'redate',
}
/** A kept form name, if it still names one. */
const openable = (k: string | null): Open =>
  k && (FORMS.includes(k) || isAfterEvent(k)) ? (k as Open) : null

/**
 * Whether the card offers action `k` on `q` as it now is: the server would refuse the others. `today` and
 * `requestBy` are where the event is held; a limit not known (its year's calendar not loaded) is left to
 * the server.
 */
function offers(
  k: NonNullable<Open>,
  q: StaffQuestion,
  closed: boolean,
  today = '',
  requestBy: string | null = null,
) {
  const free = !q.mergedInto && q.status !== 'annulled'
  if (k === 'hide' || k === 'pending') return free && ['received', 'approved'].includes(q.status)
  if (k === 'answerLive') return free && !closed && ['received', 'approved', 'pending'].includes(q.status)
  if (k === 'merge') return free && !settled(q) && q.status !== 'incomplete'
  if (k === 'edit') return q.status !== 'annulled'
  // Admins only (can() with no role): the number keeps its row, with the reason.
  if (k === 'annul') return can() && q.status !== 'annulled'
  // Admins only too: the day an answer (written or said live) or a forwarding was sent, a legal record,
  // corrected with a reason.
  if (k === 'redate') return can() && ['answered', 'answered_live', 'forwarded'].includes(q.status)
  return (
    free &&
    AFTER_EVENT[k].includes(q.status) &&
    (k !== 'request' || !q.completionRequestedOn) &&
    // Asked within 10 business days of receipt (art. 17), and extended while the term runs (art. 14).
    (k !== 'request' || !requestBy || today <= requestBy) &&
    (k !== 'extend' || !today || today <= q.dueDate) &&
    // Continued ex officio, it takes no new withdrawal: the server refuses one (art. 18).
    (k !== 'desist' || !q.continuedExOfficioAt)
  )
}

/**
 * Whether what another moderator changed since this one opened form `k` (`was` to `now`) goes against the
 * decision being typed in it: the question merged or separated, answered, or moved to another status.
 * An approval does not (an answer, an office, a merge or a written procedure follow one), but for a hide,
 * which would take it off the wall the other just put it on; nor does an edit of its text, a vote or a
 * new office, nor a pin, but for a hide of the question now on screen. A text edit has its own guard:
 * the version it began from (a 409), and an annulment stands whatever the question's state.
 */
function overrides(k: NonNullable<Open>, was: StaffQuestion, now: StaffQuestion) {
  if (k === 'edit' || k === 'annul') return false
  if (k === 'redate') return now.status !== was.status
  const approved = was.status === 'received' && now.status === 'approved'
  return (
    now.mergedInto !== was.mergedInto ||
    now.answer !== was.answer ||
    (now.status !== was.status && (k === 'hide' || !approved)) ||
    (k === 'hide' && now.pinned && !was.pinned)
  )
}

type Texts = ReturnType<typeof mt>
/** What another moderator changed, from `was` to `now`, as the card says it ("ahora está «Oculta»"). */
function meanwhile(m: Texts, was: StaffQuestion, now: StaffQuestion, primary?: string) {
  const w = m.meanwhile
  const status = w.status(m.statuses[now.status] ?? now.status)
  const parts: string[] = []
  if (now.status !== was.status) parts.push(status)
  if (now.mergedInto !== was.mergedInto)
    parts.push(now.mergedInto ? w.merged(primary ?? now.mergedInto) : w.unmerged)
  if (now.pinned !== was.pinned) parts.push(now.pinned ? w.pinned : w.unpinned)
  if (now.area?.key !== was.area?.key) parts.push(now.area ? w.area(now.area.name) : w.noArea)
  if (now.displayText !== was.displayText) parts.push(w.text)
  if (now.answer !== was.answer && now.status === was.status) parts.push(w.answer)
  return w.says(parts.length ? parts : [status])
}

/** The id of form `k`'s field, where its draft is kept and the focus goes back to (ActionForm). */
const formId = (hid: string, k: NonNullable<Open>) =>
  `${hid}-${{ hide: 'reason', answerLive: 'answer', pending: 'area', merge: 'merge', edit: 'text' }[k as string] ?? k}`

/** One question with every decision a moderator takes on it, each one click or one field away. */
export function QuestionCard({
  q,
  store,
  areas,
  tz,
  country,
  holidays = new Map(),
  live = false,
  closed = false,
  days,
}: Props) {
  const m = mt()
  // What people asked and staff wrote is in Spanish on a console in English (WCAG 3.1.2), as on the projector.
  const es = contentLang(lang.value)
  const hid = `q-${q.id}`
  // Where the event is held, as the server judges the terms; and the limits of the written procedure.
  const today = localDate(new Date(), tz)
  const limits = termLimits(q, tz, holidays)
  // Which form is open is kept with the tab's drafts: a session that ends mid-answer brings the sign-in
  // back, and once signed in again the card opens the same form with what was typed, its field focused.
  const openKey = `${hid}:open`
  const open = useSignal<Open>(openable(kept(openKey)))
  const busy = useSignal(false)
  const failure = useSignal('')
  /**
   * Set when another moderator changed the question under this one's action (409): what this one had typed
   * in the form, '' if nothing. Under pressure, a moderator who pressed Confirm expects neither to lose
   * their words nor to find them sent over a decision they have not seen. So the form, which showed the
   * question as it was, closes (a second Confirm would act on stale data again); the card shows the
   * question as re-read, says that another moderator changed it, and quotes what was typed, which also
   * stays the form's draft: opening the same action again puts it back in the field (and an action the
   * question no longer offers still leaves it on screen to copy). The notice stays until dismissed or
   * until the moderator opens a form or acts on the card; the draft goes only with Cancel or a sent action.
   */
  const changed = useSignal<string | null>(null)
  // The question as its open form was opened on it: a refusal that finds the question changed since then
  // is another moderator's doing, even when the stream already brought the change to the card; so is any
  // change the stream brings while the form is open, which the card says (`meanwhile`) and, where it goes
  // against the decision being typed, asks about before sending it (`overrides`).
  const base = useRef<StaffQuestion | undefined>(undefined)
  /** A decision held back because another moderator changed the question since its form opened. */
  const asked = useSignal<{ run: () => Promise<boolean>; on: StaffQuestion } | null>(null)
  /** The primary of a merge held back to ask first: it is due after this question. */
  const lateMerge = useSignal<StaffQuestion | null>(null)
  const free = !q.mergedInto && q.status !== 'annulled'
  /**
   * This moderator just hid it (store.undoable): the card says so and offers to undo it, which takes the
   * question back to where it was before the hide, until dismissed or until their next decision. Only
   * while it is still hidden: another moderator's decision since is the card's news instead.
   */
  const undoing = (s = q.status) => store.undoable.value === q.id && s === 'hidden'
  const justHidden = undoing()
  // A card with a form open stays listed whatever the filter, so a live change does not take the text away;
  // so does one telling that another moderator changed it, until the moderator has read it, and one just
  // hidden, with its undo (under "Recibida" it would otherwise leave the list at once).
  const holds = () =>
    open.value !== null || changed.value !== null || undoing(store.byId.value.get(q.id)?.status)
  useEffect(() => {
    store.editingIs(q.id, holds())
    keep(openKey, open.value)
  }, [open.value, changed.value, justHidden])
  const article = useRef<HTMLElement>(null)
  useEffect(
    () => () => {
      store.editingIs(q.id, false)
      // The card leaves the filtered list (its own decision, or another moderator's) with the focus in it:
      // the focus goes to the heading of the card that takes its place (the next one, or the one before
      // it at the end of the list), so the moderator goes on with the next question; with none left, to
      // the list's heading. Never to the page's start, nor onto another question's button. Only a focus
      // in this card, or one it just lost to the page (its form closed as it left): a focus on the page's
      // body that was never here is left alone, or a moderator reading further down would be scrolled
      // back to the top when another's decision takes a card away.
      const here = document.activeElement
      const card = article.current
      if (card?.contains(here) || (here === document.body && store.focused.id === q.id)) {
        // Still in the page here; the cards leaving with it (a reload) are gone by the next frame.
        const near: string[] = []
        for (let c = card?.nextElementSibling; c; c = c.nextElementSibling)
          near.push(c.getAttribute('aria-labelledby') ?? '')
        for (let c = card?.previousElementSibling; c; c = c.previousElementSibling)
          near.push(c.getAttribute('aria-labelledby') ?? '')
        requestAnimationFrame(() => {
          const next = near.map((id) => document.getElementById(id)).find((el) => el?.isConnected)
          ;(next ?? document.getElementById('mod-h'))?.focus()
        })
      }
    },
    [],
  )
  // The buttons change with the status: focus goes back to the card.
  const refocus = () => requestAnimationFrame(() => document.getElementById(hid)?.focus())
  // The version a text was being edited from: another moderator's edit saved meanwhile is then refused
  // (409), not silently written over. Taken when the form opens; after that refusal, the version now shown.
  // Kept beside the text's draft (and dropped with it), so a form opened again after a sign-in still
  // carries the version its edit began from.
  const fromKey = `${hid}-text:from`
  const editedFrom = useRef<string | null | undefined>(
    open.value === 'edit' ? (JSON.parse(kept(fromKey) ?? 'null') ?? undefined)?.from : undefined,
  )
  const editFrom = (v: string | null | undefined) => {
    editedFrom.current = v
    keep(fromKey, v === undefined ? null : JSON.stringify({ from: v }))
  }
  const send = async (
    patch: Record<string, unknown>,
    done: keyof ReturnType<typeof mt>['done'],
    via?: Via,
    from?: string | null,
  ) => {
    busy.value = true
    // Listed whatever the filter while the action is on its way: a refusal brings the question as another
    // moderator left it, which may take it out of the filter, and the card would leave with its notice
    // unsaid (a one-click decision has no form to keep it). Once answered, the card goes if nothing holds it.
    store.editingIs(q.id, true)
    const decidedOn = open.value && base.current ? base.current.updatedAt : (from ?? q.updatedAt)
    const r = await store.act(q, patch, m.done[done](q.radicado), via, from, decidedOn)
    failure.value = r.error
    // This moderator's own change is no news to them: with a form still open, it is the one now decided on.
    if (!r.error && !r.changed) base.current = store.byId.peek().get(q.id) ?? base.current
    busy.value = false
    // An earlier notice goes with this answer (not before it: the card would leave a filtered list meanwhile).
    changed.value = null
    if (r.changed) {
      // Refused because another moderator changed it (see `changed`): the next edit starts from the
      // version now shown, and focus goes to the card's heading, which reads its radicado and new status.
      const draft = open.value && TYPED[open.value]
      changed.value = (draft && kept(`${hid}-${draft}`)) || ''
      failure.value = ''
      editFrom(undefined)
      open.value = null
    }
    store.editingIs(q.id, holds())
    if (!failure.value) refocus()
    return !failure.value && !r.changed
  }
  /**
   * A form's decision, sent; or, when another moderator changed the question since the form opened in a
   * way that goes against it (hid, merged or answered it while this one answers it, say) and the card
   * still offers it, asked about first: the card's status line already said what changed, and a Confirm
   * pressed while typing would otherwise apply this decision on top of theirs. One the question no longer
   * takes is sent as it is: the server refuses it, and the card says so as for any other (`changed`).
   */
  const act = async (
    patch: Record<string, unknown>,
    done: keyof ReturnType<typeof mt>['done'],
    via?: Via,
    from?: string | null,
  ) => {
    const k = open.value
    const was = base.current
    if (
      k &&
      was &&
      !busy.value &&
      was.updatedAt !== q.updatedAt &&
      overrides(k, was, q) &&
      offers(k, q, closed)
    ) {
      asked.value = { run: () => send(patch, done, via, from), on: q }
      return false
    }
    return send(patch, done, via, from)
  }
  /** The held decision, confirmed on the question as it now is: sent, and its form closed once taken. */
  const confirmed = async () => {
    const k = open.value
    if (!asked.value || !k || busy.value) return
    base.current = asked.value.on
    const run = asked.value.run
    asked.value = null
    // Changed again meanwhile, it is asked about again (act), with what changed since.
    if (await run()) {
      forget(formId(hid, k))
      open.value = null
    } else if (open.value) requestAnimationFrame(() => document.getElementById(formId(hid, k))?.focus())
  }
  // One action per click: the second click of a double click, or a click while one is on its way, would
  // land on the button that replaced the first (pin, then unpin). Nor a click just after the cards moved
  // under a pointer at rest: it would land on a card the moderator never read (a keyboard's press,
  // detail 0, acts on the button that has the focus, wherever its card went).
  const button = (label: string, onClick: () => unknown, on = true, pressed?: boolean) =>
    on && (
      <button
        type="button"
        class="secondary"
        aria-pressed={pressed}
        // aria-disabled, not disabled: a disabled button loses the focus to the page (FormButtons).
        aria-disabled={busy.value || undefined}
        onClick={(e) => !busy.value && e.detail < 2 && !(e.detail === 1 && store.justMoved()) && onClick()}
      >
        {label}
      </button>
    )
  // During the event a card offers what is decided live; the written procedure's actions are one
  // disclosure away, a single tab stop instead of four (open while one of their forms is).
  const later = (actions: ComponentChildren) =>
    live ? (
      <details class="later" open={isAfterEvent(open.value) || undefined}>
        <summary>{m.act.later}</summary>
        <div class="actions">{actions}</div>
      </details>
    ) : (
      actions
    )
  const toggle = (k: Open) => () => {
    if (k === 'edit' && open.value !== k) editFrom(q.updatedAt)
    if (open.value !== k) base.current = q
    open.value = open.value === k ? null : k
    asked.value = null
    failure.value = ''
    changed.value = null
  }
  // Only while the merge form is open: read on every card, the whole list would be scanned once per card
  // on every arrival and vote (a thousand cards, a million checks), and every card would re-render.
  // As the server takes them (takesDuplicates).
  const primaries = () =>
    store.list.value.filter((x) => x.id !== q.id && !x.mergedInto && takesDuplicates(x.status))
  const who = q.anonymous
    ? m.anonymous
    : q.petitioner?.reserved
      ? m.reserved
      : [q.petitioner?.name, q.petitioner?.email].filter(Boolean).join(' · ')
  const cancel = () => {
    open.value = null
    asked.value = null
    failure.value = ''
    refocus()
  }
  // The radicado of the question this one is merged into, as the list has it.
  const primary = q.mergedInto ? store.byId.value.get(q.mergedInto)?.radicado : undefined
  // Back to where it was before it was hidden: on the wall if it had been approved (a hide keeps its
  // approvedAt, and only a received or approved question is hidden), else received, never seen there.
  const unhide = () =>
    q.approvedAt
      ? act({ status: 'approved' }, 'unhideApproved')
      : act({ status: 'received' }, 'unhideReceived')

  return (
    <article
      ref={article}
      class={`question status-${q.status}${q.pinned ? ' pinned' : ''}`}
      aria-labelledby={hid}
      onFocusIn={() => {
        store.focused.id = q.id
      }}
    >
      <header>
        <h3 id={hid} tabIndex={-1}>
          {q.radicado} <span class="badge">{m.statuses[q.status] ?? q.status}</span>
          {q.pinned && <span class="badge on-screen">{m.pinned}</span>}
        </h3>
        <p class="meta">
          {typeLabels()[q.type] ?? q.type}
          {q.area && (
            <>
              {' · '}
              <span lang={es}>{q.area.name}</span>
            </>
          )}
          {` · ${m.votes(q.votes)} · `}
          {whenInList(q.receivedAt, lang.value, tz, true)}
          {/* Filed after the day it was received: that day, which its term counts from. */}
          {q.receivedOn && ` (${m.receivedOn} ${whenInList(q.receivedOn, lang.value, tz)})`}
          {who && ` · ${who}`}
        </p>
        {q.status === 'incomplete' && q.completionRequestedOn && (
          // Ley 1755, art. 17: the term waits for the petitioner; not overdue, whatever its old date.
          <p class="meta">
            {m.suspended(
              whenInList(q.completionRequestedOn, lang.value, tz),
              q.completionDeadline ? whenInList(q.completionDeadline, lang.value, tz) : '—',
            )}
            {q.completionDeadline && q.completionDeadline < localDate(new Date(), tz) && (
              <>
                {' '}
                <span class="badge overdue">{m.overdue}</span>
              </>
            )}
          </p>
        )}
        {['incomplete', 'withdrawn'].includes(q.status) && q.completionRequest && (
          // What was asked of the petitioner: what staff check when it comes back, or when it does not.
          <p class="meta">
            {m.requested}:{' '}
            <span dir="auto" lang={es}>
              {q.completionRequest}
            </span>
          </p>
        )}
        {!settled(q) && q.status !== 'incomplete' && (
          <p class="meta">
            {m.due} {whenInList(dueOf(q), lang.value, tz)}
            {q.extendedDueDate && ` (${m.extended})`}
            {q.completedOn && ` (${m.completedOn} ${whenInList(q.completedOn, lang.value, tz)})`}
            {dueOf(q) < today && (
              <>
                {' '}
                <span class="badge overdue">{m.overdue}</span>
              </>
            )}
            {/* Its last day: still in time, today only. */}
            {dueOf(q) === today && (
              <>
                {' '}
                <span class="badge due-today">{m.dueToday}</span>
              </>
            )}
          </p>
        )}
        {q.mergedDueFirst && (
          // A petition merged into this one keeps its own term (server: merged-due.ts): the earliest that
          // still runs, when it ends before this one's, binds the answer to its date.
          <p class="meta">
            {m.mergedDueFirst(
              whenInList(q.mergedDueFirst.dueDate, lang.value, tz),
              q.mergedDueFirst.radicado,
            )}
            {q.mergedDueFirst.dueDate < today && (
              <>
                {' '}
                <span class="badge overdue">{m.overdue}</span>
              </>
            )}
          </p>
        )}
      </header>
      {/* A long one shows its first lines, with "Ver todo": the card's actions stay in sight (Clamped). */}
      <Clamped
        id={`${hid}-said`}
        class="text"
        lines={6}
        text={q.displayText ?? q.text}
        what={m.clamp.text(q.radicado)}
        dir="auto"
        lang={es}
      >
        {q.displayText ?? q.text}
      </Clamped>
      {q.displayText && (
        <Clamped
          id={`${hid}-original`}
          class="meta"
          lines={3}
          text={q.text}
          what={m.clamp.original(q.radicado)}
        >
          {m.edited}:{' '}
          <span dir="auto" lang={es}>
            {q.text}
          </span>
        </Clamped>
      )}
      {q.mergedInto && (
        <p class="meta">
          {m.mergedInto} {primary ?? q.mergedInto}
        </p>
      )}
      {q.forwardedTo && (
        <p class="meta">
          {m.forwardedTo}: <span lang={es}>{q.forwardedTo}</span>
          {/* Recorded on the day it was sent, with the time; on a later day, the day it was sent. */}
          {q.forwardedAt &&
            ` · ${m.forwardedOn} ${
              q.forwardedOn && q.forwardedOn !== localDate(new Date(q.forwardedAt), tz)
                ? whenInList(q.forwardedOn, lang.value, tz)
                : whenInList(q.forwardedAt, lang.value, tz, true)
            }`}
          {forwardedLate(q, tz) && (
            <>
              {' '}
              <span class="badge overdue">{m.forwardLate}</span>
            </>
          )}
        </p>
      )}
      {forwardOverdue(q, tz) && (
        <p class="meta">
          {m.forwardLimitPast} {whenInList(q.forwardDueDate!, lang.value, tz)}
        </p>
      )}
      {q.status === 'desisted' && q.desistedOn && (
        // Ley 1755, art. 18: the day the petitioner withdrew it; how, is the reason below.
        <p class="meta">
          {m.desistedOn} {whenInList(q.desistedOn, lang.value, tz)}
        </p>
      )}
      {q.continuedExOfficioAt && q.status !== 'desisted' && (
        // Art. 18: the entity continued it after its petitioner withdrew it, on that day where the event is.
        <p class="meta">{m.continuedExOfficio(whenInList(q.continuedExOfficioAt, lang.value, tz))}</p>
      )}
      {q.statusReason && (
        <p class="meta">
          {m.reason}:{' '}
          <span dir="auto" lang={es}>
            {q.statusReason}
          </span>
        </p>
      )}
      {q.answer && (
        <Clamped
          id={`${hid}-answer-said`}
          class="answer"
          lines={4}
          text={q.answer}
          what={m.clamp.answer(q.radicado)}
        >
          <strong>{m.answer}:</strong>{' '}
          <span dir="auto" lang={es}>
            {q.answer}
          </span>
        </Clamped>
      )}
      {q.answer && (q.status === 'answered' || q.status === 'answered_live') && q.answeredOn && (
        <p class="meta">
          {q.status === 'answered_live' ? m.answeredLiveOn : m.answeredOn}{' '}
          {whenInList(q.answeredOn, lang.value, tz)}
        </p>
      )}
      {q.answer && q.answeredByMerge && (
        <p class="meta">
          {m.answeredByMerge(
            q.answeredByMerge.radicado,
            q.answeredByMerge.by,
            whenInList(q.answeredByMerge.at, lang.value, tz, true),
          )}
        </p>
      )}
      {justHidden && (
        // Before the card's actions: the first stop after its heading, where the focus is once hidden.
        <div class="notice">
          <p>{m.undo.says}</p>
          <div class="actions">
            {button(m.undo.undo, unhide)}
            <button
              type="button"
              class="secondary"
              onClick={() => {
                store.undoable.value = ''
                refocus()
              }}
            >
              {m.undo.dismiss}
            </button>
          </div>
        </div>
      )}
      <fieldset class="actions">
        <legend class="sr-only">{m.actionsFor(q.radicado)}</legend>
        {button(m.act.unhide, unhide, free && q.status === 'hidden' && !justHidden)}
        {button(
          m.act.approve,
          () => act({ status: 'approved' }, 'approve'),
          free && ['received', 'hidden'].includes(q.status),
        )}
        {button(m.act.hide, toggle('hide'), offers('hide', q, closed), open.value === 'hide')}
        {button(m.act.pin, () => act({ pinned: true }, 'pin'), onWall(q) && !q.pinned)}
        {button(m.act.unpin, () => act({ pinned: false }, 'unpin'), q.pinned)}
        {button(
          m.act.answerLive,
          toggle('answerLive'),
          offers('answerLive', q, closed),
          open.value === 'answerLive',
        )}
        {button(m.act.pending, toggle('pending'), offers('pending', q, closed), open.value === 'pending')}
        {button(m.act.merge, toggle('merge'), offers('merge', q, closed), open.value === 'merge')}
        {button(m.act.unmerge, () => act({ mergeInto: null }, 'unmerge'), Boolean(q.mergedInto))}
        {button(m.act.edit, toggle('edit'), offers('edit', q, closed), open.value === 'edit')}
        {later(
          <>
            {(
              [
                'written',
                'extend',
                'forward',
                'request',
                'complete',
                'withdraw',
                'desist',
                'continue',
              ] as const
            ).map((k) =>
              button(m.act[k], toggle(k), offers(k, q, closed, today, limits.requestBy), open.value === k),
            )}
            {button(
              m.act.extendCompletion,
              () => act({ extendCompletion: true }, 'extendCompletion'),
              // Once, and before the month runs out (art. 17): the server refuses it otherwise.
              free &&
                q.status === 'incomplete' &&
                !!q.completionRequestedOn &&
                !!q.completionDeadline &&
                completionMonths(q.completionRequestedOn, q.completionDeadline) === 1 &&
                q.completionDeadline >= localDate(new Date(), tz),
            )}
            {/* Admins only (can() with no role): the number keeps its row, with the reason. */}
            {button(m.act.annul, toggle('annul'), offers('annul', q, closed), open.value === 'annul')}
            {button(m.act.redate, toggle('redate'), offers('redate', q, closed), open.value === 'redate')}
          </>,
        )}
      </fieldset>
      {open.value && (
        // Said politely, beside the form being typed in, as the stream brings it: the badge alone changes
        // unheard. Empty until then, so that what it then says is announced.
        <div role="status">
          {base.current && !busy.value && base.current.updatedAt !== q.updatedAt && (
            <p class="notice">
              {meanwhile(m, base.current, q, primary)}
              {!offers(open.value, q, closed) && ` ${m.meanwhile.cannot(m.act[open.value])}`}
            </p>
          )}
        </div>
      )}
      {changed.value !== null && (
        <div class="notice">
          <div role="alert">
            <p>{m.changed.says(m.statuses[q.status] ?? q.status)}</p>
            {changed.value && (
              <>
                <p>{m.changed.typed}</p>
                <blockquote dir="auto">{changed.value}</blockquote>
              </>
            )}
          </div>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              changed.value = null
              refocus()
            }}
          >
            {m.changed.dismiss}
          </button>
        </div>
      )}
      {/* With a form open, the form shows the refusal next to its field. */}
      {failure.value && !open.value && (
        <p role="alert" class="error">
          {failure.value}
        </p>
      )}
      {open.value === 'hide' && (
        <ActionForm
          id={`${hid}-reason`}
          error={failure.value}
          label={m.act.hideReason}
          submit={m.act.confirm}
          onSubmit={(reason) => act({ status: 'hidden', reason }, 'hide')}
          onCancel={cancel}
        />
      )}
      {open.value === 'answerLive' && (
        <ActionForm
          id={`${hid}-answer`}
          error={failure.value}
          label={m.act.liveAnswer}
          submit={m.act.confirm}
          onSubmit={(answer) => act({ status: 'answered_live', answer }, 'answerLive')}
          onCancel={cancel}
        />
      )}
      {open.value === 'pending' && areas.length === 0 && (
        // A pending question runs to its deadline with the office that answers it: none to choose from is
        // said, rather than a list with only "—" that the browser refuses.
        <div class="stack" role="alert">
          <p>{m.act.noAreas}</p>
          <button type="button" class="secondary" onClick={cancel}>
            {t().cancel}
          </button>
        </div>
      )}
      {open.value === 'pending' && areas.length > 0 && (
        <ActionForm
          id={`${hid}-area`}
          error={failure.value}
          label={m.act.pendingArea}
          submit={m.act.confirm}
          initial={q.area?.key ?? ''}
          options={areas.map((a) => ({ value: a.key, label: a.name }))}
          onSubmit={(area) => act({ status: 'pending', area }, 'pending')}
          onCancel={cancel}
        />
      )}
      {open.value === 'merge' && (
        <ActionForm
          id={`${hid}-merge`}
          error={failure.value}
          label={m.act.mergeTarget}
          submit={m.act.merge}
          options={primaries().map((x) => ({
            value: x.id,
            label: `${x.radicado} — ${clip(x.displayText ?? x.text, 80)}`,
          }))}
          onSubmit={async (mergeInto) => {
            // A primary due later than this one: asked about first (its term would pass unseen).
            const p = store.byId.peek().get(mergeInto)
            if (p && dueBeforePrimary(q, p)) {
              lateMerge.value = p
              return false
            }
            return act({ mergeInto }, 'merge')
          }}
          onCancel={cancel}
        />
      )}
      {lateMerge.value && open.value === 'merge' && (
        <Confirm
          ask={m.act.mergeEarlier(
            q.radicado,
            whenInList(dueOf(q), lang.value, tz),
            lateMerge.value.radicado,
            whenInList(dueOf(lateMerge.value), lang.value, tz),
          )}
          yes={m.act.yesMerge}
          no={m.act.back}
          busy={busy.value}
          onYes={async () => {
            const into = lateMerge.value
            if (!into || busy.value) return
            lateMerge.value = null
            if (await act({ mergeInto: into.id }, 'merge')) {
              forget(formId(hid, 'merge'))
              open.value = null
            } else if (open.value)
              requestAnimationFrame(() => document.getElementById(formId(hid, 'merge'))?.focus())
          }}
          onNo={() => {
            lateMerge.value = null
            document.getElementById(formId(hid, 'merge'))?.focus()
          }}
        />
      )}
      {open.value === 'edit' && (
        <ActionForm
          id={`${hid}-text`}
          error={failure.value}
          label={m.act.displayText}
          submit={m.act.confirm}
          initial={q.displayText ?? q.text}
          onSubmit={(text) =>
            act(
              { displayText: text && text !== q.text ? text : null },
              'edit',
              undefined,
              editedFrom.current === undefined ? q.updatedAt : editedFrom.current,
            )
          }
          onCancel={cancel}
        />
      )}
      {isAfterEvent(open.value) && (
        <AfterEventForm
          kind={open.value}
          q={q}
          hid={hid}
          tz={tz}
          country={country}
          limits={limits}
          days={days}
          error={failure.value}
          act={act}
          onCancel={cancel}
        />
      )}
      {asked.value && open.value && (
        <Confirm
          ask={`${meanwhile(m, base.current ?? asked.value.on, q, primary)} ${m.meanwhile.ask(m.act[open.value])}`}
          yes={m.meanwhile.yes}
          no={m.act.back}
          busy={busy.value}
          onYes={confirmed}
          onNo={() => {
            asked.value = null
            document.getElementById(formId(hid, open.value!))?.focus()
          }}
        />
      )}
    </article>
  )
}
