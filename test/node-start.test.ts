import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { adminNotice } from '../server/bootstrap'
import { configFromEnv, defaultConfig, parsePublicUrl } from '../server/env'
import { scratchDir } from './fixtures/scratch'

const root = new URL('../', import.meta.url).pathname

/** Starts the Node server (no wrapper) with `env` and resolves with its exit code and what it printed. */
function start(env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const settings: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      CABILDO_DB: join(scratchDir('cabildo-start-'), 'c.db'),
      CABILDO_DEMO: '0',
      CABILDO_READER_THREADS: '0',
      ...env,
    }
    const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts'], {
      cwd: root,
      env: { ...process.env, ...settings },
    })
    let out = ''
    let err = ''
    server.stdout?.on('data', (d) => {
      out += d
      // A server that started although it should not have: stopped, and the test fails on its code.
      if (out.includes('escucha en')) server.kill('SIGKILL')
    })
    server.stderr?.on('data', (d) => {
      err += d
    })
    server.on('exit', (code) => resolve({ code, out, err }))
  })
}

describe('npm start with a mistaken setting', () => {
  const refused = async (env: Record<string, string>, message: RegExp) => {
    const { code, out, err } = await start(env)
    expect(out).not.toContain('escucha en')
    expect(code).toBe(1)
    expect(err.trim()).toMatch(/^Cabildo no pudo arrancar: /)
    expect(err.trim()).toMatch(message)
    // One line in Spanish, not Node's stack trace.
    expect(err.trim().split('\n')).toHaveLength(1)
  }

  it('refuses a PORT that is not a port number, naming it', async () => {
    await refused({ PORT: 'ochenta' }, /PORT inválido: "ochenta" \(un número de puerto, de 1 a 65535\)/)
    await refused({ PORT: '99999' }, /PORT inválido: "99999"/)
  }, 60_000)

  it('refuses CABILDO_READER_THREADS that is not a whole number from 0 to 16', async () => {
    await refused({ CABILDO_READER_THREADS: 'dos' }, /CABILDO_READER_THREADS inválido: "dos"/)
  }, 30_000)

  it('refuses a CABILDO_DB that is not a SQLite file, or is another application’s database', async () => {
    const dir = scratchDir('cabildo-start-db-')
    const text = join(dir, 'notas.txt')
    writeFileSync(text, 'no es una base de datos\n'.repeat(100))
    await refused({ CABILDO_DB: text }, /CABILDO_DB=.*notas\.txt no es una base de datos SQLite/)
    await refused({ CABILDO_DB: dir }, /es una carpeta, no un archivo/)
    const foreign = join(dir, 'otra.db')
    const other = new Database(foreign)
    other.exec('create table contribuyentes (nit text)')
    other.close()
    await refused({ CABILDO_DB: foreign }, /es la base de datos de otra aplicación/)
    // Nothing of Cabildo's was written into it.
    const after = new Database(foreign, { readonly: true })
    expect(after.prepare("select name from sqlite_master where type = 'table'").all()).toEqual([
      { name: 'contribuyentes' },
    ])
    after.close()
  }, 60_000)

  it('refuses a switch that is not 1 or 0, and a public address that is not one', async () => {
    await refused(
      { CABILDO_TRUST_PROXY: 'true' },
      /CABILDO_TRUST_PROXY inválido: "true" \(1 para sí, 0 para no\)/,
    )
    await refused({ CABILDO_PUBLIC_URL: 'cabildo.alcaldia.gov.co' }, /CABILDO_PUBLIC_URL inválido/)
  }, 60_000)

  it('refuses a CABILDO_ADMIN_EMAIL the sign-in would not take, rather than make an admin who cannot sign in', async () => {
    await refused(
      { CABILDO_ADMIN_EMAIL: 'ti', CABILDO_ADMIN_PASSWORD: 'una-contraseña-larga' },
      /CABILDO_ADMIN_EMAIL inválido: "ti"/,
    )
  }, 30_000)

  it('says that a HOST is not an address of this machine', async () => {
    await refused({ HOST: 'servidor.invalid' }, /HOST=servidor\.invalid no es una dirección de esta máquina/)
  }, 30_000)

  it('prints an address that reaches it when HOST is one address of the machine', async () => {
    const { out } = await start({ HOST: '127.0.0.2' })
    expect(out).toMatch(/escucha en http:\/\/127\.0\.0\.2:\d+ /)
    expect(out).toContain('Consola del personal: http://127.0.0.2:')
  }, 30_000)

  it('starts on an empty file, as on one that is not there yet', async () => {
    const file = join(scratchDir('cabildo-start-empty-'), 'c.db')
    writeFileSync(file, '')
    const { out } = await start({ CABILDO_DB: file })
    expect(out).toContain('escucha en')
  }, 30_000)
})

