import { describe, expect, it } from 'vitest'
import { eventTime, longDate, when, whenInList } from '../web/shared/format'

// `whenInList` keeps one formatter per language, zone and whether the time shows: every combination,
// asked in turn, must read as `when` (a formatter built for that call alone) writes it.
describe('dates as people read them', () => {
  const instants = ['2026-11-27T19:00:00Z', '2026-12-31T23:30:00.000Z', '2027-01-01T04:59:00Z']
  const zones = ['America/Bogota', 'America/Guayaquil', 'Pacific/Galapagos']

  it('writes an instant in the event’s zone and a calendar day as that day, in both languages', () => {
    // ICU writes the space before p. m. as a plain or a no-break space, by version.
    expect(when('2026-11-27T19:00:00Z', 'es', 'America/Bogota', true)).toMatch(
      /^viernes, 27 de noviembre de 2026, 2:00\sp\.\sm\.$/,
    )
    expect(when('2026-12-18', 'es', 'Pacific/Galapagos')).toBe('viernes, 18 de diciembre de 2026')
    expect(when('2026-12-18', 'en', 'America/Bogota')).toBe('Friday, December 18, 2026')
    expect(eventTime('2026-11-27T19:00:00Z', 'America/Bogota', 'es')).toMatch(/ \(hora de Colombia\)$/)
  })

  it('writes a list’s dates as `when` does, each formatter kept apart, whatever was asked before', () => {
    for (let round = 0; round < 2; round++)
      for (const value of [...instants, '2026-12-18'])
        for (const zone of zones)
          for (const lang of ['es', 'en'] as const)
            for (const time of [true, false, undefined])
              expect(whenInList(value, lang, zone, time)).toBe(when(value, lang, zone, time))
    // The same instant is another day in Galápagos than in Bogotá.
    expect(when('2027-01-01T04:59:00Z', 'es', 'America/Bogota')).toBe('jueves, 31 de diciembre de 2026')
    expect(when('2027-01-01T04:59:00Z', 'es', 'Pacific/Galapagos')).toBe('jueves, 31 de diciembre de 2026')
    expect(when('2027-01-01T05:30:00Z', 'es', 'America/Bogota')).toBe('viernes, 1 de enero de 2027')
    expect(when('2027-01-01T05:30:00Z', 'es', 'Pacific/Galapagos')).toBe('jueves, 31 de diciembre de 2026')
  })

  it('writes a report’s due day or month, each language and length apart', () => {
    expect(longDate('2026-12-24', 'es')).toBe('24 de diciembre de 2026')
    expect(longDate('2026-06', 'es')).toBe('junio de 2026')
    expect(longDate('2026-12-24', 'en')).toBe('December 24, 2026')
    expect(longDate('2026-06', 'en')).toBe('June 2026')
    expect(longDate('2026-12-24', 'es')).toBe('24 de diciembre de 2026')
    expect(longDate('sin fecha', 'es')).toBe('sin fecha')
    expect(longDate(null, 'es')).toBeNull()
  })
})
