type Op = {
  summary?: string
  'x-roles'?: string[]
  requestBody?: { content: Record<string, { schema: unknown }> }
}

/** A readable page over the generated OpenAPI document, with no script and nothing loaded from elsewhere. */
export function ApiDocs({ doc }: { doc: { paths: Record<string, Record<string, Op>> } }) {
  return (
    <html lang="es">
      <head>
        <meta charset="utf-8" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Cabildo — API</title>
        {/* Raw: as a text child, the quotes and ">" of the CSS would be escaped into entities. */}
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <main>
          <h1>Cabildo — API HTTP</h1>
          <p>
            Documento completo en <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Las rutas
            del personal piden <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
          {Object.entries(doc.paths).map(([path, methods]) =>
            Object.entries(methods).map(([method, op]) => (
              <section key={`${method} ${path}`}>
                <h2>
                  <span class="m">{method.toUpperCase()}</span> <code>{path}</code>
                </h2>
                <p>
                  {op.summary} —{' '}
                  <strong>{op['x-roles'] ? `personal: ${op['x-roles'].join(', ')}` : 'público'}</strong>
                </p>
                {op.requestBody && (
                  <details>
                    <summary>Cuerpo (JSON Schema)</summary>
                    <pre>{JSON.stringify(op.requestBody.content['application/json']?.schema, null, 2)}</pre>
                  </details>
                )}
              </section>
            )),
          )}
        </main>
      </body>
    </html>
  )
}

const css = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b}main{max-width:60rem;margin:auto;padding:1rem}
h2{font-size:1.05rem;margin:1.5rem 0 .25rem}.m{display:inline-block;min-width:4.5rem;color:#0b5394}
pre{background:#f4f4f4;padding:.75rem;overflow:auto;font-size:.85rem}a{color:#0b5394}`
