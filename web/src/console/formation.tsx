import { useState } from 'preact/hooks'
import { checkComposition, type CompositionProblem } from '../../../server/domain/formation'
import { fetchCommittee } from '../committee-api'
import { Field } from '../components/field'
import { useLoad as useSharedLoad } from '../http'
import { useI18n } from '../i18n'
import formationEn from '../i18n/formation-en'
import formationZhCN, { type FormationCatalogue } from '../i18n/formation-zh-CN'
import { fetchMeeting, fetchMeetings, type Failure, type MeetingSummary } from './api'
import {
  designateFirstMeeting,
  fetchFormation,
  formGroup,
  markHandover,
  publishMembers,
  recordApplication,
  recordFiling,
  recordTraining,
  recordUndertaking,
  clockWords,
  stageWords,
  type Enrollment,
  type Formation,
  type HandoverItem,
  type MemberInput,
} from './formation-api'
import { areaText, FailureText, Frame, formatWhen, splitList, useConsole, type C } from './frame'
import { Loaded, useBusy, useLoad } from './load'
import { Table } from './table'
import './formation.css'

type F = FormationCatalogue

/** The formation's words in the reader's language (this page's own catalogue). */
export function useFormationText(): F {
  const { locale } = useI18n()
  return locale.value === 'en' ? formationEn : formationZhCN
}

/** A share as a percentage with two decimals, for display only (the decisions are the server's, exact). */
export const percent = (num: number, den: number) =>
  den === 0 ? '0%' : `${(Math.floor((num * 10_000) / den) / 100).toFixed(2)}%`

/** YYYY-MM-DD as the reader's calendar writes it. */
export const dateText = (date: string, c: C) => formatWhen(`${date}T12:00:00+08:00`, c, false)

type Clock = Formation['clocks'][number]

/** The statutory clocks: overdue in red, days left while running. */
export function Clocks({
  clocks,
  f,
  c,
  kind,
}: {
  clocks: readonly Clock[]
  f: F
  c: C
  kind?: 'preparatory' | 're_election' | undefined
}) {
  if (clocks.length === 0) return <p>{f.clocks.none}</p>
  return (
    <Table
      rows={clocks}
      rowKey={(k) => k.name}
      class="formation-clocks"
      caption={f.clocks.heading}
      columns={[
        { header: f.clocks.name, cell: (k) => clockWords(f, k.name, kind), rowHeader: true },
        { header: f.clocks.lastDay, cell: (k) => dateText(k.lastDay, c) },
        {
          header: f.clocks.status,
          class: (k) => `clock-${k.status}`,
          cell: (k) =>
            k.status === 'running'
              ? f.clocks.running(k.daysLeft ?? 0)
              : k.status === 'met'
                ? f.note(f.clocks.met, f.clocks.doneOn(formatWhen(k.metOn ?? '', c, false)))
                : k.metOn
                  ? f.note(f.clocks.metLate, f.clocks.doneOn(formatWhen(k.metOn, c, false)))
                  : f.clocks.overdue,
        },
      ]}
    />
  )
}

/**
 * 成立与换届: the formation of the first assembly and re-elections for one estate (domain §§7–8). The street office
 * records the application, forms the group (the composition's problems beside the form as it is typed), and files;
 * the group's members — conveners while it exists — publish the member list, designate the first meeting, announce
 * the chair and complete the handover. The clocks show what is due, overdue in red.
 */
