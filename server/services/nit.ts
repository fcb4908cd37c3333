import type { Entity } from '../../db/schema'

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
