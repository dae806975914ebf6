import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { DAY_MS, earliestOpening, MAX_WINDOW_DAYS, MIN_WINDOW_DAYS } from '../../../server/domain/calendar'
import {
  createMeeting,
  fetchMeeting,
  updateMeeting,
  type Failure,
  type MatterInput,
  type MatterKind,
  type Meeting,
  type MeetingInput,
} from './api'
import {
  FailureText,
  Frame,
  formatWhen,
  fromChinaLocal,
  splitList,
  toChinaLocal,
  useConsole,
  type C,
} from './frame'

const KINDS: readonly MatterKind[] = [
  'rules_of_procedure',
  'management_covenant',
  'elect_committee',
  'property_manager',
  'use_maintenance_fund',
  'raise_maintenance_fund',
  'rebuild',
  'common_parts_use',
  'other_major',
]
// 民法典 art. 278(2): items (六)–(八) need three quarters.
const SPECIAL: ReadonlySet<MatterKind> = new Set(['raise_maintenance_fund', 'rebuild', 'common_parts_use'])

interface CandidateDraft {
  unit: string
  name: string
  statement: string
  fullCapacity: boolean
  noArrears: boolean
  notPropertyStaff: boolean
}
interface MatterDraft {
  kind: MatterKind
  title: string
  body: string
  scopeKind: 'all' | 'buildings' | 'units'
  scopeText: string
  apprNum: string
  apprDen: string
  apprStrict: boolean
  partNum: string
  partDen: string
  seats: string
  alternatesCap: string
  candidates: CandidateDraft[]
}
type Settings = Required<NonNullable<MeetingInput['settings']>>
interface SettingsDraft {
  voteChange: Settings['voteChange']
  conflictRule: Settings['conflictRule']
  deemedConsent: boolean
  objectionDays: string
  proxyCap: string
  electionRankBy: Settings['electionRankBy']
}

// The eligibility boxes start unticked: each is the convener's statement of a fact checked (§5), never a default.
const emptyCandidate = (): CandidateDraft => ({
  unit: '',
  name: '',
  statement: '',
  fullCapacity: false,
  noArrears: false,
  notPropertyStaff: false,
})
const emptyMatter = (): MatterDraft => ({
  kind: 'management_covenant',
  title: '',
  body: '',
  scopeKind: 'all',
  scopeText: '',
  apprNum: '',
  apprDen: '',
  apprStrict: false,
  partNum: '',
  partDen: '',
  seats: '5',
  alternatesCap: '',
  candidates: [],
})
const defaultSettings = (): SettingsDraft => ({
  voteChange: 'final',
  conflictRule: 'first_valid',
  deemedConsent: false,
  objectionDays: '7',
  proxyCap: '3',
  electionRankBy: 'heads',
})

function fromMeeting(m: Meeting): { matters: MatterDraft[]; settings: SettingsDraft } {
  return {
    settings: {
      voteChange: m.settings.voteChange,
      conflictRule: m.settings.conflictRule,
      deemedConsent: m.settings.deemedConsent,
      objectionDays: String(m.settings.objectionDays),
      proxyCap: String(m.settings.proxyCap),
      electionRankBy: m.settings.electionRankBy,
    },
    // A draft's candidates come back with the unit and the eligibility entered (a draft only; a draft saved before
    // the unit was kept has none, and the editor asks for it again).
    matters: m.matters.map((x) => ({
      ...emptyMatter(),
      kind: x.kind as MatterKind,
      title: x.title,
      body: x.body,
      scopeKind: x.scope?.buildings ? 'buildings' : x.scope?.units ? 'units' : 'all',
      scopeText: (x.scope?.buildings ?? x.scope?.units ?? []).join(', '),
      apprNum: x.approval ? String(x.approval.num) : '',
      apprDen: x.approval ? String(x.approval.den) : '',
      apprStrict: x.approval?.strict ?? false,
      partNum: x.participation ? String(x.participation.num) : '',
      partDen: x.participation ? String(x.participation.den) : '',
      seats: 'seats' in x && x.seats !== undefined ? String(x.seats) : '5',
      alternatesCap: 'alternatesCap' in x && x.alternatesCap !== undefined ? String(x.alternatesCap) : '',
      candidates: ('candidates' in x && x.candidates ? x.candidates : []).map((cand) => ({
        ...emptyCandidate(),
        name: cand.name,
        statement: cand.statement,
        ...('unit' in cand && cand.unit !== undefined ? { unit: cand.unit } : {}),
        ...('eligibility' in cand && cand.eligibility ? cand.eligibility : {}),
      })),
    })),
  }
}

