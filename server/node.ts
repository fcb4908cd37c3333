import { StartError } from './node-config'
import { serveNode } from './node-serve'

// The Node entry (`npm start`): the server of server/node-serve.ts as configured by the environment.
try {
  await serveNode()
} catch (err) {
  if (!(err instanceof StartError)) throw err
  console.error(`Cabildo no pudo arrancar: ${err.message}`)
  process.exit(1)
}
