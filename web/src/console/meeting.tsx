import { useEffect, useRef, useState } from 'preact/hooks'
import { earliestOpening } from '../../../server/domain/calendar'
import {
  answerObjection,
  exportUrl,
  extendMeeting,
  fetchMeeting,
  fetchObjections,
  fetchPaperEntries,
  fetchPaperRequests,
  fetchProxies,
  giveNotice,
  handlePaperRequest,
  publishFinal,
  publishPreliminary,
  recordProxy,
  recordService,
  revokeProxy,
  signOff,
  uploadAttachment,
  type Choice,
  type Failure,
  type Meeting,
  type PaperEntry,
  fetchUnitAccounts,
} from './api'
import { AuditLog } from './audit'
import {
  FailureText,
  Frame,
  daysText,
  formatEnd,
  formatWhen,
  fromChinaLocal,
  toChinaLocal,
  useConsole,
  type C,
} from './frame'
import { Loaded, useBusy, useLoad } from './load'
import { MeetingStatus } from './meeting-status'
import { Answer } from './roll'
import { TurnoutPanel, useTurnout } from './turnout'

/** Paper handed in before the close is keyed in while voting is open and during the counting period (§6.1). */
const PAPER_OPEN: ReadonlySet<string> = new Set(['noticed', 'open', 'counting'])

/**
 * One meeting in the console. Conveners see the work the meeting's status allows (notice, extension, paper
 * ballots, proxies, service, requests, results); supervisors see the same facts read-only, the calendar check,
 * the meeting's audit entries, and may sign off or object — nothing else is offered to them.
 */
export default function ConsoleMeeting({ estateId, meetingId }: { estateId: string; meetingId: string }) {
  const state = useConsole(estateId)
  const { c, role } = state
  const [meeting, reload] = useLoad(() => fetchMeeting(estateId, meetingId), 'meeting', [estateId, meetingId])
  const m = meeting?.ok ? meeting.data : null
  const turnout = useTurnout(estateId, meetingId, m !== null && m.status !== 'draft')
  // The meeting clock moves the meeting on while the page is open (the close, the tally): the live turnout says
  // so first, and the page reads the meeting again once for each status it reports.
  const seen = useRef('')
  const streamed = turnout.t?.status
  useEffect(() => {
    if (m && streamed && streamed !== m.status && streamed !== seen.current) {
      seen.current = streamed
      reload()
    }
  }, [streamed, m?.status])
  const convener = role === 'convener'
  const base = `/console/${encodeURIComponent(estateId)}/meetings/${encodeURIComponent(meetingId)}`
  const after = m ? ['closed', 'preliminary', 'final'].includes(m.status) : false
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={m?.title ?? c.meetings.name}
      title={m ? c.meeting.title(m.title) : c.meetings.name}
    >
      <Loaded state={meeting} c={c}>
        {(m) => (
          <>
            <Facts m={m} c={c} />
            <MeetingStatus
              estateId={estateId}
              m={m}
              turnout={turnout}
              c={c}
              convener={convener}
              onDone={reload}
            />
            {!convener && <CalendarCheck m={m} c={c} />}
            <Agenda m={m} c={c} />
            {convener && m.status === 'draft' && (
              <>
                <p>
                  <a class="button secondary" href={`${base}/edit`}>
                    {c.meeting.edit}
                  </a>
                </p>
                <Attachments estateId={estateId} m={m} c={c} />
                <Notice estateId={estateId} m={m} c={c} onDone={reload} />
              </>
            )}
            {m.status !== 'draft' && <TurnoutPanel turnout={turnout} c={c} />}
            {convener && m.status === 'open' && <Extension estateId={estateId} m={m} c={c} onDone={reload} />}
            {/* While counting, the status section above leads to the paper entry. */}
            {convener && (m.status === 'noticed' || m.status === 'open') && (
              <p>
                <a class="button" href={`${base}/paper`}>
                  {c.meeting.paperLink}
                </a>
              </p>
            )}
            {m.status !== 'draft' && <Mismatches estateId={estateId} meetingId={meetingId} c={c} />}
            {m.status !== 'draft' && (
              <Proxies
                estateId={estateId}
                m={m}
                c={c}
                canEdit={convener && (m.status === 'noticed' || m.status === 'open')}
              />
            )}
            {convener && (m.status === 'noticed' || m.status === 'open') && (
              <Service estateId={estateId} m={m} c={c} />
            )}
            {m.status !== 'draft' && (
              <Requests estateId={estateId} meetingId={meetingId} c={c} canHandle={convener} />
            )}
            {after && <Results estateId={estateId} m={m} c={c} convener={convener} onDone={reload} />}
            {after && <Objections estateId={estateId} meetingId={meetingId} c={c} canAnswer={convener} />}
            {!convener && <SignOff estateId={estateId} m={m} c={c} />}
            {!convener && (
              <section aria-labelledby="meeting-audit-heading">
                <h2 id="meeting-audit-heading">{c.supervise.meetingAudit}</h2>
                <p>
                  <a href={`/console/${encodeURIComponent(estateId)}/audit`}>{c.supervise.auditLink}</a> ·{' '}
                  <a href={`/console/${encodeURIComponent(estateId)}/roll`}>{c.supervise.rollChangesLink}</a>
                </p>
                <AuditLog estateId={estateId} c={c} subject={meetingId} />
              </section>
            )}
          </>
        )}
      </Loaded>
    </Frame>
  )
}

