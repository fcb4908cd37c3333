import { formatNumber, formatPercent } from '../../server/services/percent'
import { call, enc, type Lang, retryable } from '../shared/api'

// `lang` is 'es' on a label staff gave no English for (WCAG 3.1.2).
type Option = { value: string; label: string; lang?: string; count: number | null; percent: number | null }
type Question = {
  id: string
  label: string
  lang?: string
  type: string
  answered: number | null
  options?: Option[]
}
export type Results = { responses: number; questions: Question[] }

/**
 * The survey's published results (after any embargo; small cells come suppressed from the server); null
 * when there are none to show, undefined when the read got no answer.
 */
export async function loadResults(base: string, lang: Lang, slug: string) {
  const r = await call<Results>(base, lang, 'GET', `/api/events/${enc(slug)}/forms/evaluacion/results`)
  if (retryable(r)) return undefined
  return r.data && r.data.responses > 0 ? r.data : null
}

export function ResultsView({ r, lang }: { r: Results; lang: Lang }) {
  const t =
    lang === 'en'
      ? {
          answers: 'answers',
          answer: 'answer',
          hidden: 'hidden',
          total: 'Survey responses',
          unanswered: 'No answers yet',
          note: 'Hidden: figures of fewer than 5 people are not published, to protect personal data; the next smallest are hidden with them until they hold 5 people or more, so that none can be worked out from the total; with fewer than 5 people in all, every figure is hidden.',
        }
      : {
          answers: 'respuestas',
          answer: 'respuesta',
          hidden: 'oculta',
          total: 'Respuestas a la encuesta',
          unanswered: 'Sin respuestas todavía',
          note: 'Oculta: las cifras de menos de 5 personas no se publican, para proteger datos personales; junto a ellas se ocultan las siguientes más pequeñas hasta sumar 5 personas o más, para que ninguna pueda deducirse del total; con menos de 5 personas en total, se ocultan todas.',
        }
  // An optional question nobody answered is named once, not drawn as a list of zeros and 0,0 % of nothing.
  const charted = r.questions.filter((q) => q.options?.length)
  const unanswered = charted.filter((q) => q.answered === 0)
  return (
    <>
      <p>
        {t.total}: <strong>{formatNumber(r.responses, lang)}</strong>
      </p>
      {charted
        .filter((q) => q.answered !== 0)
        .map((q) => (
          <figure key={q.id} class="result">
            <figcaption>
              <strong lang={q.lang}>{q.label}</strong> ·{' '}
              {q.answered === null ? t.hidden : formatNumber(q.answered, lang)}{' '}
              {q.answered === 1 ? t.answer : t.answers}
            </figcaption>
            <ul>
              {q.options!.map((o) => (
                <li key={o.value}>
                  <span>
                    <span lang={o.lang}>{o.label}</span>:{' '}
                    {o.count === null
                      ? t.hidden
                      : `${formatNumber(o.count, lang)} (${formatPercent(o.percent ?? 0, lang)})`}
                  </span>
                  <span class="bar" style={{ width: `${o.percent ?? 0}%` }} aria-hidden="true" />
                </li>
              ))}
            </ul>
          </figure>
        ))}
      {unanswered.length > 0 && (
        <p class="help">
          {t.unanswered}:{' '}
          {unanswered.map((q, i) => [
            i > 0 && ' · ',
            <span key={q.id} lang={q.lang}>
              {q.label}
            </span>,
          ])}
        </p>
      )}
      {r.questions.some((q) => q.options?.some((o) => o.count === null)) && <p class="help">{t.note}</p>}
    </>
  )
}
