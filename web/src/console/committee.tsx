import { useState } from 'preact/hooks'
import {
  announceMembers,
  createTerm,
  fetchCommittee,
  recordVacancy,
  scheduleMeeting,
  type CreateTermInput,
  type Term,
  type VacancyInput,
} from '../committee-api'
import {
  clockText,
  dateText,
  fromChinaLocal,
  toChinaLocal,
  useCommitteeText,
  when,
  type K,
} from '../committee-text'
import { Field } from '../components/field'
import { useLoad as useSharedLoad } from '../http'
import { fetchMeeting, fetchMeetings } from './api'
import ConsoleCommitteeMeeting from './committee-meeting'
import { FailureText, Frame, useConsole, type C } from './frame'
import { useBusy } from './load'
import { Table } from './table'

/**
 * 业主委员会 in the console (domain §8): the term with members, alternates and vacancies; every statutory clock,
 * overdue in red, with the days left; the members' notice; a vacancy form; committee meetings and their
 * scheduling. Without a term, the form that makes it from a final meeting's election.
 */
/** `/console/:estateId/committee` and, under it, `meetings/:committeeMeetingId`: one chunk for both pages. */
export default function ConsoleCommitteeRoutes({ estateId, sub }: { estateId: string; sub?: string }) {
  const meeting = /^meetings\/([0-9a-f-]{36})$/.exec(sub ?? '')?.[1]
  if (meeting) return <ConsoleCommitteeMeeting estateId={estateId} committeeMeetingId={meeting} />
  return <ConsoleCommittee estateId={estateId} />
}

function ConsoleCommittee({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c, role } = state
  const k = useCommitteeText()
  const [changes, setChanges] = useState(0)
  const [view] = useSharedLoad(() => fetchCommittee(estateId), [estateId, changes], true)
  const changed = () => setChanges((n) => n + 1)
  const convener = role === 'convener'
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={k.console.heading}
      title={state.estateName ? k.console.title(state.estateName) : k.console.heading}
    >
      {view === null ? (
        <p role="status">{k.loading}</p>
      ) : !view.ok ? (
        <FailureText failure={view} c={c} />
      ) : view.data.term === null ? (
        <>
          <p>{k.console.noTerm}</p>
          {convener && <CreateTerm estateId={estateId} k={k} c={c} onDone={changed} />}
        </>
      ) : (
        <TermView
          estateId={estateId}
          term={view.data.term}
          k={k}
          c={c}
          convener={convener}
          onChange={changed}
        />
      )}
    </Frame>
  )
}

