import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import {
  fetchInvitations,
  issueInvitations,
  type ApiFailure,
  type ApiResult,
  type InvitationList,
  type InvitationRow,
  type IssueScope,
  type IssuedLetters,
} from '../api'
import { Field, describedBy } from '../components/field'
import { fetchActivationReview, type Takeover } from '../console/api'
import { Alert, Problem } from '../components/problem'
import { formatCount, formatDate, useI18n, useTitle, type Catalogue } from '../i18n'
import { STAFF_CATALOGUES, type StaffCatalogue } from '../i18n/staff'
import { useSession } from '../session'
import { Letters } from './letters'
import '../console/awaiting.css'

/**
 * 邀请信 (staff console): how far the estate's voters are with their invitations and passkeys, by
 * building; conveners issue and print letters here. A separate lazy chunk, so owners' pages never load it (nor
 * the QR encoder the letters use).
 */
export default function InvitationsPage({ estateId }: { estateId: string }) {
  const { t, locale } = useI18n()
  const c = STAFF_CATALOGUES[locale.value].console
  const session = useSession()
  const { query, route } = useLocation()
  // This page's own address, not useLocation's path: while the next page's chunk loads, this one stays mounted
  // and the location already says where the reader is going.
  const here = `/console/${encodeURIComponent(estateId)}/invitations`

  const [list, setList] = useState<ApiResult<InvitationList> | null>(null)
  const [attempt, setAttempt] = useState(0)
  const [issued, setIssued] = useState<IssuedLetters | null>(null)
  useTitle(list?.ok ? c.title(list.data.estate.name) : c.heading)

  useEffect(() => {
    void session.load()
  }, [session])

  useEffect(() => {
    const controller = new AbortController()
    setList(null)
    void fetchInvitations(estateId, controller.signal).then((r) => {
      if (controller.signal.aborted) return
      if (!r.ok && r.error === 'unauthenticated') {
        route(`/signin?next=${encodeURIComponent(here)}`, true)
        return
      }
      setList(r)
    })
    return () => controller.abort()
    // Not on `route`: it changes with every navigation.
  }, [estateId, attempt])

  const state = session.state.value
  const convener =
    state.status === 'signed_in' &&
    state.me.roles.some((r) => r.role === 'convener' && r.estateId === estateId)

  if (issued) {
    return (
      <IssuedView
        issued={issued}
        estateId={estateId}
        t={t.value}
        c={c}
        onDone={() => {
          setIssued(null)
          setAttempt((n) => n + 1)
        }}
      />
    )
  }

  const building = query['building'] ?? ''
  return (
    <>
      {list?.ok && <p class="estate-name">{list.data.estate.name}</p>}
      <h1 tabIndex={-1}>{c.heading}</h1>
      {list === null ? (
        <p role="status">{c.loading}</p>
      ) : !list.ok ? (
        list.error === 'network' || list.error === 'unexpected' ? (
          <Problem error={list.error} onRetry={() => setAttempt((n) => n + 1)} />
        ) : (
          <Alert error={list.error}>
            <a class="button" href="/me">
              {t.value.me.title}
            </a>
          </Alert>
        )
      ) : (
        <>
          <Totals list={list.data} c={c} />
          <AwaitingApproval estateId={estateId} rows={list.data.invitations} t={t.value} c={c} />
          <ByBuilding
            rows={list.data.invitations}
            building={building}
            onBuilding={(b) => route(b ? `${here}?building=${encodeURIComponent(b)}` : here, true)}
            t={t.value}
            c={c}
          />
          <section aria-labelledby="issue-heading">
            <h2 id="issue-heading">{c.issueHeading}</h2>
            <p>{c.issueIntro}</p>
            {convener ? (
              <IssueForm
                estateId={estateId}
                rows={list.data.invitations}
                t={t.value}
                c={c}
                onIssued={setIssued}
              />
            ) : (
              <p class="notice">{c.readOnly}</p>
            )}
          </section>
        </>
      )}
    </>
  )
}

type ConsoleText = StaffCatalogue['console']

function Totals({ list, c }: { list: InvitationList; c: ConsoleText }) {
  const keys = ['voters', 'votersWithPasskey', 'issued', 'expired', 'locked', 'none'] as const
  return (
    <section class="totals" aria-labelledby="totals-heading">
      <h2 id="totals-heading">{c.totalsHeading}</h2>
      <dl>
        {keys.map((k) => (
          <div key={k}>
            <dt>{c.totals[k]}</dt>
            <dd>{formatCount(list.totals[k])}</dd>
          </div>
        ))}
      </dl>
      <p class="note">{c.totalsNote}</p>
    </section>
  )
}