const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined)

function toInput(title: string, opens: string, closes: string, matters: MatterDraft[], s: SettingsDraft) {
  const input: MeetingInput = {
    title: title.trim(),
    opensAt: fromChinaLocal(opens),
    closesAt: fromChinaLocal(closes),
    settings: {
      voteChange: s.voteChange,
      conflictRule: s.conflictRule,
      deemedConsent: s.deemedConsent,
      electionRankBy: s.electionRankBy,
      ...(int(s.objectionDays) !== undefined ? { objectionDays: int(s.objectionDays) } : {}),
      ...(int(s.proxyCap) !== undefined ? { proxyCap: int(s.proxyCap) } : {}),
    },
    matters: matters.map((m): MatterInput => {
      const list = splitList(m.scopeText)
      const apprNum = int(m.apprNum)
      const apprDen = int(m.apprDen)
      const partNum = int(m.partNum)
      const partDen = int(m.partDen)
      return {
        kind: m.kind,
        title: m.title.trim(),
        body: m.body,
        ...(m.scopeKind === 'buildings' && list.length > 0 ? { scope: { buildings: list } } : {}),
        ...(m.scopeKind === 'units' && list.length > 0 ? { scope: { units: list } } : {}),
        ...(apprNum && apprDen ? { approval: { num: apprNum, den: apprDen, strict: m.apprStrict } } : {}),
        ...(partNum && partDen ? { participation: { num: partNum, den: partDen, strict: false } } : {}),
        ...(m.kind === 'elect_committee'
          ? {
              seats: int(m.seats) ?? 0,
              ...(int(m.alternatesCap) !== undefined ? { alternatesCap: int(m.alternatesCap) } : {}),
              candidates: m.candidates.map((c) => ({
                unit: c.unit.trim(),
                name: c.name.trim(),
                statement: c.statement,
                eligibility: {
                  fullCapacity: c.fullCapacity,
                  noArrears: c.noArrears,
                  notPropertyStaff: c.notPropertyStaff,
                },
              })),
            }
          : {}),
      }
    }),
  }
  return input
}