function TermView(props: {
  estateId: string
  term: Term
  k: K
  c: C
  convener: boolean
  onChange: () => void
}) {
  const { term, k, c, estateId } = props
  const [busy, failure, run] = useBusy()
  const [announced, setAnnounced] = useState(false)
  const base = `/console/${encodeURIComponent(estateId)}/committee`
  return (
    <>
      <p class="term-line">
        {k.console.term(term.number, dateText(term.startsOn, k), dateText(term.endsOn, k))}
      </p>
      <p>{k.console.seats(term.filled, term.seats)}</p>
      {(!term.canDecide || term.earlyReelectionDue) && (
        <p class="status-line bad" role="alert">
          {k.console.belowHalf}
        </p>
      )}
      <section aria-labelledby="committee-clocks">
        <h2 id="committee-clocks">{k.console.clocks}</h2>
        <ul class="clocks">
          <ClockLine label={k.console.seating} text={clockText(term.clocks.seating, k)} />
          <ClockLine label={k.console.announcement} text={clockText(term.clocks.announcement, k)} />
          {term.clocks.publications.map((p) => (
            <ClockLine key={p.meetingId} label={k.console.publication(p.title)} text={clockText(p, k)} />
          ))}
          <ClockLine
            label={k.console.reelection}
            text={
              term.clocks.reelection.groupFormedAt
                ? {
                    text: k.console.reelectionGroup(when(term.clocks.reelection.groupFormedAt, k, false)),
                    overdue: false,
                  }
                : term.clocks.reelection.state === 'overdue'
                  ? { text: k.console.reelectionOverdue, overdue: true }
                  : term.clocks.reelection.state === 'reminder'
                    ? { text: k.console.reelectionReminder(term.clocks.reelection.daysLeft), overdue: false }
                    : {
                        text: k.console.reelectionInTerm(dateText(term.clocks.reelection.remindFrom, k)),
                        overdue: false,
                      }
            }
          />
        </ul>
        {!term.clocks.reelection.groupFormedAt &&
          (term.clocks.reelection.state !== 'in_term' || term.earlyReelectionDue) && (
            <p>
              <a href={`/console/${encodeURIComponent(estateId)}/formation`}>{k.console.toFormation}</a>
            </p>
          )}
      </section>
      <section aria-labelledby="committee-members">
        <h2 id="committee-members">{k.console.members}</h2>
        <Table
          rows={term.members}
          rowKey={(m) => m.id}
          labelledBy="committee-members"
          class="committee-members"
          columns={[
            { header: k.console.seat, cell: (m) => m.seat },
            { header: k.console.name, cell: (m) => m.name, rowHeader: true },
            { header: k.console.unit, cell: (m) => m.unit },
            { header: k.console.role, cell: (m) => k.roles[m.role] ?? m.role },
            {
              header: k.console.account,
              cell: (m) => (m.hasAccount ? k.console.hasAccount : k.console.noAccount),
            },
            { header: k.console.phone, cell: (m) => m.phone ?? '' },
          ]}
        />
        {props.convener && (
          <p>
            <button
              type="button"
              class="button secondary"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const r = await announceMembers(estateId)
                  if (r.ok) {
                    setAnnounced(true)
                    props.onChange()
                  }
                  return r
                })
              }
            >
              {k.console.announce}
            </button>{' '}
            <a href={`/estates/${encodeURIComponent(estateId)}/committee`}>{k.console.publicPage}</a>
          </p>
        )}
        {announced && <p role="status">{k.console.announced}</p>}
        {failure && <FailureText failure={failure} c={c} />}
      </section>
      <section aria-labelledby="committee-alternates">
        <h2 id="committee-alternates">{k.console.alternates}</h2>
        <Table
          rows={term.alternates}
          rowKey={(a) => a.rank}
          empty={k.console.noAlternates}
          labelledBy="committee-alternates"
          columns={[
            { header: k.console.rank, cell: (a) => a.rank },
            { header: k.console.name, cell: (a) => a.name, rowHeader: true },
            { header: k.console.status, cell: (a) => k.alternateStatus[a.status] ?? a.status },
          ]}
        />
      </section>
      {term.vacancies.length > 0 && (
        <section aria-labelledby="committee-vacancies">
          <h2 id="committee-vacancies">{k.console.vacancies}</h2>
          <Table
            rows={term.vacancies}
            rowKey={(v) => `${v.seat}-${v.at ?? ''}`}
            labelledBy="committee-vacancies"
            columns={[
              { header: k.console.seat, cell: (v) => v.seat },
              { header: k.console.name, cell: (v) => v.name, rowHeader: true },
              { header: k.console.reason, cell: (v) => (v.reason ? (k.reasons[v.reason] ?? v.reason) : '') },
              { header: k.console.on, cell: (v) => (v.on ? dateText(v.on, k) : '') },
            ]}
          />
        </section>
      )}
      {props.convener && <VacancyForm estateId={estateId} term={term} k={k} c={c} onDone={props.onChange} />}
      <section aria-labelledby="committee-meetings">
        <h2 id="committee-meetings">{k.console.meetings}</h2>
        <Table
          rows={term.meetings ?? []}
          rowKey={(m) => m.id}
          empty={k.console.noMeetings}
          labelledBy="committee-meetings"
          columns={[
            {
              header: k.console.meetingTitle,
              cell: (m) => <a href={`${base}/meetings/${m.id}`}>{m.title}</a>,
              rowHeader: true,
            },
            { header: k.console.heldAt, cell: (m) => when(m.heldAt, k) },
            { header: k.console.status, cell: (m) => k.console.meetingStatus[m.status] ?? m.status },
          ]}
        />
      </section>
      {props.convener && term.canDecide && (
        <ScheduleForm estateId={estateId} term={term} k={k} c={c} onDone={props.onChange} />
      )}
    </>
  )
}

