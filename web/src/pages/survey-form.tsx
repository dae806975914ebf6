import './surveys.css'
import { useState } from 'preact/hooks'
import { describedBy } from '../components/field'
import type { Answers, Survey } from '../surveys-api'
import { dimensionTitle, isLow, markText, type S } from '../surveys-text'

/**
 * A questionnaire to fill in (domain §10): one group of marks per item, a reason field that appears with a low
 * mark (不满意, or 1–2), and the check before anything is sent — every item answered, every low mark with its
 * reason — naming what is missing. The owner's phone and the console's paper desk use the same form.
 */
export function SurveyForm(props: {
  id: string
  questionnaire: Survey['questionnaire']
  s: S
  submit: string
  busy: boolean
  onSubmit: (answers: Answers) => void
}) {
  const { questionnaire: q, s, id } = props
  const [marks, setMarks] = useState<Record<string, number>>({})
  const [reasons, setReasons] = useState<Record<string, string>>({})
  const [problem, setProblem] = useState<string | null>(null)
  const scaleMarks = q.scale === 'three' ? [3, 2, 1] : [5, 4, 3, 2, 1]
  const sep = s.listSeparator

  function send(e: Event) {
    e.preventDefault()
    const unanswered = q.dimensions.filter((d) => marks[d.key] === undefined)
    const noReason = q.dimensions.filter((d) => {
      const m = marks[d.key]
      return m !== undefined && isLow(q.scale, m) && (reasons[d.key] ?? '').trim() === ''
    })
    if (unanswered.length > 0 || noReason.length > 0) {
      setProblem(
        [
          unanswered.length > 0
            ? s.owner.unanswered(unanswered.map((d) => dimensionTitle(d, s)).join(sep))
            : '',
          noReason.length > 0
            ? s.owner.reasonMissing(noReason.map((d) => dimensionTitle(d, s)).join(sep))
            : '',
        ]
          .filter(Boolean)
          .join(' '),
      )
      const first = unanswered[0] ?? noReason[0]
      if (first) document.getElementById(`${id}-${first.key}`)?.scrollIntoView({ block: 'center' })
      return
    }
    setProblem(null)
    const answers: Answers = {}
    for (const d of q.dimensions) {
      const mark = marks[d.key] as number
      const reason = (reasons[d.key] ?? '').trim()
      answers[d.key] = reason === '' ? { mark } : { mark, reason }
    }
    props.onSubmit(answers)
  }

  return (
    <form class="survey-form" onSubmit={send} noValidate>
      {q.dimensions.map((d) => {
        const mark = marks[d.key]
        const low = mark !== undefined && isLow(q.scale, mark)
        const reasonId = `${id}-${d.key}-reason`
        return (
          <fieldset key={d.key} id={`${id}-${d.key}`} class="survey-item">
            <legend>{dimensionTitle(d, s)}</legend>
            <div class="marks">
              {scaleMarks.map((m) => (
                <label key={m} class={mark === m ? 'mark chosen' : 'mark'}>
                  <input
                    type="radio"
                    name={`${id}-${d.key}`}
                    value={m}
                    checked={mark === m}
                    onChange={() => setMarks({ ...marks, [d.key]: m })}
                  />
                  {markText(q.scale, m, s)}
                </label>
              ))}
            </div>
            {low && (
              <div class="field">
                <label for={reasonId}>{s.owner.reason}</label>
                <p class="hint" id={`${reasonId}-hint`}>
                  {s.owner.reasonHint}
                </p>
                <textarea
                  id={reasonId}
                  rows={2}
                  maxLength={500}
                  required
                  aria-describedby={describedBy(reasonId, true, undefined)}
                  value={reasons[d.key] ?? ''}
                  onInput={(e) =>
                    setReasons({ ...reasons, [d.key]: (e.target as HTMLTextAreaElement).value })
                  }
                />
              </div>
            )}
          </fieldset>
        )
      })}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" class="button wide" disabled={props.busy}>
        {props.busy ? s.owner.submitting : props.submit}
      </button>
    </form>
  )
}
