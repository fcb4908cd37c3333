import { useEffect, useRef } from 'preact/hooks'
import type { Issue } from '../shared/api'
import { t } from './text'

type Props = {
  message: string
  issues?: Issue[]
  /** Names an issue's path for people ("Pregunta 3 · Opciones"); without it the path is shown as is. */
  where?: (path: string) => string | undefined
  /** The id of the control an issue's path is about, or of the fieldset of a group; without one, no link. */
  field?: (path: string) => string | undefined
  /** One below the heading of the form it sits in, so that the page's outline stays whole. */
  level?: 2 | 3 | 4 | 5
}

/**
 * Why a form was refused, at its top: a heading, the error, and each field issue as a link to its field
 * (GOV.UK's error summary). It takes the focus when a new error arrives, not on every redraw of its
 * form: typing in a field that redraws the form while the error shows must not pull the focus back here.
 */
export function Problems({ message, issues, where, field, level = 3 }: Props) {
  const box = useRef<HTMLDivElement>(null)
  const said = `${message}\n${(issues ?? []).map((i) => `${i.path} ${i.message}`).join('\n')}`
  useEffect(() => {
    if (said.trim()) box.current?.focus()
  }, [said])
  if (!message && !issues?.length) return null
  const Heading = `h${level}` as 'h3'
  return (
    <div class="error problems" role="alert" tabIndex={-1} ref={box}>
      <Heading>{t().problem}</Heading>
      {message && <p>{message}</p>}
      {issues && issues.length > 0 && (
        <ul>
          {issues.map((i) => {
            const named = i.path && where?.(i.path)
            const text = (
              <>
                {named ? <strong>{named}:</strong> : i.path && <code>{i.path}</code>} {i.message}
              </>
            )
            const id = i.path ? field?.(i.path) : undefined
            return (
              <li key={i.path + i.message}>
                {id ? (
                  <a href={`#${id}`} onClick={(e) => follow(e, id)}>
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}

/**
 * Focus to the field. The browser's own jump to `#id` would not focus a
 * control, and would add a history entry that the router (router.ts) reads as a navigation.
 */
function follow(e: MouseEvent, id: string) {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
  e.preventDefault()
  const target = document.getElementById(id)
  if (!target) return
  // A group (radios, checkboxes) is reached at the control it marks invalid, else at its first one.
  const control = target.matches('input,select,textarea,button')
    ? target
    : (target.querySelector<HTMLElement>('[aria-invalid=true]') ??
      target.querySelector<HTMLElement>('input:not([type=hidden]),select,textarea,button'))
  // Its label (a group's legend) comes into view with it, above it, as GOV.UK's summary does.
  const label = (control as HTMLInputElement | null)?.labels?.[0] ?? target.querySelector(':scope > legend')
  ;(label ?? control ?? target).scrollIntoView()
  ;(control ?? target).focus({ preventScroll: true })
}
