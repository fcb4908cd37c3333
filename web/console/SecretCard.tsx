import { useSignal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'

/**
 * A secret just made, to be handed over or set elsewhere (a password, a webhook's signing secret): large
 * and selectable, with a copy button that says whether it copied, and a button for when it is done. The
 * heading takes the focus whenever a new secret is shown. Never stored here.
 */
export function SecretCard({
  headingId,
  describedBy,
  title,
  secret,
  words,
  done,
  onDone,
  children,
}: {
  headingId: string
  /** The id of what a screen reader says with the heading when it takes the focus (e.g. "shown once"). */
  describedBy?: string
  title: string
  secret: string
  words: { copy: string; copied: string; notCopied: string }
  done: string
  onDone: () => void
  /** What to say under the secret. */
  children: ComponentChildren
}) {
  const heading = useRef<HTMLHeadingElement>(null)
  const copied = useSignal('')
  useEffect(() => {
    copied.value = ''
    heading.current?.focus()
  }, [secret])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret)
      copied.value = words.copied
    } catch {
      copied.value = words.notCopied
    }
  }
  return (
    <section class="card handover" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1} aria-describedby={describedBy}>
        {title}
      </h2>
      {children}
      <div class="row">
        <button type="button" class="secondary" onClick={copy}>
          {words.copy}
        </button>
        <button type="button" onClick={onDone}>
          {done}
        </button>
      </div>
      <p role="status" class="note">
        {copied.value}
      </p>
    </section>
  )
}
