import { contentLang, plainSpaces, taxIdName, when, zoneName } from '../../web/shared/format'
import type { Lang } from '../messages'
import { PRINT_SCRIPT_PATH } from '../pages/print-button'
import { PQRSD_LABELS } from './calendar'
import { localDate } from './calendar/local-date'
import { type Constancia, DAY_REMOVED, type DateMoved, RECOUNTED } from './constancia'
import { dateTimeText } from './date-text'

/** The constancia as a person reads it: plain text or printable HTML, in Spanish or English. */
const L = {
  title: ['Constancia de radicación de petición', 'Petition filing receipt'],
  radicado: ['Radicado', 'Filing number'],
  receivedAt: ['Fecha y hora de recepción', 'Received on'],
  entity: ['Entidad', 'Entity'],
  event: ['Evento', 'Event'],
  type: ['Tipo', 'Type'],
  term: ['Término legal', 'Legal term'],
  days: ['días hábiles', 'business days'],
  dueDate: ['Fecha de vencimiento', 'Due date'],
  dueDateMoved: ['Vencimiento recalculado', 'Due date worked out again'],
  before: ['antes', 'was'],
  petitioner: ['Peticionario', 'Petitioner'],
  anonymous: ['Anónimo', 'Anonymous'],
  document: ['Documento', 'Identity document'],
  contact: ['Contacto', 'Contact'],
  reserve: ['Reserva de identidad solicitada', 'Identity reserve requested'],
  text: ['Objeto de la petición', 'What was asked'],
  reasons: ['Razones', 'Reasons'],
  annexes: ['Anexos', 'Annexes'],
  none: ['Ninguno', 'None'],
  receivedBy: ['Recibida por', 'Received by'],
  form: ['Forma de presentación', 'Form'],
  verbal: ['Verbal', 'Verbal'],
  written: ['Escrita', 'Written'],
  channel: ['Canal', 'Channel'],
  answer: ['Respuesta', 'Answer'],
  answeredLive: ['dada en vivo durante el evento', 'given live at the event'],
  answeredWritten: ['por escrito', 'in writing'],
  answeredAt: ['Fecha de la respuesta', 'Answered on'],
  answerMerged: ['Respondida al unirla a la petición', 'Answered on being merged into petition'],
  updatedAt: ['Última actualización', 'Last updated'],
  print: ['Imprimir o guardar como PDF', 'Print or save as PDF'],
  extended: ['Término prorrogado hasta', 'Term extended to'],
  noticed: ['aviso del', 'notice given on'],
  extensionReason: ['Motivo de la prórroga', 'Reason for the extension'],
  extensionMoved: ['Prórroga recalculada', 'Extended date worked out again'],
  forwarded: ['Trasladada a la entidad competente', 'Forwarded to the competent entity'],
  forwardedAt: ['Fecha del traslado', 'Forwarded on'],
  recorded: ['registrado el', 'recorded on'],
  receivedOn: ['Fecha de recepción', 'Received on'],
  filedAt: ['Radicada el', 'Filed on'],
  forwardDue: ['Plazo para el traslado', 'Forwarding due by'],
  forwardLate: ['trasladada después del plazo', 'forwarded after that date'],
  forwardReason: ['Motivo del traslado', 'Reason for forwarding'],
  suspended: [
    'suspendido mientras el peticionario completa la petición',
    'suspended while the petitioner completes the petition',
  ],
  requestedOn: ['Requerimiento para completar la petición', 'Returned to be completed'],
  requested: ['Lo que debe aportar', 'What must be provided'],
  deadline: ['Plazo para completarla', 'To be completed by'],
  completedOn: [
    'Completada; el término corre de nuevo desde el día siguiente',
    'Completed; the term runs again from the next day',
  ],
  withdrawn: ['Desistimiento tácito declarado', 'Deemed withdrawn'],
  noTerm: ['ya no corre: se declaró el desistimiento tácito', 'no longer running: deemed withdrawn'],
  withdrawalAct: ['Acto que lo declara', 'Act that declares it'],
  desisted: ['Desistimiento expreso del peticionario', 'Withdrawn by the petitioner'],
  desistedNoTerm: [
    'ya no corre: el peticionario desistió de la petición',
    'no longer running: the petitioner withdrew the petition',
  ],
  desistedHow: ['Cómo lo expresó', 'How it was expressed'],
  exOfficio: [
    'La entidad continúa de oficio la actuación, por razones de interés público',
    'The entity continues the proceeding ex officio, for reasons of public interest',
  ],
  resolution: ['Resolución motivada', 'Reasoned resolution'],
} as const

const CHANNELS = {
  presencial: ['En persona, en el evento', 'In person, at the event'],
  transmision: ['Transmisión en vivo', 'Live stream'],
  widget: ['Formulario en línea', 'Online form'],
} as const