function Facts({ m, c }: { m: Meeting; c: C }) {
  const rows: [string, string][] = [
    [c.meetings.status, c.status[m.status] ?? m.status],
    [
      c.meeting.window,
      `${formatWhen(m.opensAt, c)} – ${formatEnd(m.closesAt, c)} (${c.meeting.windowDays(daysText(m.opensAt, m.closesAt))})`,
    ],
  ]
  if (m.noticedAt) rows.push([c.meeting.noticedAt, formatWhen(m.noticedAt, c)])
  if (m.earliestOpening) rows.push([c.meeting.earliestOpening, formatWhen(m.earliestOpening, c)])
  // Until the tally: how long paper handed in before the close may still be keyed in (the counting period).
  if (m.countingEndsAt && PAPER_OPEN.has(m.status))
    rows.push([c.counting.countingEnds, formatEnd(m.countingEndsAt, c)])
  if (m.objectionsEndAt) rows.push([c.meeting.objectionsEnd, formatEnd(m.objectionsEndAt, c)])
  return (
    <section class="totals" aria-labelledby="facts-heading">
      <h2 id="facts-heading">{c.meeting.facts}</h2>
      <dl class="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}

/** The supervisors' check of the legal calendar: 15 full days from notice to opening, a 5–60 day window. */
function CalendarCheck({ m, c }: { m: Meeting; c: C }) {
  const days = daysText(m.opensAt, m.closesAt)
  const length = new Date(m.closesAt).getTime() - new Date(m.opensAt).getTime()
  const windowOk = length >= 5 * 86_400_000 && length <= 60 * 86_400_000
  const noticeOk = m.noticedAt
    ? new Date(m.opensAt).getTime() >= earliestOpening(new Date(m.noticedAt).getTime())
    : null
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{c.supervise.calendarHeading}</h2>
      <ul class="plain-list calendar-check">
        <li class={noticeOk === null ? '' : noticeOk ? 'ok' : 'bad'}>
          {noticeOk === null
            ? c.supervise.notNoticed
            : noticeOk
              ? c.supervise.noticeOk
              : c.supervise.noticeBad}
        </li>
        <li class={windowOk ? 'ok' : 'bad'}>
          {windowOk ? c.supervise.windowOk(days) : c.supervise.windowBad(days)}
        </li>
      </ul>
    </section>
  )
}

const SPECIAL = new Set(['raise_maintenance_fund', 'rebuild', 'common_parts_use'])

function Agenda({ m, c }: { m: Meeting; c: C }) {
  return (
    <section aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{c.meeting.agenda}</h2>
      <ol class="plain-list">
        {m.matters.map((x) => (
          <li key={x.id} class="matter-card">
            <h3>
              {x.id} {x.title}
            </h3>
            <p class="rule">
              {c.kinds[x.kind as keyof C['kinds']] ?? x.kind} ·{' '}
              {x.kind === 'elect_committee'
                ? c.rule.election
                : SPECIAL.has(x.kind)
                  ? c.rule.special
                  : c.rule.ordinary}
            </p>
            {x.scope && (
              <p class="note">{(x.scope.buildings ?? x.scope.units ?? []).join(c.listSeparator)}</p>
            )}
            {x.body && <p>{x.body}</p>}
            {'candidates' in x && x.candidates && (
              <ol>
                {x.candidates.map((cand) => (
                  <li key={cand.id}>{cand.name}</li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}

function Attachments({ estateId, m, c }: { estateId: string; m: Meeting; c: C }) {
  const file = useRef<HTMLInputElement>(null)
  const [ref, setRef] = useState(m.matters[0]?.id ?? '')
  const [done, setDone] = useState(false)
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="attachments-heading">
      <h2 id="attachments-heading">{c.meeting.attachmentsHeading}</h2>
      <form
        class="row"
        onSubmit={async (e) => {
          e.preventDefault()
          setDone(false)
          const f = file.current?.files?.[0]
          if (!f) return
          setDone(
            await run(() =>
              uploadAttachment(estateId, m.id, f, ref.includes('/') ? 'candidate_photo' : 'matter', ref),
            ),
          )
        }}
      >
        <div class="field">
          <label for="attachment-file">{c.meeting.attachmentFile}</label>
          <input id="attachment-file" type="file" ref={file} accept=".pdf,.jpg,.jpeg,.png,.webp" />
        </div>
        <div class="field">
          <label for="attachment-ref">{c.meeting.attachmentRef}</label>
          <select id="attachment-ref" value={ref} onChange={(e) => setRef(e.currentTarget.value)}>
            {m.matters.map((x) => (
              <option key={x.id} value={x.id}>
                {x.id} {x.title}
              </option>
            ))}
            {/* A candidate's photo: ref q3/c2, purpose candidate_photo. */}
            {m.matters.flatMap((x) =>
              ('candidates' in x && x.candidates ? x.candidates : []).map((cand) => (
                <option key={`${x.id}/${cand.id}`} value={`${x.id}/${cand.id}`}>
                  {c.meeting.candidatePhoto(`${x.id}/${cand.id}`, cand.name)}
                </option>
              )),
            )}
          </select>
        </div>
        <button type="submit" class="button secondary" disabled={busy}>
          {c.meeting.upload}
        </button>
      </form>
      <p role="status">{done ? c.meeting.uploaded : ''}</p>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}

function Notice({ estateId, m, c, onDone }: { estateId: string; m: Meeting; c: C; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false)
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="notice-heading">
      <h2 id="notice-heading">{c.meeting.noticeHeading}</h2>
      <p>{c.meeting.noticeIntro}</p>
      {m.earliestOpening && <p class="note">{c.editor.earliest(formatWhen(m.earliestOpening, c))}</p>}
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby="notice-confirm">
          <p id="notice-confirm">
            <strong>{c.meeting.noticeConfirm}</strong>
          </p>
          <div class="actions">
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={async () => {
                const ok = await run(() => giveNotice(estateId, m.id))
                setConfirming(false)
                if (ok) onDone()
              }}
            >
              {c.meeting.confirmNotice}
            </button>
            <button type="button" class="button secondary" onClick={() => setConfirming(false)}>
              {c.cancel}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="button" onClick={() => setConfirming(true)}>
          {c.meeting.giveNotice}
        </button>
      )}
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}

function Extension({ estateId, m, c, onDone }: { estateId: string; m: Meeting; c: C; onDone: () => void }) {
  const [closes, setCloses] = useState(toChinaLocal(m.closesAt))
  const [reason, setReason] = useState('')
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="extend-heading">
      <h2 id="extend-heading">{c.meeting.extendHeading}</h2>
      <form
        class="row"
        onSubmit={async (e) => {
          e.preventDefault()
          if (
            await run(() =>
              extendMeeting(estateId, m.id, new Date(fromChinaLocal(closes)).toISOString(), reason),
            )
          )
            onDone()
        }}
      >
        <div class="field">
          <label for="extend-closes">{c.meeting.newClosesAt}</label>
          <input
            id="extend-closes"
            type="datetime-local"
            value={closes}
            onInput={(e) => setCloses(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="extend-reason">{c.meeting.reason}</label>
          <input id="extend-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button secondary" disabled={busy}>
          {c.meeting.extend}
        </button>
      </form>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}

export function EntryTable(props: {
  entries: readonly PaperEntry[]
  c: C
  showMismatch?: boolean
  action?: (e: PaperEntry) => preact.ComponentChildren
}) {
  const { c } = props
  if (props.entries.length === 0) return <p>{c.paper.empty}</p>
  return (
    <div class="table-wrap">
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{c.paper.unit}</th>
            <th scope="col">{c.paper.channel}</th>
            <th scope="col">{c.paper.enteredAt}</th>
            {props.showMismatch && <th scope="col">{c.paper.mattersDiffer}</th>}
            {props.action && <th scope="col"></th>}
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.voter}</th>
              <td>{c.paper.channels[e.channel] ?? e.channel}</td>
              <td>{formatWhen(e.enteredAt, c)}</td>
              {props.showMismatch && <td>{e.mismatches.join(c.listSeparator)}</td>}
              {props.action && <td>{props.action(e)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The mismatch queue: ballots whose two entries differ, with the matters that differ (never the choices). */
function Mismatches({ estateId, meetingId, c }: { estateId: string; meetingId: string; c: C }) {
  const [list] = useLoad(() => fetchPaperEntries(estateId, meetingId, 'mismatch'), 'entries', [
    estateId,
    meetingId,
  ])
  return (
    <section aria-labelledby="mismatch-heading">
      <h2 id="mismatch-heading">{c.paper.mismatchHeading}</h2>
      <p class="note">{c.paper.mismatchNote}</p>
      <Loaded state={list} c={c}>
        {(list) => <EntryTable entries={list} c={c} showMismatch />}
      </Loaded>
    </section>
  )
}

function Proxies({ estateId, m, c, canEdit }: { estateId: string; m: Meeting; c: C; canEdit: boolean }) {
  const [list, reload] = useLoad(() => fetchProxies(estateId, m.id), 'proxies', [estateId, m.id])
  const [unit, setUnit] = useState('')
  const [holder, setHolder] = useState('')
  const [holderUnit, setHolderUnit] = useState('')
  const [candidates, setCandidates] = useState<{ accountId: string; name: string }[] | null>(null)
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
    if (found.length === 1) setHolder((found[0] as { accountId: string }).accountId)
  }

  async function submit(e: Event) {
    e.preventDefault()
    setDone(false)
    const f = file.current?.files?.[0]
    const ok = await run(async () => {
      if (!f) return { ok: false, status: 400, code: 'document_missing' } as Failure
      const doc = await uploadAttachment(estateId, m.id, f, 'proxy_document', unit.trim())
      if (!doc.ok) return doc
      const chosen = Object.fromEntries(Object.entries(directions).filter(([, v]) => v !== '')) as Record<
        string,
        Choice
      >
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
                    {x.id} {x.title}
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
      <h3>{c.proxies.listHeading}</h3>
      <Loaded state={list} c={c} empty={c.paper.empty}>
        {(list) => (
          <div class="table-wrap">
            <table class="data proxies">
              <thead>
                <tr>
                  <th scope="col">{c.proxies.voter}</th>
                  <th scope="col">{c.proxies.holderName}</th>
                  <th scope="col">{c.proxies.directed}</th>
                  <th scope="col">{c.proxies.status}</th>
                  {canEdit && <th scope="col"></th>}
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.voter}</th>
                    <td>{p.holder}</td>
                    <td>{p.directed ? c.yes : c.no}</td>
                    <td>{c.proxies.statuses[p.status] ?? p.status}</td>
                    {canEdit && (
                      <td>
                        {p.status === 'active' && (
                          <button
                            type="button"
                            class="button secondary"
                            onClick={async () => {
                              if (await run(() => revokeProxy(estateId, m.id, p.id))) reload()
                            }}
                          >
                            {c.proxies.revoke}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  )
}

export const choiceWord = (c: C, v: 'yes' | 'no' | 'abstain') =>
  v === 'yes' ? c.paper.choices.yes : v === 'no' ? c.paper.choices.no : c.paper.choices.abstain

function Service({ estateId, m, c }: { estateId: string; m: Meeting; c: C }) {
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

function Requests({
  estateId,
  meetingId,
  c,
  canHandle,
}: {
  estateId: string
  meetingId: string
  c: C
  canHandle: boolean
}) {
  const [, failure, run] = useBusy()
  const [list, reload] = useLoad(() => fetchPaperRequests(estateId, meetingId), 'requests', [
    estateId,
    meetingId,
  ])
  return (
    <section aria-labelledby="requests-heading">
      <h2 id="requests-heading">{c.requests.heading}</h2>
      <Loaded state={list} c={c} empty={c.requests.empty}>
        {(list) => (
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{c.requests.voter}</th>
                  <th scope="col">{c.requests.at}</th>
                  <th scope="col">{c.requests.handled}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.voter}</th>
                    <td>{formatWhen(r.at, c)}</td>
                    <td>
                      {r.handledAt ? (
                        formatWhen(r.handledAt, c)
                      ) : canHandle ? (
                        <button
                          type="button"
                          class="button secondary"
                          onClick={async () => {
                            if (await run(() => handlePaperRequest(estateId, meetingId, r.id))) reload()
                          }}
                        >
                          {c.requests.markHandled}
                        </button>
                      ) : (
                        c.no
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}

function Results(props: { estateId: string; m: Meeting; c: C; convener: boolean; onDone: () => void }) {
  const { estateId, m, c } = props
  const [busy, failure, run] = useBusy()
  const base = `/console/${encodeURIComponent(estateId)}/meetings/${encodeURIComponent(m.id)}`
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">{c.meeting.lifecycleHeading}</h2>
      {props.convener && (
        <div class="actions">
          {m.status === 'closed' && (
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={async () => (await run(() => publishPreliminary(estateId, m.id))) && props.onDone()}
            >
              {c.meeting.preliminary}
            </button>
          )}
          {m.status === 'preliminary' && (
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={async () => (await run(() => publishFinal(estateId, m.id))) && props.onDone()}
            >
              {c.meeting.final}
            </button>
          )}
        </div>
      )}
      {failure && <FailureText failure={failure} c={c} />}
      {(m.status === 'preliminary' || m.status === 'final') && (
        <p>
          <a class="button secondary" href={`${base}/announcement`}>
            {c.meeting.announcement}
          </a>
        </p>
      )}
      <h3>{c.meeting.exports}</h3>
      <ul class="plain-list exports">
        <li>
          <a href={exportUrl(estateId, m.id, 'detail.csv')} download>
            {c.meeting.detailCsv}
          </a>
        </li>
        <li>
          <a href={exportUrl(estateId, m.id, 'summary.csv')} download>
            {c.meeting.summaryCsv}
          </a>
        </li>
        <li>
          <a href={exportUrl(estateId, m.id, 'bundle')} download>
            {c.meeting.bundle}
          </a>
        </li>
      </ul>
    </section>
  )
}

function Objections({
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
                <p class="note">{formatWhen(o.at, c)}</p>
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

/** A supervisor's sign-off of the preliminary result, or a recorded objection: the only change they may make. */
function SignOff({ estateId, m, c }: { estateId: string; m: Meeting; c: C }) {
  const [decision, setDecision] = useState<'approve' | 'object'>('approve')
  const [note, setNote] = useState('')
  const [done, setDone] = useState(false)
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="signoff-heading">
      <h2 id="signoff-heading">{c.supervise.signoffHeading}</h2>
      <p>{c.supervise.signoffIntro}</p>
      {m.status !== 'preliminary' ? (
        <p class="note">{c.supervise.notYet}</p>
      ) : (
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault()
            setDone(await run(() => signOff(estateId, m.id, decision, note)))
          }}
        >
          <fieldset>
            <legend>{c.supervise.decision}</legend>
            {(['approve', 'object'] as const).map((d) => (
              <label key={d} class="check">
                <input
                  type="radio"
                  name="decision"
                  checked={decision === d}
                  onChange={() => setDecision(d)}
                />
                <span>{c.supervise[d]}</span>
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for="signoff-note">{c.supervise.note}</label>
            <textarea
              id="signoff-note"
              rows={2}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="button" disabled={busy || done}>
            {c.supervise.sign}
          </button>
          <p role="status">{done ? c.supervise.signed : ''}</p>
          {failure && <FailureText failure={failure} c={c} />}
        </form>
      )}
    </section>
  )
}
