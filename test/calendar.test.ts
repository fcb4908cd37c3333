import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addBusinessDays,
  applyOverride,
  type Country,
  dueDate,
  easterSunday,
  ecuadorComputedHolidays,
  holidays,
  isBusinessDay,
  localDate,
  PQRSD_LABELS,
  PQRSD_TERMS,
  PQRSD_TYPES,
} from '../server/services/calendar'

/** `on(2026, '01-01 05-01')` → ['2026-01-01', '2026-05-01'] */
const on = (year: number, days: string) => days.split(' ').map((d) => `${year}-${d}`)
const bogota = (iso: string) => ({
  country: 'CO' as const,
  timeZone: 'America/Bogota',
  receivedAt: new Date(iso),
})

describe('Colombian holidays', () => {
  it('lists the 19 holidays of 2026, with 9 July (Ley 2578 de 2026) moved to Monday 13 July', () => {
    expect(holidays('CO', 2026)).toEqual(
      on(
        2026,
        '01-01 01-12 03-23 04-02 04-03 05-01 05-18 06-08 06-15 06-29 07-13 07-20 08-07 08-17 10-12 11-02 11-16 12-08 12-25',
      ),
    )
  })

  it('lists the 19 holidays of 2027, with 9 July (a Friday) moved to Monday 12 July', () => {
    expect(holidays('CO', 2027)).toEqual(
      on(
        2027,
        '01-01 01-11 03-22 03-25 03-26 05-01 05-10 05-31 06-07 07-05 07-12 07-20 08-07 08-16 10-18 11-01 11-15 12-08 12-25',
      ),
    )
  })

  it('does not count Palm Sunday or Easter Sunday as holidays', () => {
    expect(holidays('CO', 2026)).not.toContain('2026-03-29')
    expect(holidays('CO', 2026)).not.toContain('2026-04-05')
  })

  it('has no 9 July holiday before 2026 and lists two holidays on one Monday once (30 June 2025)', () => {
    const days = holidays('CO', 2025)
    expect(days).not.toContain('2025-07-14')
    expect(days.filter((d) => d === '2025-06-30')).toHaveLength(1)
    expect(days).toHaveLength(17)
  })

  it('returns a copy that callers cannot use to corrupt the memoised list', () => {
    holidays('CO', 2026).pop()
    expect(holidays('CO', 2026)).toHaveLength(19)
  })
})

describe('Easter', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('falls in %i on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date)
  })
})