describe('the switches and the public address, on either runtime', () => {
  it('reads 1 and 0, takes the default when unset or empty, and refuses anything else', () => {
    expect(configFromEnv({})).toMatchObject({ demo: true, trustProxy: false, webhooksAllowLocal: false })
    expect(
      configFromEnv({ CABILDO_DEMO: '0', CABILDO_TRUST_PROXY: '1', CABILDO_PUBLIC_URL: '' }),
    ).toMatchObject({
      demo: false,
      trustProxy: true,
      publicUrl: undefined,
    })
    for (const bad of ['true', 'no', 'sí', '2'])
      expect(() => configFromEnv({ CABILDO_DEMO: bad })).toThrow(`CABILDO_DEMO inválido: "${bad}"`)
    expect(parsePublicUrl('https://cabildo.alcaldia.gov.co/')).toBe('https://cabildo.alcaldia.gov.co')
    for (const bad of ['cabildo.alcaldia.gov.co', 'ftp://cabildo.gov.co', 'https://'])
      expect(() => parsePublicUrl(bad)).toThrow('CABILDO_PUBLIC_URL inválido')
  })
})

describe('what a start says of the admin', () => {
  it('says that CABILDO_ADMIN_EMAIL alone was not applied once there is an admin', () => {
    const admin = { email: 'ti@alcaldia.gov.co', created: false, fromEnv: false }
    expect(adminNotice(admin, { ...defaultConfig, adminEmail: 'Nueva@alcaldia.gov.co' })).toBe(
      'Administrador: ti@alcaldia.gov.co (CABILDO_ADMIN_EMAIL=Nueva@alcaldia.gov.co no se aplicó: ya hay administrador; fije también CABILDO_ADMIN_PASSWORD)',
    )
    expect(adminNotice(admin, { ...defaultConfig, adminEmail: 'TI@alcaldia.gov.co' })).toBe(
      'Administrador: ti@alcaldia.gov.co (contraseña mostrada en el primer arranque; fije CABILDO_ADMIN_PASSWORD para cambiarla)',
    )
  })

  it('says that a generated password is replaced at the first sign-in, and not one of CABILDO_ADMIN_PASSWORD', () => {
    const generated = { email: 'admin@cabildo.local', password: 'abcde-fghjk', created: true, fromEnv: false }
    expect(adminNotice(generated, defaultConfig)).toBe(
      'Administrador creado: admin@cabildo.local / contraseña: abcde-fghjk  (se muestra solo esta vez; al ingresar con ella se pide una nueva)',
    )
    const chosen = { ...generated, password: 'la-del-operador-1', fromEnv: true }
    expect(adminNotice(chosen, { ...defaultConfig, adminPassword: 'la-del-operador-1' })).toBe(
      'Administrador creado: admin@cabildo.local / contraseña: la-del-operador-1  (se muestra solo esta vez)',
    )
  })
})

describe('npm start', () => {
  it('runs the server in place of its shell, so that a SIGTERM sent to npm reaches it', () => {
    // npm signals its child only: a shell left between them would die and leave the server serving.
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    expect(scripts.start).toMatch(/&& exec node --import tsx [^&|;]*server\/node\.ts$/)
  })
})
