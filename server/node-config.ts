import { startable } from '../db/client-node'

/** A start-up mistake said in one Spanish line, without a stack trace (server/node.ts prints it). */
export class StartError extends Error {}

/**
 * The settings only the Node server reads (the configuration table of the README), each refused with
 * a line that names the variable when its value is not one, rather than with Node's stack trace or,
 * worse, a default silently taken instead.
 */
export function nodeSettings(env: Record<string, string | undefined>) {
  // An empty variable means unset, as for the maintenance commands.
  const file = env.CABILDO_DB || './data/cabildo.db'
  const port = env.PORT?.trim() || '8787'
  // 0 lets the system pick a free port (the tests' servers); it is printed at start.
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
    throw new StartError(`PORT inválido: "${env.PORT}" (un número de puerto, de 1 a 65535)`)
  const threads = env.CABILDO_READER_THREADS?.trim() || '2'
  if (!/^\d{1,2}$/.test(threads) || Number(threads) > 16)
    throw new StartError(
      `CABILDO_READER_THREADS inválido: "${env.CABILDO_READER_THREADS}" (un número entero de 0 a 16)`,
    )
  if (file !== ':memory:') {
    const problem = {
      ok: null,
      folder: 'es una carpeta, no un archivo',
      'not-sqlite': 'no es una base de datos SQLite',
      foreign: 'es la base de datos de otra aplicación (no tiene las tablas de Cabildo)',
    }[startable(file)]
    if (problem) throw new StartError(`CABILDO_DB=${file} ${problem}; revise la ruta.`)
  }
  return { file, port: Number(port), host: env.HOST || '0.0.0.0', readerThreads: Number(threads) }
}

/** A listen error in the terms of the configuration (the port in use, a HOST that is not this machine's). */
export function listenProblem(err: NodeJS.ErrnoException, port: number, host: string) {
  if (err.code === 'EADDRINUSE') return `el puerto ${port} ya está en uso (elija otro con PORT=…).`
  if (err.code === 'EACCES')
    return `el sistema no deja usar el puerto ${port} a este usuario (los menores de 1024 piden permisos; elija otro con PORT=…).`
  if (err.code === 'ENOTFOUND' || err.code === 'EADDRNOTAVAIL' || err.code === 'EAI_AGAIN')
    return `HOST=${host} no es una dirección de esta máquina (use 0.0.0.0 para todas, o 127.0.0.1).`
  return err.message
}

/** The host of the address printed at start: localhost when that reaches the server, else HOST itself. */
export function shownHost(host: string) {
  if (['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'].includes(host)) return 'localhost'
  return host.includes(':') ? `[${host}]` : host
}