export default function ConsoleFormation({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c, roles } = state
  const f = useFormationText()
  const [loaded, reload] = useLoad(() => fetchFormation(estateId), 'formation', [estateId])
  const [links, setLinks] = useState<readonly Enrollment[]>([])
  const street = roles.includes('street_office')
  const convener = roles.includes('convener')
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={f.heading}
      title={state.estateName ? f.title(state.estateName) : f.heading}
      readOnly={null}
    >
      <p class="lead">{f.intro}</p>
      <Loaded state={loaded} c={c}>
        {(formation) => {
          const group = formation.group
          const live = group?.live === true
          return (
            <div class="formation stack">
              <p class="formation-stage" data-stage={formation.stage}>
                {f.labelled(f.stage.label, stageWords(f, formation.stage, group?.kind))}
              </p>
              {!live && <ReelectionDue estateId={estateId} f={f} c={c} />}
              {formation.reelectionLock && (
                <p class="notice formation-lock">
                  {f.lock(formatWhen(formation.reelectionLock.since, c, false))}
                </p>
              )}
              <section aria-labelledby="formation-clocks">
                <h2 id="formation-clocks">{f.clocks.heading}</h2>
                <Clocks clocks={formation.clocks} f={f} c={c} kind={group?.kind} />
              </section>
              <ApplicationSection
                estateId={estateId}
                formation={formation}
                f={f}
                c={c}
                canRecord={street && !live}
                onDone={reload}
              />
              <section aria-labelledby="formation-group">
                <h2 id="formation-group">
                  {group ? `${f.kind[group.kind]} · ${f.group.heading}` : f.group.heading}
                </h2>
                {links.length > 0 && <EnrollmentLinks links={links} f={f} />}
                {group && <Members formation={formation} f={f} c={c} />}
                {group && live && !group.membersPublishedAt && (street || convener) && (
                  <Command
                    label={f.group.publish}
                    c={c}
                    run={() => publishMembers(estateId)}
                    onDone={reload}
                  />
                )}
                {street && !live && (
                  <GroupForm
                    estateId={estateId}
                    // Once a committee is filed the assembly exists: what the street office forms is a re-election.
                    defaultKind={formation.stage === 'filed' ? 're_election' : 'preparatory'}
                    f={f}
                    c={c}
                    onFormed={(l) => {
                      setLinks(l)
                      reload()
                    }}
                  />
                )}
              </section>
              {group && (
                <FirstMeetingSection
                  estateId={estateId}
                  formation={formation}
                  f={f}
                  c={c}
                  canDesignate={live && convener}
                  onDone={reload}
                />
              )}
              {formation.outcome && <Outcome formation={formation} f={f} />}
              {formation.outcome?.outcome === 'assembly_formed' && (
                <SeatingSection formation={formation} f={f} c={c} />
              )}
              {formation.committee?.members && (
                <FilingPartsSection
                  estateId={estateId}
                  formation={formation}
                  f={f}
                  c={c}
                  canRecord={live && (convener || street)}
                  onDone={reload}
                />
              )}
              {formation.handover && (
                <HandoverSection
                  estateId={estateId}
                  formation={formation}
                  f={f}
                  c={c}
                  canMark={live && convener}
                  onDone={reload}
                />
              )}
              {(formation.filing || (street && live && formation.outcome?.outcome === 'assembly_formed')) && (
                <FilingSection estateId={estateId} formation={formation} f={f} c={c} onDone={reload} />
              )}
            </div>
          )
        }}
      </Loaded>
    </Frame>
  )
}

/**
 * The committee's re-election as the street office must act on it (domain §8): from the reminder (6 months before the
 * term ends), once the term has ended, or when fewer than half of the seats are filled (上海 art. 32), while no
 * group is at work. Nothing when the estate has no committee.
 */
function ReelectionDue(props: { estateId: string; f: F; c: C }) {
  const { f, c } = props
  const [view] = useSharedLoad(() => fetchCommittee(props.estateId), [props.estateId], true)
  const term = view?.ok ? view.data.term : null
  if (!term) return null
  const r = term.clocks.reelection
  const text =
    r.state === 'overdue'
      ? f.reelection.overdue(term.number, dateText(term.endsOn, c))
      : r.state === 'reminder'
        ? f.reelection.due(term.number, dateText(term.endsOn, c), r.daysLeft)
        : term.earlyReelectionDue
          ? f.reelection.early(term.number)
          : null
  if (text === null) return null
  return (
    <p class="bad formation-reelection" role="alert">
      {text}
    </p>
  )
}

/** A button that runs one command and reloads the page's formation, its refusal in words. */
function Command(props: {
  label: string
  c: C
  run: () => Promise<{ ok: true } | Failure>
  onDone: () => void
}) {
  const [busy, failure, run] = useBusy()
  return (
    <div>
      <button
        type="button"
        class="button"
        disabled={busy}
        onClick={() => void run(props.run).then((ok) => ok && props.onDone())}
      >
        {props.label}
      </button>
      {failure && <FailureText failure={failure} c={props.c} />}
    </div>
  )
}

