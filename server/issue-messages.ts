import type { z } from 'zod'
import { en, es } from 'zod/locales'
import type { Lang } from './messages'

type Issue = Parameters<ReturnType<typeof es>['localeError']>[0]
type Says = (issue: Issue) => string | undefined
/** A schema's definition, as far as the messages read it. */
type Def = { type?: string; format?: string; element?: z.ZodType; checks?: { _zod: { def: Def } }[] }
const defOf = (schema: unknown): Def => (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def ?? {}

/**
 * A whole number: `z.int()`, or `z.number().int()`, which given a string says it expected a number (its
 * integer check is not reached), and given 3.5 an `int`.
 */
const integer = (schema: unknown) => {
  const def = defOf(schema)
  const whole = (d: Def) => /int/.test(d.format ?? '')
  return whole(def) || (def.checks ?? []).some((c) => whole(c._zod.def))
}
/** A list of options (`z.array(z.enum(…))`): what people choose, not type. */
const choices = (schema: unknown) => {
  const def = defOf(schema)
  const of = def.type === 'array' ? defOf(def.element).type : undefined
  return of === 'enum' || of === 'literal'
}
const list = (items: string[], or: string) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} ${or} ${items.at(-1)}` : items[0]
const valueText = (v: unknown) => (typeof v === 'string' ? v : String(v))

/**
 * zod's own messages read "Entrada inválida: se esperaba texto, recibido indefinido", "Inválido fecha y
 * hora ISO", "Opción inválida: se esperaba una de "mujer"|"hombre"", and are shown as they are under the
 * field on a phone. These say what is expected, in words people use, in both languages; zod's locale says
 * what they do not cover (nothing a person filling in a form meets). A schema's own message goes first.
 */
function plain(lang: Lang): Says {
  const say = (es: string, en: string) => (lang === 'en' ? en : es)
  const or = say('o', 'or')
  // What a value of each type is called, to say what a field takes: "Envíe un texto o un número."
  const noun = (expected: string): string | undefined =>
    ({
      string: say('un texto', 'a text'),
      number: say('un número', 'a number'),
      int: say('un número entero', 'a whole number'),
      boolean: say('true o false', 'true or false'),
      array: say('una lista', 'a list'),
      object: say('un objeto JSON', 'a JSON object'),
      record: say('un objeto JSON', 'a JSON object'),
      null: 'null',
    })[expected]
  const count = (n: number, one: [string, string], many: [string, string]) =>
    n === 1 ? say(one[0], one[1]) : say(`${n} ${many[0]}`, `${n} ${many[1]}`)
  const options = (values: readonly unknown[]) =>
    values.length === 1
      ? say(
          `Solo se admite el valor ${valueText(values[0])}.`,
          `Only the value ${valueText(values[0])} is accepted.`,
        )
      : say(
          `Elija una de las opciones: ${values.map(valueText).join(', ')}.`,
          `Choose one of the options: ${values.map(valueText).join(', ')}.`,
        )
  const required = say('Falta este campo: es obligatorio.', 'This field is required.')

  const wrongType = (expected: string, schema: unknown): string | undefined => {
    switch (expected) {
      case 'string':
        return say('Escriba un texto.', 'Write some text.')
      case 'int':
      case 'number':
        return expected === 'int' || integer(schema)
          ? say('Escriba un número entero.', 'Enter a whole number.')
          : say('Escriba un número.', 'Enter a number.')
      case 'boolean':
        return say('Responda sí o no (true o false).', 'Answer yes or no (true or false).')
      case 'array':
        return choices(schema)
          ? say('Elija una o varias opciones de la lista.', 'Choose one or more options from the list.')
          : say('Envíe una lista, entre corchetes [ ].', 'Send a list, in brackets [ ].')
      case 'object':
      case 'record':
        return say('Envíe un objeto JSON, entre llaves { }.', 'Send a JSON object, in braces { }.')
    }
    return undefined
  }

  const bound = (i: Extract<Issue, { code: 'too_small' | 'too_big' }>): string | undefined => {
    const small = i.code === 'too_small'
    const n = Number(small ? i.minimum : i.maximum)
    const inclusive = i.inclusive !== false
    switch (i.origin) {
      case 'string':
        if (!small) return say(`Escriba como máximo ${n} caracteres.`, `Write at most ${n} characters.`)
        return n <= 1
          ? say(
              'Escriba algo en este campo: no puede quedar vacío.',
              'Write something here: it cannot be empty.',
            )
          : say(`Escriba al menos ${n} caracteres.`, `Write at least ${n} characters.`)
      case 'number':
      case 'int': {
        const what =
          i.origin === 'int' || integer(i.schema)
            ? say('un número entero', 'a whole number')
            : say('un número', 'a number')
        if (small)
          return inclusive
            ? say(`Escriba ${what} igual o mayor que ${n}.`, `Enter ${what} of ${n} or more.`)
            : say(`Escriba ${what} mayor que ${n}.`, `Enter ${what} greater than ${n}.`)
        return inclusive
          ? say(`Escriba ${what} igual o menor que ${n}.`, `Enter ${what} of ${n} or less.`)
          : say(`Escriba ${what} menor que ${n}.`, `Enter ${what} less than ${n}.`)
      }
      case 'array': {
        if (choices(i.schema)) {
          const some = count(n, ['una opción', 'one option'], ['opciones', 'options'])
          return small
            ? say(`Elija al menos ${some}.`, `Choose at least ${some}.`)
            : say(`Elija como máximo ${some}.`, `Choose at most ${some}.`)
        }
        if (small && n <= 1) return say('La lista no puede quedar vacía.', 'The list cannot be empty.')
        const some = count(n, ['un elemento', 'one item'], ['elementos', 'items'])
        return small
          ? say(`Incluya al menos ${some}.`, `Include at least ${some}.`)
          : say(`Incluya como máximo ${some}.`, `Include at most ${some}.`)
      }
    }
    return undefined
  }

  /**
   * A value none of a union's kinds takes. When it is of one kind but wrong inside (an entity given as an
   * object whose name is a number), that kind's first problem, with where it is; else the kinds it takes.
   */
  const union = (i: Extract<Issue, { code: 'invalid_union' }>): string | undefined => {
    const rootType = (issues: readonly { code: string; path: PropertyKey[] }[]) =>
      issues.length > 0 && issues.every((x) => x.code === 'invalid_type' && x.path.length === 0)
    const near = i.errors.filter((issues) => issues.length > 0 && !rootType(issues))
    if (near.length === 1) {
      const [first] = near[0]
      return first.path.length ? `«${first.path.map(String).join('.')}»: ${first.message}` : first.message
    }
    const kinds = i.errors.flatMap((issues) =>
      issues.flatMap((x) => (x.code === 'invalid_type' && x.path.length === 0 ? [x.expected] : [])),
    )
    const nouns = [...new Set(kinds.map(noun).filter((k) => k !== undefined))]
    if (!nouns.length) return undefined
    return say(`Envíe ${list(nouns, or)}.`, `Send ${list(nouns, or)}.`)
  }

  return (i) => {
    switch (i.code) {
      case 'invalid_type':
        return i.input === undefined ? required : wrongType(i.expected, i.schema ?? i.inst)
      case 'invalid_union':
        return i.input === undefined ? required : union(i)
      case 'invalid_value':
        // A missing one is told the options too: that is what a client must send.
        return i.input === undefined
          ? say(`Falta este campo. ${options(i.values)}`, `This field is required. ${options(i.values)}`)
          : options(i.values)
      case 'too_small':
      case 'too_big':
        return bound(i)
      case 'invalid_format':
        if (i.format === 'email')
          return say(
            'Escriba un correo válido, p. ej. nombre@correo.com.',
            'Enter a valid e-mail, e.g. name@mail.com.',
          )
        if (i.format === 'date')
          return say(
            'Escriba una fecha existente como AAAA-MM-DD, p. ej. 2026-12-31.',
            'Enter a date that exists as YYYY-MM-DD, e.g. 2026-12-31.',
          )
        if (i.format === 'datetime')
          return (defOf(i.inst) as { offset?: boolean }).offset
            ? say(
                'Escriba una fecha y hora ISO 8601 con su zona, p. ej. 2026-11-21T10:00:00-05:00.',
                'Enter an ISO 8601 date and time with its zone, e.g. 2026-11-21T10:00:00-05:00.',
              )
            : say(
                'Escriba una fecha y hora ISO 8601 en UTC, p. ej. 2026-11-21T15:00:00Z.',
                'Enter an ISO 8601 date and time in UTC, e.g. 2026-11-21T15:00:00Z.',
              )
        if (i.format === 'url')
          return say(
            'Escriba una dirección web completa, que empiece por https:// o http://, p. ej. https://www.ejemplo.gov.co.',
            'Enter a full web address, starting with https:// or http://, e.g. https://www.example.org.',
          )
        return undefined
      case 'invalid_key':
        return say(
          `Este nombre de campo no es válido. ${i.issues[0]?.message ?? ''}`.trim(),
          `This field name is not valid. ${i.issues[0]?.message ?? ''}`.trim(),
        )
      case 'unrecognized_keys': {
        const keys = i.keys.map((k) => `«${k}»`).join(', ')
        return say(
          `Este campo no existe: ${keys}. Quítelo de la solicitud.`,
          `There is no such field: ${keys}. Remove it from the request.`,
        )
      }
    }
    return undefined
  }
}

const inLocale = (lang: Lang, locale: ReturnType<typeof es>): Says => {
  const mine = plain(lang)
  return (i) => mine(i) ?? (locale.localeError(i) as string | undefined)
}

/**
 * The error maps that word every validation issue for people, by language: for a parse's `error` option
 * (`schema.safeParse(data, { error: issueMessages.es })`), whose messages a schema's own override.
 */
export const issueMessages: Record<Lang, Says> = { es: inLocale('es', es()), en: inLocale('en', en()) }

/**
 * The issues worth telling: where a value is of the wrong type, only that. zod goes on checking a
 * value it found of the wrong type, and a choice list sent as one string ("redes_sociales") comes back
 * also "at most 8 characters", from the list's own limit applied to the string.
 */
export function meaningful<T extends { code: string; path: PropertyKey[] }>(issues: T[]): T[] {
  const at = (path: PropertyKey[]) => path.map(String).join('\u0000')
  const mistyped = new Set(issues.filter((i) => i.code === 'invalid_type').map((i) => at(i.path)))
  return mistyped.size ? issues.filter((i) => i.code === 'invalid_type' || !mistyped.has(at(i.path))) : issues
}
