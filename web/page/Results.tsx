import { call, enc, type Lang } from '../shared/api'

type Option = { value: string; label: string; count: number | null; percent: number | null }
type Question = { id: string; label: string; type: string; answered: number | null; options?: Option[] }
export type Results = { responses: number; questions: Question[] }

const pct = (n: number, lang: Lang) =>
  `${n.toLocaleString(lang === 'en' ? 'en-US' : 'es-CO', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`

/** The survey's published results (after any embargo; small cells come suppressed from the server). */
export async function loadResults(base: string, lang: Lang, slug: string) {
  const r = await call<Results>(base, lang, 'GET', `/api/events/${enc(slug)}/forms/evaluacion/results`)
  return r.data && r.data.responses > 0 ? r.data : null
}

export function ResultsView({ r, lang }: { r: Results; lang: Lang }) {
  const t =
    lang === 'en'
      ? { answers: 'answers', hidden: 'fewer than 5', total: 'Survey responses' }
      : { answers: 'respuestas', hidden: 'menos de 5', total: 'Respuestas a la encuesta' }
  return (
    <>
      <p>
        {t.total}: <strong>{r.responses}</strong>
      </p>
      {r.questions
        .filter((q) => q.options?.length)
        .map((q) => (
          <figure key={q.id} class="result">
            <figcaption>
              <strong>{q.label}</strong> · {q.answered ?? t.hidden} {t.answers}
            </figcaption>
            <ul>
              {q.options!.map((o) => (
                <li key={o.value}>
                  <span>
                    {o.label}: {o.count === null ? t.hidden : `${o.count} (${pct(o.percent ?? 0, lang)})`}
                  </span>
                  <span class="bar" style={{ width: `${o.percent ?? 0}%` }} aria-hidden="true" />
                </li>
              ))}
            </ul>
          </figure>
        ))}
    </>
  )
}
