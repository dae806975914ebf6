import { useState } from 'preact/hooks'
import type { ErrorCode } from '../../../server/errors'
import type { Me } from '../api'
import { fetchRollObjections, objectToRoll } from '../api-results'
import { formatDate, useI18n } from '../i18n'
import { useOwnerAll } from '../i18n/owner-more'
import { Refusal, useLoad } from './meeting-common'

/**
 * A signed-in owner objects to the published roll about a unit (domain.md §3 "Roll publicity": objections are
 * recorded and answered), and sees their objections with the conveners' answers.
 */
export default function RollObjection({ owner }: { owner: NonNullable<Me['owner']> }) {
  const o = useOwnerAll()
  const { t } = useI18n()
  const estateId = owner.estate.id
  const units = owner.voters.flatMap((v) => v.units.map((u) => u.number))
  const [mine, reload] = useLoad(() => fetchRollObjections(estateId), [estateId])
  const [unit, setUnit] = useState(units[0] ?? '')
  const [text, setText] = useState('')
  const [state, setState] = useState<'idle' | 'busy' | 'sent' | 'empty' | string>('idle')
  if (!o) return null
  const c = o.objection

  async function send(e: Event) {
    e.preventDefault()
    if (!unit.trim() || !text.trim()) return setState('empty')
    setState('busy')
    const r = await objectToRoll(estateId, unit.trim(), text.trim())
    if (!r.ok) return setState(r.error)
    setText('')
    setState('sent')
    reload()
  }

  return (
    <section aria-labelledby="objection-heading" class="spaced">
      <h2 id="objection-heading">{c.heading}</h2>
      <p>{c.intro}</p>
      <form class="stack" onSubmit={(e) => void send(e)} noValidate>
        <div class="field">
          <label for="objection-unit">{c.unit}</label>
          <input
            id="objection-unit"
            type="text"
            list="objection-units"
            value={unit}
            maxLength={100}
            autoComplete="off"
            onInput={(e) => setUnit(e.currentTarget.value)}
          />
          <datalist id="objection-units">
            {units.map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
        </div>
        <div class={state === 'empty' && !text.trim() ? 'field invalid' : 'field'}>
          <label for="objection-text">{c.text}</label>
          <textarea
            id="objection-text"
            rows={4}
            maxLength={5000}
            value={text}
            aria-describedby={state === 'empty' ? 'objection-error' : undefined}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          {state === 'empty' && (
            <p class="field-error" id="objection-error">
              {c.required}
            </p>
          )}
        </div>
        <button type="submit" class="button wide" disabled={state === 'busy'}>
          {c.submit}
        </button>
      </form>
      <p class="matched" role="status">
        {state === 'sent' ? c.sent : ''}
      </p>
      {state === ('roll_unit_not_found' satisfies ErrorCode) ? (
        // The unit is typed freely: say which field is wrong, in this page's own words.
        <div class="problem" role="alert">
          <p>{c.unknownUnit}</p>
        </div>
      ) : (
        !['idle', 'busy', 'sent', 'empty'].includes(state) && <Refusal o={o} error={state} />
      )}
      {mine?.ok && mine.data.objections.length > 0 && (
        <>
          <h3>{c.mine}</h3>
          <ul class="cards">
            {mine.data.objections.map((x) => (
              <li key={x.id} class="unit">
                <p class="unit-head">
                  <span class="unit-number">{x.unit}</span>
                  <span class="note">{formatDate(x.at, t.value.dateLocale, true)}</span>
                </p>
                <p class="body">{x.text}</p>
                <p class={x.answer ? 'notice' : 'note'}>{x.answer ? c.answer(x.answer) : c.waiting}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
