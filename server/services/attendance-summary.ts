import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { attendanceCounters, type Event } from '../../db/schema'
import type { Lang } from '../messages'
import type { linkChannels } from '../schemas/attendance'
import { type Dimension, dimensions } from './attendance-counters'
import { percent } from './percent'
import {
  ageOptions,
  bankLabel,
  channelOptions,
  educationOptions,
  genderOptions,
  occupationOptions,
  populationGroupsOf,
} from './question-bank'
import type { QuestionStat } from './stats'
import { mergeFewTyped, publicQuestion } from './suppression'

export type Opt = Parameters<typeof bankLabel>[0]
/** Each breakdown with its survey question id (same options) and its label. */
const breakdowns: Record<Dimension, { surveyId?: string; es: string; en: string; opts?: Opt; multi?: true }> =
  {
    gender: { surveyId: 'genero', es: 'Género', en: 'Gender', opts: genderOptions },
    ageRange: { surveyId: 'rango_edad', es: 'Rango de edad', en: 'Age range', opts: ageOptions },
    occupation: { surveyId: 'ocupacion', es: 'Ocupación', en: 'Occupation', opts: occupationOptions },
    education: {
      surveyId: 'nivel_educativo',
      es: 'Nivel de escolaridad',
      en: 'Education',
      opts: educationOptions,
    },
    populationGroups: {
      surveyId: 'grupo_poblacional',
      es: 'Grupo poblacional',
      en: 'Population group',
      opts: populationGroupsOf('CO'),
      multi: true,
    },
    territory: { es: 'Territorio', en: 'Territory' },
    channel: {
      surveyId: 'medio_enterado',
      es: 'Medio por el que se enteró',
      en: 'How they heard',
      opts: channelOptions,
    },
    linkChannel: { es: 'Canal del enlace de invitación', en: 'Invitation link channel' },
  }
/** The channels of an invitation link (`?canal=`), in Spanish and English; a brand's name is the same in both. */
const linkNames: Record<(typeof linkChannels)[number], string | [string, string]> = {
  whatsapp: 'WhatsApp',
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  telegram: 'Telegram',
  correo: ['Correo electrónico', 'E-mail'],
  sms: 'SMS',
  web: ['Página web', 'Website'],
  qr: ['Código QR', 'QR code'],
  radio: 'Radio',
  otro: ['Otro', 'Other'],
}
/** An invitation link's channel as `lang` names it; one not in the list, as it came. */
export const linkLabel = (v: string, lang: Lang) => {
  const name = Object.hasOwn(linkNames, v) ? linkNames[v as keyof typeof linkNames] : v
  return typeof name === 'string' ? name : name[lang === 'en' ? 1 : 0]
}

/**
 * Totals and breakdowns from the counter rows: O(options), whatever the number of registrations.
 * Registered, checked in and the staff-entered figures are kept apart, each with its source.
 */
export async function attendanceSummary(db: Db, event: Event, lang: Lang) {
  const rows = await db.select().from(attendanceCounters).where(eq(attendanceCounters.eventId, event.id))
  const get = (d: string, v: string) => rows.find((r) => r.dimension === d && r.value === v)?.count ?? 0
  const list: (QuestionStat & { surveyId: string | null })[] = dimensions.map((d) => {
    // The population groups in the event's country's list and words (Ecuador's census categories at an
    // Ecuadorian event); another group counted there keeps its row after them.
    const b =
      d === 'populationGroups' ? { ...breakdowns[d], opts: populationGroupsOf(event.country) } : breakdowns[d]
    const answered = get(d, '')
    const counted = rows.filter((r) => r.dimension === d && r.value !== '')
    const values = b.opts
      ? [
          ...b.opts.map(([v]) => v),
          ...counted.map((r) => r.value).filter((v) => !b.opts!.some(([o]) => o === v)),
        ]
      : counted.sort((x, y) => y.count - x.count).map((r) => r.value)
    const label = (v: string) =>
      b.opts
        ? bankLabel(b.opts, v, lang)
        : d === 'linkChannel'
          ? linkLabel(v, lang)
          : (counted.find((r) => r.value === v)?.label ?? v)
    return {
      id: d,
      surveyId: b.surveyId ?? null,
      label: b[lang],
      type: b.multi ? 'multi' : 'single',
      required: false,
      sensitive: d === 'populationGroups',
      answered,
      options: values.map((v) => ({
        value: v,
        label: label(v),
        count: get(d, v),
        percent: percent(get(d, v), answered),
      })),
    }
  })
  return {
    registered: { value: get('registered', ''), source: 'registro' },
    checkedIn: { value: get('checked_in', ''), source: 'ingreso' },
    bySource: { form: get('source', 'form'), staff: get('source', 'staff') },
    figures: event.figures,
    breakdowns: list,
  }
}

type Breakdown = Awaited<ReturnType<typeof attendanceSummary>>['breakdowns'][number]
const fewPlaces = { es: 'Otros territorios', en: 'Other territories' }

/**
 * A breakdown's rows before the public copy suppresses its small cells: the territories are typed by
 * the attendees, so the places of fewer than 5 people are merged into one unnamed row.
 */
export const publicRows = (b: Breakdown, lang: Lang): Breakdown =>
  b.id === 'territory' ? mergeFewTyped(b, fewPlaces[lang]) : b

/** A breakdown as the public sees it: `publicRows`, with small cells and sensitive breakdowns hidden. */
export const publicBreakdown = (b: Breakdown, lang: Lang) => publicQuestion(publicRows(b, lang))
