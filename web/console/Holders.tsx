import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { enc, type Issue } from '../shared/api'
import { when } from '../shared/format'
import { Field, fieldErrors, formValues } from './Field'
import { HolderRegistration } from './HolderRegistration'
import { documentOptions, type HolderResult, type Registration } from './holder-values'
import { Problems } from './Problems'
import { api, lang, user } from './session'
import { t, typeLabels } from './text'
import { ht } from './text-holders'
import { mt } from './text-moderation'

// The search's fields, by the controls that hold them.
const SEARCH = {
  documentType: 'holder-type',
  documentNumber: 'holder-doc',
  email: 'holder-email',
  phone: 'holder-phone',
} as const
const searched = (path: string): path is keyof typeof SEARCH => Object.hasOwn(SEARCH, path)

/**
 * The holder's rights (Ley 1581 de 2012, LOPDP): find everything Cabildo holds about one person, hand it
 * over as a file, and correct or delete a registration. Admins only, as the API is.
 */
export function Holders() {
  const hx = ht()
  const tx = t()
  const result = useSignal<HolderResult | null>(null)
  const problem = useSignal<{ message: string; issues?: Issue[] }>({ message: '' })
  const busy = useSignal(false)
  // What the live region says: the count found, or what became of a correction or a deletion.
  const said = useSignal('')
  const resultsHeading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    document.title = `${hx.title} · ${tx.app}`
  }, [hx, tx])

  const search = async (e: Event) => {
    e.preventDefault()
    busy.value = true
    said.value = hx.searching
    const r = await api<HolderResult>(
      'POST',
      '/api/holders/search',
      formValues(e.currentTarget as HTMLFormElement),
    )
    busy.value = false
    if (!r.data) {
      said.value = ''
      problem.value = { message: r.error?.message ?? tx.offline, issues: r.error?.issues }
      return
    }
    problem.value = { message: '' }
    result.value = r.data
    said.value = hx.found(r.data.registrations.length, r.data.petitions.length)
    setTimeout(() => resultsHeading.current?.focus())
  }
  const rectified = (a: Registration, changed: boolean) => {
    const now = result.value!
    result.value = {
      ...now,
      registrations: now.registrations.map((r) => (r.id === a.id ? { ...r, ...a } : r)),
    }
    said.value = changed ? hx.rectified : hx.unchanged
    setTimeout(() => document.getElementById(`holder-reg-${a.id}`)?.focus())
  }
  const remove = async (slug: string, id: string) => {
    busy.value = true
    const r = await api('DELETE', `/api/events/${enc(slug)}/attendance/${enc(id)}`)
    busy.value = false
    if (r.status !== 204) {
      problem.value = { message: r.error?.message ?? tx.offline }
      return
    }
    const now = result.value!
    result.value = { ...now, registrations: now.registrations.filter((x) => x.id !== id) }
    said.value = hx.removed
    // The registration's buttons are gone with it: focus goes to the results' heading.
    resultsHeading.current?.focus()
  }
  const download = () => {
    const blob = new Blob([JSON.stringify(result.value, null, 2)], { type: 'application/json' })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = `titular-${new Date().toISOString().slice(0, 10)}.json`
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  }
  const errors = fieldErrors(problem.value.issues)
  const title = (
    <h1 id="holders-h" tabIndex={-1}>
      {hx.title}
    </h1>
  )
  if (user.value?.role !== 'admin')
    return (
      <section aria-labelledby="holders-h">
        {title}
        <p>{hx.adminOnly}</p>
      </section>
    )
  const found = result.value
  const day = (iso: string, tz: string) => when(iso, lang.value, tz, true)

  return (
    <section aria-labelledby="holders-h">
      {title}
      <p>{hx.intro}</p>
      <form onSubmit={search} aria-labelledby="holders-search-h" class="stack" noValidate>
        <h2 id="holders-search-h">{hx.search}</h2>
        <Problems
          message={problem.value.message}
          issues={problem.value.issues}
          where={(path) => (searched(path) ? hx[path] : undefined)}
          field={(path) => (searched(path) ? SEARCH[path] : undefined)}
        />
        <div class="row">
          <Field id="holder-type" label={hx.documentType} error={errors.documentType}>
            <select id="holder-type" name="documentType">
              <option value="">{hx.anyType}</option>
              {documentOptions(lang.value, null).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id="holder-doc"
            label={hx.documentNumber}
            hint={hx.documentHint}
            error={errors.documentNumber}
          >
            <input id="holder-doc" name="documentNumber" maxLength={40} aria-describedby="holder-doc-hint" />
          </Field>
        </div>
        <Field id="holder-email" label={hx.email} error={errors.email}>
          <input id="holder-email" name="email" type="email" maxLength={200} />
        </Field>
        <Field id="holder-phone" label={hx.phone} error={errors.phone}>
          <input id="holder-phone" name="phone" type="tel" maxLength={60} />
        </Field>
        <button type="submit" disabled={busy.value}>
          {hx.submit}
        </button>
      </form>
      <p role="status">{said.value}</p>
      {found && (
        <>
          <h2 ref={resultsHeading} tabIndex={-1}>
            {hx.results}
          </h2>
          {found.truncated && <p class="error">{hx.truncated}</p>}
          <button type="button" class="secondary" onClick={download}>
            {hx.download}
          </button>
          <h3>{hx.registrations}</h3>
          {found.registrations.length === 0 && <p>{hx.none}</p>}
          {found.registrations.map((r) => (
            <HolderRegistration
              key={r.id}
              found={r}
              busy={busy.value}
              onRectified={rectified}
              onDelete={() => remove(r.event.slug, r.id)}
            />
          ))}
          <h3>{hx.petitions}</h3>
          {found.petitions.length === 0 ? (
            <p>{hx.none}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{hx.radicado}</th>
                    <th scope="col">{hx.event}</th>
                    <th scope="col">{hx.type}</th>
                    <th scope="col">{hx.status}</th>
                    <th scope="col">{hx.receivedAt}</th>
                    <th scope="col">{hx.contact}</th>
                    <th scope="col">{hx.reserve}</th>
                    <th scope="col">{hx.matchedBy}</th>
                  </tr>
                </thead>
                <tbody>
                  {found.petitions.map((p) => (
                    <tr key={p.id}>
                      <td>{p.radicado}</td>
                      <td>{p.event.title}</td>
                      <td>{typeLabels()[p.type] ?? p.type}</td>
                      <td>{(mt().statuses as Record<string, string>)[p.status] ?? p.status}</td>
                      <td>{day(p.receivedAt, p.event.timezone)}</td>
                      <td>{[p.name, p.email, p.phone].filter(Boolean).join(' · ')}</td>
                      <td>{p.identityReserve ? hx.yes : hx.no}</td>
                      <td>{p.matchedBy.map((k) => hx.keys[k] ?? k).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p>{hx.surveys}</p>
        </>
      )}
    </section>
  )
}