function ApplicationSection(props: {
  estateId: string
  formation: Formation
  f: F
  c: C
  canRecord: boolean
  onDone: () => void
}) {
  const { f, c, formation } = props
  const a = formation.application
  const [applicant, setApplicant] = useState<'owners' | 'developer'>('owners')
  const [appliedOn, setAppliedOn] = useState('')
  const [units, setUnits] = useState('')
  const [busy, failure, run] = useBusy()
  async function submit(e: Event) {
    e.preventDefault()
    const ok = await run(() =>
      recordApplication(props.estateId, {
        applicant,
        appliedOn,
        units: applicant === 'owners' ? splitList(units) : [],
      }),
    )
    if (ok) props.onDone()
  }
  return (
    <section aria-labelledby="formation-application">
      <h2 id="formation-application">{f.application.heading}</h2>
      {a ? (
        <div class="formation-share">
          <p>
            {a.applicant === 'owners' ? f.application.owners : f.application.developer} ·{' '}
            {f.application.appliedOn} {dateText(a.appliedOn, c)}
          </p>
          <p>{f.application.share}</p>
          <ul>
            <li>
              {f.application.ownersShare(
                String(a.share.owners.num),
                String(a.share.owners.den),
                percent(a.share.owners.num, a.share.owners.den),
              )}
            </li>
            <li>
              {f.application.areaShare(
                areaText(a.share.area.num),
                areaText(a.share.area.den),
                percent(a.share.area.num, a.share.area.den),
              )}
            </li>
            <li>
              {f.application.delivered(
                percent(a.share.delivered.num, a.share.delivered.den),
                a.share.deliveredCondition.met,
              )}
            </li>
            {a.share.ownersCondition && (
              <li>
                {f.application.fivePercent(
                  a.share.ownersCondition.byOwners.met || a.share.ownersCondition.byArea.met,
                )}
              </li>
            )}
          </ul>
          <p class={a.share.met ? 'ok' : 'bad'}>{a.share.met ? f.application.met : f.application.notMet}</p>
        </div>
      ) : (
        <p>{f.application.none}</p>
      )}
      {props.canRecord && (
        <form class="stack formation-form" noValidate onSubmit={(e) => void submit(e)}>
          <Field id="application-applicant" label={f.application.applicant}>
            <select
              id="application-applicant"
              value={applicant}
              onChange={(e) => setApplicant(e.currentTarget.value as 'owners' | 'developer')}
            >
              <option value="owners">{f.application.owners}</option>
              <option value="developer">{f.application.developer}</option>
            </select>
          </Field>
          <Field id="application-date" label={f.application.appliedOn}>
            <input
              id="application-date"
              type="date"
              value={appliedOn}
              onInput={(e) => setAppliedOn(e.currentTarget.value)}
            />
          </Field>
          {applicant === 'owners' && (
            <Field id="application-units" label={f.application.units} hint={f.application.unitsHint}>
              <textarea
                id="application-units"
                rows={3}
                value={units}
                aria-describedby="application-units-hint"
                onInput={(e) => setUnits(e.currentTarget.value)}
              />
            </Field>
          )}
          <button type="submit" class="button" disabled={busy}>
            {busy ? f.application.recording : f.application.record}
          </button>
          {failure && <FailureText failure={failure} c={c} />}
        </form>
      )}
    </section>
  )
}

function Members({ formation, f, c }: { formation: Formation; f: F; c: C }) {
  const group = formation.group
  if (!group) return null
  return (
    <>
      <p>
        {f.group.formed(formatWhen(group.formedAt, c, false))} ·{' '}
        {group.membersPublishedAt
          ? f.group.published(formatWhen(group.membersPublishedAt, c, false))
          : f.group.notPublished}
      </p>
      <Table
        rows={group.members ?? []}
        rowKey={(m) => m.position}
        class="formation-members"
        columns={[
          { header: f.group.name, cell: (m) => m.name, rowHeader: true },
          {
            header: f.group.memberKind,
            cell: (m) => (m.leader ? f.note(f.memberKind[m.kind], f.group.leader) : f.memberKind[m.kind]),
          },
          { header: f.group.unit, cell: (m) => ('unit' in m ? (m.unit ?? '') : '') },
          { header: f.group.phone, cell: (m) => ('phone' in m ? (m.phone ?? '') : '') },
          {
            header: f.group.account,
            cell: (m) => ('accountId' in m && m.accountId ? f.group.hasAccount : f.group.noAccount),
          },
        ]}
      />
    </>
  )
}

