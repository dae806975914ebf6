import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { useLoad } from '../http'
import { formatCount } from '../i18n'
import surveysZhCN from '../i18n/surveys-zh-CN'
import { SurveyForm } from '../pages/survey-form'
import { SurveyResults } from '../pages/survey-results'
import {
  createSurvey,
  editSurvey,
  fetchSurvey,
  fetchSurveys,
  noticeSurvey,
  recordService,
  respondOnPaper,
  type Answers,
  type CreateSurveyInput,
  type Survey,
  type SurveyView,
} from '../surveys-api'
import { dateText, dimensionTitle, errorText, useSurveysText, whenText, type S } from '../surveys-text'
import { Frame, useConsole } from './frame'
import { Table } from './table'

/**
 * 满意度测评 in the console (domain §10): the estate's surveys, a new one from the template questionnaire with its
 * window, scale and pass mark; a survey's notice, the count of responses while it is open (never who answered
 * what), the paper desk entering a household's paper response, and the results once it has closed. Conveners and
 * the street office act; supervisors read.
 */
export default function ConsoleSurveysRoutes({ estateId, sub }: { estateId: string; sub?: string }) {
  const id = /^([0-9a-f-]{36})$/.exec(sub ?? '')?.[1]
  if (id) return <ConsoleSurvey estateId={estateId} surveyId={id} />
  return <ConsoleSurveyList estateId={estateId} />
}

const consolePath = (estateId: string, id: string) =>
  `/console/${encodeURIComponent(estateId)}/surveys/${encodeURIComponent(id)}`

const windowOf = (x: Pick<Survey, 'opensOn' | 'closesOn'>, s: S) =>
  s.window(dateText(x.opensOn, s), dateText(x.closesOn, s))

function ConsoleSurveyList({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const s = useSurveysText()
  const acts = state.role === 'convener' || state.role === 'street_office'
  const [list] = useLoad(() => fetchSurveys(estateId), [estateId], true)
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={s.console.heading}
      title={state.estateName ? s.console.title(state.estateName) : s.console.heading}
      readOnly={state.role === 'street_office' ? null : undefined}
    >
      {list === null ? (
        <p role="status">{s.loading}</p>
      ) : !list.ok ? (
        <p class="problem" role="alert">
          {errorText(list.code, s)}
        </p>
      ) : (
        <Table
          class="surveys"
          rows={list.data.surveys}
          rowKey={(x) => x.id}
          empty={s.console.none}
          columns={[
            {
              header: s.console.titleLabel,
              rowHeader: true,
              cell: (x) => <a href={consolePath(estateId, x.id)}>{x.title}</a>,
            },
            { header: s.console.windowHeader, cell: (x) => windowOf(x, s) },
            { header: s.console.status, cell: (x) => s.phases[x.phase] },
          ]}
        />
      )}
      {acts && <CreateSurvey estateId={estateId} s={s} />}
    </Frame>
  )
}

/** The template's items as the catalogue names them (server/domain/surveys.ts TEMPLATE, in its order). */
const TEMPLATE_ITEMS = Object.entries(surveysZhCN.dimensions).map(([key, title]) => ({ key, title }))