describe('Ecuadorian holidays', () => {
  it('moves 24 May 2026, a Sunday, to Monday 25 May', () => {
    expect(holidays('EC', 2026)).toContain('2026-05-25')
    expect(holidays('EC', 2026)).not.toContain('2026-05-24')
  })

  it('matches the official 2024 calendar: Wednesday and Saturday holidays to Friday, Sunday to Monday', () => {
    expect(holidays('EC', 2024)).toEqual(
      on(2024, '01-01 02-12 02-13 03-29 05-03 05-24 08-09 10-11 11-01 11-04 12-25'),
    )
  })

  it('matches the official 2023 calendar, where 1 January (a Sunday) rested on Monday 2 January', () => {
    expect(holidays('EC', 2023)).toEqual(
      on(2023, '01-02 02-20 02-21 04-07 05-01 05-26 08-11 10-09 11-02 11-03 12-25'),
    )
  })

  it('moves a Tuesday holiday to the previous Monday (9 October 2018 → 8 October)', () => {
    expect(holidays('EC', 2018)).toContain('2018-10-08')
    expect(holidays('EC', 2018)).not.toContain('2018-10-09')
  })

  it.each([
    [2025, 'Sunday and Monday', ['2025-11-03', '2025-11-04']],
    [2022, 'Wednesday and Thursday', ['2022-11-03', '2022-11-04']],
    [2018, 'Friday and Saturday', ['2018-11-01', '2018-11-02']],
    [2024, 'Saturday and Sunday', ['2024-11-01', '2024-11-04']],
    [2023, 'Thursday and Friday', ['2023-11-02', '2023-11-03']],
    [2026, 'Monday and Tuesday', ['2026-11-02', '2026-11-03']],
  ])('moves 2 and 3 November of %i (%s) together, never onto the same day', (year, _, expected) => {
    expect(holidays('EC', year).filter((d) => d.slice(5, 7) === '11')).toEqual(expected)
  })

  it('never moves Carnaval, nor 1 January or 25 December when they fall on a weekday', () => {
    expect(holidays('EC', 2026)).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-17']))
    expect(holidays('EC', 2019)).toContain('2019-01-01') // a Tuesday
    expect(holidays('EC', 2025)).toContain('2025-01-01') // a Wednesday
    expect(holidays('EC', 2024)).toContain('2024-12-25') // a Wednesday
    expect(holidays('EC', 2023)).toContain('2023-05-26') // whereas 24 May, a Wednesday, moves to Friday
  })

  it('moves 1 January and 25 December off a Saturday to Friday, even into the previous year (2021)', () => {
    expect(holidays('EC', 2021)).toEqual(expect.arrayContaining(['2021-12-24', '2021-12-31']))
    expect(holidays('EC', 2022)).not.toContain('2022-01-01')
  })

  it('applies the official override table: Decreto 379 kept 1 May 2018 on its Tuesday', () => {
    expect(ecuadorComputedHolidays(2018)).toContain('2018-04-30')
    expect(holidays('EC', 2018)).toContain('2018-05-01')
    expect(holidays('EC', 2018)).not.toContain('2018-04-30')
  })

  it('adds the non-recoverable rest days decreed for 2025 and 2026 (Decretos 474, 172 and 249)', () => {
    expect(ecuadorComputedHolidays(2025)).not.toContain('2025-01-02')
    expect(holidays('EC', 2025)).toEqual(
      on(2025, '01-01 01-02 01-03 03-03 03-04 04-18 05-02 05-23 08-11 10-09 10-10 11-03 11-04 12-25'),
    )
    expect(holidays('EC', 2026)).toEqual(
      on(2026, '01-01 01-02 02-16 02-17 04-03 05-01 05-25 08-10 10-09 11-02 11-03 12-25'),
    )
    // A petition received in Quito on Tuesday 30 December 2025, 10 business days: 2 January is not one.
    const quito = { country: 'EC' as const, timeZone: 'America/Guayaquil', businessDays: 10 }
    expect(dueDate({ ...quito, receivedAt: new Date('2025-12-30T15:00:00Z') })).toBe('2026-01-15')
    // Colombia's calendar is its own: 2 January 2026 is a working day there.
    expect(isBusinessDay('CO', '2026-01-02')).toBe(true)
  })

  it('lets an override remove and add dates, keeping the list sorted and unique', () => {
    const base = ['2030-01-01', '2030-05-01']
    expect(applyOverride(base, { remove: ['2030-05-01'], add: ['2030-04-30', '2030-01-01'] })).toEqual(
      on(2030, '01-01 04-30'),
    )
    expect(applyOverride(base, undefined)).toEqual(base)
  })
})

describe('local date of receipt', () => {
  it('is 7 July at 23:59 in Bogotá although it is already 8 July in UTC', () => {
    expect(localDate(new Date('2026-07-08T04:59:00Z'), 'America/Bogota')).toBe('2026-07-07')
    expect(localDate(new Date('2026-07-08T05:01:00Z'), 'America/Bogota')).toBe('2026-07-08')
  })

  it('differs between mainland Ecuador and Galápagos at the same instant', () => {
    const instant = new Date('2026-05-22T05:30:00Z')
    expect(localDate(instant, 'America/Guayaquil')).toBe('2026-05-22')
    expect(localDate(instant, 'Pacific/Galapagos')).toBe('2026-05-21')
  })
})

