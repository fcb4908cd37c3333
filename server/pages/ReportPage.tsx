import type { ComponentChildren } from 'preact'
import { contentLang } from '../../web/shared/format'
import { formatNumber, type NumberLang } from '../services/percent'
import { barChartSvg } from '../services/report/chart-svg'
import { answeredText, label as L, otherTextsLine, spanishTag, textsCutNote } from '../services/report/labels'
import {
  attendanceRows,
  commitmentTable,
  generalRows,
  generalWritten,
  pqrsdRows,
  questionCells,
  questionColumns,
  questionWritten,
  shareTable,
} from '../services/report/tables'
import type { Report, ReportQuestion, Tally } from '../services/report/types'

// A web address or an e-mail has no space to end a line at: in a table its cell would be as wide as the
// whole address, and the table would pass the page's edge, where the printer cuts it off. Such a run may
// break anywhere; the words of ordinary text keep whole (and so set the narrowest their column can be).
const UNBROKEN = /(\S{25,})/

function Breakable({ text }: { text: string }) {
  return (
    <>
      {text.split(UNBROKEN).map((part, i) =>
        i % 2 ? (
          <span class="any" key={i}>
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  )
}

/**
 * A heading and its intro printed on the page of what they introduce. The heading's `break-after: avoid`
 * holds only until the paragraph under it: the page could still end after that paragraph, the table it
 * heads on the next. So a heading, its intro and a short first block (a table of a few rows, a chart)
 * are kept on one page; before a table or a list that may run for pages (`lead`), the heading and its
 * intro are kept whole and on the page where that block starts. A heading right above its table or
 * list needs neither: its own rule holds there.
 */
function Keep({ lead = false, children }: { lead?: boolean; children: ComponentChildren }) {
  return <div class={lead ? 'keep lead' : 'keep'}>{children}</div>
}

/**
 * A share table, named by the heading over it (`labelledBy`, that heading's id) rather than by a caption:
 * a caption hidden off the screen is pasted into a word processor as a second title over the table.
 */
function ShareTable({
  tally,
  labelledBy,
  lang,
  es,
}: {
  tally: Tally
  labelledBy: string
  lang: NumberLang
  es?: string
}) {
  if (!tally.items.length) return <p>{L('none', lang)}</p>
  const { rows, foot } = shareTable(tally, lang)
  return (
    <table aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">{L('option', lang)}</th>
          <th scope="col">{L('count', lang)}</th>
          <th scope="col">{L('share', lang)}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([option, count, share], i) => (
          <tr key={option}>
            <th scope="row" lang={es ?? tally.items[i]?.lang}>
              <Breakable text={option} />
            </th>
            <td>{count}</td>
            <td>{share}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        {foot.map(([text, count]) =>
          count ? (
            <tr key={text}>
              <th scope="row">{text}</th>
              <td>{count}</td>
              <td />
            </tr>
          ) : (
            <tr key={text}>
              <td colSpan={3} class="note">
                {text}
              </td>
            </tr>
          ),
        )}
      </tfoot>
    </table>
  )
}

function Chart({ title, tally, lang }: { title: string; tally: Tally; lang: NumberLang }) {
  // Nothing to draw when no option shown has anybody (nobody answered yet, or every figure is hidden):
  // bars of nothing would only repeat the table's zeros. Word draws no chart then either.
  if (!tally.items.some((i) => (i.count ?? 0) > 0)) return null
  // The table beside it carries the same figures for screen readers, so the drawing is hidden from them,
  // and from a copy of the page (`user-select: none`): pasted into a word processor, which draws no SVG,
  // its words and figures would run together into one line of text over the table.
  // Each part of a chart of many options is a figure of its own, kept whole on a page.
  return (
    <>
      {barChartSvg(title, tally.items, lang, tally.total).map((svg, i) => (
        <figure key={i} aria-hidden="true" dangerouslySetInnerHTML={{ __html: svg }} />
      ))}
    </>
  )
}

function Question({ q, lang }: { q: ReportQuestion; lang: NumberLang }) {
  const tally = { total: q.answered, items: q.options }
  const id = `t-q-${q.id}`
  return (
    <section class="q">
      <h3 id={id} lang={q.lang}>
        {q.label}
      </h3>
      <p class="n">
        {formatNumber(q.answered, lang)} {L(q.answered === 1 ? 'response' : 'responses', lang)}
      </p>
      {q.options.length > 0 && (
        <>
          <Chart title={q.label} tally={tally} lang={lang} />
          <ShareTable tally={tally} labelledBy={id} lang={lang} />
          <p>{q.summary}</p>
        </>
      )}
      {q.multi && <p class="note">{L('multiNote', lang)}</p>}
      {q.texts && q.texts.length > 0 && q.otherOptions && <p>{otherTextsLine(q.otherOptions, lang)}</p>}
      {q.texts && q.texts.length > 0 && (
        <ul lang={contentLang(lang)}>
          {q.texts.map((t) => (
            <li key={t.text}>
              {t.text}
              {t.count > 1 ? ` (${formatNumber(t.count, lang)})` : ''}
            </li>
          ))}
        </ul>
      )}
      <CutNote shown={q.texts?.length ?? 0} total={q.textsTotal} lang={lang} />
    </section>
  )
}

function CutNote({ shown, total, lang }: { shown: number; total: number | undefined; lang: NumberLang }) {
  const note = textsCutNote(shown, total, lang)
  return note ? <p class="note">{note}</p> : null
}

function WideTable({
  head,
  rows,
  nowrap = [],
  written = [],
  es,
  list = false,
}: {
  head: string[]
  rows: (string | null)[][]
  nowrap?: number[]
  /** The columns of what people wrote, marked with `es` (contentLang). */
  written?: number[]
  es?: string
  /** The list of questions: eight columns, set a little smaller to fit the page. */
  list?: boolean
}) {
  return (
    <table class={list ? 'wide list' : 'wide'}>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row[0]}>
            {row.map((c, i) => (
              <td
                key={head[i]}
                class={nowrap.includes(i) ? 'nowrap' : undefined}
                lang={c && written.includes(i) ? es : undefined}
              >
                <Breakable text={c ?? '—'} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Rows({
  rows,
  written,
  es,
}: {
  rows: [string, string | null][]
  written?: Set<string>
  es?: string
}) {
  return (
    <table class="kv">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td lang={v && written?.has(k) ? es : undefined}>
              <Breakable text={v ?? '—'} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The report as a printable HTML page (A4), rendered from the JSON report only. */
export function ReportPage({ report: r }: { report: Report }) {
  const { lang, general: g, convocatoria: c, asistencia: a, evaluacion: e } = r
  const n = (x: number) => formatNumber(x, lang)
  // What the entity's people and citizens wrote stays in Spanish in an English report (WCAG 3.1.2).
  const es = contentLang(lang)
  return (
    <html lang={lang === 'en' ? 'en' : spanishTag(g.entity.country)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${L('title', lang)} — ${g.title}`}</title>
        {/* Raw: as a text child, the quotes and ">" of the CSS would be escaped into entities. */}
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <main>
          <h1>
            {L('title', lang)}
            <br />
            <small lang={es}>{g.title}</small>
          </h1>
          <p class="note">
            {L('generatedAt', lang)} {r.generatedAtText}
          </p>
          <h2>{L('general', lang)}</h2>
          <Rows rows={generalRows(r)} written={generalWritten(lang)} es={es} />
          {g.agenda.length > 0 && (
            <>
              <h3>{L('agenda', lang)}</h3>
              <ol lang={es}>
                {g.agenda.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ol>
            </>
          )}
          <Keep>
            <h2>{L('convocatoria', lang)}</h2>
            <p>
              {L('channels', lang)}:{' '}
              {c.channels.length ? <span lang={es}>{c.channels.join(', ')}</span> : '—'}
            </p>
            <h3 id="t-joinLinks">{L('joinLinks', lang)}</h3>
            <Chart title={L('joinLinks', lang)} tally={c.joinLinks} lang={lang} />
            <ShareTable tally={c.joinLinks} labelledBy="t-joinLinks" lang={lang} />
          </Keep>
          {c.heardFrom && (
            <Question
              q={{ ...c.heardFrom, label: `${L('heardFrom', lang)} — ${c.heardFrom.label}`, lang: undefined }}
              lang={lang}
            />
          )}
          <Keep>
            <h2>{L('asistencia', lang)}</h2>
            <p>{a.summary}</p>
            <Rows rows={attendanceRows(r)} />
          </Keep>
          {a.breakdowns.map((b) => (
            <section class="q" key={b.key}>
              <h3 id={`t-a-${b.key}`}>{b.label}</h3>
              <Chart title={b.label} tally={b.tally} lang={lang} />
              <ShareTable tally={b.tally} labelledBy={`t-a-${b.key}`} lang={lang} />
              {b.multi && <p class="note">{L('multiNote', lang)}</p>}
            </section>
          ))}
          {/* Its first question's section, chart and table, is kept whole on a page (`.q`). */}
          <Keep lead>
            <h2>{L('evaluacion', lang)}</h2>
            <p>
              {L('surveyResponses', lang)}: {n(e.responses)}
            </p>
          </Keep>
          {e.questions.map((q) => (
            <Question key={q.id} q={q} lang={lang} />
          ))}
          {e.nextTopicsAnswered !== null && (
            <section>
              <Keep lead={e.nextTopics.length > 0}>
                <h3>{L('nextTopics', lang)}</h3>
                <p class="n">{answeredText(e.nextTopicsAnswered, lang)}</p>
              </Keep>
              {e.nextTopics.length > 0 && (
                <ul lang={es}>
                  {e.nextTopics.map((t) => (
                    <li key={t.text}>
                      {t.text}
                      {t.count > 1 ? ` (${n(t.count)})` : ''}
                    </li>
                  ))}
                </ul>
              )}
              <CutNote shown={e.nextTopics.length} total={e.nextTopicsTotal} lang={lang} />
            </section>
          )}
          <PqrsdSection r={r} />
          <h2>{L('conclusiones', lang)}</h2>
          <p class={r.conclusiones.text ? '' : 'note'} lang={r.conclusiones.text ? es : undefined}>
            {r.conclusiones.text ?? L('conclusionsPlaceholder', lang)}
          </p>
        </main>
      </body>
    </html>
  )
}

function PqrsdSection({ r }: { r: Report }) {
  const { lang, pqrsd: p } = r
  const ct = commitmentTable(r)
  const es = contentLang(lang)
  return (
    <>
      <Keep>
        <h2>{L('pqrsd', lang)}</h2>
        <p>{p.summary}</p>
        <Rows rows={pqrsdRows(r)} />
      </Keep>
      {(['byType', 'byChannel', 'byArea'] as const).map((k) => (
        <section class="q" key={k}>
          <h3 id={`t-p-${k}`}>{L(k, lang)}</h3>
          <Chart title={L(k, lang)} tally={p[k]} lang={lang} />
          <ShareTable tally={p[k]} labelledBy={`t-p-${k}`} lang={lang} es={k === 'byArea' ? es : undefined} />
        </section>
      ))}
      {p.questions.length > 0 && (
        <section>
          <h3>{L('questionList', lang)}</h3>
          <WideTable
            head={questionColumns.map((k) => L(k, lang))}
            rows={p.questions.map((q) => questionCells(q, r))}
            nowrap={[0]}
            list
            written={questionWritten}
            es={es}
          />
        </section>
      )}
      <h2>{L('compromisos', lang)}</h2>
      {r.compromisos.items.length === 0 ? (
        <p>{L('none', lang)}</p>
      ) : (
        <WideTable head={ct.head} rows={ct.rows} written={ct.written} es={es} />
      )}
      {r.compromisos.plan.length > 0 && (
        <section>
          <h3>{L('citizenInput', lang)}</h3>
          {r.compromisos.plan.map((axis) => (
            <section key={axis.axis} class="q">
              <h4 lang={es}>{axis.axis}</h4>
              {(['observations', 'contributions'] as const).map(
                (k) =>
                  axis[k].length > 0 && (
                    <div key={k}>
                      <p class="n">{L(k, lang)}</p>
                      <ul lang={es}>
                        {axis[k].map((x) => (
                          <li key={x}>{x}</li>
                        ))}
                      </ul>
                    </div>
                  ),
              )}
            </section>
          ))}
        </section>
      )}
    </>
  )
}

const css = `@page{size:A4;margin:18mm 16mm}
body{font:11pt/1.45 "DejaVu Sans",Arial,Helvetica,sans-serif;color:#1b1b1b;margin:0;background:#fff;overflow-wrap:break-word}
.any{overflow-wrap:anywhere}
main{max-width:46rem;margin:auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h1 small{font-size:1.05rem;font-weight:normal}
h2{font-size:1.25rem;border-bottom:2px solid #1f5f99;padding-bottom:.2rem;margin-top:2rem;break-after:avoid}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem;break-after:avoid}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:10pt;break-inside:auto}
th,td{border:1px solid #9a9a9a;padding:.25rem .45rem;text-align:left;vertical-align:top}
thead th{background:#e8eef5}td:nth-child(2),td:nth-child(3){white-space:nowrap}
table.kv th{width:45%;font-weight:normal;background:#f4f6f8}table.kv td{white-space:normal}
table.wide{font-size:8.5pt}table.wide th,table.wide td{white-space:normal;padding:.2rem .3rem;overflow-wrap:break-word}
table.list{font-size:8pt}table.list th,table.list td{padding:.2rem}
.nowrap{white-space:nowrap!important}.note{color:#444;font-size:9.5pt}.n{font-weight:bold;margin:.2rem 0}
figure{margin:.4rem 0;break-inside:avoid;-webkit-user-select:none;user-select:none}.keep{break-inside:avoid}.lead{break-after:avoid}.q{break-inside:avoid-page}tr{break-inside:avoid}
@media print{main{max-width:none;padding:0}}`
