import { useSignal } from '@preact/signals'
import { localDate } from '../../server/services/calendar/local-date'
import { whenInList } from '../shared/format'
import { ActionForm } from './ActionForm'
import { Confirm } from './Confirm'
import { forget, useKept } from './drafts'
import { Field } from './Field'
import type { StaffQuestion } from './moderation-store'
import { lang } from './session'
import { type EventDays, nextDay, receivedDay, sentOnDays, zoneOf } from './term-limits'
import { t } from './text'
import { mt } from './text-moderation'

export type AfterEvent =
  | 'written'
  | 'extend'
  | 'forward'
  | 'request'
  | 'complete'
  | 'withdraw'
  | 'desist'
  | 'continue'
  | 'annul'
  | 'redate'

/** The admin's own endpoints: an annulment, and the correction of the day an answer or forwarding was sent. */
export type Via = 'annul' | 'sent-on'

/**
 * The statuses each after-the-event action starts from (server/services/question-status.ts, NEXT); the
 * server decides, these only keep off the card what it would refuse. Annulling is an admin's, from any;
 * correcting a day sent, an admin's, on one answered (in writing or live) or forwarded (QuestionCard, `offers`).
 */
export const AFTER_EVENT: Record<Exclude<AfterEvent, Via | 'redate'>, readonly string[]> = {
  // One hidden from the wall is still a petition: its written procedure goes on, off the wall.
  written: ['received', 'approved', 'hidden', 'pending', 'extended'],
  extend: ['received', 'approved', 'hidden', 'pending'],
  forward: ['received', 'approved', 'hidden', 'pending', 'extended'],
  // An incomplete petition (Ley 1755, art. 17): returned to the petitioner, then completed or withdrawn.
  request: ['received', 'approved', 'hidden', 'pending'],
  complete: ['incomplete'],
  withdraw: ['incomplete'],
  // Ley 1755, art. 18: the petitioner withdraws it while its term runs, is extended or is suspended.
  desist: ['received', 'approved', 'hidden', 'pending', 'extended', 'incomplete'],
  // The entity continues ex officio one its petitioner withdrew (art. 18); not one deemed withdrawn (art. 17).
  continue: ['desisted'],
}

export const isAfterEvent = (k: string | null): k is AfterEvent =>
  k === 'annul' || k === 'redate' || (k ?? '') in AFTER_EVENT

type Props = {
  kind: AfterEvent
  q: StaffQuestion
  hid: string
  tz: string
  /** The event's country: Colombia's law is cited for a Colombian entity's petitions only. */
  country: string
  /** The last day to ask that it be completed, and the latest new due date (term-limits.ts); null: unknown. */
  limits: { requestBy: string | null; extendBy: string | null }
  /** The event's start and close, which bound the day of an answer said live. */
  days: Omit<EventDays, 'timezone'>
  error: string
  act: (patch: Record<string, unknown>, done: AfterEvent | 'exOfficio', via?: Via) => Promise<boolean>
  onCancel: () => void
}

/** The form of one PQRSD action on a question: a written answer, an extension, a forwarding, an annulment. */
export function AfterEventForm(p: Props) {
  const a = mt().act
  if (p.kind === 'written') return <Written {...p} />
  if (p.kind === 'extend') return <Extension {...p} />
  if (p.kind === 'forward') return <Forward {...p} />
  if (p.kind === 'request') return <Request {...p} />
  if (p.kind === 'complete') return <Complete {...p} />
  if (p.kind === 'desist') return <Desist {...p} />
  if (p.kind === 'continue') return <Continue {...p} />
  if (p.kind === 'redate') return <Redate {...p} />
  if (p.kind === 'withdraw')
    return (
      <ActionForm
        id={`${p.hid}-withdraw`}
        label={a.withdrawReason}
        submit={a.withdraw}
        error={p.error}
        onSubmit={(reason) => p.act({ status: 'withdrawn', reason }, 'withdraw')}
        onCancel={p.onCancel}
      />
    )
  return (
    <ActionForm
      id={`${p.hid}-annul`}
      label={a.annulReason}
      submit={a.annul}
      error={p.error}
      onSubmit={(reason) => p.act({ reason }, 'annul', 'annul')}
      onCancel={p.onCancel}
    />
  )
}

/** The server's refusal describes the extra fields too: it is about all of them (dates, entity). */
const described = (id: string, error: string) =>
  error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {}

