import type { ComponentChild } from 'preact'
import { enc } from '../shared/api'
import { when } from '../shared/format'
import type { Ctx } from './FormView'

/**
 * The confirmation; FormView moves focus to its heading when it arrives, so a screen reader announces it.
 * Called as a function, as FieldView is: it keeps no state. `again` is FormView's button for the next person,
 * the one its queued status has too.
 */
export function Done(c: Ctx, form: string, data: any, again: ComponentChild) {
  const { t, o } = c
  const token = c.session.get(data.radicado)
  // To the survey (if the event has one) and to the question form, from the other forms.
  const next = (key: string, label: string) => (
    <button type="button" onClick={() => c.go(key, true)}>
      {label}
    </button>
  )
  return (
    <div>
      {form === 'pregunta' ? (
        <>
          <o.h tabIndex={-1}>
            {t.doneQ} <strong>{data.radicado}</strong>
          </o.h>
          <dl>
            <dt>{t.received}</dt>
            <dd>{when(data.receivedAt, o.lang, c.b.event.timezone, true)}</dd>
            <dt>{t.due}</dt>
            <dd>{when(data.dueDate, o.lang, c.b.event.timezone)}</dd>
          </dl>
          <p>
            {t.lookup}{' '}
            {/* With the receipt's token, which only this tab holds, the page offers the constancia. */}
            <a
              href={`${o.apiBase}/e/${enc(o.event)}?radicado=${enc(data.radicado)}${token ? `&token=${token}` : ''}#consulta`}
              target="_top"
            >
              {t.eventPage}
            </a>
          </p>
        </>
      ) : (
        <>
          <o.h tabIndex={-1}>
            {form !== 'asistencia' ? t.doneS : data.alreadyRegistered ? t.doneA2 : t.doneA}
          </o.h>
          {data.checkinCode && (
            // The code the door asks for, and its QR for the staff's camera (the text says it all).
            <p>
              {t.code} <strong>{data.checkinCode}</strong>
              <br />
              <img
                src={`${o.apiBase}/api/events/${enc(o.event)}/checkin-qr.svg?code=${data.checkinCode}`}
                alt=""
                width={160}
                height={160}
              />
            </p>
          )}
        </>
      )}
      <p class="w">
        {form !== 'evaluacion' &&
          c.b.forms?.some((f) => f.key === 'evaluacion') &&
          next('evaluacion', t.toSurvey)}
        {form !== 'pregunta' && next('pregunta', t.toQuestion)}
        {again}
      </p>
    </div>
  )
}
