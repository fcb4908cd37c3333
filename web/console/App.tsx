import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { Calendar } from './Calendar'
import { EventForm } from './EventForm'
import { EventList } from './EventList'
import { EventPage } from './EventPage'
import { FirstPassword } from './FirstPassword'
import { Holders } from './Holders'
import { Link } from './Link'
import { Login } from './Login'
import { PasswordForm } from './PasswordForm'
import { Projector } from './Projector'
import { Reports } from './Reports'
import { route } from './router'
import { can, logout, session, signedInHere, user } from './session'
import { t } from './text'
import { ht } from './text-holders'
import { rt } from './text-reports'
import { st } from './text-staff'
import { ut } from './text-users'
import { wt } from './text-webhooks'
import { Users } from './Users'
import { Webhooks } from './Webhooks'

/** The console: the projector needs no login; everything else is behind the staff sign-in. */
export function App() {
  const r = route.value
  if (r.name === 'projector') return <Projector slug={r.slug} />
  if (!session.value) return <Login />
  // A password handed over (generated, or reset by an admin) is replaced first; the page asked for
  // (the address is kept) opens after.
  if (user.value?.mustChangePassword) return <FirstPassword />
  return <Shell />
}

function Shell() {
  const tx = t()
  const r = route.value
  const main = useRef<HTMLElement>(null)
  const first = useRef(true)
  const changing = useSignal(false)
  // After an in-place navigation or a sign-in, focus goes to the new page's heading, as a page load
  // would. A page still loading has none yet: focus waits on <main>, and moves to the heading when it
  // comes, unless the user has gone elsewhere meanwhile.
  useEffect(() => {
    const opened = first.current
    first.current = false
    if (opened && !signedInHere.value) return
    signedInHere.value = false
    const m = main.current
    if (!m) return
    const heading = () => m.querySelector<HTMLElement>('h1')
    const waiting = () => document.activeElement === m || document.activeElement === document.body
    const now = heading()
    if (now) return now.focus()
    m.focus()
    const watch = new MutationObserver(() => {
      if (!waiting()) return watch.disconnect()
      const found = heading()
      if (found) {
        found.focus()
        watch.disconnect()
      }
    })
    watch.observe(m, { childList: true, subtree: true })
    const stop = setTimeout(() => watch.disconnect(), 10_000)
    return () => {
      watch.disconnect()
      clearTimeout(stop)
    }
  }, [r])
  const other = tx.otherLangCode
  return (
    <>
      <a class="skip" href="#main">
        {tx.skip}
      </a>
      <header class="top">
        <p class="brand">{tx.app}</p>
        <nav aria-label={tx.app}>
          <Link href="/console" current={r.name === 'events'}>
            {tx.events}
          </Link>
          <Link href="/console/calendario" current={r.name === 'calendar'}>
            {st().calendar.nav}
          </Link>
          {can('analyst') && (
            <Link href="/console/informes" current={r.name === 'reports'}>
              {rt().nav}
            </Link>
          )}
          {user.value?.role === 'admin' && (
            <>
              <Link href="/console/titulares" current={r.name === 'holders'}>
                {ht().nav}
              </Link>
              <Link href="/console/personal" current={r.name === 'users'}>
                {ut().nav}
              </Link>
              <Link href="/console/webhooks" current={r.name === 'webhooks'}>
                {wt().nav}
              </Link>
            </>
          )}
        </nav>
        {/* The address is cut short on screen where the header has no room for it (1366 px with every
            admin link): whole in the page for screen readers, and on hover. */}
        <p class="who">
          <span class="sr-only">{tx.signedIn} </span>
          <span class="email" title={user.value?.email}>
            {user.value?.email}
          </span>{' '}
          <span class="role">({tx.roles[user.value?.role ?? ''] ?? user.value?.role})</span>
        </p>
        <a href={`${location.pathname}?lang=${other}`} lang={other} hrefLang={other}>
          {tx.otherLang}
        </a>
        <button
          type="button"
          class="secondary"
          aria-expanded={changing.value}
          onClick={() => {
            changing.value = !changing.value
          }}
        >
          {st().password.open}
        </button>
        <button type="button" class="secondary" onClick={logout}>
          {tx.logout}
        </button>
      </header>
      {changing.value && (
        <PasswordForm
          onClose={() => {
            changing.value = false
          }}
        />
      )}
      <main id="main" ref={main} tabIndex={-1}>
        {r.name === 'events' ? (
          <EventList />
        ) : r.name === 'new' ? (
          <EventForm />
        ) : r.name === 'event' ? (
          <EventPage slug={r.slug} tab={r.tab} />
        ) : r.name === 'calendar' ? (
          <Calendar />
        ) : r.name === 'holders' ? (
          <Holders />
        ) : r.name === 'users' ? (
          <Users />
        ) : r.name === 'reports' ? (
          <Reports />
        ) : r.name === 'webhooks' ? (
          <Webhooks />
        ) : (
          <h1 tabIndex={-1}>404</h1>
        )}
      </main>
    </>
  )
}