function Written({ q, hid, tz, error, act, onCancel }: Props) {
  const a = mt().act
  const id = `${hid}-written`
  // Sent on a day before the one it is recorded: that day, which its term is judged by.
  const today = localDate(new Date(), tz)
  const [on, setOn] = useKept(`${id}:on`, today)
  // As the server would decide: with no way to reach the petitioner, the answer goes out under the radicado.
  const reachable = !q.anonymous && (q.petitioner?.email || q.petitioner?.phone || q.petitioner?.address)
  const [publish, setPublish] = useKept(`${id}:publish`, reachable ? '' : 'on')
  return (
    <ActionForm
      id={id}
      label={a.writtenAnswer}
      submit={a.written}
      error={error}
      onSubmit={(answer) =>
        act(
          {
            status: 'answered',
            answer,
            answeredOn: on.value,
            publishAnswer: !reachable || publish.value === 'on',
          },
          'written',
        )
      }
      onCancel={onCancel}
    >
      <DateField
        id={`${id}-on`}
        form={id}
        label={a.answeredOn}
        value={on.value}
        min={receivedDay(q, tz)}
        max={today}
        set={setOn}
        error={error}
      />
      <label class="inline">
        {/* Unreachable otherwise, the answer is published under the radicado: not the moderator's choice. */}
        <input
          type="checkbox"
          checked={!reachable || publish.value === 'on'}
          disabled={!reachable}
          aria-describedby={reachable ? undefined : `${id}-forced`}
          onChange={(e) => setPublish(e.currentTarget.checked ? 'on' : '')}
        />
        {a.publishAnswer}
      </label>
      {!reachable && (
        <p class="hint" id={`${id}-forced`}>
          {a.publishForced}
        </p>
      )}
    </ActionForm>
  )
}

function Extension({ q, hid, tz, limits, error, act, onCancel }: Props) {
  const a = mt().act
  const id = `${hid}-extend`
  const today = localDate(new Date(), tz)
  const [notice, setNotice] = useKept(`${id}:notice`, today)
  const [due, setDue] = useKept(`${id}:due`)
  // Told within the term (not after its due date), a new date after it and no later than twice the term.
  const date = (
    k: string,
    label: string,
    value: string,
    set: (v: string) => void,
    min: string,
    max?: string,
  ) => (
    <Field
      id={`${id}-${k}`}
      label={label}
      hint={k === 'due' && max ? a.newDueDateMax(whenInList(max, lang.value, tz)) : undefined}
    >
      <input
        id={`${id}-${k}`}
        type="date"
        required
        min={min}
        max={max}
        value={value}
        onInput={(e) => set(e.currentTarget.value)}
        {...described(id, error)}
        aria-describedby={
          [k === 'due' && max && `${id}-${k}-hint`, error && `${id}-error`].filter(Boolean).join(' ') ||
          undefined
        }
      />
    </Field>
  )
  return (
    <ActionForm
      id={id}
      label={a.extendReason}
      submit={a.extend}
      error={error}
      onSubmit={(reason) =>
        act({ status: 'extended', reason, noticeDate: notice.value, newDueDate: due.value }, 'extend')
      }
      onCancel={onCancel}
    >
      <div class="row">
        {date(
          'notice',
          a.noticeDate,
          notice.value,
          setNotice,
          receivedDay(q, tz),
          [today, q.dueDate].sort()[0],
        )}
        {date('due', a.newDueDate, due.value, setDue, nextDay(q.dueDate), limits.extendBy ?? undefined)}
      </div>
    </ActionForm>
  )
}

/** The day after `ymd`. */
function Forward({ q, hid, tz, country, error, act, onCancel }: Props) {
  const m = mt()
  const a = m.act
  const id = `${hid}-forward`
  const limit = q.forwardDueDate
  const [reason, setReason] = useKept(`${id}:reason`)
  const today = localDate(new Date(), tz)
  const [on, setOn] = useKept(`${id}:on`, today)
  return (
    <ActionForm
      id={id}
      label={a.forwardedTo}
      submit={a.forward}
      line
      error={error}
      onSubmit={(forwardedTo) =>
        act(
          {
            status: 'forwarded',
            forwardedTo,
            forwardedOn: on.value,
            reason: reason.value.trim() || undefined,
          },
          'forward',
        )
      }
      onCancel={onCancel}
    >
      <DateField
        id={`${id}-on`}
        form={id}
        label={a.forwardedOn}
        value={on.value}
        min={receivedDay(q, tz)}
        max={today}
        set={setOn}
        error={error}
      />
      <Field id={`${id}-reason`} label={a.forwardReason} hint={t().submitKeys}>
        <textarea
          id={`${id}-reason`}
          rows={2}
          maxLength={1000}
          value={reason.value}
          onInput={(e) => setReason(e.currentTarget.value)}
          {...described(id, error)}
          aria-describedby={[`${id}-reason-hint`, error && `${id}-error`].filter(Boolean).join(' ')}
        />
      </Field>
      {limit && (
        // The day Ley 1755 (art. 21) gives to forward it: past it, the forwarding is late, and says so.
        <p class="hint">
          {limit < (on.value || today) ? m.forwardLimitPast(country) : `${m.forwardLimit}:`}{' '}
          {whenInList(limit, lang.value, tz)}
        </p>
      )}
    </ActionForm>
  )
}

