import { describe, expect, it } from 'vitest'
import { testApp } from './helpers'

describe('the OpenAPI document', () => {
  it('describes every API route with the schema its validator uses', async () => {
    const t = await testApp()
    const res = await t.call('GET', '/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = res.json
    expect(doc.openapi).toBe('3.1.0')
    const post = doc.paths['/api/events'].post
    expect(post.security).toEqual([{ bearer: [] }])
    const body = post.requestBody.content['application/json'].schema
    expect(body.required).toEqual(
      expect.arrayContaining(['title', 'entity', 'startsAt', 'modality', 'country']),
    )
    expect(body.properties.modality.enum).toEqual(['presencial', 'virtual', 'hibrida'])
    expect(doc.paths['/api/events/{slug}'].get.security).toEqual([])
    for (const r of t.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')))
      expect(
        doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()],
        `${r.method} ${r.path}`,
      ).toBeDefined()
  })

  it('renders a page for people that lists the routes', async () => {
    const t = await testApp()
    const res = await t.call('GET', '/api/docs')
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(res.text).toContain('/api/events/{slug}')
    expect(res.text).toContain('Crear un evento')
  })
})
