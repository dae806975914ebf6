import { answerObjection, fetchObjections } from '../api'
import { formatWhen, type C } from '../frame'
import { Loaded, useLoad } from '../load'
import { Answer } from '../roll'

/** Owners' objections to the preliminary result, each with its answer (conveners answer, others read). */
export function Objections({
  estateId,
  meetingId,
  c,
  canAnswer,
}: {
  estateId: string
  meetingId: string
  c: C
  canAnswer: boolean
}) {
  const [list, reload] = useLoad(() => fetchObjections(estateId, meetingId), 'objections', [
    estateId,
    meetingId,
  ])
  return (
    <section aria-labelledby="objections-heading">
      <h2 id="objections-heading">{c.objections.heading}</h2>
      <Loaded state={list} c={c} empty={c.objections.empty}>
        {(list) => (
          <ul class="cards">
            {list.map((o) => (
              <li key={o.id} class="unit">
                {/* The objector by role, as the record keeps them (the list names no one). */}
                <p class="note">
                  {formatWhen(o.at, c)} · {c.audit.roles[o.role] ?? c.audit.roleOther}
                </p>
                <p>{o.text}</p>
                <Answer
                  id={o.id}
                  answer={o.answer}
                  c={c}
                  canAnswer={canAnswer}
                  send={(text) => answerObjection(estateId, meetingId, o.id, text)}
                  onDone={reload}
                />
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  )
}
