import type { Hono } from 'hono'
import { render } from 'preact-render-to-string'
import { open } from '../access'
import type { AppEnv } from '../env'
import { openApiDocument } from '../openapi'
import { ApiDocs } from '../pages/ApiDocs'

/** Mounted last, on the finished app, because the document describes every route before it. */
export function mountDocs(app: Hono<AppEnv>) {
  let doc: ReturnType<typeof openApiDocument> | undefined
  const get = () => {
    doc ??= openApiDocument(app)
    return doc
  }
  app.get('/api/openapi.json', open('Este documento OpenAPI', { scope: 'none' }), (c) => c.json(get()))
  app.get('/api/docs', open('La documentación de la API para personas', { scope: 'none' }), (c) =>
    c.html(`<!doctype html>${render(<ApiDocs doc={get() as never} />)}`),
  )
}