describe('business days and due dates', () => {
  it('treats weekends and holidays as non-business days', () => {
    expect(isBusinessDay('CO', '2026-07-10')).toBe(true)
    expect(isBusinessDay('CO', '2026-07-11')).toBe(false)
    expect(isBusinessDay('CO', '2026-07-13')).toBe(false)
    expect(isBusinessDay('EC', '2026-07-13')).toBe(true)
  })

  it('skips Holy Thursday and Good Friday: a petition of Monday 30 March 2026 is due 22 April', () => {
    expect(dueDate({ ...bogota('2026-03-30T15:00:00Z'), businessDays: 15 })).toBe('2026-04-22')
  })

  it('skips the 13 July and 20 July 2026 holidays: a document request of 8 July is due 24 July', () => {
    expect(
      dueDate({ ...bogota('2026-07-08T15:00:00Z'), businessDays: PQRSD_TERMS.peticion_documentos }),
    ).toBe('2026-07-24')
  })

  it('gives a receipt at 23:59 Bogotá time an earlier due date than one two minutes later at 00:01', () => {
    expect(dueDate({ ...bogota('2026-07-08T04:59:00Z'), businessDays: 15 })).toBe('2026-07-30')
    expect(dueDate({ ...bogota('2026-07-08T05:01:00Z'), businessDays: 15 })).toBe('2026-07-31')
  })

  it('still counts from the day after a receipt on a Saturday, so it matches a Friday receipt', () => {
    expect(dueDate({ ...bogota('2026-07-04T15:00:00Z'), businessDays: 15 })).toBe('2026-07-28')
    expect(dueDate({ ...bogota('2026-07-03T15:00:00Z'), businessDays: 15 })).toBe('2026-07-28')
  })

  it('counts a receipt on a holiday (Monday 13 July 2026) from the next day', () => {
    expect(dueDate({ ...bogota('2026-07-13T15:00:00Z'), businessDays: 15 })).toBe('2026-08-04')
  })

  it("skips Ecuador's moved holiday: a request of Friday 22 May 2026 in Guayaquil is due 8 June", () => {
    const input = { country: 'EC' as const, timeZone: 'America/Guayaquil', businessDays: 10 }
    expect(dueDate({ ...input, receivedAt: new Date('2026-05-22T15:00:00Z') })).toBe('2026-06-08')
  })

  it('skips 12 July 2027 (9 July moved to Monday) and 20 July: a petition of Friday 2 July 2027 is due 28 July', () => {
    expect(dueDate({ ...bogota('2027-07-02T15:00:00Z'), businessDays: 15 })).toBe('2027-07-28')
    // Received on Friday 9 July itself, which is a working day since the holiday moved.
    expect(dueDate({ ...bogota('2027-07-09T15:00:00Z'), businessDays: 10 })).toBe('2027-07-27')
  })

  it('in Guayaquil, a receipt at 23:59 on Thursday 21 May 2026 is due a business day before one at 00:01', () => {
    const input = { country: 'EC' as const, timeZone: 'America/Guayaquil', businessDays: 10 }
    expect(dueDate({ ...input, receivedAt: new Date('2026-05-22T04:59:00Z') })).toBe('2026-06-05')
    expect(dueDate({ ...input, receivedAt: new Date('2026-05-22T05:01:00Z') })).toBe('2026-06-08')
  })

  it('returns the start date for zero days and rejects negative or fractional counts', () => {
    expect(addBusinessDays('CO', '2026-07-11', 0)).toBe('2026-07-11')
    expect(() => addBusinessDays('CO', '2026-07-11', -1)).toThrow(RangeError)
    expect(() => addBusinessDays('CO', '2026-07-11', 1.5)).toThrow(RangeError)
    expect(() => addBusinessDays('CO', '2026-02-30', 1)).toThrow(RangeError)
  })
})

describe('PQRSD terms', () => {
  it('gives every type its legal term and a Spanish and English label', () => {
    expect(PQRSD_TYPES.map((t) => PQRSD_TERMS[t])).toEqual([15, 10, 10, 30, 15, 15, 15, 15, 15, 15])
    for (const type of PQRSD_TYPES) expect(PQRSD_LABELS[type].es && PQRSD_LABELS[type].en).toBeTruthy()
  })
})

describe('calendar properties', () => {
  const country = fc.constantFrom<Country>('CO', 'EC')
  const zone = fc.constantFrom('America/Bogota', 'America/Guayaquil', 'Pacific/Galapagos')
  const instant = fc.date({
    min: new Date('2017-01-01T00:00:00Z'),
    max: new Date('2030-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  const ymd = fc
    .integer({ min: 0, max: 5000 })
    .map((n) => new Date(Date.UTC(2017, 0, 1) + n * 86_400_000).toISOString().slice(0, 10))

  it('always puts the due date on a business day strictly after the local date of receipt', () => {
    fc.assert(
      fc.property(country, zone, instant, fc.integer({ min: 1, max: 60 }), (c, tz, at, n) => {
        const due = dueDate({ country: c, timeZone: tz, receivedAt: at, businessDays: n })
        return isBusinessDay(c, due) && due > localDate(at, tz)
      }),
    )
  })

  it('adding n business days and then one more equals adding n + 1', () => {
    fc.assert(
      fc.property(country, ymd, fc.integer({ min: 0, max: 60 }), (c, from, n) => {
        return addBusinessDays(c, addBusinessDays(c, from, n), 1) === addBusinessDays(c, from, n + 1)
      }),
    )
  })
})
