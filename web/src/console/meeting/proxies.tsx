import { useRef, useState } from 'preact/hooks'
import {
  fetchProxies,
  fetchUnitAccounts,
  recordProxy,
  revokeProxy,
  uploadAttachment,
  type Directions,
  type Failure,
  type Meeting,
  type UnitAccount,
} from '../api'
import { FailureText, type C } from '../frame'
import { Loaded, useBusy, useLoad } from '../load'
import { Table } from '../table'

/** Written proxies: recorded with the signed authorisation and any directions, listed, revoked while voting. */
export function Proxies({
  estateId,
  m,
  c,
  canEdit,
}: {
  estateId: string
  m: Meeting
  c: C
  canEdit: boolean
}) {
  const [list, reload] = useLoad(() => fetchProxies(estateId, m.id), 'proxies', [estateId, m.id])
  const [unit, setUnit] = useState('')
  const [holder, setHolder] = useState('')
  const [holderUnit, setHolderUnit] = useState('')
  const [candidates, setCandidates] = useState<UnitAccount[] | null>(null)
  const [staff, setStaff] = useState(false)
  const [directions, setDirections] = useState<Record<string, string>>({})
  const [done, setDone] = useState(false)
  const file = useRef<HTMLInputElement>(null)
  const [busy, failure, run] = useBusy()
  const resolutions = m.matters.filter((x) => x.kind !== 'elect_committee')

  async function findHolder() {
    const r = await fetchUnitAccounts(estateId, holderUnit.trim())
    const found = r.ok ? r.data.accounts : []
    setCandidates(found)
    if (found.length === 1) setHolder((found[0] as UnitAccount).accountId)
  }

  async function submit(e: Event) {
    e.preventDefault()
    setDone(false)
    const f = file.current?.files?.[0]
    const ok = await run(async () => {
      if (!f) return { ok: false, status: 400, code: 'document_missing' } as Failure
      const doc = await uploadAttachment(estateId, m.id, f, 'proxy_document', unit.trim())
      if (!doc.ok) return doc
      const chosen = Object.fromEntries(Object.entries(directions).filter(([, v]) => v !== '')) as Directions
      return recordProxy(estateId, m.id, {
        unit: unit.trim(),
        holderAccountId: holder.trim(),
        holderIsPropertyStaff: staff,
        directions: Object.keys(chosen).length > 0 ? chosen : null,
        documentId: doc.data.attachment.id,
      })
    })
    if (ok) {
      setDone(true)
      setUnit('')
      setHolder('')
      setHolderUnit('')
      setCandidates(null)
      setDirections({})
      if (file.current) file.current.value = ''
      reload()
    }
  }

  return (
    <section aria-labelledby="proxies-heading">
      <h2 id="proxies-heading">{c.proxies.heading}</h2>
      {canEdit && (
        <form class="stack" onSubmit={(e) => void submit(e)}>
          <p>{c.proxies.intro}</p>
          <div class="row">
            <div class="field">
              <label for="proxy-unit">{c.proxies.unit}</label>
              <input id="proxy-unit" value={unit} onInput={(e) => setUnit(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="proxy-holder-unit">{c.proxies.holderUnit}</label>
              <input
                id="proxy-holder-unit"
                value={holderUnit}
                onInput={(e) => setHolderUnit(e.currentTarget.value)}
              />
              <button
                type="button"
                class="secondary"
                disabled={holderUnit.trim() === ''}
                onClick={() => void findHolder()}
              >
                {c.proxies.find}
              </button>
              {candidates !== null &&
                (candidates.length === 0 ? (
                  <p class="hint" role="status">
                    {c.proxies.noneFound}
                  </p>
                ) : (
                  <fieldset>
                    <legend>{c.proxies.found}</legend>
                    {candidates.map((a) => (
                      <label class="check" key={a.accountId}>
                        <input
                          type="radio"
                          name="proxy-holder-choice"
                          checked={holder === a.accountId}
                          onChange={() => setHolder(a.accountId)}
                        />
                        <span>{a.name}</span>
                      </label>
                    ))}
                  </fieldset>
                ))}
            </div>
            <div class="field">
              <label for="proxy-holder">{c.proxies.holder}</label>
              <input
                id="proxy-holder"
                value={holder}
                aria-describedby="proxy-holder-hint"
                autoCapitalize="off"
                spellcheck={false}
                onInput={(e) => setHolder(e.currentTarget.value)}
              />
              <p class="hint" id="proxy-holder-hint">
                {c.proxies.holderHint}
              </p>
            </div>
          </div>
          <label class="check">
            <input type="checkbox" checked={staff} onChange={(e) => setStaff(e.currentTarget.checked)} />
            <span>{c.proxies.propertyStaff}</span>
          </label>
          <div class="field">
            <label for="proxy-document">{c.proxies.document}</label>
            <input id="proxy-document" type="file" ref={file} accept=".pdf,.jpg,.jpeg,.png,.webp" />
          </div>
          {resolutions.length > 0 && (
            <fieldset>
              <legend>{c.proxies.directions}</legend>
              {resolutions.map((x) => (
                <div class="field" key={x.id}>
                  <label for={`direction-${x.id}`}>
                    {c.paper.choice(c.paper.matterNo(m.matters.indexOf(x) + 1), x.title)}
                  </label>
                  <select
                    id={`direction-${x.id}`}
                    value={directions[x.id] ?? ''}
                    onChange={(e) => setDirections((d) => ({ ...d, [x.id]: e.currentTarget.value }))}
                  >
                    <option value="">{c.proxies.directionNone}</option>
                    <option value="yes">{choiceWord(c, 'yes')}</option>
                    <option value="no">{choiceWord(c, 'no')}</option>
                    <option value="abstain">{choiceWord(c, 'abstain')}</option>
                  </select>
                </div>
              ))}
            </fieldset>
          )}
          <button type="submit" class="button" disabled={busy}>
            {c.proxies.record}
          </button>
          <p role="status">{done ? c.proxies.recorded : ''}</p>
          {failure && <FailureText failure={failure} c={c} />}
        </form>
      )}
      <h3 id="proxies-list-heading">{c.proxies.listHeading}</h3>
      <Loaded state={list} c={c}>
        {(list) => (
          <Table
            class="proxies"
            rows={list}
            rowKey={(p) => p.id}
            empty={c.paper.empty}
            labelledBy="proxies-list-heading"
            columns={[
              { header: c.proxies.voter, cell: (p) => p.voter, rowHeader: true },
              { header: c.proxies.holderName, cell: (p) => p.holder },
              { header: c.proxies.directed, cell: (p) => (p.directed ? c.yes : c.no) },
              { header: c.proxies.status, cell: (p) => c.proxies.statuses[p.status] ?? p.status },
              canEdit && {
                header: c.actions,
                cell: (p) =>
                  p.status === 'active' && (
                    <button
                      type="button"
                      class="button secondary"
                      onClick={async () => {
                        if (await run(() => revokeProxy(estateId, m.id, p.id))) reload()
                      }}
                    >
                      {c.proxies.revoke}
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  )
}

const choiceWord = (c: C, v: 'yes' | 'no' | 'abstain') =>
  v === 'yes' ? c.paper.choices.yes : v === 'no' ? c.paper.choices.no : c.paper.choices.abstain