function EnrollmentLinks({ links, f }: { links: readonly Enrollment[]; f: F }) {
  return (
    <div class="notice enrollment-links">
      <h3>{f.group.links}</h3>
      {links.map((l) => (
        <p key={l.accountId}>
          <label for={`link-${l.position}`}>{f.group.linkFor(l.name)}</label>
          <input
            id={`link-${l.position}`}
            class="link-text"
            readOnly
            value={l.url}
            onFocus={(e) => e.currentTarget.select()}
          />
        </p>
      ))}
    </div>
  )
}

type Row = {
  name: string
  kind: MemberInput['kind']
  leader: boolean
  unit: string
  phone: string
  enroll: boolean
}
const emptyRow = (kind: MemberInput['kind'], leader = false): Row => ({
  name: '',
  kind,
  leader,
  unit: '',
  phone: '',
  enroll: false,
})

function problemText(p: CompositionProblem, f: F): string {
  const w = f.group.problems
  switch (p.code) {
    case 'even_member_count':
      return w.even_member_count(p.members)
    case 'owner_representatives_below_half':
      return w.owner_representatives_below_half(p.owners, p.members)
    case 'leader_not_street_office':
    case 'owner_unit_missing':
    case 'unit_of_non_owner':
    case 'duplicate_member':
      return w[p.code](p.member + 1)
    case 'owner_unit_not_on_roll':
      return w.owner_unit_not_on_roll(p.member + 1, p.unit)
    default:
      return w[p.code]
  }
}

