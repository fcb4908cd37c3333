import type { Commitment } from './Commitments'
import { Field } from './Field'
import { st } from './text-staff'

type Props = { id: string; country: string; current?: Commitment; errors: Record<string, string> }

/**
 * Ecuador's plan de trabajo lists, per axis, the citizens' observations and contributions (aportes)
 * that the agreements answer: the commitment's own fields for them, grouped under the plan's name (a
 * Colombian event's commitment that has them shows them under a name of no plan).
 */
export function PlanFields({ id, country, current: c, errors }: Props) {
  const s = st().commitments
  const area = (k: 'observation' | 'contribution', label: string, hint: string) => (
    <Field id={`${id}-${k}`} label={label} hint={hint} error={errors[k]}>
      <textarea
        id={`${id}-${k}`}
        name={k}
        rows={2}
        maxLength={2000}
        defaultValue={c?.[k] ?? ''}
        aria-describedby={`${id}-${k}-hint`}
      />
    </Field>
  )
  return (
    <fieldset class="stack">
      <legend>{s.plan(country)}</legend>
      {area('observation', s.observation, s.observationHint)}
      {area('contribution', s.contribution, s.contributionHint)}
    </fieldset>
  )
}
