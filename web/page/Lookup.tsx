import { type PqrsdType, pqrsdLabels } from '../../db/enums'
import { call, type Lang, paths } from '../shared/api'
import { contentLang, when } from '../shared/format'
import { normalRadicado } from '../shared/radicado'
import { wallText } from './wall-text'

export type Status = {
  radicado: string
  type: string
  status: string
  receivedAt: string
  /** The day it was received, when staff filed it on a later day. */
  receivedOn?: string | null
  dueDate: string
  extendedDueDate?: string | null
  extensionReason?: string | null
  area?: { name: string } | null
  forwardedTo?: string | null
  forwardedAt?: string | null
  /** The day it was sent to the competent entity, which `forwardedAt` may have recorded later. */
  forwardedOn?: string | null
  completion?: {
    requestedOn: string
    requested: string | null
    deadline: string | null
    completedOn: string | null
  } | null
  desistedOn?: string | null
  mergedWith?: string | null
  answer?: { text: string | null; answeredAt: string | null; answeredOn?: string | null } | null
  /** Past its due date with no answer: what that means for the petitioner, in the page's language. */
  overdue?: { dueDate: string; extended: boolean; message: string } | null
}

/** The status of one radicado from GET /api/pqrsd/:radicado: dates, status and the published answer. */
export function LookupResult({
  s,
  lang,
  tz,
  receipt,
  focus,
}: {
  s: Status
  lang: Lang
  tz: string
  /** The constancia's address, when the page was opened with the petitioner's receipt token. */
  receipt?: string
  /**
   * Rendered by the server (no script to announce it in a live region): the heading is where the form's
   * address leads (`#resultado`), focusable, so the browser moves focus there and a screen reader starts
   * reading at the result.
   */
  focus?: boolean
}) {
  const t = wallText(lang)
  const es = contentLang(lang)
  return (
    <div>
      {focus ? (
        <h3 id="resultado" tabIndex={-1}>
          {s.radicado}
        </h3>
      ) : (
        <h3>{s.radicado}</h3>
      )}
      <dl class="facts">
        <dt>{t.status}</dt>
        <dd>{t.statuses[s.status] ?? s.status}</dd>
        <dt>{t.type}</dt>
        <dd>{pqrsdLabels[s.type as PqrsdType]?.[lang] ?? s.type}</dd>
        <dt>{t.received}</dt>
        <dd>{s.receivedOn ? when(s.receivedOn, lang, tz) : when(s.receivedAt, lang, tz, true)}</dd>
        <dt>{t.due}</dt>
        <dd>
          {s.status === 'incomplete'
            ? t.suspended
            : s.status === 'withdrawn'
              ? t.noTerm
              : s.status === 'desisted'
                ? t.desistedNoTerm
                : when(s.extendedDueDate || s.dueDate, lang, tz)}
        </dd>
        {s.desistedOn && (
          // Withdrawn by the petitioner (Ley 1755, art. 18): the day they did.
          <>
            <dt>{t.desistedOn}</dt>
            <dd>{when(s.desistedOn, lang, tz)}</dd>
          </>
        )}
        {s.completion && (
          // Ley 1755, art. 17: what the petitioner must provide and by when; for one with no contact, only here.
          <>
            <dt>{t.requestedOn}</dt>
            <dd>{when(s.completion.requestedOn, lang, tz)}</dd>
            {s.completion.requested && (
              <>
                <dt>{t.requested}</dt>
                <dd lang={es}>{s.completion.requested}</dd>
              </>
            )}
            {s.completion.deadline && !s.completion.completedOn && (
              <>
                <dt>{t.deadline}</dt>
                <dd>{when(s.completion.deadline, lang, tz)}</dd>
              </>
            )}
            {s.completion.completedOn && (
              <>
                <dt>{t.completedOn}</dt>
                <dd>{when(s.completion.completedOn, lang, tz)}</dd>
              </>
            )}
          </>
        )}
        {s.extendedDueDate && s.extensionReason && (
          <>
            <dt>{t.extensionReason}</dt>
            <dd lang={es}>{s.extensionReason}</dd>
          </>
        )}
        {s.area && (
          <>
            <dt>{t.area}</dt>
            <dd lang={es}>{s.area.name}</dd>
          </>
        )}
        {s.forwardedTo && (
          <>
            <dt>{t.forwardedTo}</dt>
            <dd lang={es}>{s.forwardedTo}</dd>
          </>
        )}
        {s.forwardedTo && s.forwardedAt && (
          <>
            <dt>{t.forwardedAt}</dt>
            <dd>{s.forwardedOn ? when(s.forwardedOn, lang, tz) : when(s.forwardedAt, lang, tz, true)}</dd>
          </>
        )}
        {s.answer?.answeredOn && (
          <>
            <dt>{t.answeredOn}</dt>
            <dd>{when(s.answer.answeredOn, lang, tz)}</dd>
          </>
        )}
        {s.mergedWith && (
          <>
            <dt>{t.mergedWith}</dt>
            <dd>{s.mergedWith}</dd>
          </>
        )}
      </dl>
      {s.overdue && <p class="banner">{s.overdue.message}</p>}
      {s.answer && (
        <p class="answer">
          <strong>{t.answer}:</strong> <span lang={es}>{s.answer.text}</span>
        </p>
      )}
      {receipt && (
        <p>
          <a href={receipt}>{t.receipt}</a>
        </p>
      )}
    </div>
  )
}

/** Why a lookup shows no status: nothing typed, not a radicado's shape, or one the entity never gave. */
export type LookupFailure = 'empty' | 'malformed' | 'unknown'

/** What the page says of a failed lookup, with a radicado in the entity's format as the example. */
export function lookupError(lang: Lang, failed: LookupFailure, example?: string) {
  const t = wallText(lang)
  return failed === 'empty'
    ? t.lookupEmpty
    : failed === 'malformed'
      ? t.malformed(example)
      : t.notFound(example)
}

/**
 * What the person typed, checked as the server checks it (web/shared/radicado.ts) and written as the
 * series writes it; or what to say instead, at once, with nothing sent.
 */
export function checkRadicado(lang: Lang, typed: string, example?: string) {
  if (!typed.trim()) return { error: lookupError(lang, 'empty') }
  const radicado = normalRadicado(typed)
  return radicado ? { radicado } : { error: lookupError(lang, 'malformed', example) }
}

/**
 * The status of a radicado already checked (`checkRadicado`), or what to say instead: `field` when the
 * number is what is wrong (malformed, or one the entity never gave), said on the field; else the lookup
 * itself failed (`offline`: no answer at all; the rate limit, the server down), which says nothing of the
 * number.
 */
export async function lookup(base: string, lang: Lang, radicado: string, example?: string) {
  const r = await call<{ pqrsd: Status }>(base, lang, 'GET', paths.pqrsd(radicado))
  if (r.data) return { status: r.data.pqrsd }
  if (r.status === 404) return { error: lookupError(lang, 'unknown', example), field: true as const }
  // Refused by the server's check, which this page's copy of the rule (an older one, kept offline) passed.
  if (r.status === 400) return { error: lookupError(lang, 'malformed', example), field: true as const }
  const t = wallText(lang)
  if (!r.status) return { error: t.lookupOffline, offline: true as const }
  if (r.status === 429) return { error: t.lookupLimited(Math.ceil((r.wait ?? 0) / 1e3)) }
  return { error: r.status > 499 ? t.lookupDown : r.error!.message }
}
