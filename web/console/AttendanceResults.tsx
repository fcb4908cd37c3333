import { type StatQuestion, StatsChart } from './StatsChart'
import { lang } from './session'
import { t } from './text'

/** Never a form's key (letters, digits and _): the charts' ids stay apart from every form's. */
const CHARTS = 'asistencia-registro'

/**
 * The registrants' characterisation as the report's "Asistencia" gives it (gender, age range, occupation,
 * schooling, population group, territory, how they heard), with the invitation link's channel that its
 * "Convocatoria" gives, charted as the forms' results are. Staff see the figures the attendance summary
 * gives them, exact; the breakdowns nobody answered yet are named once. A typed one (territory, link
 * channel) has no options until someone answers it, so what was answered is told by `answered`.
 */
export function AttendanceResults({
  registered,
  breakdowns,
}: {
  registered: number
  breakdowns: StatQuestion[]
}) {
  const tx = t()
  const r = tx.registrations
  const charted = breakdowns.filter((b) => b.answered !== 0 && b.options?.length)
  const unanswered = breakdowns.filter((b) => b.answered === 0)
  const locale = lang.value === 'en' ? 'en-US' : 'es-CO'
  return (
    <section aria-labelledby="registrations-h">
      <h2 id="registrations-h">{r.title}</h2>
      {registered === 0 ? (
        <p>{r.none}</p>
      ) : (
        <>
          <p class="hint">{r.exact}</p>
          <div class="charts">
            {charted.map((q) => (
              <StatsChart key={q.id} form={CHARTS} q={q} locale={locale} />
            ))}
          </div>
          {unanswered.length > 0 && (
            <p class="hint">
              {tx.charts.unanswered}: {unanswered.map((q) => q.label).join(' · ')}
            </p>
          )}
        </>
      )}
    </section>
  )
}