/**
 * The day an answer or a forwarding was sent, recorded wrong: corrected by an admin, within the limits it
 * was recorded under (from receipt to today), with the reason the audit log keeps. An answer said live
 * keeps to the event's days too. The picker offers those days only, and says them; the server still
 * decides, and its refusal is shown (the event's days changed meanwhile, say).
 */
function Redate({ q, hid, tz, days, error, act, onCancel }: Props) {
  const a = mt().act
  const id = `${hid}-redate`
  const { from, to, live } = sentOnDays(q, { ...days, timezone: tz })
  const field = q.status === 'forwarded' ? 'forwardedOn' : 'answeredOn'
  const at = field === 'forwardedOn' ? q.forwardedAt : q.answeredAt
  const was = q[field] ?? (at ? localDate(new Date(at), zoneOf(q, tz)) : to)
  const [on, setOn] = useKept(`${id}:on`, was)
  return (
    <ActionForm
      id={id}
      label={a.redateReason}
      submit={a.redateSubmit}
      error={error}
      onSubmit={(reason) => act({ [field]: on.value, reason }, 'redate', 'sent-on')}
      onCancel={onCancel}
    >
      <DateField
        id={`${id}-on`}
        form={id}
        label={
          field === 'forwardedOn'
            ? a.redateForwarded
            : q.status === 'answered_live'
              ? a.redateLive
              : a.redateAnswered
        }
        value={on.value}
        min={from}
        max={to}
        hint={a.redateDays(from, to, live)}
        set={setOn}
        error={error}
      />
    </ActionForm>
  )
}

/** A date field of one of these forms, kept with its draft; today by default, and never after it. */
function DateField(p: {
  id: string
  label: string
  value: string
  max: string
  min?: string
  /** The days it takes, said next to it. */
  hint?: string
  set: (v: string) => void
  error: string
  form: string
}) {
  return (
    <Field id={p.id} label={p.label} hint={p.hint}>
      <input
        id={p.id}
        type="date"
        required
        min={p.min}
        max={p.max}
        value={p.value}
        onInput={(e) => p.set(e.currentTarget.value)}
        {...described(p.form, p.error)}
        aria-describedby={
          [p.hint && `${p.id}-hint`, p.error && `${p.form}-error`].filter(Boolean).join(' ') || undefined
        }
      />
    </Field>
  )
}

/** Ley 1755, art. 17: what the petitioner must provide, and the day they were asked. */
function Request({ q, hid, tz, limits, error, act, onCancel }: Props) {
  const a = mt().act
  const id = `${hid}-request`
  const today = localDate(new Date(), tz)
  // From receipt to today, within the 10 business days (art. 17).
  const last = limits.requestBy ? [today, limits.requestBy].sort()[0] : today
  const [on, setOn] = useKept(`${id}:on`, today)
  return (
    <ActionForm
      id={id}
      label={a.requested}
      submit={a.request}
      error={error}
      onSubmit={(requested) => act({ status: 'incomplete', requested, requestedOn: on.value }, 'request')}
      onCancel={onCancel}
    >
      <DateField
        id={`${id}-on`}
        form={id}
        label={a.requestedOn}
        value={on.value}
        min={receivedDay(q, tz)}
        max={last}
        set={setOn}
        error={error}
      />
    </ActionForm>
  )
}

/** Completed: it goes on as it was (with its office, on the wall, or received), its term counted again. */
function Complete({ q, hid, tz, error, act, onCancel }: Props) {
  const m = mt()
  const a = m.act
  const id = `${hid}-complete`
  const today = localDate(new Date(), tz)
  const [on, setOn] = useKept(`${id}:on`, today)
  const to = [q.area && 'pending', q.approvedAt && 'approved', 'received'].filter((s): s is string => !!s)
  return (
    <ActionForm
      id={id}
      label={a.completeTo}
      submit={a.complete}
      error={error}
      initial={to[0]}
      options={to.map((s) => ({ value: s, label: m.statuses[s] ?? s }))}
      onSubmit={(status) => act({ status, completedOn: on.value }, 'complete')}
      onCancel={onCancel}
    >
      <DateField
        id={`${id}-on`}
        form={id}
        label={a.completedOn}
        value={on.value}
        min={q.completionRequestedOn ?? undefined}
        max={today}
        set={setOn}
        error={error}
      />
    </ActionForm>
  )
}