/** The street office forms a group; the composition's problems are shown beside the form as it is typed. */
function GroupForm(props: {
  estateId: string
  defaultKind: 'preparatory' | 're_election'
  f: F
  c: C
  onFormed: (links: readonly Enrollment[]) => void
}) {
  const { f, c } = props
  const [kind, setKind] = useState<'preparatory' | 're_election'>(props.defaultKind)
  const [days, setDays] = useState<90 | 60>(90)
  const [rows, setRows] = useState<Row[]>([
    emptyRow('street_office', true),
    emptyRow('developer'),
    emptyRow('residents_committee'),
    emptyRow('owner_representative'),
    emptyRow('owner_representative'),
  ])
  const [busy, failure, run] = useBusy()
  const members = rows.map((r) => ({
    name: r.name.trim(),
    kind: r.kind,
    leader: r.leader,
    ...(r.unit.trim() ? { unit: r.unit.trim() } : {}),
    ...(r.phone.trim() ? { phone: r.phone.trim() } : {}),
    enroll: r.enroll,
  }))
  const problems = checkComposition(members)
  const set = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  async function submit(e: Event) {
    e.preventDefault()
    let links: readonly Enrollment[] = []
    const ok = await run(async () => {
      const r = await formGroup(props.estateId, { kind, firstMeetingDays: days, members })
      if (r.ok) links = r.data.enrollments
      return r
    })
    if (ok) props.onFormed(links)
  }
  return (
    <form
      class="formation-form group-form"
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-labelledby="group-form-heading"
    >
      <h3 id="group-form-heading">{f.group.form}</h3>
      <div class="group-form-grid">
        <div class="stack">
          <Field id="group-kind" label={f.group.kind}>
            <select
              id="group-kind"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
            >
              <option value="preparatory">{f.kind.preparatory}</option>
              <option value="re_election">{f.kind.re_election}</option>
            </select>
          </Field>
          <Field id="group-days" label={f.group.firstMeetingDays}>
            <select
              id="group-days"
              value={String(days)}
              onChange={(e) => setDays(Number(e.currentTarget.value) as 90 | 60)}
            >
              <option value="90">{f.group.days90}</option>
              <option value="60">{f.group.days60}</option>
            </select>
          </Field>
          {rows.map((r, i) => (
            <fieldset key={i} class="member-row">
              <legend>{f.group.member(i + 1)}</legend>
              <Field id={`member-${i}-name`} label={f.group.name}>
                <input
                  id={`member-${i}-name`}
                  value={r.name}
                  maxLength={60}
                  onInput={(e) => set(i, { name: e.currentTarget.value })}
                />
              </Field>
              <Field id={`member-${i}-kind`} label={f.group.memberKind}>
                <select
                  id={`member-${i}-kind`}
                  value={r.kind}
                  onChange={(e) => set(i, { kind: e.currentTarget.value as Row['kind'] })}
                >
                  {(
                    ['owner_representative', 'developer', 'street_office', 'residents_committee'] as const
                  ).map((k) => (
                    <option key={k} value={k}>
                      {f.memberKind[k]}
                    </option>
                  ))}
                </select>
              </Field>
              {r.kind === 'owner_representative' && (
                <Field id={`member-${i}-unit`} label={f.group.unit}>
                  <input
                    id={`member-${i}-unit`}
                    value={r.unit}
                    onInput={(e) => set(i, { unit: e.currentTarget.value })}
                  />
                </Field>
              )}
              <Field id={`member-${i}-phone`} label={f.group.phone}>
                <input
                  id={`member-${i}-phone`}
                  type="tel"
                  value={r.phone}
                  onInput={(e) => set(i, { phone: e.currentTarget.value })}
                />
              </Field>
              <label class="check">
                <input
                  type="checkbox"
                  checked={r.leader}
                  onChange={(e) => set(i, { leader: e.currentTarget.checked })}
                />{' '}
                {f.group.leader}
              </label>
              <label class="check">
                <input
                  type="checkbox"
                  checked={r.enroll}
                  onChange={(e) => set(i, { enroll: e.currentTarget.checked })}
                />{' '}
                {f.group.enroll}
              </label>
              <button
                type="button"
                class="button secondary"
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
              >
                {f.group.removeMember}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            class="button secondary"
            onClick={() => setRows([...rows, emptyRow('owner_representative')])}
          >
            {f.group.addMember}
          </button>
        </div>
        <aside class="composition" aria-live="polite">
          {problems.length === 0 ? (
            <p class="ok">{f.group.ok}</p>
          ) : (
            <>
              <p>{f.group.problemsHeading}</p>
              <ul class="composition-problems">
                {problems.map((p, i) => (
                  <li key={i}>{problemText(p, f)}</li>
                ))}
              </ul>
            </>
          )}
        </aside>
      </div>
      <button
        type="submit"
        class="button"
        disabled={busy || problems.length > 0 || members.some((m) => m.name === '')}
      >
        {busy ? f.group.submitting : f.group.submit}
      </button>
      {failure && <FailureText failure={failure} c={c} />}
    </form>
  )
}

function FirstMeetingSection(props: {
  estateId: string
  formation: Formation
  f: F
  c: C
  canDesignate: boolean
  onDone: () => void
}) {
  const { f, c, formation } = props
  const m = formation.firstMeeting
  const clock = formation.clocks.find((k) => k.name === 'first_meeting')
  const base = `/console/${encodeURIComponent(props.estateId)}/meetings`
  const reelection = formation.group?.kind === 're_election'
  return (
    <section aria-labelledby="formation-meeting">
      <h2 id="formation-meeting">{reelection ? f.meeting.reelectionHeading : f.meeting.heading}</h2>
      {reelection && <p class="hint">{f.meeting.reelectionHint}</p>}
      {clock?.status === 'running' && (
        <p class="formation-countdown" role="status">
          {f.meeting.countdown(clock.daysLeft ?? 0)}
        </p>
      )}
      {m && clock && clock.status === 'running' && Date.parse(m.opensAt) >= Date.parse(clock.due) && (
        <p class="bad" role="alert">
          {f.meeting.late(dateText(clock.lastDay, c))}
        </p>
      )}
      {m ? (
        <p>
          <a href={`${base}/${m.id}`}>{m.title}</a> · {c.status[m.status] ?? m.status} ·{' '}
          {f.meeting.opens(formatWhen(m.opensAt, c))}
        </p>
      ) : (
        <p>{f.meeting.none}</p>
      )}
      {props.canDesignate && (!m || m.status === 'draft' || formation.outcome?.outcome === 'failed') && (
        <DesignateForm
          estateId={props.estateId}
          current={m?.id}
          reelection={reelection}
          f={f}
          c={c}
          onDone={props.onDone}
        />
      )}
    </section>
  )
}

type Agenda = { id: string; kind: string; title: string }[]

/**
 * The group designates its meeting and which matters carry the formation. A re-election's meeting need name only its
 * election (the assembly has its rules and covenant, domain §8): the rules and the covenant are then optional.
 */
function DesignateForm(props: {
  estateId: string
  current: string | undefined
  reelection: boolean
  f: F
  c: C
  onDone: () => void
}) {
  const { f, c } = props
  const [drafts] = useLoad(() => fetchMeetings(props.estateId), 'meetings', [props.estateId])
  const [meetingId, setMeetingId] = useState(props.current ?? '')
  const [agenda, setAgenda] = useState<Agenda>([])
  const [picked, setPicked] = useState({ rules: '', covenant: '', fund: '', election: '' })
  const [busy, failure, run] = useBusy()
  async function choose(id: string) {
    setMeetingId(id)
    setAgenda([])
    if (!id) return
    const r = await fetchMeeting(props.estateId, id)
    if (!r.ok) return
    const matters: Agenda = r.data.meeting.matters.map((x: { id: string; kind: string; title: string }) => ({
      id: x.id,
      kind: x.kind,
      title: x.title,
    }))
    setAgenda(matters)
    const first = (kind: string) => matters.find((x) => x.kind === kind)?.id ?? ''
    setPicked({
      rules: first('rules_of_procedure'),
      covenant: first('management_covenant'),
      fund: '',
      election: first('elect_committee'),
    })
  }
  async function submit(e: Event) {
    e.preventDefault()
    const ok = await run(() =>
      designateFirstMeeting(props.estateId, {
        meetingId,
        ...(picked.rules ? { rulesOfProcedure: picked.rules } : {}),
        ...(picked.covenant ? { managementCovenant: picked.covenant } : {}),
        ...(picked.fund ? { maintenanceFundCovenant: picked.fund } : {}),
        election: picked.election,
      }),
    )
    if (ok) props.onDone()
  }
  const select = (id: string, label: string, key: keyof typeof picked, none?: string) => (
    <Field id={id} label={label}>
      <select
        id={id}
        value={picked[key]}
        onChange={(e) => setPicked({ ...picked, [key]: e.currentTarget.value })}
      >
        <option value="">{none ?? f.meeting.chooseNone}</option>
        {agenda.map((x) => (
          <option key={x.id} value={x.id}>
            {x.title}
          </option>
        ))}
      </select>
    </Field>
  )
  return (
    <Loaded state={drafts} c={c}>
      {(list: readonly MeetingSummary[]) => {
        const open = list.filter((x) => x.status === 'draft')
        if (open.length === 0) return <p>{f.meeting.noDrafts}</p>
        return (
          <form class="stack formation-form" noValidate onSubmit={(e) => void submit(e)}>
            <Field id="first-meeting" label={f.meeting.choose}>
              <select
                id="first-meeting"
                value={meetingId}
                onChange={(e) => void choose(e.currentTarget.value)}
              >
                <option value="">{f.meeting.chooseNone}</option>
                {open.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.title}
                  </option>
                ))}
              </select>
            </Field>
            {agenda.length > 0 && (
              <>
                {select(
                  'first-rules',
                  f.meeting.rules,
                  'rules',
                  props.reelection ? f.meeting.notVotedAgain : undefined,
                )}
                {select(
                  'first-covenant',
                  f.meeting.covenant,
                  'covenant',
                  props.reelection ? f.meeting.notVotedAgain : undefined,
                )}
                {select('first-fund', f.meeting.fund, 'fund', f.meeting.fundNone)}
                {select('first-election', f.meeting.election, 'election')}
              </>
            )}
            <button
              type="submit"
              class="button"
              disabled={
                busy ||
                !meetingId ||
                agenda.length === 0 ||
                !picked.election ||
                (!props.reelection && (!picked.rules || !picked.covenant))
              }
            >
              {busy
                ? f.meeting.designating
                : props.reelection
                  ? f.meeting.reelectionDesignate
                  : f.meeting.designate}
            </button>
            {failure && <FailureText failure={failure} c={c} />}
          </form>
        )
      }}
    </Loaded>
  )
}