/** `written`: a value as people typed it, in the entity's Spanish whatever the constancia's language. */
type Line = [label: string, value: string, written?: true]

// The articles of Colombia's Ley 1755 de 2015 behind a line, named on a Colombian entity's constancia only:
// an Ecuadorian entity's petitions are not under that law, and its receipt must not say they are.
const ARTICLE = { forwardDue: 21, requestedOn: 17, desisted: 18, exOfficio: 18 } as const

function lines(c: Constancia, lang: Lang): Line[] {
  const i = lang === 'en' ? 1 : 0
  const colombian = (c.entity.country ?? 'CO') === 'CO'
  const law = (key: keyof typeof ARTICLE) =>
    colombian ? `${L[key][i]} (Ley 1755 de 2015, art. ${ARTICLE[key]})` : L[key][i]
  // Withdrawn by the petitioner, unless the entity continued it ex officio since (art. 18).
  const desisted = c.desistance && !(c.exOfficio && c.exOfficio.at >= c.desistance.at)
  // As the widget and the lookup write them (web/shared/format.ts), with the second of receipt kept.
  const zone = zoneName(c.timezone, lang)
  const at = (iso: string) =>
    `${dateTimeText(iso, lang, c.timezone, { date: 'full', time: 'medium' })} (${zone})`
  const day = (date: string) => plainSpaces(when(date, lang, c.timezone))
  // Why a date moved: a continuation ex officio in the constancia's language (one stored before `cause` was
  // kept has RECOUNTED's Spanish text); a calendar day, the day and the source staff gave for it, as they
  // wrote it, and whether the day was taken back out in the constancia's language.
  const why = (m: DateMoved) =>
    m.cause === 'exOfficio' || m.reason === RECOUNTED.es
      ? RECOUNTED[lang]
      : m.reason.endsWith(DAY_REMOVED.es)
        ? m.reason.slice(0, -DAY_REMOVED.es.length) + DAY_REMOVED[lang]
        : m.reason
  const moved = (m: DateMoved) => `${at(m.at)} (${L.before[i]} ${day(m.from)}): ${why(m)}`
  // The day the answer or the forwarding was sent, and, when recorded on a later day, when it was recorded.
  const sent = (on: string | null | undefined, recorded: string) =>
    on && on !== localDate(new Date(recorded), c.timezone)
      ? `${day(on)} (${L.recorded[i]} ${at(recorded)})`
      : at(recorded)
  const out: Line[] = [
    [L.radicado[i], c.radicado],
    // Filed after the day it was received: that day, which the term counts from, then the filing's time.
    ...(c.receivedOn
      ? ([
          [L.receivedOn[i], day(c.receivedOn)],
          [L.filedAt[i], at(c.receivedAt)],
        ] as Line[])
      : ([[L.receivedAt[i], at(c.receivedAt)]] as Line[])),
    [
      L.entity[i],
      [c.entity.name, c.entity.nit && `${taxIdName(c.entity.country ?? 'CO')} ${c.entity.nit}`]
        .filter(Boolean)
        .join(' — '),
      true,
    ],
    [L.event[i], c.event.title, true],
    [L.type[i], PQRSD_LABELS[c.type][lang]],
    [L.term[i], `${c.termDays} ${L.days[i]}`],
    // While it waits for the petitioner, the term is suspended: no date is due (art. 17); withdrawn, none
    // ever will be.
    [
      L.dueDate[i],
      c.withdrawal
        ? L.noTerm[i]
        : desisted
          ? L.desistedNoTerm[i]
          : c.completion && !c.completion.completedOn
            ? L.suspended[i]
            : day(c.dueDate),
    ],
  ]
  const k = c.completion
  if (k) {
    out.push([law('requestedOn'), day(k.requestedOn)])
    if (k.requested) out.push([L.requested[i], k.requested, true])
    if (k.deadline) out.push([L.deadline[i], day(k.deadline)])
    if (k.completedOn) out.push([L.completedOn[i], day(k.completedOn)])
  }
  if (c.withdrawal) {
    out.push([L.withdrawn[i], at(c.withdrawal.at)])
    if (c.withdrawal.reason) out.push([L.withdrawalAct[i], c.withdrawal.reason, true])
  }
  if (c.desistance) {
    out.push([law('desisted'), day(c.desistance.on)])
    if (c.desistance.how) out.push([L.desistedHow[i], c.desistance.how, true])
  } else if (c.exOfficio) out.push([law('desisted'), day(c.exOfficio.desistedOn)])
  if (c.exOfficio) {
    out.push([law('exOfficio'), at(c.exOfficio.at)])
    out.push([L.resolution[i], c.exOfficio.resolution, true])
  }
  if (c.dueDateMoved) out.push([L.dueDateMoved[i], moved(c.dueDateMoved)])
  if (c.extension)
    out.push([
      L.extended[i],
      `${day(c.extension.dueDate)}${c.extension.noticeDate ? ` (${L.noticed[i]} ${day(c.extension.noticeDate)})` : ''}`,
    ])
  if (c.extension?.moved) out.push([L.extensionMoved[i], moved(c.extension.moved)])
  if (c.extension?.reason) out.push([L.extensionReason[i], c.extension.reason])
  const f = c.forwarding
  if (f) {
    out.push([L.forwarded[i], f.to, true])
    if (f.at) out.push([L.forwardedAt[i], sent(f.on, f.at)])
    if (f.dueDate) {
      const late = f.at && (f.on ?? localDate(new Date(f.at), c.timezone)) > f.dueDate
      out.push([law('forwardDue'), `${day(f.dueDate)}${late ? ` (${L.forwardLate[i]})` : ''}`])
    }
    if (f.reason) out.push([L.forwardReason[i], f.reason, true])
  }
  const p = c.petitioner
  if (p.anonymous) out.push([L.petitioner[i], L.anonymous[i]])
  else {
    out.push([L.petitioner[i], p.name ?? '—'])
    if (p.documentNumber) out.push([L.document[i], `${p.documentType ?? ''} ${p.documentNumber}`.trim()])
    const contact = [p.email, p.phone, p.address].filter(Boolean).join(' · ')
    if (contact) out.push([L.contact[i], contact])
    if (p.identityReserve) out.push([L.reserve[i], lang === 'en' ? 'Yes' : 'Sí'])
  }
  out.push(
    [L.text[i], c.text, true],
    c.reasons ? [L.reasons[i], c.reasons, true] : [L.reasons[i], '—'],
    [L.annexes[i], c.annexes.length ? c.annexes.join('; ') : L.none[i]],
    [L.receivedBy[i], c.receivedBy, true],
    [L.form[i], c.verbal ? L.verbal[i] : L.written[i]],
    [L.channel[i], CHANNELS[c.channel][i]],
  )
  if (c.answer) {
    const how = c.answer.live ? L.answeredLive[i] : L.answeredWritten[i]
    out.push(
      [`${L.answer[i]} (${how})`, c.answer.text, true],
      [L.answeredAt[i], sent(c.answer.on, c.answer.at)],
    )
    // The same question asked twice gets the one answer: this copy says whose, and when it was joined.
    const m = c.answer.merged
    if (m) out.push([L.answerMerged[i], `${m.radicado} (${at(m.at)})`])
  }
  if (c.updatedAt) out.push([L.updatedAt[i], at(c.updatedAt)])
  return out
}

