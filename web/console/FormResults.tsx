import { Link } from './Link'
import { eventPath } from './router'
import { type StatQuestion, StatsChart, shownQuestions, TextAnswers } from './StatsChart'
import { lang } from './session'
import { t } from './text'

export type FormStatsData = { responses: number | null; questions: StatQuestion[] }

/**
 * One form's results on the summary: a chart for each choice question someone answered, the open
 * answers grouped where they repeat, and the questions nobody answered yet named once. The evaluation
 * survey is the report's "Evaluación"; any other form is headed by its title and says that the report
 * leaves it out, and where its statistics are.
 */
export function FormResults({
  slug,
  formKey,
  title,
  stats,
}: {
  slug: string
  formKey: string
  title: string
  stats: FormStatsData | undefined
}) {
  const tx = t()
  const c = tx.charts
  const evaluation = formKey === 'evaluacion'
  const heading = `results-${formKey}-h`
  const { charted, texts, unanswered } = shownQuestions(stats?.questions ?? [])
  const locale = lang.value === 'en' ? 'en-US' : 'es-CO'
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{evaluation ? c.title : c.formTitle(title)}</h2>
      {!evaluation && (
        <p class="hint">
          {c.notInReport} <Link href={eventPath(slug, 'informe')}>{tx.tabs.exports}</Link>.
        </p>
      )}
      {!stats ? (
        <p>{tx.loading}</p>
      ) : stats.responses === 0 ? (
        <p>{c.none}</p>
      ) : (
        <>
          <div class="charts">
            {charted.map((q) => (
              <StatsChart key={q.id} form={formKey} q={q} locale={locale} />
            ))}
          </div>
          {texts.length > 0 && (
            <>
              <h3>{c.texts}</h3>
              <div class="charts">
                {texts.map((q) => (
                  <TextAnswers key={q.id} form={formKey} q={q} />
                ))}
              </div>
            </>
          )}
          {unanswered.length > 0 && (
            <p class="hint">
              {c.unanswered}: {unanswered.map((q) => q.label).join(' · ')}
            </p>
          )}
        </>
      )}
    </section>
  )
}
