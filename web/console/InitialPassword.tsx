import { useSignal } from '@preact/signals'
import { Field } from './Field'
import { NewPassword } from './PasswordForm'
import { SecretCard } from './SecretCard'
import { ut } from './text-users'
import { generatePassword } from './user-values'

/**
 * A password the admin sets for someone else: generated (the default) or typed. Read from the form on
 * submit with `passwordFrom`; either way it is shown once afterwards (`Handover`), to be handed over.
 */
export function PasswordChoice({ id, legend, error }: { id: string; legend: string; error?: string }) {
  const x = ut()
  const typing = useSignal(false)
  // Generated, the server cannot refuse it: its message would be about the choice as a whole.
  const aside = error && !typing.value
  return (
    <fieldset id={id} aria-describedby={aside ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {aside && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <label class="inline">
        <input
          type="radio"
          name="passwordHow"
          value="generate"
          defaultChecked
          onChange={() => {
            typing.value = false
          }}
        />{' '}
        {x.generate}
      </label>
      <label class="inline">
        <input
          type="radio"
          name="passwordHow"
          value="type"
          onChange={() => {
            typing.value = true
          }}
        />{' '}
        {x.type}
      </label>
      {typing.value && (
        <Field id={`${id}-typed`} label={x.typed} hint={x.typedHint} error={error}>
          <NewPassword id={`${id}-typed`} aria-describedby={`${id}-typed-hint`} />
        </Field>
      )}
    </fieldset>
  )
}

/** The password typed, or undefined when one is to be generated. */
export const typedPassword = (data: FormData) =>
  data.get('passwordHow') === 'type' ? String(data.get('password') ?? '') : undefined

/** The password typed, or one generated here (a reset: the server asks for it at the next sign-in). */
export const passwordFrom = (data: FormData) => typedPassword(data) ?? generatePassword()

/**
 * The password just set, shown this once, large and selectable, with a copy button; it goes when the
 * admin says it was handed over or leaves the page, and is never stored.
 */
export function Handover({
  who,
  password,
  asked,
  onDone,
}: {
  who: string
  password: string
  /** Whether Cabildo asks the person to change it at their first sign-in (generated, or a reset). */
  asked: boolean
  onDone: () => void
}) {
  const x = ut()
  return (
    <SecretCard
      headingId="handover-h"
      title={x.handoverTitle(who)}
      secret={password}
      words={x}
      done={x.handedOver}
      onDone={onDone}
    >
      <p class="secret">
        <code>{password}</code>
      </p>
      <p>{asked ? x.handoverOnce : x.handoverTyped}</p>
    </SecretCard>
  )
}