/** 会议编辑: a guided editor of a draft meeting that knows the nine kinds of art. 278 and the legal calendar. */
export default function MeetingEditor({ estateId, meetingId }: { estateId: string; meetingId?: string }) {
  const state = useConsole(estateId)
  const { c } = state
  const { route } = useLocation()
  const [title, setTitle] = useState('')
  const [opens, setOpens] = useState('')
  const [closes, setCloses] = useState('')
  const [matters, setMatters] = useState<MatterDraft[]>([emptyMatter()])
  const [settings, setSettings] = useState<SettingsDraft>(defaultSettings())
  // The earliest opening if notice were given today (民法典 art. 201, 15 full days): the server's for a draft it
  // read, else from this device's clock; the notice itself is checked again by the server.
  const [earliest, setEarliest] = useState<string | null>(() =>
    meetingId ? null : new Date(earliestOpening(Date.now())).toISOString(),
  )
  const [failure, setFailure] = useState<Failure | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!meetingId) return
    void fetchMeeting(estateId, meetingId).then((r) => {
      if (!r.ok) return setFailure(r)
      const m = r.data.meeting
      setTitle(m.title)
      setOpens(toChinaLocal(m.opensAt))
      setCloses(toChinaLocal(m.closesAt))
      setEarliest(m.earliestOpening ?? new Date(earliestOpening(Date.now())).toISOString())
      const d = fromMeeting(m)
      setMatters(d.matters)
      setSettings(d.settings)
    })
  }, [estateId, meetingId])

  const setMatter = (i: number, patch: Partial<MatterDraft>) =>
    setMatters((list) => list.map((m, j) => (j === i ? { ...m, ...patch } : m)))

  async function save(e: Event) {
    e.preventDefault()
    setBusy(true)
    setFailure(null)
    const input = toInput(title, opens, closes, matters, settings)
    const r = meetingId
      ? await updateMeeting(estateId, meetingId, input)
      : await createMeeting(estateId, input)
    setBusy(false)
    if (!r.ok) return setFailure(r)
    route(`/console/${encodeURIComponent(estateId)}/meetings/${r.data.meeting.id}`)
  }

  // 杭州 art. 20: the window lasts 5 to 60 days; said while typing, refused by the server at notice.
  const length =
    opens !== '' && closes !== ''
      ? new Date(fromChinaLocal(closes)).getTime() - new Date(fromChinaLocal(opens)).getTime()
      : null
  const windowProblem =
    length === null || Number.isNaN(length)
      ? ''
      : length <= 0
        ? c.problem.closes_before_opening
        : length < MIN_WINDOW_DAYS * DAY_MS
          ? c.problem.window_too_short(MIN_WINDOW_DAYS)
          : length > MAX_WINDOW_DAYS * DAY_MS
            ? c.problem.window_too_long(MAX_WINDOW_DAYS)
            : ''
  const tooEarly =
    earliest !== null &&
    opens !== '' &&
    new Date(fromChinaLocal(opens)).getTime() < new Date(earliest).getTime()
  return (
    <Frame estateId={estateId} state={state} heading={meetingId ? c.editor.editHeading : c.editor.newHeading}>
      <p>{c.editor.intro}</p>
      <form class="stack editor" noValidate onSubmit={(e) => void save(e)}>
        <div class="field">
          <label for="meeting-title">{c.editor.meetingTitle}</label>
          <input id="meeting-title" value={title} required onInput={(e) => setTitle(e.currentTarget.value)} />
        </div>
        <div class="row">
          <div class={tooEarly ? 'field invalid' : 'field'}>
            <label for="meeting-opens">{c.editor.opensAt}</label>
            <input
              id="meeting-opens"
              type="datetime-local"
              value={opens}
              aria-describedby="meeting-opens-hint"
              aria-invalid={tooEarly ? true : undefined}
              onInput={(e) => setOpens(e.currentTarget.value)}
              onChange={(e) => setOpens(e.currentTarget.value)}
            />
            {/* Beside the field, said as the date is chosen: the notice would be refused (15 days, art. 201). */}
            <p id="meeting-opens-hint" class={tooEarly ? 'field-error' : 'hint'} aria-live="polite">
              {earliest
                ? tooEarly
                  ? c.editor.tooEarly(formatWhen(earliest, c))
                  : c.editor.earliest(formatWhen(earliest, c))
                : ''}
            </p>
          </div>
          <div class="field">
            <label for="meeting-closes">{c.editor.closesAt}</label>
            <input
              id="meeting-closes"
              type="datetime-local"
              value={closes}
              onInput={(e) => setCloses(e.currentTarget.value)}
            />
          </div>
        </div>
        {windowProblem && (
          <p id="meeting-window-problem" class="bad">
            {windowProblem}
          </p>
        )}

        <h2>{c.editor.mattersHeading}</h2>
        {matters.map((m, i) => (
          <MatterEditor
            key={i}
            n={i + 1}
            m={m}
            c={c}
            onChange={(patch) => setMatter(i, patch)}
            onRemove={matters.length > 1 ? () => setMatters((l) => l.filter((_, j) => j !== i)) : undefined}
          />
        ))}
        <p>
          <button
            type="button"
            class="button secondary"
            onClick={() => setMatters((l) => [...l, emptyMatter()])}
          >
            {c.editor.addMatter}
          </button>
        </p>

        <SettingsEditor s={settings} c={c} onChange={(p) => setSettings((s) => ({ ...s, ...p }))} />

        {failure && (
          <div>
            <p class="bad">{c.editor.refused}</p>
            <FailureText failure={failure} c={c} />
          </div>
        )}
        <button type="submit" class="button" disabled={busy}>
          {busy ? c.editor.saving : c.editor.saveDraft}
        </button>
      </form>
    </Frame>
  )
}