function ClockLine(props: { label: string; text: { text: string; overdue: boolean } }) {
  return (
    <li class={props.text.overdue ? 'status-line bad' : 'status-line'}>
      <strong>{props.label}</strong> <span>{props.text.text}</span>
    </li>
  )
}

function CreateTerm(props: { estateId: string; k: K; c: C; onDone: () => void }) {
  const { k, c, estateId } = props
  const [meetings] = useSharedLoad(() => fetchMeetings(estateId), [estateId])
  const [meetingId, setMeetingId] = useState('')
  const [meeting] = useSharedLoad(
    () => (meetingId ? fetchMeeting(estateId, meetingId) : Promise.resolve(null)),
    [estateId, meetingId],
  )
  const [matterId, setMatterId] = useState('')
  const [number, setNumber] = useState('1')
  const [endsOn, setEndsOn] = useState('')
  const [settings, setSettings] = useState('default')
  const [busy, failure, run] = useBusy()
  const finals = meetings?.ok ? meetings.data.meetings.filter((m) => m.status === 'final') : []
  const elections = meeting?.ok
    ? meeting.data.meeting.matters.filter((m) => m.kind === 'elect_committee')
    : []
  const submit = (e: Event) => {
    e.preventDefault()
    const input: CreateTermInput = {
      meetingId,
      matterId: matterId || (elections[0]?.id ?? ''),
      number: Number(number),
      endsOn,
      ...(settings === 'default' ? {} : { settings: settings as 'beijing' | 'shanghai' | 'hangzhou' }),
    }
    void run(async () => {
      const r = await createTerm(estateId, input)
      if (r.ok) props.onDone()
      return r
    })
  }
  return (
    <form class="committee-create" onSubmit={submit}>
      <h2>{k.console.createHeading}</h2>
      <Field id="term-meeting" label={k.console.meeting}>
        <select
          id="term-meeting"
          value={meetingId}
          onChange={(e) => setMeetingId(e.currentTarget.value)}
          required
        >
          <option value="" />
          {finals.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </select>
      </Field>
      <Field id="term-matter" label={k.console.matter}>
        <select id="term-matter" value={matterId} onChange={(e) => setMatterId(e.currentTarget.value)}>
          {elections.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </select>
      </Field>
      <div class="row">
        <Field id="term-number" label={k.console.number}>
          <input
            id="term-number"
            type="number"
            min={1}
            value={number}
            onInput={(e) => setNumber(e.currentTarget.value)}
          />
        </Field>
        <Field id="term-ends" label={k.console.endsOn}>
          <input
            id="term-ends"
            type="date"
            value={endsOn}
            required
            onInput={(e) => setEndsOn(e.currentTarget.value)}
          />
        </Field>
      </div>
      <Field id="term-settings" label={k.console.settings}>
        <select id="term-settings" value={settings} onChange={(e) => setSettings(e.currentTarget.value)}>
          {Object.entries(k.console.settingsNames).map(([key, name]) => (
            <option key={key} value={key}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" class="button" disabled={busy}>
        {k.console.create}
      </button>
      {failure && <FailureText failure={failure} c={c} />}
    </form>
  )
}

function VacancyForm(props: { estateId: string; term: Term; k: K; c: C; onDone: () => void }) {
  const { k, c, term } = props
  const [memberId, setMemberId] = useState(term.members[0]?.id ?? '')
  const [reason, setReason] = useState<VacancyInput['reason']>('resigned')
  const [on, setOn] = useState('')
  const [meetingId, setMeetingId] = useState('')
  const [matterId, setMatterId] = useState('')
  const [busy, failure, run] = useBusy()
  const submit = (e: Event) => {
    e.preventDefault()
    const member = memberId || (term.members[0]?.id ?? '')
    const input: VacancyInput =
      reason === 'resigned'
        ? { reason, memberId: member, on }
        : reason === 'lost_ownership'
          ? { reason, memberId: member }
          : { reason, memberId: member, meetingId, matterId }
    void run(async () => {
      const r = await recordVacancy(props.estateId, input)
      if (r.ok) props.onDone()
      return r
    })
  }
  return (
    <form class="committee-vacancy" onSubmit={submit}>
      <h2>{k.console.vacancyHeading}</h2>
      <div class="row">
        <Field id="vacancy-member" label={k.console.vacancyMember}>
          <select id="vacancy-member" value={memberId} onChange={(e) => setMemberId(e.currentTarget.value)}>
            {term.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="vacancy-reason" label={k.console.vacancyReason}>
          <select
            id="vacancy-reason"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value as VacancyInput['reason'])}
          >
            {(['resigned', 'lost_ownership', 'removed'] as const).map((r) => (
              <option key={r} value={r}>
                {k.reasons[r]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {reason === 'resigned' && (
        <Field id="vacancy-date" label={k.console.vacancyDate}>
          <input
            id="vacancy-date"
            type="date"
            required
            value={on}
            onInput={(e) => setOn(e.currentTarget.value)}
          />
        </Field>
      )}
      {reason === 'removed' && (
        <div class="row">
          <Field id="vacancy-meeting" label={k.console.vacancyMeeting}>
            <input
              id="vacancy-meeting"
              required
              value={meetingId}
              onInput={(e) => setMeetingId(e.currentTarget.value)}
            />
          </Field>
          <Field id="vacancy-matter" label={k.console.vacancyMatter}>
            <input
              id="vacancy-matter"
              required
              value={matterId}
              onInput={(e) => setMatterId(e.currentTarget.value)}
            />
          </Field>
        </div>
      )}
      <button type="submit" class="button" disabled={busy}>
        {k.console.vacancySubmit}
      </button>
      {failure && <FailureText failure={failure} c={c} />}
    </form>
  )
}

function ScheduleForm(props: { estateId: string; term: Term; k: K; c: C; onDone: () => void }) {
  const { k, c, term } = props
  const first = term.members[0]?.id ?? ''
  const [title, setTitle] = useState('')
  const [heldAt, setHeldAt] = useState(toChinaLocal(new Date().toISOString()))
  const [officers, setOfficers] = useState(!term.members.some((m) => m.role === 'chair'))
  const [chair, setChair] = useState(first)
  const [vice, setVice] = useState(term.members[1]?.id ?? first)
  const [others, setOthers] = useState('')
  const [busy, failure, run] = useBusy()
  const submit = (e: Event) => {
    e.preventDefault()
    const items = [
      ...(officers
        ? [
            {
              kind: 'elect_officers' as const,
              title: k.console.officersItem,
              officers: { chair, viceChairs: [vice] },
            },
          ]
        : []),
      ...others
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((t) => ({ kind: 'resolution' as const, title: t })),
    ]
    void run(async () => {
      const r = await scheduleMeeting(props.estateId, { title, heldAt: fromChinaLocal(heldAt), items })
      if (r.ok) {
        setTitle('')
        setOthers('')
        props.onDone()
      }
      return r
    })
  }
  const memberOptions = term.members.map((m) => (
    <option key={m.id} value={m.id}>
      {m.name}
    </option>
  ))
  return (
    <form class="committee-schedule" onSubmit={submit}>
      <h2>{k.console.scheduleHeading}</h2>
      <div class="row">
        <Field id="cm-title" label={k.console.meetingTitle}>
          <input id="cm-title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </Field>
        <Field id="cm-held" label={k.console.heldAt}>
          <input
            id="cm-held"
            type="datetime-local"
            required
            value={heldAt}
            onInput={(e) => setHeldAt(e.currentTarget.value)}
          />
        </Field>
      </div>
      <p>
        <label>
          <input type="checkbox" checked={officers} onChange={(e) => setOfficers(e.currentTarget.checked)} />{' '}
          {k.console.electOfficers}
        </label>
      </p>
      {officers && (
        <div class="row">
          <Field id="cm-chair" label={k.console.chair}>
            <select id="cm-chair" value={chair} onChange={(e) => setChair(e.currentTarget.value)}>
              {memberOptions}
            </select>
          </Field>
          <Field id="cm-vice" label={k.console.viceChair}>
            <select id="cm-vice" value={vice} onChange={(e) => setVice(e.currentTarget.value)}>
              {memberOptions}
            </select>
          </Field>
        </div>
      )}
      <Field id="cm-items" label={k.console.resolutions}>
        <textarea id="cm-items" rows={3} value={others} onInput={(e) => setOthers(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="button" disabled={busy}>
        {k.console.schedule}
      </button>
      {failure && <FailureText failure={failure} c={c} />}
    </form>
  )
}