/**
 * A request asked about once more before it is sent (a withdrawal settles the petition; a continuation
 * takes it back): the request as the form stood, sent on Yes; No goes back to the form with what was typed.
 */
function useConfirmed(id: string, act: Props['act'], onCancel: () => void) {
  const asked = useSignal<{ patch: Record<string, unknown>; done: AfterEvent | 'exOfficio' } | null>(null)
  const busy = useSignal(false)
  const send = async () => {
    if (!asked.value || busy.value) return
    busy.value = true
    const ok = await act(asked.value.patch, asked.value.done)
    busy.value = false
    asked.value = null
    if (ok) {
      forget(id)
      onCancel()
    } else requestAnimationFrame(() => document.getElementById(id)?.focus())
  }
  const back = () => {
    asked.value = null
    document.getElementById(id)?.focus()
  }
  return { asked, busy, send, back }
}

/**
 * Ley 1755, art. 18: the petitioner withdraws the petition, on the day they said so and the way they did;
 * or the entity continues it ex officio for public interest, with its reasoned resolution. Either is asked
 * about once more before it is sent: a withdrawal settles the petition for good.
 */
function Desist({ q, hid, tz, country, error, act, onCancel }: Props) {
  const a = mt().act
  const id = `${hid}-desist`
  const today = localDate(new Date(), tz)
  const [on, setOn] = useKept(`${id}:on`, today)
  const [exOfficio, setExOfficio] = useKept(`${id}:ex-officio`)
  const keeps = exOfficio.value === 'on'
  const { asked, busy, send, back } = useConfirmed(id, act, onCancel)
  const continues = asked.value?.done === 'exOfficio'
  return (
    <>
      <ActionForm
        id={id}
        label={keeps ? a.exOfficioReason : a.desistHow}
        submit={keeps ? a.continue : a.desist}
        error={error}
        onSubmit={async (reason) => {
          asked.value = keeps
            ? { patch: { continueExOfficio: true, desistedOn: on.value, reason }, done: 'exOfficio' }
            : { patch: { status: 'desisted', desistedOn: on.value, reason }, done: 'desist' }
          return false
        }}
        onCancel={onCancel}
      >
        <DateField
          id={`${id}-on`}
          form={id}
          label={a.desistedOn}
          value={on.value}
          min={receivedDay(q, tz)}
          max={today}
          set={setOn}
          error={error}
        />
        <label class="inline">
          <input
            type="checkbox"
            checked={keeps}
            onChange={(e) => setExOfficio(e.currentTarget.checked ? 'on' : '')}
          />
          {a.exOfficio(country)}
        </label>
      </ActionForm>
      {asked.value && (
        <Confirm
          ask={continues ? a.confirmExOfficio(q.radicado) : a.confirmDesist(q.radicado)}
          yes={continues ? a.yesExOfficio : a.yesDesist}
          no={a.back}
          busy={busy.value}
          onYes={send}
          onNo={back}
        />
      )}
    </>
  )
}

/**
 * Art. 18, once the withdrawal is recorded: the entity continues the petition ex officio, with its reasoned
 * resolution; it goes back to the status it had, with its term. Asked about once more before it is sent.
 */
function Continue({ q, hid, error, act, onCancel }: Props) {
  const a = mt().act
  const id = `${hid}-continue`
  const { asked, busy, send, back } = useConfirmed(id, act, onCancel)
  return (
    <>
      <ActionForm
        id={id}
        label={a.exOfficioReason}
        submit={a.continue}
        error={error}
        onSubmit={async (reason) => {
          // The day recorded: the server takes the continuation of that withdrawal, and a reply lost on the
          // way is known for done by it (moderation-store.ts, `landed`).
          asked.value = {
            patch: { continueExOfficio: true, desistedOn: q.desistedOn ?? undefined, reason },
            done: 'continue',
          }
          return false
        }}
        onCancel={onCancel}
      />
      {asked.value && (
        <Confirm
          ask={a.confirmContinue(q.radicado)}
          yes={a.yesExOfficio}
          no={a.back}
          busy={busy.value}
          onYes={send}
          onNo={back}
        />
      )}
    </>
  )
}