function MatterEditor(props: {
  n: number
  m: MatterDraft
  c: C
  onChange: (patch: Partial<MatterDraft>) => void
  onRemove: (() => void) | undefined
}) {
  const { n, m, c, onChange } = props
  const id = `m${n}`
  const election = m.kind === 'elect_committee'
  const setCandidate = (j: number, patch: Partial<CandidateDraft>) =>
    onChange({ candidates: m.candidates.map((x, k) => (k === j ? { ...x, ...patch } : x)) })
  return (
    <fieldset class="matter-card">
      <legend>{c.editor.matterHeading(n)}</legend>
      <div class="field">
        <label for={`${id}-kind`}>{c.editor.kind}</label>
        <select
          id={`${id}-kind`}
          value={m.kind}
          aria-describedby={`${id}-rule`}
          onChange={(e) => onChange({ kind: e.currentTarget.value as MatterKind })}
        >
          {KINDS.map((k, i) => (
            <option key={k} value={k}>
              {`(${'一二三四五六七八九'[i]}) ${c.kinds[k]}`}
            </option>
          ))}
        </select>
        <p class="rule" id={`${id}-rule`}>
          {c.rule.quorum}{' '}
          {election ? c.rule.election : SPECIAL.has(m.kind) ? c.rule.special : c.rule.ordinary}
        </p>
      </div>
      <div class="field">
        <label for={`${id}-title`}>{c.editor.matterTitle}</label>
        <input
          id={`${id}-title`}
          value={m.title}
          onInput={(e) => onChange({ title: e.currentTarget.value })}
        />
      </div>
      <div class="field">
        <label for={`${id}-body`}>{c.editor.body}</label>
        <textarea
          id={`${id}-body`}
          rows={3}
          value={m.body}
          onInput={(e) => onChange({ body: e.currentTarget.value })}
        />
      </div>
      <div class="row">
        <div class="field">
          <label for={`${id}-scope`}>{c.editor.scope}</label>
          <select
            id={`${id}-scope`}
            value={m.scopeKind}
            onChange={(e) => onChange({ scopeKind: e.currentTarget.value as MatterDraft['scopeKind'] })}
          >
            <option value="all">{c.editor.scopeAll}</option>
            <option value="buildings">{c.editor.scopeBuildings}</option>
            <option value="units">{c.editor.scopeUnits}</option>
          </select>
        </div>
        {m.scopeKind !== 'all' && (
          <div class="field">
            <label for={`${id}-scope-list`}>{c.editor.scopeList}</label>
            <input
              id={`${id}-scope-list`}
              value={m.scopeText}
              aria-describedby={`${id}-scope-hint`}
              onInput={(e) => onChange({ scopeText: e.currentTarget.value })}
            />
            <p class="hint" id={`${id}-scope-hint`}>
              {c.editor.scopeHint}
            </p>
          </div>
        )}
      </div>
      <details>
        <summary>{c.editor.stricter}</summary>
        <div class="row">
          <div class="field">
            <label for={`${id}-appr-num`}>{c.editor.approvalNum}</label>
            <input
              id={`${id}-appr-num`}
              inputMode="numeric"
              value={m.apprNum}
              onInput={(e) => onChange({ apprNum: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for={`${id}-appr-den`}>{c.editor.approvalDen}</label>
            <input
              id={`${id}-appr-den`}
              inputMode="numeric"
              value={m.apprDen}
              onInput={(e) => onChange({ apprDen: e.currentTarget.value })}
            />
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={m.apprStrict}
              onChange={(e) => onChange({ apprStrict: e.currentTarget.checked })}
            />
            <span>{c.editor.approvalStrict}</span>
          </label>
        </div>
        <div class="row">
          <div class="field">
            <label for={`${id}-part-num`}>{c.editor.participationNum}</label>
            <input
              id={`${id}-part-num`}
              inputMode="numeric"
              value={m.partNum}
              onInput={(e) => onChange({ partNum: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for={`${id}-part-den`}>{c.editor.participationDen}</label>
            <input
              id={`${id}-part-den`}
              inputMode="numeric"
              value={m.partDen}
              onInput={(e) => onChange({ partDen: e.currentTarget.value })}
            />
          </div>
        </div>
      </details>
      {election && (
        <>
          <div class="row">
            <div class="field">
              <label for={`${id}-seats`}>{c.editor.seats}</label>
              <input
                id={`${id}-seats`}
                inputMode="numeric"
                value={m.seats}
                aria-describedby={`${id}-seats-hint`}
                onInput={(e) => onChange({ seats: e.currentTarget.value })}
              />
              <p class="hint" id={`${id}-seats-hint`}>
                {c.editor.seatsHint}
              </p>
            </div>
            <div class="field">
              <label for={`${id}-alternates`}>{c.editor.alternatesCap}</label>
              <input
                id={`${id}-alternates`}
                inputMode="numeric"
                value={m.alternatesCap}
                onInput={(e) => onChange({ alternatesCap: e.currentTarget.value })}
              />
            </div>
          </div>
          <h3>{c.editor.candidatesHeading}</h3>
          {m.candidates.some((x) => x.unit === '' && x.name !== '') && (
            <p class="notice">{c.editor.reenterUnits}</p>
          )}
          {m.candidates.map((cand, j) => {
            const cid = `${id}-c${j + 1}`
            return (
              <fieldset key={j} class="candidate-card">
                <legend>{c.editor.candidateHeading(j + 1)}</legend>
                <div class="row">
                  <div class="field">
                    <label for={`${cid}-unit`}>{c.editor.candidateUnit}</label>
                    <input
                      id={`${cid}-unit`}
                      value={cand.unit}
                      onInput={(e) => setCandidate(j, { unit: e.currentTarget.value })}
                    />
                  </div>
                  <div class="field">
                    <label for={`${cid}-name`}>{c.editor.candidateName}</label>
                    <input
                      id={`${cid}-name`}
                      value={cand.name}
                      onInput={(e) => setCandidate(j, { name: e.currentTarget.value })}
                    />
                  </div>
                </div>
                <div class="field">
                  <label for={`${cid}-statement`}>{c.editor.statement}</label>
                  <textarea
                    id={`${cid}-statement`}
                    rows={2}
                    value={cand.statement}
                    onInput={(e) => setCandidate(j, { statement: e.currentTarget.value })}
                  />
                </div>
                {(['fullCapacity', 'noArrears', 'notPropertyStaff'] as const).map((k) => (
                  <label key={k} class="check">
                    <input
                      type="checkbox"
                      checked={cand[k]}
                      onChange={(e) => setCandidate(j, { [k]: e.currentTarget.checked })}
                    />
                    <span>{c.editor[k]}</span>
                  </label>
                ))}
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => onChange({ candidates: m.candidates.filter((_, k) => k !== j) })}
                >
                  {c.editor.removeCandidate}
                </button>
              </fieldset>
            )
          })}
          <button
            type="button"
            class="button secondary"
            onClick={() => onChange({ candidates: [...m.candidates, emptyCandidate()] })}
          >
            {c.editor.addCandidate}
          </button>
        </>
      )}
      {props.onRemove && (
        <p>
          <button type="button" class="button secondary" onClick={props.onRemove}>
            {c.editor.removeMatter}
          </button>
        </p>
      )}
    </fieldset>
  )
}

function SettingsEditor({
  s,
  c,
  onChange,
}: {
  s: SettingsDraft
  c: C
  onChange: (p: Partial<SettingsDraft>) => void
}) {
  const select = (id: keyof SettingsDraft, label: string, options: Record<string, string>) => (
    <div class="field">
      <label for={`set-${id}`}>{label}</label>
      <select
        id={`set-${id}`}
        value={String(s[id])}
        onChange={(e) => onChange({ [id]: e.currentTarget.value })}
      >
        {Object.entries(options).map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  )
  return (
    <fieldset class="matter-card">
      <legend>{c.editor.settingsHeading}</legend>
      {select('voteChange', c.editor.voteChange, c.editor.voteChangeOptions)}
      {select('conflictRule', c.editor.conflictRule, c.editor.conflictOptions)}
      {select('electionRankBy', c.editor.electionRankBy, c.editor.rankOptions)}
      <div class="row">
        <div class="field">
          <label for="set-objectionDays">{c.editor.objectionDays}</label>
          <input
            id="set-objectionDays"
            inputMode="numeric"
            value={s.objectionDays}
            onInput={(e) => onChange({ objectionDays: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="set-proxyCap">{c.editor.proxyCap}</label>
          <input
            id="set-proxyCap"
            inputMode="numeric"
            value={s.proxyCap}
            onInput={(e) => onChange({ proxyCap: e.currentTarget.value })}
          />
        </div>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={s.deemedConsent}
          onChange={(e) => onChange({ deemedConsent: e.currentTarget.checked })}
        />
        <span>{c.editor.deemedConsent}</span>
      </label>
    </fieldset>
  )
}
