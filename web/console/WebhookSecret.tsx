import { useSignal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import { wt } from './text-webhooks'

/**
 * A webhook's signing secret just made (a new webhook, or a new secret), large and selectable, with a copy
 * button, to be set in the receiving system; it goes when the admin says it was set. The API answers the
 * secret to admins whenever they ask, so this card says where to see it again rather than "never again".
 */
export function WebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const x = wt()
  const heading = useRef<HTMLHeadingElement>(null)
  const copied = useSignal('')
  useEffect(() => {
    copied.value = ''
    heading.current?.focus()
  }, [secret])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret)
      copied.value = x.copied
    } catch {
      copied.value = x.notCopied
    }
  }
  return (
    <section class="card handover" aria-labelledby="webhook-secret-h">
      <h2 id="webhook-secret-h" ref={heading} tabIndex={-1}>
        {x.secretTitle}
      </h2>
      <p class="meta">{x.secretFor(url)}</p>
      <p class="secret">
        <code>{secret}</code>
      </p>
      <p>{x.secretNew}</p>
      <p class="hint">{x.secretAgain}</p>
      <div class="row">
        <button type="button" class="secondary" onClick={copy}>
          {x.copy}
        </button>
        <button type="button" onClick={onDone}>
          {x.secretDone}
        </button>
      </div>
      <p role="status" class="note">
        {copied.value}
      </p>
    </section>
  )
}