export function Outcome({
  formation,
  f,
}: {
  formation:
    | Formation
    | {
        outcome: Formation['outcome']
        firstMeeting: Formation['firstMeeting']
        group?: { kind: 'preparatory' | 're_election' } | null
      }
  f: F
}) {
  const o = formation.outcome
  if (!o) return null
  const names = formation.firstMeeting?.candidateNames ?? {}
  // A re-election's meeting elects the committee of an assembly that exists: its result says so (domain §8).
  const words = formation.group?.kind === 're_election' ? { ...f.outcome, ...f.reelectionOutcome } : f.outcome
  return (
    <section aria-labelledby="formation-outcome">
      <h2 id="formation-outcome">{words.heading}</h2>
      {o.outcome === 'assembly_formed' ? (
        <>
          <p class="ok">{words.formed}</p>
          <p>{f.labelled(f.outcome.elected, f.list(o.elected.map((id) => names[id] ?? id)))}</p>
        </>
      ) : (
        <>
          <p class="bad">{words.failed}</p>
          <ul>
            {o.reasons.map((r) => (
              <li key={r.code}>{f.outcome.reasons[r.code]}</li>
            ))}
          </ul>
          <p>{words.again}</p>
        </>
      )}
    </section>
  )
}

/**
 * The chair, vice-chair and members' notice as the committee recorded them (domain §7.5): its resolution electing
 * the officers and its members' notice meet the seating and announcement periods; nothing is typed here.
 */
