import type { Entity } from '../../db/schema'
import { taxIdName } from '../../web/shared/format'

/**
 * An entity's tax id: Colombia's NIT (a base number and its check digit, written `890.480.184-4`,
 * `890480184-4` or `8904801844`) or Ecuador's RUC (13 digits). Two are the same when their digits are;
 * the `key` stored beside the NIT as typed (`entities.nit_key`, unique) is those digits.
 */
type Country = Entity['country']

// DIAN's weights, from the base's last digit leftwards (Orden Administrativa 4 de 1989).
const WEIGHTS = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71]

/** The check digit (dígito de verificación) of a Colombian NIT's base number; null past 15 digits. */
export function checkDigit(base: string): number | null {
  if (!/^\d{1,15}$/.test(base)) return null
  let sum = 0
  for (let i = 0; i < base.length; i++) sum += Number(base[base.length - 1 - i]) * WEIGHTS[i]
  const r = sum % 11
  return r > 1 ? 11 - r : r
}

export const nitDigits = (nit: string) => nit.replace(/\D/g, '')

/** Whether `digits` can be a whole NIT: its last digit is the check digit of the ones before. */
const endsInItsCheckDigit = (digits: string) =>
  digits.length >= 2 && checkDigit(digits.slice(0, -1)) === Number(digits.at(-1))

// A check digit set apart by a hyphen (or a dash): "890.480.184-4", "890480184 - 4".
const HYPHENATED = /\d\D*[-‐–—]\s*\d\s*$/

/**
 * The NIT as an entity stores it: its digits, with a Colombian check digit typed after a hyphen still
 * after one (`890.480.184-4` → `890480184-4`). Digits typed without the hyphen stay without it: whether
 * the last is a check digit would be a guess.
 */
export function canonicalNit(nit: string, country: Country): string {
  const digits = nitDigits(nit)
  return country === 'CO' && HYPHENATED.test(nit) ? `${digits.slice(0, -1)}-${digits.at(-1)}` : digits
}

/**
 * The keys an entity of `country` registered with this NIT may have (`entities.nit_key` is one of them):
 * the NIT's own digits first. In Colombia the same NIT may have been registered with or without its
 * check digit, so also:
 * - typed without it (no hyphen, and its last digit is not the check digit of the rest, so it cannot be
 *   a whole NIT): the digits followed by their check digit (`890480184` finds `890480184-4`);
 * - typed with a right check digit: the base alone, when the base cannot be a whole NIT itself
 *   (`890480184-4` finds `890480184`, registered before without it).
 * A wrong check digit finds only its own digits: a number is read as lacking its check digit only when
 * it cannot be complete, so two NITs whose bases differ never meet.
 */
export function nitKeys(nit: string, country: Country): string[] {
  const key = nitDigits(nit)
  if (country !== 'CO' || !key) return [key]
  const complete = HYPHENATED.test(nit) || endsInItsCheckDigit(key)
  const dv = checkDigit(key)
  if (!complete) return dv === null ? [key] : [key, `${key}${dv}`]
  const base = key.slice(0, -1)
  return endsInItsCheckDigit(key) && !endsInItsCheckDigit(base) ? [key, base] : [key]
}

/**
 * Whether an entity's stored NIT is this one: the same digits, or (both in Colombia) one of `nitKeys`'
 * others. In Colombia the same digits with a check digit set apart in one and not in the other are two
 * NITs when that check digit is wrong (`89048018-4` is base 89048018, `890480184` is base 890480184
 * without its check digit); one stored as its base alone must have been typed without a check digit.
 */
export function sameNit(nit: string, country: Country, stored: { nit: string; country: Country }): boolean {
  const digits = nitDigits(stored.nit)
  const [key, ...alike] = nitKeys(nit, country)
  if (country !== 'CO' || stored.country !== 'CO') return digits === key
  const hyphenated = HYPHENATED.test(stored.nit)
  if (digits === key) return hyphenated === HYPHENATED.test(nit) || endsInItsCheckDigit(key)
  return alike.includes(digits) && (digits.length > key.length || !hyphenated)
}

type Said = { es: string; en: string }

/**
 * The tax id by the name it has where the entity is registered (`taxIdName`), in the texts its staff
 * read: an Ecuadorian entity's are of its RUC only, a Colombian one's of its NIT.
 */
