import { useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { Field, describedBy } from '../components/field'
import {
  documentUrl,
  fetchGuardians,
  fetchRepresentatives,
  fetchUnitPeople,
  recordGuardian,
  recordRepresentative,
  revokeGuardian,
  revokeRepresentative,
  uploadDocument,
  type DocumentPurpose,
  type Failure,
  type Result,
  type UnitPeople,
} from './api'
import { ConfirmDialog } from './confirm'
import { Frame, formatWhen, useConsole, type C } from './frame'
import { Loaded, useBusy, useLoad } from './load'
import { Table } from './table'
import { Refusal } from './refusal'
import './people.css'

/**
 * 代表与监护人: the people who act for a voter besides its owners (domain §3). The co-owners of a unit name one
 * representative who casts its ballot (指导规则 art. 25); a minor or incapacitated owner votes through the guardian
 * (民法典 arts. 23, 34). A convener records either from the signed paper, uploaded first as an estate document;
 * supervisors read the lists of those in force.
 */
export default function ConsolePeople({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c, role } = state
  const p = c.people
  const { query, route } = useLocation()
  const here = `/console/${encodeURIComponent(estateId)}/people`
  const unit = (query['unit'] ?? '').trim()
  // Bumped after a change in the unit's view, so the lists below read again.
  const [version, setVersion] = useState(0)
  const convener = role === 'convener'
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={p.heading}
      title={state.estateName ? p.title(state.estateName) : p.heading}
      readOnly={p.readOnly}
    >
      <p class="lead">{p.intro}</p>
      {convener && (
        <>
          <FindUnit
            key={unit}
            unit={unit}
            c={c}
            onFind={(u) => route(u ? `${here}?unit=${encodeURIComponent(u)}` : here)}
          />
          {unit !== '' && (
            <UnitView
              key={unit}
              estateId={estateId}
              unit={unit}
              c={c}
              onChanged={() => setVersion((n) => n + 1)}
            />
          )}
        </>
      )}
      <p class="note">{p.listsNote}</p>
      <Representatives estateId={estateId} c={c} version={version} openUnit={convener ? here : null} />
      <Guardians estateId={estateId} c={c} version={version} />
    </Frame>
  )
}

function FindUnit({ unit, c, onFind }: { unit: string; c: C; onFind: (unit: string) => void }) {
  const p = c.people
  const [text, setText] = useState(unit)
  const [missing, setMissing] = useState(false)
  const error = missing ? p.unitMissing : undefined
  return (
    <section aria-labelledby="find-heading">
      <h2 id="find-heading">{p.findHeading}</h2>
      <form
        role="search"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (text.trim() === '') return setMissing(true)
          onFind(text.trim())
        }}
      >
        <Field id="people-unit" label={p.unit} hint={p.unitHint} error={error}>
          <div class="search-row">
            <input
              id="people-unit"
              type="search"
              value={text}
              autoCapitalize="off"
              spellcheck={false}
              aria-describedby={describedBy('people-unit', true, error)}
              onInput={(e) => {
                setText(e.currentTarget.value)
                setMissing(false)
              }}
            />
            <button type="submit" class="button">
              {p.find}
            </button>
          </div>
        </Field>
      </form>
    </section>
  )
}

/** One unit as a convener sees it to record from the paper: its owners by name, representative and guardians. */
function UnitView(props: { estateId: string; unit: string; c: C; onChanged: () => void }) {
  const { estateId, unit, c } = props
  const p = c.people
  const [people, reload] = useLoad(
    (): Promise<Result<{ people: UnitPeople }>> =>
      fetchUnitPeople(estateId, unit).then((r) => (r.ok ? { ...r, data: { people: r.data } } : r)),
    'people',
    [estateId, unit],
  )
  const [done, setDone] = useState<string | null>(null)
  // A new round after each change: the forms start empty again for the next paper.
  const [round, setRound] = useState(0)
  const changed = (message: string) => {
    setDone(message)
    setRound((n) => n + 1)
    reload()
    props.onChanged()
  }
  return (
    <section aria-labelledby="unit-heading" class="unit-people">
      <h2 id="unit-heading">{p.unitHeading(unit)}</h2>
      {people === null ? (
        <p role="status">{c.loading}</p>
      ) : !people.ok ? (
        <Refusal failure={people} c={c} words={p.errors} />
      ) : (
        <>
          <Owners u={people.data} c={c} />
          <p role="status" class="ok">
            {done}
          </p>
          {people.data.owners.length === 0 ? (
            <p>{p.noOwners}</p>
          ) : (
            <div class="people-parts">
              <RepresentativePart
                key={`r${round}`}
                estateId={estateId}
                u={people.data}
                c={c}
                onDone={changed}
              />
              <GuardianPart key={`g${round}`} estateId={estateId} u={people.data} c={c} onDone={changed} />
            </div>
          )}
        </>
      )}
    </section>
  )
}

