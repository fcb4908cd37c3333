import { describe, expect, it } from 'vitest'
import { webAddress } from '../web/console/form-values'

describe("the console's reading of a web address typed", () => {
  it('takes one that begins with a domain name as its https:// address, as a browser does', () => {
    expect(webAddress('youtube.com/live/rdc2026')).toBe('https://youtube.com/live/rdc2026')
    expect(webAddress(' www.facebook.com/AlcaldiaDeEjemplo/live ')).toBe(
      'https://www.facebook.com/AlcaldiaDeEjemplo/live',
    )
    expect(webAddress('alcaldía.gov.co')).toBe('https://alcaldía.gov.co')
    expect(webAddress('meet.jit.si:443/sala?x=1')).toBe('https://meet.jit.si:443/sala?x=1')
  })

  it('leaves one with a scheme, a mistyped scheme or no domain as typed, for the API to judge', () => {
    expect(webAddress('http://www.ejemplo.gov.co')).toBe('http://www.ejemplo.gov.co')
    expect(webAddress('javascript:alert(1)')).toBe('javascript:alert(1)')
    expect(webAddress('https//youtube.com/live/x')).toBe('https//youtube.com/live/x')
    expect(webAddress('transmisión en vivo')).toBe('transmisión en vivo')
    expect(webAddress('localhost/x')).toBe('localhost/x')
    expect(webAddress('')).toBe('')
  })
})