function SeatingSection({ formation, f, c }: { formation: Formation; f: F; c: C }) {
  const s = formation.seating
  return (
    <section aria-labelledby="formation-seating">
      <h2 id="formation-seating">{f.seating.heading}</h2>
      {!s && <p class="hint">{f.seating.pending}</p>}
      {s && (
        <ul class="formation-seating">
          <li>
            {s.chair && s.seatedOn
              ? f.seating.chosen(s.chair, f.list(s.viceChairs), s.meetingTitle ?? '', dateText(s.seatedOn, c))
              : f.seating.notSeated}
          </li>
          <li>
            {s.announcedAt
              ? f.seating.announced(s.noticeTitle ?? '', formatWhen(s.announcedAt, c, false))
              : f.seating.notAnnounced}
          </li>
        </ul>
      )}
    </section>
  )
}

/** The members' written undertakings and the training record the filing package files (domain §7.6). */
function FilingPartsSection(props: {
  estateId: string
  formation: Formation
  f: F
  c: C
  canRecord: boolean
  onDone: () => void
}) {
  const { f, c, formation } = props
  const committee = formation.committee
  const members = committee?.members ?? []
  const [dates, setDates] = useState<Record<string, string>>({})
  const [training, setTraining] = useState({ heldOn: '', topic: '' })
  const [attendees, setAttendees] = useState<readonly string[]>([])
  const [busy, failure, run] = useBusy()
  const names = (ids: readonly { name: string }[]) => f.list(ids.map((x) => x.name))
  async function submitTraining(e: Event) {
    e.preventDefault()
    const ok = await run(() =>
      recordTraining(props.estateId, {
        heldOn: training.heldOn,
        topic: training.topic.trim(),
        attendees: [...attendees],
      }),
    )
    if (ok) props.onDone()
  }
  return (
    <section aria-labelledby="formation-parts">
      <h2 id="formation-parts">{f.parts.heading}</h2>
      <p class="hint">{f.parts.intro}</p>
      <ul class="formation-undertakings">
        {members.map((m) => (
          <li key={m.id}>
            {f.labelled(
              `${m.name} · ${f.parts.role[m.role]}`,
              m.undertakingSignedOn ? f.parts.signed(dateText(m.undertakingSignedOn, c)) : f.parts.unsigned,
            )}
            {!m.undertakingSignedOn && props.canRecord && (
              <DateMark
                id={`undertaking-${m.seat}`}
                label={f.parts.signedOn(m.name)}
                value={dates[m.id] ?? ''}
                onInput={(v) => setDates({ ...dates, [m.id]: v })}
                busy={busy}
                action={f.parts.record}
                onRecord={(v) =>
                  void run(() => recordUndertaking(props.estateId, m.id, v)).then(
                    (ok) => ok && props.onDone(),
                  )
                }
              />
            )}
          </li>
        ))}
      </ul>
      <h3>{f.parts.training.heading}</h3>
      {committee?.training ? (
        <p>
          {f.parts.training.done(
            dateText(committee.training.heldOn, c),
            committee.training.topic,
            names(committee.training.attendees),
          )}
        </p>
      ) : props.canRecord ? (
        <form class="stack formation-form" noValidate onSubmit={(e) => void submitTraining(e)}>
          <Field id="training-on" label={f.parts.training.heldOn}>
            <input
              id="training-on"
              type="date"
              value={training.heldOn}
              onInput={(e) => setTraining({ ...training, heldOn: e.currentTarget.value })}
            />
          </Field>
          <Field id="training-topic" label={f.parts.training.topic}>
            <input
              id="training-topic"
              value={training.topic}
              maxLength={200}
              onInput={(e) => setTraining({ ...training, topic: e.currentTarget.value })}
            />
          </Field>
          <fieldset class="formation-attendees">
            <legend>{f.parts.training.attendees}</legend>
            {members.map((m) => (
              <label key={m.id}>
                <input
                  type="checkbox"
                  checked={attendees.includes(m.id)}
                  onChange={(e) =>
                    setAttendees(
                      e.currentTarget.checked ? [...attendees, m.id] : attendees.filter((x) => x !== m.id),
                    )
                  }
                />{' '}
                {m.name}
              </label>
            ))}
          </fieldset>
          <button type="submit" class="button" disabled={busy}>
            {f.parts.training.submit}
          </button>
        </form>
      ) : (
        <p class="hint">{f.parts.training.none}</p>
      )}
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}

function HandoverSection(props: {
  estateId: string
  formation: Formation
  f: F
  c: C
  canMark: boolean
  onDone: () => void
}) {
  const { f, c } = props
  const [dates, setDates] = useState<Record<string, string>>({})
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="formation-handover">
      <h2 id="formation-handover">{f.handover.heading}</h2>
      <ul class="handover">
        {(props.formation.handover ?? []).map((h) => (
          <li key={h.item}>
            {f.labelled(
              f.handover.items[h.item],
              h.doneOn ? f.handover.done(dateText(h.doneOn, c)) : f.handover.pending,
            )}
            {!h.doneOn && props.canMark && (
              <DateMark
                id={`handover-${h.item}`}
                label={f.handover.doneOn}
                value={dates[h.item] ?? ''}
                onInput={(v) => setDates({ ...dates, [h.item]: v })}
                busy={busy}
                action={f.handover.mark}
                onRecord={(v) =>
                  void run(() => markHandover(props.estateId, h.item as HandoverItem, v)).then(
                    (ok) => ok && props.onDone(),
                  )
                }
              />
            )}
          </li>
        ))}
      </ul>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}

/**
 * The street office's filing (domain §7.6): 届别, the term and the chair shown from the committee's term, the office
 * address typed. Without the term (or its chair) the filing waits, and says for what.
 */
function FilingSection(props: { estateId: string; formation: Formation; f: F; c: C; onDone: () => void }) {
  const { f, c, formation } = props
  const [officeAddress, setOfficeAddress] = useState('')
  const [busy, failure, run] = useBusy()
  const filed = formation.filing
  const draft = formation.filingDraft
  async function submit(e: Event) {
    e.preventDefault()
    const ok = await run(() => recordFiling(props.estateId, { officeAddress: officeAddress.trim() }))
    if (ok) props.onDone()
  }
  return (
    <section aria-labelledby="formation-filing">
      <h2 id="formation-filing">{f.filing.heading}</h2>
      {filed ? (
        <p>{f.filing.done(filed.term, dateText(filed.termStart, c), dateText(filed.termEnd, c))}</p>
      ) : !draft ? (
        <p class="hint">{f.filing.noTerm}</p>
      ) : (
        <form class="stack formation-form" noValidate onSubmit={(e) => void submit(e)}>
          <p class="hint">{f.filing.fromTerm}</p>
          <dl class="formation-filed">
            <dt>{f.filing.term}</dt>
            <dd>{f.filing.termText(draft.term)}</dd>
            <dt>{f.filing.termStart}</dt>
            <dd>{dateText(draft.termStart, c)}</dd>
            <dt>{f.filing.termEnd}</dt>
            <dd>{dateText(draft.termEnd, c)}</dd>
            <dt>{f.filing.chair}</dt>
            <dd>{draft.chair ?? f.filing.noChair}</dd>
          </dl>
          <Field id="filing-office" label={f.filing.office}>
            <input
              id="filing-office"
              value={officeAddress}
              maxLength={200}
              onInput={(e) => setOfficeAddress(e.currentTarget.value)}
            />
          </Field>
          <button type="submit" class="button" disabled={busy || draft.chair === null}>
            {f.filing.submit}
          </button>
          {failure && <FailureText failure={failure} c={c} />}
        </form>
      )}
    </section>
  )
}

/** A step done on a date: the date field beside its button, which records it once a date is chosen. */
function DateMark(props: {
  id: string
  label: string
  value: string
  onInput: (value: string) => void
  busy: boolean
  action: string
  onRecord: (value: string) => void
}) {
  return (
    <span class="handover-mark">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="date"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <button
        type="button"
        class="button secondary"
        disabled={props.busy || !props.value}
        onClick={() => props.onRecord(props.value)}
      >
        {props.action}
      </button>
    </span>
  )
}
