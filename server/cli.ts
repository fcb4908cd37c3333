import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { holdsCabildo, openNodeDb, openReadOnly } from '../db/client-node'
import { vacuumInto } from './backup-node'
import { parseRetentionDays, parseWebhookLogDays } from './env'
import { ApiError } from './errors'
import { parseHead, verifyAuditChain } from './services/audit'
import { countersReport } from './services/maintenance'
import { formatNumber } from './services/percent'
import { anonymizeDue } from './services/retention'
import { purgeableBodies, purgeWebhookBodies } from './services/webhook-log'

const usage = `Uso: npm run maintenance -- <orden> [opciones]

  rebuild-counters [--event <slug>] [--force]
                                      reconstruye los contadores desde los registros crudos (--force:
                                      reescribe también los que ya coinciden)
  check-counters [--event <slug>]     solo compara contadores y registros (no cambia nada)
  backup <archivo>                    copia consistente de la base de datos (también con el servidor en marcha)
  audit-verify [--huella <seq:hash>]  recalcula la cadena de hashes de la auditoría y da su cabeza
                                      (seq:hash) para anotarla fuera de Cabildo; con --huella, una
                                      cabeza anotada antes, detecta también una cadena recortada o
                                      reescrita
  anonymize [--older-than <días>] [--dry-run]
                                      anonimiza los asistentes de los eventos cerrados cuyo plazo de
                                      conservación venció: el del evento, si no --older-than o
                                      $CABILDO_RETENTION_DAYS; sin ninguno, solo los eventos con plazo
                                      propio (--dry-run: solo los lista, no cambia nada); y borra
                                      del registro de envíos el contenido de los mensajes de webhook
                                      con más de $CABILDO_WEBHOOK_LOG_DAYS días (30 por omisión)

  --db <archivo>   la base SQLite (por omisión $CABILDO_DB o ./data/cabildo.db)
  --json           la salida en JSON

Salida: 0 bien · 1 contadores distintos o cadena rota · 2 orden, opción, archivo o evento errados ·
3 no se pudo terminar (otro error)

Atajos: npm run backup -- <archivo>   ·   npm run audit:verify`

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        event: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
        'older-than': { type: 'string' },
        'dry-run': { type: 'boolean' },
        huella: { type: 'string' },
        help: { type: 'boolean' },
      },
    })
  } catch (err) {
    // Node's own message names the option, in English: said again here in the usage's terms.
    const option = /'([^']+)'/.exec(String((err as Error).message))?.[1]
    return fail(`Opción no reconocida${option ? `: ${option}` : ''}.\n\n${usage}`)
  }
})()
const [command, target] = positionals
// npm runs the command in the project's folder: a path typed on its command line is read from the folder
// it was typed in (INIT_CWD), as the shell would. CABILDO_DB, like the server's, from the project's.
const typed = (path: string) => resolve(process.env.INIT_CWD || process.cwd(), path)
// An empty CABILDO_DB means unset, as for the server.
const file = values.db ? typed(values.db) : resolve(process.env.CABILDO_DB || './data/cabildo.db')

if (values.help || !command) {
  console.log(usage)
  process.exit(command ? 0 : 2)
}
if (!existsSync(file)) fail(`No existe la base de datos ${file} (use --db o CABILDO_DB).`)
if (!holdsCabildo(file))
  fail(`${file} no es una base de datos de Cabildo (le faltan sus tablas); revise --db o CABILDO_DB.`)
// A command that only reads opens the file read-only, so that checking a backup leaves it as it was;
// one of a schema older than its code, like every other command, with the server's migrations.
const reads =
  command === 'check-counters' || command === 'audit-verify' || (command === 'anonymize' && values['dry-run'])
const db = (reads && openReadOnly(file)) || openNodeDb(file)

/** The period for events without their own: --older-than, else CABILDO_RETENTION_DAYS; null: none. */
function retentionDays() {
  const given = values['older-than']
  if (given === undefined) {
    try {
      return parseRetentionDays(process.env.CABILDO_RETENTION_DAYS)
    } catch (err) {
      return fail((err as Error).message)
    }
  }
  if (!/^\d{1,6}$/.test(given) || Number(given) < 1)
    fail(`--older-than necesita un número entero de días, 1 o más (no «${given}»).`)
  return Number(given)
}

/** CABILDO_WEBHOOK_LOG_DAYS, as the server reads it; null: the bodies are kept. */
function webhookLogDays() {
  try {
    return parseWebhookLogDays(process.env.CABILDO_WEBHOOK_LOG_DAYS)
  } catch (err) {
    return fail((err as Error).message)
  }
}

/** `n` and its noun in Spanish, singular for one: '1 evento', '1.302 entradas verificadas'. */
const count = (n: number, one: string, many: string) => `${formatNumber(n, 'es')} ${n === 1 ? one : many}`
const print = (human: string, data: unknown) =>
  console.log(values.json ? JSON.stringify(data, null, 2) : human)

