import { serveNode } from './node-serve'

// The Node entry (`npm start`): the server of server/node-serve.ts as configured by the environment.
await serveNode()
