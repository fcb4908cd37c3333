import { documentLabels, documentsOf } from '../../db/enums'
import {
  ageOptions,
  bankLabel,
  channelOptions,
  educationOptions,
  genderOptions,
  occupationOptions,
  populationGroupsOf,
  populationOptions,
} from '../../server/services/question-bank'
import type { Lang } from '../shared/api'

/** A registration as the holder search answers it (server/services/holders.ts). */
export type Registration = {
  id: string
  name: string
  documentType: string | null
  documentNumber: string | null
  email: string | null
  phone: string | null
  gender: string | null
  ageRange: string | null
  occupation: string | null
  education: string | null
  populationGroups: string[] | null
  territory: string | null
  channel: string | null
  /** `given`: 'in_person' when staff took it at the door (POST …/walk-ins). */
  consent: { version: string; at: string; accepted: { sensitive: boolean }; given?: 'in_person' }
  checkedInAt: string | null
  createdAt: string
}
export type Found = Registration & {
  event: {
    slug: string
    title: string
    startsAt: string
    timezone: string
    country: 'CO' | 'EC'
    entityName: string
  }
  matchedBy: string[]
  votes: { questionId: string; radicado: string; votedAt: string }[]
}
export type Petition = {
  id: string
  radicado: string
  event: Found['event']
  type: string
  status: string
  receivedAt: string
  identityReserve: boolean
  anonymous: boolean
  name: string | null
  email: string | null
  phone: string | null
  matchedBy: string[]
}
export type HolderResult = {
  keys: string[]
  registrations: Found[]
  petitions: Petition[]
  surveyResponses: { linked: false }
  truncated: boolean
}

/** The characterisation answers with the options the registration's schema takes (the question bank). */
export const choices = {
  gender: genderOptions,
  ageRange: ageOptions,
  occupation: occupationOptions,
  education: educationOptions,
  channel: channelOptions,
}
export type Choice = keyof typeof choices
/**
 * The population groups a registration of an event of `country` is offered to correct: that country's
 * (as its attendance form offers them), and any other it holds, which stays until unticked.
 */
export const groupsOf = (country: 'CO' | 'EC', held: string[] | null) => {
  const own = populationGroupsOf(country)
  const other = (held ?? []).filter((g) => !own.some(([v]) => v === g))
  return [...own, ...populationOptions.filter(([v]) => other.includes(v))]
}

/** An answer's label; a population group's as its event's country names it ('afro' differs). */
export const optionLabel = (
  field: Choice | 'populationGroups',
  value: string,
  lang: Lang,
  country: 'CO' | 'EC' = 'CO',
) => bankLabel(field === 'populationGroups' ? groupsOf(country, [value]) : choices[field], value, lang)

/**
 * The document types offered: with `country`, those an event there offers (a registration's correction),
 * else every one (the search, across entities of both countries).
 */
export const documentOptions = (lang: Lang, current: string | null, country?: 'CO' | 'EC') => {
  const list = country ? documentsOf[country] : documentLabels
  const known = Object.entries(list).map(([value, l]) => ({ value, label: l[lang] }))
  // RC and NUIP are taken but not offered, nor another country's: a registration that has one keeps it.
  const held = current && (documentLabels as Record<string, { es: string; en: string }>)[current]
  return current && !known.some((o) => o.value === current)
    ? [...known, { value: current, label: held ? held[lang] : current }]
    : known
}

/** The fields a correction sends: only those changed, an emptied optional one as `null`. */
export function changes(before: Registration, form: HTMLFormElement): Record<string, unknown> {
  const data = new FormData(form)
  const out: Record<string, unknown> = {}
  const text = (k: keyof Registration) => {
    const v = String(data.get(k) ?? '').trim()
    const now = v === '' ? null : v
    if (now !== before[k]) out[k] = k === 'name' ? v : now
  }
  for (const k of ['name', 'documentType', 'documentNumber', 'email', 'phone', 'territory'] as const) text(k)
  for (const k of Object.keys(choices) as Choice[]) text(k)
  const picked = data.getAll('populationGroups').map(String)
  const was = before.populationGroups ?? []
  if ([...picked].sort().join() !== [...was].sort().join())
    out.populationGroups = picked.length ? picked : null
  return out
}
