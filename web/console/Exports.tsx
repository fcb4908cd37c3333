import { type Signal, useSignal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import { enc, type Lang } from '../shared/api'
import type { EventData } from './event-data'
import { can, download, lang } from './session'
import { t } from './text'
import { st } from './text-staff'

const REPORT_FORMATS = ['docx', 'html', 'md', 'xlsx', 'csv', 'json'] as const
// Excel's first: a CSV opened in Excel spoils ID numbers and phones (`sheetsHelp`, by the event's country).
const SHEETS = ['xlsx', 'csv'] as const

/**
 * Every file staff take away: attendance and survey statistics as spreadsheets, and the report in each
 * format and language. Each is fetched with the token and saved as a Blob: no token in any URL.
 */
export function Exports({ slug, data }: { slug: string; data: EventData }) {
  const s = st().exports
  const status = useSignal('')
  const reportLang = useSignal<Lang>(lang.value)
  // The copy the entity publishes has no personal data and hides small cells: staff see it before publishing.
  const copy = useSignal<'staff' | 'public'>('staff')
  // A CSV's separator (and decimal mark) as the staff member's Excel reads it: ';' and '55,2' in Spanish,
  // ',' and '55.2' in English. An Excel of the other locale opens the file as one column.
  const sep = useSignal<';' | ','>(';')
  const csv = (f: string) => (f === 'csv' && sep.value === ',' ? '&delimiter=%2C' : '')
  const base = `/api/events/${enc(slug)}`
  const get = async (path: string, name: string) => {
    status.value = s.downloading
    const problem = await download(path, name)
    status.value = problem === 'offline' ? t().offline : (problem ?? s.done)
  }
  const hasSurvey = data.forms.some((f) => f.key === 'evaluacion')
  const button = (label: string, path: string, name: string) => (
    <button type="button" class="secondary" onClick={() => get(path, name)}>
      {label}
    </button>
  )
  /** One choice among a few, as radio buttons in a row. */
  const choice = <T extends string>(
    name: string,
    legend: string,
    chosen: Signal<T>,
    options: [T, ComponentChildren][],
  ) => (
    <fieldset class="row">
      <legend>{legend}</legend>
      {options.map(([value, label]) => (
        <label key={value} class="inline">
          <input
            type="radio"
            name={name}
            checked={chosen.value === value}
            onChange={() => {
              chosen.value = value
            }}
          />
          {label}
        </label>
      ))}
    </fieldset>
  )

  return (
    <>
      <section aria-labelledby="exports-h">
        <h2 id="exports-h">{s.title}</h2>
        <p class="hint">{s.personal}</p>
        {choice('csv-separator', s.separator, sep, [
          [';', s.semicolon],
          [',', s.comma],
        ])}
        <h3>{s.attendance}</h3>
        <p class="hint">{s.sheetsHelp(data.event.country)}</p>
        <p class="row">
          {SHEETS.map((f) =>
            button(
              `${s.attendance} · ${s.formats[f]}`,
              `${base}/attendance?format=${f}${csv(f)}`,
              `asistencia-${slug}.${f}`,
            ),
          )}
        </p>
        {hasSurvey && (
          <>
            <h3>{s.stats}</h3>
            <p class="row">
              {SHEETS.map((f) =>
                button(
                  `${s.stats} · ${s.formats[f]}`,
                  `${base}/forms/evaluacion/stats?format=${f}${csv(f)}`,
                  `estadisticas-${slug}.${f}`,
                ),
              )}
            </p>
          </>
        )}
        {/* The other forms' statistics (the evaluation survey's are above, under their own heading). */}
        {data.forms
          .filter((form) => form.key !== 'evaluacion')
          .map((form) => (
            <div key={form.key}>
              <h3>{s.formStats(form.title ?? form.key)}</h3>
              <p class="row">
                {SHEETS.map((f) =>
                  button(
                    `${s.formStats(form.title ?? form.key)} · ${s.formats[f]}`,
                    `${base}/forms/${enc(form.key)}/stats?format=${f}${csv(f)}`,
                    `estadisticas-${form.key}-${slug}.${f}`,
                  ),
                )}
              </p>
            </div>
          ))}
        {/* One row per person who answered, free texts included: analysts' and admins' (the API's rule). */}
        {can('analyst') && data.forms.length > 0 && (
          <>
            <h3>{s.responses}</h3>
            <p class="hint">{s.responsesHelp}</p>
            {data.forms.map((form) => (
              <p class="row" key={form.key}>
                {SHEETS.map((f) =>
                  button(
                    `${s.responses} · ${form.title ?? form.key} · ${s.formats[f]}`,
                    `${base}/forms/${enc(form.key)}/responses?format=${f}${csv(f)}`,
                    `respuestas-${form.key}-${slug}.${f}`,
                  ),
                )}
              </p>
            ))}
          </>
        )}
      </section>
      {can('analyst', 'moderator') && (
        <section aria-labelledby="report-h">
          <h2 id="report-h">{s.report}</h2>
          <p class="hint">{s.reportHelp}</p>
          {choice('report-lang', s.language, reportLang, [
            ['es', <span lang="es">Español</span>],
            ['en', <span lang="en">English</span>],
          ])}
          {choice('report-copy', s.copy, copy, [
            ['staff', s.copies.staff],
            ['public', s.copies.public],
          ])}
          <p class="row">
            {REPORT_FORMATS.map((f) =>
              button(
                `${s.report} · ${s.formats[f]}`,
                `${base}/report?format=${f}&lang=${reportLang.value}${csv(f)}${copy.value === 'public' ? '&audience=public' : ''}`,
                `informe-${copy.value === 'public' ? 'publico-' : ''}${slug}-${reportLang.value}.${f}`,
              ),
            )}
          </p>
          {data.event.reportPublished ? (
            <p>
              {s.publishedAt}{' '}
              <a
                href={`${base}/report/public?format=html&lang=${reportLang.value}`}
                target="_blank"
                rel="noopener"
              >
                {`${location.origin}${base}/report/public?format=html&lang=${reportLang.value}`}
              </a>
            </p>
          ) : (
            <p class="hint">{s.notPublished}</p>
          )}
        </section>
      )}
      <p role="status" class="note">
        {status.value}
      </p>
    </>
  )
}
