import { SecretCard } from './SecretCard'
import { wt } from './text-webhooks'

/**
 * A webhook's signing secret just made (a new webhook, or a new secret), to be set in the receiving
 * system; it goes when the admin says it was set, or with the page. The API gives it only in the answer
 * that made it, so this is the one time it is seen: the heading, focused, is described by that warning.
 */
export function WebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const x = wt()
  return (
    <SecretCard
      headingId="webhook-secret-h"
      describedBy="webhook-secret-once"
      title={x.secretTitle}
      secret={secret}
      words={x}
      done={x.secretDone}
      onDone={onDone}
    >
      <p class="meta">{x.secretFor(url)}</p>
      <p class="secret">
        <code>{secret}</code>
      </p>
      <p id="webhook-secret-once">
        <strong>{x.secretOnce}</strong>
      </p>
      <p>{x.secretNew}</p>
    </SecretCard>
  )
}