function CreateSurvey({ estateId, s }: { estateId: string; s: S }) {
  const { route } = useLocation()
  const [title, setTitle] = useState(s.console.titleDefault)
  const [opensOn, setOpensOn] = useState('')
  const [closesOn, setClosesOn] = useState('')
  const [scale, setScale] = useState<'three' | 'five'>('three')
  const [passMark, setPassMark] = useState('80')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  async function submit(e: Event) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    const input: CreateSurveyInput = {
      title,
      opensOn,
      closesOn,
      questionnaire: { scale, dimensions: TEMPLATE_ITEMS },
      settings: { satisfiedFrom: scale === 'three' ? 2 : 4, passMarkPercent: Number(passMark) },
    }
    const r = await createSurvey(estateId, input)
    setBusy(false)
    if (r.ok) route(consolePath(estateId, r.data.id))
    else setError(errorText(r.code, s))
  }
  return (
    <section aria-labelledby="survey-create">
      <h2 id="survey-create">{s.console.create}</h2>
      <form class="survey-create" onSubmit={(e) => void submit(e)}>
        <div class="field">
          <label for="survey-title">{s.console.titleLabel}</label>
          <input id="survey-title" value={title} required onInput={(e) => setTitle(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="survey-opens">{s.console.opensOn}</label>
          <input
            id="survey-opens"
            type="date"
            value={opensOn}
            required
            onInput={(e) => setOpensOn(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="survey-closes">{s.console.closesOn}</label>
          <input
            id="survey-closes"
            type="date"
            value={closesOn}
            required
            onInput={(e) => setClosesOn(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="survey-scale">{s.console.scale}</label>
          <select
            id="survey-scale"
            value={scale}
            onChange={(e) => setScale(e.currentTarget.value === 'five' ? 'five' : 'three')}
          >
            <option value="three">{s.console.scales['three']}</option>
            <option value="five">{s.console.scales['five']}</option>
          </select>
        </div>
        <div class="field">
          <label for="survey-pass">{s.console.passMark}</label>
          <p class="hint" id="survey-pass-hint">
            {s.console.passMarkHint}
          </p>
          <input
            id="survey-pass"
            type="number"
            min={1}
            max={100}
            step={1}
            value={passMark}
            aria-describedby="survey-pass-hint"
            onInput={(e) => setPassMark(e.currentTarget.value)}
          />
        </div>
        <p>{s.console.template}</p>
        <ol>
          {TEMPLATE_ITEMS.map((d) => (
            <li key={d.key}>{dimensionTitle(d, s)}</li>
          ))}
        </ol>
        {error && (
          <p class="problem" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button" disabled={busy}>
          {s.console.createButton}
        </button>
      </form>
    </section>
  )
}

function ConsoleSurvey({ estateId, surveyId }: { estateId: string; surveyId: string }) {
  const state = useConsole(estateId)
  const s = useSurveysText()
  const acts = state.role === 'convener' || state.role === 'street_office'
  const [changes, setChanges] = useState(0)
  const [view] = useLoad(() => fetchSurvey(estateId, surveyId), [estateId, surveyId, changes], true)
  const survey = view?.ok ? view.data.survey : null
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={survey?.title ?? s.console.heading}
      readOnly={state.role === 'street_office' ? null : undefined}
    >
      <p>
        <a href={`/console/${encodeURIComponent(estateId)}/surveys`}>{s.owner.back}</a>
      </p>
      {view === null ? (
        <p role="status">{s.loading}</p>
      ) : !view.ok || !survey ? (
        <p class="problem" role="alert">
          {errorText(view.ok ? 'unexpected' : view.code, s)}
        </p>
      ) : (
        <>
          <p>
            <span class={`phase ${survey.phase}`}>{s.phases[survey.phase]}</span> {windowOf(survey, s)}
          </p>
          {survey.noticedAt && <p>{s.console.noticed(whenText(survey.noticedAt, s))}</p>}
          {survey.phase === 'draft' && acts ? (
            <>
              <EditItems
                // A fresh editor once the saved questionnaire has come back.
                key={JSON.stringify(survey.questionnaire)}
                estateId={estateId}
                survey={survey}
                s={s}
                onDone={() => setChanges((n) => n + 1)}
              />
              <Notice estateId={estateId} surveyId={surveyId} s={s} onDone={() => setChanges((n) => n + 1)} />
            </>
          ) : (
            <ol>
              {survey.questionnaire.dimensions.map((d) => (
                <li key={d.key}>{dimensionTitle(d, s)}</li>
              ))}
            </ol>
          )}
          {view.data.progress && survey.phase !== 'draft' && (
            <ProgressLine progress={view.data.progress} survey={survey} s={s} />
          )}
          {survey.phase !== 'draft' && survey.phase !== 'closed' && acts && (
            <ServiceForm
              estateId={estateId}
              surveyId={surveyId}
              s={s}
              onDone={() => setChanges((n) => n + 1)}
            />
          )}
          {survey.phase === 'open' && acts && (
            <PaperDesk estateId={estateId} survey={survey} s={s} onDone={() => setChanges((n) => n + 1)} />
          )}
          {survey.phase === 'closed' && <SurveyResults estateId={estateId} surveyId={surveyId} s={s} />}
        </>
      )}
    </Frame>
  )
}

/**
 * The draft's items, edited by its creator before the notice: each title, an item removed, one added; the overall
 * question stays last (the result is read off it). Saved with PUT, which the server checks again.
 */
function EditItems(props: { estateId: string; survey: Survey; s: S; onDone: () => void }) {
  const { survey, s } = props
  const [items, setItems] = useState(survey.questionnaire.dimensions.map((d) => ({ ...d })))
  const [added, setAdded] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const overall = items.at(-1)
  const others = items.slice(0, -1)
  function add() {
    const title = added.trim()
    if (title === '' || !overall) return
    let n = 1
    while (items.some((d) => d.key === `item_${n}`)) n++
    setItems([...others, { key: `item_${n}`, title }, overall])
    setAdded('')
  }
  async function save() {
    setBusy(true)
    setError(null)
    const r = await editSurvey(props.estateId, survey.id, {
      title: survey.title,
      opensOn: survey.opensOn,
      closesOn: survey.closesOn,
      questionnaire: { scale: survey.questionnaire.scale, dimensions: items },
      settings: survey.settings,
    })
    setBusy(false)
    if (r.ok) props.onDone()
    else setError(errorText(r.code, s))
  }
  return (
    <section aria-labelledby="survey-items">
      <h2 id="survey-items">{s.console.items}</h2>
      <ol class="survey-items-edit">
        {items.map((d, i) => (
          <li key={d.key}>
            <input
              id={`item-${d.key}`}
              aria-label={s.console.itemTitle(i + 1)}
              value={d.title}
              onInput={(e) => {
                const title = e.currentTarget.value
                setItems(items.map((x) => (x.key === d.key ? { ...x, title } : x)))
              }}
            />{' '}
            {i < items.length - 1 && (
              <button
                type="button"
                class="button secondary"
                onClick={() => setItems(items.filter((x) => x.key !== d.key))}
              >
                {s.console.remove(dimensionTitle(d, s))}
              </button>
            )}
          </li>
        ))}
      </ol>
      <div class="field">
        <label for="item-new">{s.console.addItem}</label>
        <input id="item-new" value={added} onInput={(e) => setAdded(e.currentTarget.value)} />{' '}
        <button type="button" class="button secondary" onClick={add}>
          {s.console.add}
        </button>
      </div>
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="button" disabled={busy} onClick={() => void save()}>
        {s.console.saveItems}
      </button>
    </section>
  )
}

function ProgressLine(props: { progress: NonNullable<SurveyView['progress']>; survey: Survey; s: S }) {
  const { progress, survey, s } = props
  return (
    <p class="survey-progress" role="status">
      {s.console.progress(formatCount(progress.responded.heads), formatCount(survey.electorate.heads))}
      <br />
      {s.console.progressDetail(formatCount(progress.paper), formatCount(progress.served))}
    </p>
  )
}

function Notice(props: { estateId: string; surveyId: string; s: S; onDone: () => void }) {
  const { s } = props
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  async function publish() {
    setBusy(true)
    const r = await noticeSurvey(props.estateId, props.surveyId)
    setBusy(false)
    if (r.ok) props.onDone()
    else setError(errorText(r.code, s))
  }
  return (
    <div class="survey-notice">
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      {asking ? (
        <>
          <p>{s.console.noticeConfirm}</p>
          <button type="button" class="button" disabled={busy} onClick={() => void publish()}>
            {s.console.notice}
          </button>
        </>
      ) : (
        <button type="button" class="button" onClick={() => setAsking(true)}>
          {s.console.notice}
        </button>
      )}
    </div>
  )
}

/** Service of the notice made off-line, by unit (domain §6.5): a signed paper receipt, or posting. */
function ServiceForm(props: { estateId: string; surveyId: string; s: S; onDone: () => void }) {
  const { s } = props
  const [units, setUnits] = useState('')
  const [method, setMethod] = useState<'paper' | 'posted'>('paper')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  async function record(e: Event) {
    e.preventDefault()
    const list = [...new Set(units.split(/[\s,，、;；]+/).filter(Boolean))]
    if (list.length === 0) return
    setBusy(true)
    const r = await recordService(props.estateId, props.surveyId, { units: list, method })
    setBusy(false)
    if (r.ok) {
      setMessage({ ok: true, text: s.console.serviceDone(formatCount(r.data.recorded)) })
      setUnits('')
      props.onDone()
    } else {
      const missing = (r.details as { units?: string[] } | undefined)?.units
      setMessage({
        ok: false,
        text: errorText(r.code, s) + (missing ? ` ${missing.join(s.listSeparator)}` : ''),
      })
    }
  }
  return (
    <section aria-labelledby="survey-service">
      <h2 id="survey-service">{s.console.service}</h2>
      {message && (
        <p class={message.ok ? 'notice' : 'problem'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <form onSubmit={(e) => void record(e)}>
        <div class="field">
          <label for="service-units">{s.console.serviceUnits}</label>
          <textarea
            id="service-units"
            rows={2}
            value={units}
            onInput={(e) => setUnits(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="service-method">{s.console.serviceMethod}</label>
          <select
            id="service-method"
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value === 'posted' ? 'posted' : 'paper')}
          >
            <option value="paper">{s.console.serviceMethods['paper']}</option>
            <option value="posted">{s.console.serviceMethods['posted']}</option>
          </select>
        </div>
        <button type="submit" class="button secondary" disabled={busy}>
          {s.console.serviceButton}
        </button>
      </form>
    </section>
  )
}

function PaperDesk(props: { estateId: string; survey: Survey; s: S; onDone: () => void }) {
  const { s, survey } = props
  const [unit, setUnit] = useState('')
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  // A new form for each paper: its marks start blank.
  const [sheet, setSheet] = useState(0)
  async function enter(answers: Answers) {
    setBusy(true)
    setError(null)
    setDone(null)
    const r = await respondOnPaper(props.estateId, survey.id, unit.trim(), answers)
    setBusy(false)
    if (r.ok) {
      setDone(s.console.paperDone(unit.trim(), r.data.receipt))
      setUnit('')
      setSheet((n) => n + 1)
      props.onDone()
    } else setError(errorText(r.code, s))
  }
  return (
    <section aria-labelledby="survey-paper">
      <h2 id="survey-paper">{s.console.paper}</h2>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {error && (
        <p class="problem" role="alert">
          {error}
        </p>
      )}
      <div class="field">
        <label for="paper-unit">{s.console.unit}</label>
        <input
          id="paper-unit"
          value={unit}
          autocomplete="off"
          onInput={(e) => setUnit(e.currentTarget.value)}
        />
      </div>
      <SurveyForm
        key={sheet}
        id={`paper-${sheet}`}
        questionnaire={survey.questionnaire}
        s={s}
        submit={s.console.paperButton}
        busy={busy || unit.trim() === ''}
        onSubmit={(a) => void enter(a)}
      />
    </section>
  )
}
