import { useState } from 'preact/hooks'
import { recordService, type Meeting } from '../api'
import { FailureText, type C } from '../frame'
import { useBusy } from '../load'

/** Evidence that the notice reached a unit: a signed paper receipt or a posting, with what shows it. */
export function Service({ estateId, m, c }: { estateId: string; m: Meeting; c: C }) {
  const [unit, setUnit] = useState('')
  const [method, setMethod] = useState<'paper_receipt' | 'posted'>('paper_receipt')
  const [evidence, setEvidence] = useState('')
  const [done, setDone] = useState(false)
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="service-heading">
      <h2 id="service-heading">{c.service.heading}</h2>
      <p class="note">{c.service.intro}</p>
      <form
        class="row"
        onSubmit={async (e) => {
          e.preventDefault()
          setDone(false)
          if (await run(() => recordService(estateId, m.id, { unit: unit.trim(), method, evidence }))) {
            setDone(true)
            setUnit('')
            setEvidence('')
          }
        }}
      >
        <div class="field">
          <label for="service-unit">{c.service.unit}</label>
          <input id="service-unit" value={unit} onInput={(e) => setUnit(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="service-method">{c.service.method}</label>
          <select
            id="service-method"
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value as typeof method)}
          >
            {(['paper_receipt', 'posted'] as const).map((k) => (
              <option key={k} value={k}>
                {c.service.methods[k]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="service-evidence">{c.service.evidence}</label>
          <input id="service-evidence" value={evidence} onInput={(e) => setEvidence(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button secondary" disabled={busy}>
          {c.service.record}
        </button>
      </form>
      <p role="status">{done ? c.service.recorded : ''}</p>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}