const nameOf = (u: UnitPeople, ownerId: number) => u.owners.find((o) => o.ownerId === ownerId)?.name ?? ''

function Owners({ u, c }: { u: UnitPeople; c: C }) {
  const p = c.people
  return (
    <div class="owners">
      <h3>{p.owners}</h3>
      <ul class="plain-list">
        {u.owners.map((o) => {
          const g = u.guardians.find((x) => x.ownerId === o.ownerId)
          return (
            <li key={o.ownerId}>
              <span class="owner-name">{o.name}</span>
              {u.representative?.ownerId === o.ownerId && <span class="tag">{p.isRepresentative}</span>}
              {g && <span class="tag">{p.hasGuardian(g.name)}</span>}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

// ---- the signed paper ----

type Doc =
  | { readonly status: 'none' }
  | { readonly status: 'uploading'; readonly name: string }
  | { readonly status: 'done'; readonly name: string; readonly id: string }
  | { readonly status: 'failed'; readonly failure: Failure }

/** The signed paper, uploaded as soon as it is chosen, so the convener can open it and check it before recording. */
function DocumentField(props: {
  id: string
  label: string
  purpose: DocumentPurpose
  estateId: string
  c: C
  doc: Doc
  onDoc: (doc: Doc) => void
  error: string | undefined
  input?: { current: HTMLInputElement | null }
}) {
  const { id, doc, c } = props
  const p = c.people
  // Only the last file chosen counts: an earlier upload that answers later is ignored.
  const latest = useRef(0)
  async function chosen(file: File | undefined) {
    const n = ++latest.current
    if (!file) return props.onDoc({ status: 'none' })
    props.onDoc({ status: 'uploading', name: file.name })
    const r = await uploadDocument(props.estateId, file, props.purpose)
    if (n !== latest.current) return
    props.onDoc(
      r.ok ? { status: 'done', name: file.name, id: r.data.document.id } : { status: 'failed', failure: r },
    )
  }
  return (
    <Field id={id} label={props.label} hint={p.documentHint} error={props.error}>
      <input
        id={id}
        ref={props.input}
        type="file"
        accept=".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"
        aria-describedby={describedBy(id, true, props.error)}
        onChange={(e) => void chosen(e.currentTarget.files?.[0])}
      />
      <div aria-live="polite">
        {doc.status === 'uploading' && <p class="hint">{p.uploading}</p>}
        {doc.status === 'done' && (
          <p class="ok uploaded">
            {p.uploaded(doc.name)}{' '}
            <a href={documentUrl(props.estateId, doc.id)} target="_blank" rel="noopener">
              {p.viewDocument}
            </a>
          </p>
        )}
      </div>
      {doc.status === 'failed' && <Refusal failure={doc.failure} c={c} words={p.errors} />}
    </Field>
  )
}

// ---- the representative ----

function RepresentativePart(props: {
  estateId: string
  u: UnitPeople
  c: C
  onDone: (message: string) => void
}) {
  const { estateId, u, c } = props
  const p = c.people
  const rep = u.representative
  const repName = rep ? nameOf(u, rep.ownerId) : ''
  const [asking, setAsking] = useState(false)
  const [busy, failure, run] = useBusy()
  async function revoke() {
    if (!rep) return
    const ok = await run(() => revokeRepresentative(estateId, rep.id))
    setAsking(false)
    if (ok) props.onDone(p.repRevoked(repName, u.unit))
  }
  return (
    <div class="people-part" role="group" aria-labelledby="rep-heading">
      <h3 id="rep-heading">{p.repHeading}</h3>
      {rep ? (
        <>
          <p>{p.repCurrent(repName, p.sources[rep.source] ?? '', formatWhen(rep.since, c))}</p>
          <button type="button" class="button secondary" disabled={busy} onClick={() => setAsking(true)}>
            {p.repRevoke(repName)}
          </button>
          <ConfirmDialog
            id="rep-revoke"
            open={asking}
            heading={p.repRevokeHeading(repName, u.unit)}
            confirm={p.repRevokeConfirm}
            busy={busy}
            c={c}
            onConfirm={() => void revoke()}
            onCancel={() => setAsking(false)}
          >
            <p>{p.repRevokeText(repName, u.unit)}</p>
          </ConfirmDialog>
          {failure && <Refusal failure={failure} c={c} words={p.errors} />}
        </>
      ) : (
        <p>{u.owners.length < 2 ? p.soleOwner : p.repNone}</p>
      )}
      {u.owners.length >= 2 && <RepresentativeForm {...props} current={rep ? repName : null} />}
    </div>
  )
}

function RepresentativeForm(props: {
  estateId: string
  u: UnitPeople
  c: C
  current: string | null
  onDone: (message: string) => void
}) {
  const { estateId, u, c } = props
  const p = c.people
  const [doc, setDoc] = useState<Doc>({ status: 'none' })
  const [ownerId, setOwnerId] = useState<number | null>(null)
  const [wrong, setWrong] = useState<'doc' | 'owner' | null>(null)
  const [busy, failure, run] = useBusy()
  const file = useRef<HTMLInputElement>(null)
  const firstOwner = useRef<HTMLInputElement>(null)

  async function submit(e: Event) {
    e.preventDefault()
    if (doc.status !== 'done') {
      setWrong('doc')
      return file.current?.focus()
    }
    if (ownerId === null) {
      setWrong('owner')
      return firstOwner.current?.focus()
    }
    setWrong(null)
    const documentId = doc.id
    const ok = await run(() => recordRepresentative(estateId, { unit: u.unit, ownerId, documentId }))
    if (ok) props.onDone(p.repRecorded(nameOf(u, ownerId), u.unit))
  }

  return (
    <form class="stack" noValidate onSubmit={(e) => void submit(e)}>
      <h4>{props.current === null ? p.repFormHeading : p.repChangeHeading}</h4>
      <DocumentField
        id="rep-document"
        label={p.repDocument}
        purpose="representative"
        estateId={estateId}
        c={c}
        doc={doc}
        onDoc={(d) => {
          setDoc(d)
          setWrong(null)
        }}
        error={wrong === 'doc' ? p.documentMissing : undefined}
        input={file}
      />
      <fieldset aria-describedby={wrong === 'owner' ? 'rep-owner-error' : undefined}>
        <legend>{p.repChoose}</legend>
        {u.owners.map((o, i) => (
          <label class="check" key={o.ownerId}>
            <input
              type="radio"
              name="rep-owner"
              ref={i === 0 ? firstOwner : undefined}
              checked={ownerId === o.ownerId}
              onChange={() => {
                setOwnerId(o.ownerId)
                setWrong(null)
              }}
            />
            <span>{o.name}</span>
          </label>
        ))}
        {wrong === 'owner' && (
          <p class="field-error" id="rep-owner-error">
            {p.repChooseMissing}
          </p>
        )}
      </fieldset>
      {props.current !== null && <p class="hint">{p.repReplaces(props.current)}</p>}
      <button type="submit" class="button" disabled={busy || doc.status === 'uploading'}>
        {p.repRecord}
      </button>
      {failure && <Refusal failure={failure} c={c} words={p.errors} />}
    </form>
  )
}

// ---- guardians ----

function GuardianPart(props: { estateId: string; u: UnitPeople; c: C; onDone: (message: string) => void }) {
  const { u, c } = props
  const p = c.people
  return (
    <div class="people-part" role="group" aria-labelledby="guardian-heading">
      <h3 id="guardian-heading">{p.guardianHeading}</h3>
      {u.guardians.length === 0 ? (
        <p>{p.guardianNone}</p>
      ) : (
        <ul class="plain-list guardians">
          {u.guardians.map((g) => (
            <GuardianLine key={g.id} {...props} g={g} />
          ))}
        </ul>
      )}
      <GuardianForm {...props} />
    </div>
  )
}

function GuardianLine(props: {
  estateId: string
  u: UnitPeople
  g: UnitPeople['guardians'][number]
  c: C
  onDone: (message: string) => void
}) {
  const { g, u, c } = props
  const p = c.people
  const ward = nameOf(u, g.ownerId)
  const [asking, setAsking] = useState(false)
  const [busy, failure, run] = useBusy()
  async function revoke() {
    const ok = await run(() => revokeGuardian(props.estateId, g.id))
    setAsking(false)
    if (ok) props.onDone(p.guardianRevoked(g.name, ward))
  }
  return (
    <li>
      <p>{p.guardianLine(g.name, g.relation, ward, formatWhen(g.since, c))}</p>
      <button type="button" class="button secondary" disabled={busy} onClick={() => setAsking(true)}>
        {p.guardianRevoke(g.name)}
      </button>
      <ConfirmDialog
        id={`guardian-revoke-${g.id}`}
        open={asking}
        heading={p.guardianRevokeHeading(g.name, ward, u.unit)}
        confirm={p.guardianRevokeConfirm}
        busy={busy}
        c={c}
        onConfirm={() => void revoke()}
        onCancel={() => setAsking(false)}
      >
        <p>{p.guardianRevokeText(g.name, ward)}</p>
      </ConfirmDialog>
      {failure && <Refusal failure={failure} c={c} words={p.errors} />}
    </li>
  )
}

type GuardianField = 'ward' | 'name' | 'idLast4' | 'relation' | 'doc'

/** The last four characters of an ID as the server reads them: full-width digits and a lower-case x allowed. */
const last4 = (text: string) => text.normalize('NFKC').trim().toUpperCase()

function GuardianForm(props: { estateId: string; u: UnitPeople; c: C; onDone: (message: string) => void }) {
  const { estateId, u, c } = props
  const p = c.people
  const [ownerId, setOwnerId] = useState<number | null>(null)
  const [name, setName] = useState('')
  const [idLast4, setIdLast4] = useState('')
  const [relation, setRelation] = useState('')
  const [doc, setDoc] = useState<Doc>({ status: 'none' })
  const [wrong, setWrong] = useState<Partial<Record<GuardianField, string>>>({})
  const [asking, setAsking] = useState(false)
  const [busy, failure, run] = useBusy()
  const refs = {
    ward: useRef<HTMLInputElement>(null),
    name: useRef<HTMLInputElement>(null),
    idLast4: useRef<HTMLInputElement>(null),
    relation: useRef<HTMLInputElement>(null),
    doc: useRef<HTMLInputElement>(null),
  }
  const taken = new Set(u.guardians.map((g) => g.ownerId))
  const ward = ownerId === null ? '' : nameOf(u, ownerId)

  function ask(e: Event) {
    e.preventDefault()
    const found: Partial<Record<GuardianField, string>> = {}
    if (ownerId === null) found.ward = p.wardMissing
    if (name.trim() === '') found.name = p.guardianNameMissing
    if (!/^[0-9X]{4}$/.test(last4(idLast4))) found.idLast4 = p.idLast4Invalid
    if (relation.trim() === '') found.relation = p.relationMissing
    if (doc.status !== 'done') found.doc = p.documentMissing
    setWrong(found)
    const first = (['ward', 'name', 'idLast4', 'relation', 'doc'] as const).find((k) => found[k])
    if (first) return refs[first].current?.focus()
    setAsking(true)
  }

  async function record() {
    if (ownerId === null || doc.status !== 'done') return
    const documentId = doc.id
    const ok = await run(() =>
      recordGuardian(estateId, {
        unit: u.unit,
        ownerId,
        name: name.trim(),
        idLast4: last4(idLast4),
        relation: relation.trim(),
        documentId,
      }),
    )
    setAsking(false)
    if (ok) props.onDone(p.guardianRecorded(name.trim(), ward))
  }

  const clear = (k: GuardianField) => setWrong((w) => ({ ...w, [k]: undefined }))
  const wardChoices = u.owners.filter((o) => !taken.has(o.ownerId))
  return (
    <form class="stack guardian-form" noValidate onSubmit={ask}>
      <h4>{p.guardianFormHeading}</h4>
      <fieldset aria-describedby={wrong.ward ? 'guardian-ward-error' : undefined}>
        <legend>{p.ward}</legend>
        {u.owners.map((o) => (
          <label class="check" key={o.ownerId}>
            <input
              type="radio"
              name="guardian-ward"
              ref={o.ownerId === wardChoices[0]?.ownerId ? refs.ward : undefined}
              disabled={taken.has(o.ownerId)}
              checked={ownerId === o.ownerId}
              onChange={() => {
                setOwnerId(o.ownerId)
                clear('ward')
              }}
            />
            <span>{taken.has(o.ownerId) ? p.wardTaken(o.name) : o.name}</span>
          </label>
        ))}
        {wrong.ward && (
          <p class="field-error" id="guardian-ward-error">
            {wrong.ward}
          </p>
        )}
      </fieldset>
      <Field id="guardian-name" label={p.guardianName} error={wrong.name}>
        <input
          id="guardian-name"
          type="text"
          class="name-input"
          ref={refs.name}
          value={name}
          autoComplete="off"
          aria-describedby={describedBy('guardian-name', false, wrong.name)}
          onInput={(e) => {
            setName(e.currentTarget.value)
            clear('name')
          }}
        />
      </Field>
      <Field id="guardian-id" label={p.idLast4} hint={p.idLast4Hint} error={wrong.idLast4}>
        <input
          id="guardian-id"
          type="text"
          class="code-input short-input"
          ref={refs.idLast4}
          value={idLast4}
          maxLength={4}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          aria-describedby={describedBy('guardian-id', true, wrong.idLast4)}
          onInput={(e) => {
            setIdLast4(e.currentTarget.value)
            clear('idLast4')
          }}
        />
      </Field>
      <Field id="guardian-relation" label={p.relation} hint={p.relationHint} error={wrong.relation}>
        <input
          id="guardian-relation"
          type="text"
          class="name-input"
          ref={refs.relation}
          value={relation}
          autoComplete="off"
          aria-describedby={describedBy('guardian-relation', true, wrong.relation)}
          onInput={(e) => {
            setRelation(e.currentTarget.value)
            clear('relation')
          }}
        />
      </Field>
      <DocumentField
        id="guardian-document"
        label={p.guardianDocument}
        purpose="guardian"
        estateId={estateId}
        c={c}
        doc={doc}
        onDoc={(d) => {
          setDoc(d)
          clear('doc')
        }}
        error={wrong.doc}
        input={refs.doc}
      />
      <button type="submit" class="button" disabled={busy || doc.status === 'uploading'}>
        {p.guardianRecord}
      </button>
      <ConfirmDialog
        id="guardian-confirm"
        open={asking}
        heading={p.guardianConfirmHeading(name.trim(), ward)}
        confirm={p.guardianConfirm}
        busy={busy}
        c={c}
        onConfirm={() => void record()}
        onCancel={() => setAsking(false)}
      >
        <p>{p.guardianConfirmText(name.trim(), ward, u.unit)}</p>
      </ConfirmDialog>
      {failure && <Refusal failure={failure} c={c} words={p.errors} />}
    </form>
  )
}

// ---- the lists of those in force ----

function Representatives(props: { estateId: string; c: C; version: number; openUnit: string | null }) {
  const { estateId, c, openUnit } = props
  const p = c.people
  const [list] = useLoad(() => fetchRepresentatives(estateId), 'representatives', [estateId, props.version])
  return (
    <section aria-labelledby="reps-heading">
      <h2 id="reps-heading">{p.repsHeading}</h2>
      <Loaded state={list} c={c}>
        {(reps) => (
          <Table
            rows={reps}
            rowKey={(r) => r.id}
            empty={p.repsEmpty}
            labelledBy="reps-heading"
            columns={[
              { header: p.col.unit, cell: (r) => r.unit, rowHeader: true },
              { header: p.col.representative, cell: (r) => r.representative },
              { header: p.col.source, cell: (r) => p.sources[r.source] ?? '' },
              { header: p.col.since, cell: (r) => formatWhen(r.since, c) },
              {
                header: p.col.document,
                cell: (r) =>
                  r.documentId ? (
                    <a href={documentUrl(estateId, r.documentId)} target="_blank" rel="noopener">
                      {p.viewPaper}
                    </a>
                  ) : (
                    p.noPaper
                  ),
              },
              !!openUnit && {
                header: p.col.action,
                cell: (r) => (
                  <a href={`${openUnit}?unit=${encodeURIComponent(r.unit)}`}>{p.openUnit(r.unit)}</a>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  )
}

function Guardians(props: { estateId: string; c: C; version: number }) {
  const { estateId, c } = props
  const p = c.people
  const [list] = useLoad(() => fetchGuardians(estateId), 'guardians', [estateId, props.version])
  return (
    <section aria-labelledby="guardians-heading">
      <h2 id="guardians-heading">{p.guardiansHeading}</h2>
      <Loaded state={list} c={c}>
        {(guardians) => (
          <Table
            rows={guardians}
            rowKey={(g) => g.id}
            empty={p.guardiansEmpty}
            labelledBy="guardians-heading"
            columns={[
              { header: p.col.ward, cell: (g) => g.ward, rowHeader: true },
              { header: p.col.guardian, cell: (g) => g.guardian },
              { header: p.col.relation, cell: (g) => g.relation },
              { header: p.col.since, cell: (g) => formatWhen(g.since, c) },
              {
                header: p.col.document,
                cell: (g) => (
                  <a href={documentUrl(estateId, g.documentId)} target="_blank" rel="noopener">
                    {p.viewPaper}
                  </a>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  )
}