try {
  await run()
} catch (err) {
  if (err instanceof ApiError && err.code === 'EVENT_NOT_FOUND')
    fail(`No hay un evento «${values.event}» en ${file}.`)
  console.error(`No se pudo terminar: ${(err as Error).message ?? err}`)
  process.exit(3)
}

async function run() {
  switch (command) {
    case 'rebuild-counters':
    case 'check-counters': {
      const rebuild = command === 'rebuild-counters'
      const report = await countersReport(db, {
        slug: values.event,
        rebuild,
        force: rebuild && values.force,
        actor: 'system:cli',
        now: () => new Date(),
      })
      const lines = report.events.map((e) => {
        if (!e.drift.length)
          return `  ${e.slug}: contadores al día${e.rebuilt ? ' — reescritos (--force)' : ''}`
        const head = `  ${e.slug}: ${count(e.drift.length, 'contador no coincidía', 'contadores no coincidían')}${e.rebuilt ? (e.drift.length === 1 ? ' — reconstruido' : ' — reconstruidos') : ''}`
        const shown = e.drift.slice(0, 20).map((d) => `      ${d.table} ${d.key}: ${d.stored} → ${d.actual}`)
        return [
          head,
          ...shown,
          ...(e.drift.length > 20 ? [`      … y ${e.drift.length - 20} más`] : []),
        ].join('\n')
      })
      print(`${count(report.events.length, 'evento', 'eventos')} en ${file}\n${lines.join('\n')}`, report)
      process.exit(report.ok ? 0 : 1)
      break
    }
    case 'backup': {
      if (!target) fail('Indique el archivo de destino: npm run backup -- copia.db')
      const destination = typed(target)
      if (existsSync(destination)) fail(`${destination} ya existe; elija otro nombre.`)
      if (!existsSync(dirname(destination)))
        fail(`La carpeta ${dirname(destination)} no existe; créela antes o elija otra.`)
      const started = Date.now()
      await vacuumInto(db, destination)
      print(`Copia escrita en ${destination} (${Date.now() - started} ms)`, { file: destination })
      break
    }
    case 'audit-verify': {
      const anchor = values.huella === undefined ? undefined : parseHead(values.huella)
      if (anchor === null)
        fail(
          'La huella es el número de la entrada, dos puntos y su hash de 64 caracteres (p. ej. 120:9f86d0…).',
        )
      const report = await verifyAuditChain(db, anchor)
      const head = report.head ? `${report.head.seq}:${report.head.hash}` : null
      const human = report.ok
        ? `Cadena de auditoría íntegra: ${count(report.entries, 'entrada verificada', 'entradas verificadas')}.${head ? `\nHuella para anotar fuera de Cabildo (acta, correo firmado): ${head}` : ''}`
        : `Cadena de auditoría ROTA en la entrada ${report.firstBroken!.seq}: ${report.firstBroken!.reason} (${count(report.entries, 'entrada válida', 'entradas válidas')} antes).`
      print(human, report)
      process.exit(report.ok ? 0 : 1)
      break
    }
    case 'anonymize': {
      const deps = { db, now: () => new Date() }
      const days = webhookLogDays()
      const report = await anonymizeDue(deps, {
        installationDays: retentionDays(),
        actor: 'system:cli',
        dryRun: values['dry-run'],
      })
      const bodies = values['dry-run']
        ? await purgeableBodies(db, days, deps.now())
        : await purgeWebhookBodies(deps, { days })
      const rows = (n: number) => count(n, 'registro', 'registros')
      const lines = report.events.map(
        (e) =>
          `  ${e.slug}: ${rows(e.rows)} (${e.period.source === 'event' ? `plazo de ${count(e.period.days, 'día', 'días')} del evento` : `plazo general de ${count(e.period.days, 'día', 'días')}`}, vencido el ${e.dueAt.slice(0, 10)})`,
      )
      const head = !report.events.length
        ? 'Ningún evento cerrado con plazo de conservación vencido guarda datos personales de asistentes.'
        : values['dry-run']
          ? `Se anonimizarían ${rows(report.anonymized)} de ${count(report.events.length, 'evento', 'eventos')} (--dry-run: nada cambió):`
          : `Se anonimizaron ${rows(report.anonymized)} de ${count(report.events.length, 'evento', 'eventos')}:`
      const messages = count(bodies, 'mensaje de webhook', 'mensajes de webhook')
      const hooks = !bodies
        ? []
        : values['dry-run']
          ? [`Se borraría el contenido de ${messages} con más de ${count(days!, 'día', 'días')}.`]
          : [`Se borró el contenido de ${messages} con más de ${count(days!, 'día', 'días')}.`]
      print([head, ...lines, ...hooks].join('\n'), {
        dryRun: Boolean(values['dry-run']),
        ...report,
        webhookBodies: { days, erased: bodies },
      })
      break
    }
    default:
      fail(`Orden desconocida: ${command}\n\n${usage}`)
  }
}