interface BuildingSummary {
  readonly name: string
  readonly voters: number
  readonly issued: number
  readonly activated: number
}

function summarize(rows: readonly InvitationRow[]): BuildingSummary[] {
  const by = new Map<string, { voters: number; issued: number; activated: number }>()
  for (const r of rows) {
    const s = by.get(r.building) ?? { voters: 0, issued: 0, activated: 0 }
    s.voters += 1
    if (r.status === 'issued') s.issued += 1
    if (r.activatedOwners > 0) s.activated += 1
    by.set(r.building, s)
  }
  // 2号楼 before 10号楼: numeric order inside names, as people read building numbers.
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'zh-CN', { numeric: true }))
    .map(([name, s]) => ({ name, ...s }))
}

interface ByBuildingProps {
  rows: readonly InvitationRow[]
  building: string
  onBuilding: (building: string) => void
  t: Catalogue
  c: ConsoleText
}

function ByBuilding({ rows, building, onBuilding, t, c }: ByBuildingProps) {
  const buildings = useMemo(() => summarize(rows), [rows])
  const shown = building ? rows.filter((r) => r.building === building) : []
  return (
    <section aria-labelledby="table-heading">
      <h2 id="table-heading">{c.tableHeading}</h2>
      <div class="field">
        <label for="console-building">{c.building}</label>
        <select id="console-building" value={building} onChange={(e) => onBuilding(e.currentTarget.value)}>
          <option value="">{c.allBuildings}</option>
          {buildings.map((b) => (
            <option key={b.name} value={b.name}>
              {c.buildingOption(b.name, b.voters)}
            </option>
          ))}
        </select>
      </div>
      <div class="table-wrap">
        {building === '' ? (
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{c.building}</th>
                <th scope="col">{c.voters}</th>
                <th scope="col">{c.issued}</th>
                <th scope="col">{c.activated}</th>
              </tr>
            </thead>
            <tbody>
              {buildings.map((b) => (
                <tr key={b.name}>
                  <th scope="row">{b.name}</th>
                  <td>{formatCount(b.voters)}</td>
                  <td>{formatCount(b.issued)}</td>
                  <td>{formatCount(b.activated)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <table class="data">
            <caption>{building}</caption>
            <thead>
              <tr>
                <th scope="col">{c.units}</th>
                <th scope="col">{c.owners}</th>
                <th scope="col">{c.status}</th>
                <th scope="col">{c.expires}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.voterId}>
                  <th scope="row">{r.units.join(t.listSeparator)}</th>
                  <td>
                    {r.activatedOwners} / {r.owners}
                  </td>
                  <td class={`status-${r.status}`}>{c.statusName[r.status]}</td>
                  <td>{r.expiresAt ? formatDate(r.expiresAt, t.dateLocale) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  )
}

type ScopeKind = 'all' | 'buildings' | 'units'

const splitUnits = (text: string) => [...new Set(text.split(/[\s,，、;；]+/).filter(Boolean))]

interface IssueFormProps {
  estateId: string
  rows: readonly InvitationRow[]
  t: Catalogue
  c: ConsoleText
  onIssued: (issued: IssuedLetters) => void
}

function IssueForm({ estateId, rows, t, c, onIssued }: IssueFormProps) {
  const buildings = useMemo(() => summarize(rows).map((b) => b.name), [rows])
  const [kind, setKind] = useState<ScopeKind>('all')
  const [chosen, setChosen] = useState<readonly string[]>([])
  const [unitsText, setUnitsText] = useState('')
  const [days, setDays] = useState('30')
  const [revoke, setRevoke] = useState(false)
  const [wrong, setWrong] = useState<'chooseBuilding' | 'enterUnits' | 'daysInvalid' | null>(null)
  const [confirming, setConfirming] = useState<IssueScope | null>(null)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const confirmHeading = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    if (confirming) confirmHeading.current?.focus()
  }, [confirming])

  const dayCount = Number(days)
  const scopeText = (s: IssueScope) =>
    'all' in s
      ? c.scopeAll
      : 'buildings' in s
        ? s.buildings.join(t.listSeparator)
        : s.units.join(t.listSeparator)

  function ask(e: Event) {
    e.preventDefault()
    setFailure(null)
    let scope: IssueScope
    if (kind === 'all') scope = { all: true }
    else if (kind === 'buildings') {
      if (chosen.length === 0) return setWrong('chooseBuilding')
      scope = { buildings: buildings.filter((b) => chosen.includes(b)) }
    } else {
      const units = splitUnits(unitsText)
      if (units.length === 0) return setWrong('enterUnits')
      scope = { units }
    }
    if (!Number.isInteger(dayCount) || dayCount < 1 || dayCount > 180) return setWrong('daysInvalid')
    setWrong(null)
    setConfirming(scope)
  }

  async function issue() {
    if (!confirming || busy) return
    setBusy(true)
    const r = await issueInvitations(estateId, { ...confirming, revokePasskeys: revoke, days: dayCount })
    setBusy(false)
    if (r.ok) onIssued(r.data)
    else {
      setConfirming(null)
      setFailure(r)
    }
  }

  const choose = (b: string, on: boolean) =>
    setChosen((list) => (on ? [...list, b] : list.filter((x) => x !== b)))

  return (
    <form class="stack issue-form" noValidate onSubmit={ask}>
      <fieldset disabled={confirming !== null}>
        <legend>{c.scope}</legend>
        {(['all', 'buildings', 'units'] as const).map((k) => (
          <label key={k} class="check">
            <input
              type="radio"
              name="scope"
              value={k}
              checked={kind === k}
              onChange={() => {
                setKind(k)
                setWrong(null)
              }}
            />
            <span>{k === 'all' ? c.scopeAll : k === 'buildings' ? c.scopeBuildings : c.scopeUnits}</span>
          </label>
        ))}
      </fieldset>
      {kind === 'buildings' && (
        <fieldset
          disabled={confirming !== null}
          aria-describedby={wrong === 'chooseBuilding' ? 'scope-error' : undefined}
        >
          <legend>{c.buildings}</legend>
          <div class="check-grid">
            {buildings.map((b) => (
              <label key={b} class="check">
                <input
                  type="checkbox"
                  value={b}
                  checked={chosen.includes(b)}
                  onChange={(e) => {
                    choose(b, e.currentTarget.checked)
                    setWrong(null)
                  }}
                />
                <span>{b}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {kind === 'units' && (
        <Field
          id="issue-units"
          label={c.unitsLabel}
          hint={c.unitsHint}
          error={wrong === 'enterUnits' ? c.enterUnits : undefined}
        >
          <textarea
            id="issue-units"
            rows={3}
            value={unitsText}
            disabled={confirming !== null}
            onInput={(e) => {
              setUnitsText(e.currentTarget.value)
              setWrong(null)
            }}
            aria-describedby={describedBy(
              'issue-units',
              true,
              wrong === 'enterUnits' ? c.enterUnits : undefined,
            )}
            autoCapitalize="off"
            spellcheck={false}
          />
        </Field>
      )}
      {wrong === 'chooseBuilding' && (
        <p class="field-error" id="scope-error">
          {c.chooseBuilding}
        </p>
      )}
      <Field
        id="issue-days"
        label={c.days}
        hint={c.daysHint}
        error={wrong === 'daysInvalid' ? c.daysInvalid : undefined}
      >
        <input
          id="issue-days"
          class="short-input"
          type="number"
          inputMode="numeric"
          min={1}
          max={180}
          step={1}
          value={days}
          disabled={confirming !== null}
          onInput={(e) => {
            setDays(e.currentTarget.value)
            setWrong(null)
          }}
          aria-describedby={describedBy(
            'issue-days',
            true,
            wrong === 'daysInvalid' ? c.daysInvalid : undefined,
          )}
        />
      </Field>
      <div class="field">
        <label class="check">
          <input
            type="checkbox"
            checked={revoke}
            disabled={confirming !== null}
            onChange={(e) => setRevoke(e.currentTarget.checked)}
            aria-describedby="issue-revoke-hint"
          />
          <span>{c.revoke}</span>
        </label>
        <p class="hint" id="issue-revoke-hint">
          {c.revokeHint}
        </p>
      </div>
      {failure && <Alert error={failure.error} details={failure.details} />}
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby="confirm-heading">
          <h3 id="confirm-heading" tabIndex={-1} ref={confirmHeading}>
            {c.confirmHeading}
          </h3>
          <p>{c.confirmScope(scopeText(confirming))}</p>
          <p>
            <strong>{c.confirmText}</strong>
          </p>
          {revoke && (
            <p>
              <strong>{c.confirmRevoke}</strong>
            </p>
          )}
          <div class="actions">
            <button type="button" class="button" disabled={busy} onClick={() => void issue()}>
              {busy ? c.issuing : c.confirm}
            </button>
            <button
              type="button"
              class="button secondary"
              disabled={busy}
              onClick={() => setConfirming(null)}
            >
              {c.cancel}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" class="button wide">
          {c.issue}
        </button>
      )}
    </form>
  )
}

/**
 * The voters whose new letter waits for the second person: a re-issue that would end an owner's passkeys works only
 * once a supervisor or the street office approves it (the answer's awaitingApproval).
 */
function awaitingOf(issued: IssuedLetters): readonly string[] {
  return issued.awaitingApproval
}

const reviewPath = (estateId: string) => `/console/${encodeURIComponent(estateId)}/review`

interface IssuedViewProps {
  issued: IssuedLetters
  estateId: string
  t: Catalogue
  c: ConsoleText
  onDone: () => void
}

function IssuedView({ issued, estateId, t, c, onDone }: IssuedViewProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  const awaiting = awaitingOf(issued)
  useTitle(c.title(issued.estate.name))
  useEffect(() => heading.current?.focus(), [])
  return (
    <>
      <div class="no-print">
        <p class="estate-name">{issued.estate.name}</p>
        <h1 tabIndex={-1} ref={heading}>
          {c.resultHeading(issued.letters.length)}
        </h1>
        <p>{c.resultNote(issued.reissued)}</p>
        {awaiting.length > 0 && (
          <div class="notice awaiting" role="status">
            <h2>{c.awaitingHeading}</h2>
            <p>{c.awaitingText(awaiting.length)}</p>
            <p>
              <strong>
                {c.awaitingUnits(
                  issued.letters
                    .filter((l) => awaiting.includes(l.voterId))
                    .map((l) => l.units.map((u) => u.number).join(t.listSeparator))
                    .join(t.listSeparator),
                )}
              </strong>
            </p>
            <a href={reviewPath(estateId)}>{c.reviewLink}</a>
          </div>
        )}
        <p class="notice">{c.printHint}</p>
        <div class="actions">
          <button type="button" class="button" onClick={() => window.print()}>
            {c.print}
          </button>
          <button type="button" class="button secondary" onClick={onDone}>
            {c.done}
          </button>
        </div>
      </div>
      <Letters issued={issued} />
    </>
  )
}

/** An actor from outside the console (the command line, the system) in words, never its id. */
const issuer = (actor: string | null, c: ConsoleText) =>
  actor === null ? '' : /^[a-z_]+:/.test(actor) ? c.someone : actor

/** Letters issued that wait for a supervisor's approval (a take-over of an owner's account), from the review. */
function AwaitingApproval(props: {
  estateId: string
  rows: readonly InvitationRow[]
  t: Catalogue
  c: ConsoleText
}) {
  const { estateId, t, c } = props
  const [pending, setPending] = useState<readonly Takeover[]>([])
  useEffect(() => {
    let live = true
    void fetchActivationReview(estateId).then((r) => {
      if (live && r.ok) setPending(r.data.takeovers.filter((x) => x.decision === 'pending'))
    })
    return () => {
      live = false
    }
  }, [estateId, props.rows])
  if (pending.length === 0) return null
  // A voter is named by its units, as on its letter.
  const unitsOf = (voter: string) =>
    (props.rows.find((r) => r.voterId === voter)?.units ?? [voter]).join(t.listSeparator)
  return (
    <section class="notice awaiting" aria-labelledby="awaiting-heading">
      <h2 id="awaiting-heading">{c.pendingHeading}</h2>
      <p>{c.pendingIntro}</p>
      <ul>
        {pending.map((x) => (
          <li key={x.invitationId}>
            {c.pendingLine(
              unitsOf(x.voter),
              issuer(x.requestedBy, c),
              formatDate(x.requestedAt, t.dateLocale, true),
            )}
          </li>
        ))}
      </ul>
      <a href={reviewPath(estateId)}>{c.reviewLink}</a>
    </section>
  )
}
