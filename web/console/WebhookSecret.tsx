import { SecretCard } from './SecretCard'
import { wt } from './text-webhooks'

/**
 * A webhook's signing secret just made (a new webhook, or a new secret), to be set in the receiving
 * system; it goes when the admin says it was set. The API answers the secret to admins whenever they ask,
 * so this card says where to see it again rather than "never again".
 */
export function WebhookSecret({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const x = wt()
  return (
    <SecretCard
      headingId="webhook-secret-h"
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
      <p>{x.secretNew}</p>
      <p class="hint">{x.secretAgain}</p>
    </SecretCard>
  )
}
