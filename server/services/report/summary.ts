import { formatNumber, formatPercent, type NumberLang } from '../percent'
import type { Share, ShownShare } from './types'

const visible = (items: Share[]) => items.filter((i): i is ShownShare => !i.suppressed && i.count > 0)

/**
 * The sentence reports write under a chart: the leading option and the runner-up, with ties said as
 * ties. "La opción más elegida fue «Buena» (55,2 %), seguida de «Excelente» (30,0 %)." With nobody
 * answering, "aún" only while the survey takes answers (`open`): once it or the event is closed, nobody did.
 */
export function leadingSentence(answered: number, items: Share[], lang: NumberLang, open = true): string {
  const sorted = [...visible(items)].sort((a, b) => b.count - a.count)
  if (answered === 0)
    return open
      ? lang === 'en'
        ? 'No answers yet.'
        : 'Aún no hay respuestas.'
      : lang === 'en'
        ? 'Nobody answered this question.'
        : 'Nadie respondió esta pregunta.'
  const n = `${formatNumber(answered, lang)} ${lang === 'en' ? (answered === 1 ? 'answer' : 'answers') : answered === 1 ? 'respuesta' : 'respuestas'}`
  // A question without options (free text): how many answered, nothing hidden.
  if (items.length === 0) return `${n}.`
  if (sorted.length === 0)
    return lang === 'en'
      ? `${formatNumber(answered, lang)} answered; the options' figures are hidden, since at least one has fewer than 5 people.`
      : `${formatNumber(answered, lang)} ${answered === 1 ? 'persona respondió' : 'personas respondieron'}; las cifras de las opciones se ocultan porque al menos una tiene menos de 5 personas.`
  // A cell hidden beside a small one may be as large as the shown ones (suppression.ts): the sentence
  // then speaks of the options shown, which is true whatever the hidden counts are and says nothing of them.
  const among = items.some((i) => i.suppressed)
    ? lang === 'en'
      ? ' among the options whose figures are shown,'
      : ' entre las opciones con cifra publicada,'
    : ''
  const top = sorted.filter((s) => s.count === sorted[0].count)
  const name = (s: ShownShare) => (lang === 'en' ? `“${s.label}”` : `«${s.label}»`)
  const q = (s: ShownShare) => `${name(s)} (${formatPercent(s.percent, lang)})`
  if (top.length > 1) {
    const list = joinList(top.map(q), lang)
    return lang === 'en'
      ? `Of ${n},${among} ${list} were tied as the most chosen.`
      : `De ${n},${among} ${list} empataron como las más elegidas.`
  }
  // The runner-up may be a tie too ("Página web", "Voz a voz" and "Otro", 1 person each): naming only
  // the first in the form's order would read as if it alone came second.
  const next = sorted.filter((s) => s.count === sorted[1]?.count)
  const after = !next.length
    ? ''
    : next.length === 1
      ? q(next[0])
      : lang === 'en'
        ? `${joinList(next.map(name), lang)}, with ${formatPercent(next[0].percent, lang)} each`
        : `${joinList(next.map(name), lang)}, con ${formatPercent(next[0].percent, lang)} cada una`
  if (lang === 'en')
    return `Of ${n},${among} the most chosen option was ${q(top[0])}${after ? `, followed by ${after}` : ''}.`
  return `De ${n},${among} la opción más elegida fue ${q(top[0])}${after ? `, seguida de ${after}` : ''}.`
}

export function joinList(parts: string[], lang: NumberLang): string {
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} ${lang === 'en' ? 'and' : 'y'} ${parts[parts.length - 1]}`
}

/** "55,2 % Despacho, 30,0 % Cadenas de Valor y 14,8 % Servicios Productivos" */
export function sharesSentence(items: Share[], lang: NumberLang): string {
  return joinList(
    visible(items)
      .sort((a, b) => b.count - a.count)
      .map((s) => `${formatPercent(s.percent, lang)} ${s.label}`),
    lang,
  )
}