export const taxIdOf = (country: Country): Said => {
  const name = taxIdName(country)
  return { es: `el ${name}`, en: `the ${name}` }
}

/** Another entity has this tax id (ENTITY_NIT_TAKEN); a RUC's check digit is not checked, so not named. */
export const taxIdTaken = (country: Country): Said =>
  country === 'EC'
    ? {
        es: 'Otra entidad ya está registrada con un RUC de esos mismos dígitos; revise el número.',
        en: 'Another entity is already registered with a RUC of those same digits; check the number.',
      }
    : {
        es: 'Otra entidad ya está registrada con un NIT de esos mismos dígitos; revise el número y su dígito de verificación.',
        en: 'Another entity is already registered with a NIT of those same digits; check the number and its check digit.',
      }

/**
 * Why `nit` cannot be the tax id of an entity of `country`, or null when it can:
 * - Colombia: a NIT's base has 6 to 15 digits and its check digit follows it after a hyphen (DIAN's
 *   modulo 11, `checkDigit`), the way the RUT writes it. Digits typed bare are refused: whether the last
 *   is the check digit or the base's own cannot be told, and one base in eleven would pass for a whole
 *   NIT with it missing. A wrong check digit is said not to match, without the one that would: it most
 *   often means a base mistyped, which the right digit would only hide.
 * Only what is written is held to this (a new entity's NIT, or a NIT given or changed): entities stored
 * before with a NIT without its check digit are still read, and found by an event that types it either
 * way (`nitKeys`).
 * - Ecuador: a RUC has 13 digits: the province (01 to 24, or 30 for those registered abroad), the type
 *   of taxpayer in the third (0 to 5 a person, 6 a public entity, 9 a company) and an establishment
 *   number that is not 000 at the end. Its check digit is not checked: the SRI has issued RUCs whose
 *   digit does not follow the published rule, and refusing a real one would stop its events.
 */
export function nitProblem(nit: string, country: Country): Said | null {
  const digits = nitDigits(nit)
  if (country === 'EC') {
    const province = Number(digits.slice(0, 2))
    const ok =
      digits.length === 13 &&
      ((province >= 1 && province <= 24) || province === 30) &&
      /^[0-69]$/.test(digits[2]) &&
      digits.slice(10) !== '000'
    return ok
      ? null
      : {
          es: `«${nit.trim()}» no es un RUC: tiene 13 dígitos (p. ej. 1760001550001): la provincia (01 a 24, o 30), el tipo de contribuyente (0 a 6 o 9) y el establecimiento al final (001).`,
          en: `"${nit.trim()}" is not a RUC: it has 13 digits (e.g. 1760001550001): the province (01 to 24, or 30), the type of taxpayer (0 to 6 or 9) and the establishment at the end (001).`,
        }
  }
  const hyphenated = HYPHENATED.test(nit)
  const base = hyphenated ? digits.slice(0, -1) : digits
  if (base.length < 6 || base.length > (hyphenated ? 15 : 16))
    return {
      es: `«${nit.trim()}» no es un NIT: escriba el número (6 a 15 dígitos) y su dígito de verificación tras un guion, p. ej. 890.480.184-4.`,
      en: `"${nit.trim()}" is not a NIT: give the number (6 to 15 digits) and its check digit after a hyphen, e.g. 890.480.184-4.`,
    }
  if (!hyphenated)
    return {
      es: `Falta el dígito de verificación de «${nit.trim()}», o su guion: escriba el NIT como en el RUT de la entidad, el número y su dígito de verificación tras un guion, p. ej. 890.480.184-4.`,
      en: `"${nit.trim()}" lacks its check digit, or its hyphen: give the NIT as the entity's RUT has it, the number and its check digit after a hyphen, e.g. 890.480.184-4.`,
    }
  if (checkDigit(base) !== Number(digits.at(-1)))
    return {
      es: `El dígito de verificación no corresponde al número ${base}: revise el NIT y su dígito en el RUT de la entidad (p. ej. 890.480.184-4).`,
      en: `The check digit does not match the number ${base}: check the NIT and its digit on the entity's RUT (e.g. 890.480.184-4).`,
    }
  return null
}
