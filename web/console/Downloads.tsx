import { useSignal } from '@preact/signals'
import { download } from './session'
import { t } from './text'
import { rt } from './text-reports'

/** Buttons that fetch a report's file with the session's token and save it: no token in any URL. */
export function Downloads({ files }: { files: { label: string; path: string; name: string }[] }) {
  const x = rt().download
  const status = useSignal('')
  const get = async (path: string, name: string) => {
    status.value = x.busy
    const problem = await download(path, name)
    status.value = problem === 'offline' ? t().offline : (problem ?? x.done)
  }
  return (
    <>
      <p class="row">
        {files.map((f) => (
          <button key={f.path} type="button" class="secondary" onClick={() => get(f.path, f.name)}>
            {f.label}
          </button>
        ))}
      </p>
      <p role="status" class="note">
        {status.value}
      </p>
    </>
  )
}