export function constanciaText(c: Constancia, lang: Lang): string {
  const title = L.title[lang === 'en' ? 1 : 0]
  const body = lines(c, lang).map(([k, v]) => `${k}: ${v}`)
  return `${title}\n${'='.repeat(title.length)}\n\n${body.join('\n')}\n`
}

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )

export function constanciaHtml(c: Constancia, lang: Lang): string {
  const i = lang === 'en' ? 1 : 0
  const title = `${L.title[i]} ${c.radicado}`
  const es = contentLang(lang)
  const rows = lines(c, lang)
    .map(([k, v, written]) => {
      const td = written && es ? `<td lang="${es}">` : '<td>'
      return `<tr><th scope="row">${esc(k)}</th>${td}${esc(v).replace(/\n/g, '<br>')}</td></tr>`
    })
    .join('\n')
  // The petitioner opens it on the phone they asked from: at the phone's width (without the viewport a
  // phone lays it out 980 px wide and shrinks it to a third), labels wrapping and long values broken
  // rather than pushed past the edge. The print button is for in-app browsers, which have no print menu;
  // the page's CSP runs no inline script, so a file of this origin shows it (server/pages/print-button.ts).
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.5rem;line-height:1.25;overflow-wrap:anywhere}
th{text-align:left;vertical-align:top;padding:.4rem 1rem .4rem 0;white-space:nowrap}td{padding:.4rem 0;overflow-wrap:anywhere}
table{border-collapse:collapse}tr+tr{border-top:1px solid #ccc}
#print{font:inherit;min-height:2.75rem;padding:.5rem 1rem;margin:0 0 1rem;cursor:pointer}
@media (max-width:30rem){body{margin:1rem auto}th{width:40%;padding-right:.75rem;white-space:normal}}
@media print{#print{display:none}}</style></head>
<body><main><h1>${esc(title)}</h1>
<button type="button" id="print" hidden>${esc(L.print[i])}</button>
<table>
${rows}
</table></main><script src="${PRINT_SCRIPT_PATH}" defer></script></body></html>
`
}
