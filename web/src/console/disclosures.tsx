import { useState } from 'preact/hooks'
import { STATEMENT_KINDS } from '../../../server/domain/statements'
import { Field } from '../components/field'
import { formatYuan } from '../components/statement-format'
import { StatementProblems, StatementTable } from '../components/statement-table'
import {
  answerQuestion,
  createDisclosure,
  fetchDisclosure,
  fetchDisclosures,
  fetchDue,
  fetchService,
  fetchVersion,
  publishDisclosure,
  recordPaperService,
  saveDisclosureDraft,
  uploadAttachment,
  type DisclosureKind,
  type DisclosureView,
  type DraftInput,
  type FactsInput,
  type StatementInput,
} from '../disclosures-api'
import { dueDayText, kindText, periodText, useDisclosuresText, whenText, type D } from '../disclosures-text'
import { useLoad } from '../http'
import { useStatementsText } from '../i18n/statements'
import { BodyText, DueText, QuestionItem } from '../pages/disclosures'
import '../pages/disclosures.css'
import { ConfirmDialog } from './confirm'
import { Frame, useConsole, type C } from './frame'
import { StatementFileImport } from './statement-import'
import { Table } from './table'

/**
 * 信息公开 in the console (domain §9): the to-do list of what is due or overdue, the estate's disclosures, a new
 * one (kind, period, title, text, visibility; for the money kinds the statement from a spreadsheet or typed in; for
 * the contract its facts), a disclosure's draft, attachments and publishing after a confirmation — a correction
 * with its reason —, the owners' questions answered in public, and per version the service list by building with
 * paper service recorded. Conveners act; supervisors and the street office read.
 */
export default function ConsoleDisclosuresRoutes({ estateId, sub }: { estateId: string; sub?: string }) {
  const m = /^([0-9a-f-]{36})(?:\/(\d+)\/service)?\/?$/.exec(sub ?? '')
  if (m?.[1] && m[2]) return <ServicePage estateId={estateId} id={m[1]} number={Number(m[2])} />
  if (m?.[1]) return <ConsoleDisclosure estateId={estateId} id={m[1]} />
  return <ConsoleDisclosureList estateId={estateId} />
}

const consoleBase = (estateId: string) => `/console/${encodeURIComponent(estateId)}/disclosures`
const consolePath = (estateId: string, id: string) => `${consoleBase(estateId)}/${encodeURIComponent(id)}`
const publicPath = (estateId: string, id: string, n: number) =>
  `/estates/${encodeURIComponent(estateId)}/disclosures/${encodeURIComponent(id)}/${n}`

const refusalText = (code: string, c: C) => c.errors[code] ?? `${c.errors['unexpected']} (${code})`
const isMoneyKind = (kind: string) => (STATEMENT_KINDS as readonly string[]).includes(kind)
const KINDS = [
  'rules_of_procedure',
  'management_covenant',
  'maintenance_fund_covenant',
  'decisions',
  'property_contract',
  'maintenance_fund',
  'common_income',
  'parking',
  'working_funds',
  'audit',
  'fee_payment',
  'other',
] as const satisfies readonly DisclosureKind[]

function Refused({ code, c, problems }: { code: string; c: C; problems?: unknown }) {
  const s = useStatementsText()
  const list = (problems as { problems?: unknown } | undefined)?.problems
  if (code === 'statement_invalid' && s && Array.isArray(list))
    return (
      <StatementProblems s={s} problems={list as { line: number | null; code: string; detail: string }[]} />
    )
  return (
    <p class="problem" role="alert">
      {refusalText(code, c)}
    </p>
  )
}

function ConsoleDisclosureList({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const d = useDisclosuresText()
  const [due] = useLoad(() => fetchDue(estateId), [estateId], true)
  const [list] = useLoad(() => fetchDisclosures(estateId), [estateId, state.role], true)
  const todo = due?.ok ? due.data.kinds.filter((k) => k.next !== null) : []
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={d.console.heading}
      title={state.estateName ? d.console.title(state.estateName) : d.console.heading}
    >
      <p class="actions">
        <a class="button secondary" href={`/estates/${encodeURIComponent(estateId)}/board`}>
          {d.console.board}
        </a>{' '}
        <a class="button secondary" href={`/estates/${encodeURIComponent(estateId)}/disclosures`}>
          {d.console.viewPublic}
        </a>
      </p>
      <section aria-labelledby="disclosure-todo">
        <h2 id="disclosure-todo">{d.console.todo}</h2>
        {due === null ? (
          <p role="status">{d.loading}</p>
        ) : !due.ok ? (
          <Refused code={due.code} c={state.c} />
        ) : (
          <Table
            class="disclosure-todo"
            rows={[...todo].sort((a, b) => b.overdueDays - a.overdueDays)}
            rowKey={(k) => k.kind}
            empty={d.console.todoNone}
            columns={[
              { header: d.console.kind, rowHeader: true, cell: (k) => kindText(k.kind, d) },
              {
                header: d.console.nextPeriod,
                cell: (k) =>
                  k.next?.decision ? k.next.decision.title : periodText(k.next?.period ?? null, d),
              },
              { header: d.console.dueAt, cell: (k) => (k.next ? dueDayText(k.next.dueAt, d) : '') },
              { header: d.console.state, cell: (k) => <DueText k={k} d={d} /> },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="disclosure-list">
        <h2 id="disclosure-list">{d.console.list}</h2>
        {list === null ? (
          <p role="status">{d.loading}</p>
        ) : !list.ok ? (
          <Refused code={list.code} c={state.c} />
        ) : (
          <Table
            class="disclosures"
            rows={list.data.disclosures}
            rowKey={(x) => x.id}
            empty={d.console.none}
            columns={[
              {
                header: d.console.titleHeader,
                rowHeader: true,
                cell: (x) => <a href={consolePath(estateId, x.id)}>{x.title}</a>,
              },
              { header: d.console.kind, cell: (x) => kindText(x.kind, d) },
              { header: d.version.period, cell: (x) => periodText(x.period, d) },
              {
                header: d.console.versionHeader,
                cell: (x) =>
                  x.version === null
                    ? d.console.draftOnly
                    : `${d.versionLabel(x.version)}${x.hasDraft ? ` · ${d.console.hasDraft}` : ''}`,
              },
            ]}
          />
        )}
      </section>
      {state.role === 'convener' && <CreateDisclosure estateId={estateId} d={d} c={state.c} />}
    </Frame>
  )
}

/** Yuan as typed (at most two decimals) to integer fen, by the digits: no floats (domain: money in integer fen). */
export function fenOf(yuan: string): number | null {
  const m = /^(-)?(\d{1,12})(?:\.(\d{1,2}))?$/.exec(yuan.trim().replace(/[,，¥￥]/g, ''))
  if (!m) return null
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -fen : fen
}
const yuanOf = (fen: number) => formatYuan(fen).replace('¥', '')

interface LineRow {
  date: string
  direction: 'income' | 'spending'
  amount: string
  counterparty: string
  purpose: string
  document: string
}
const emptyLine = (): LineRow => ({
  date: '',
  direction: 'income',
  amount: '',
  counterparty: '',
  purpose: '',
  document: '',
})

/** The statement typed in: the balances and the lines, in yuan as a convener writes them. */
function TypedStatement(props: {
  d: D
  opening: string
  closing: string
  lines: LineRow[]
  onChange: (next: { opening: string; closing: string; lines: LineRow[] }) => void
}) {
  const { d, opening, closing, lines, onChange } = props
  const w = d.console
  const set = (i: number, patch: Partial<LineRow>) =>
    onChange({ opening, closing, lines: lines.map((l, j) => (j === i ? { ...l, ...patch } : l)) })
  return (
    <div class="typed-statement">
      <Field id="statement-opening" label={w.opening}>
        <input
          id="statement-opening"
          inputMode="decimal"
          value={opening}
          onInput={(e) => onChange({ opening: e.currentTarget.value, closing, lines })}
        />
      </Field>
      <fieldset>
        <legend>{w.lines}</legend>
        {lines.map((l, i) => (
          <div key={i} class="statement-line">
            <label>
              {w.lineDate}
              <input type="date" value={l.date} onInput={(e) => set(i, { date: e.currentTarget.value })} />
            </label>
            <label>
              {w.lineDirection}
              <select
                value={l.direction}
                onChange={(e) => set(i, { direction: e.currentTarget.value as LineRow['direction'] })}
              >
                <option value="income">{w.income}</option>
                <option value="spending">{w.spending}</option>
              </select>
            </label>
            <label>
              {w.amount}
              <input
                inputMode="decimal"
                value={l.amount}
                onInput={(e) => set(i, { amount: e.currentTarget.value })}
              />
            </label>
            <label>
              {w.counterparty}
              <input
                value={l.counterparty}
                onInput={(e) => set(i, { counterparty: e.currentTarget.value })}
              />
            </label>
            <label>
              {w.purpose}
              <input value={l.purpose} onInput={(e) => set(i, { purpose: e.currentTarget.value })} />
            </label>
            <label>
              {w.document}
              <input value={l.document} onInput={(e) => set(i, { document: e.currentTarget.value })} />
            </label>
            <button
              type="button"
              class="button secondary"
              onClick={() => onChange({ opening, closing, lines: lines.filter((_, j) => j !== i) })}
            >
              {w.removeLine}
            </button>
          </div>
        ))}
        <button
          type="button"
          class="button secondary"
          onClick={() => onChange({ opening, closing, lines: [...lines, emptyLine()] })}
        >
          {w.addLine}
        </button>
      </fieldset>
      <Field id="statement-closing" label={w.closing}>
        <input
          id="statement-closing"
          inputMode="decimal"
          value={closing}
          onInput={(e) => onChange({ opening, closing: e.currentTarget.value, lines })}
        />
      </Field>
    </div>
  )
}

/** The typed statement in integer fen, or null when an amount is not one. */
function typedStatement(opening: string, closing: string, lines: LineRow[]): StatementInput | null {
  const o = fenOf(opening)
  const c = fenOf(closing)
  const ls = lines.map((l) => ({ ...l, amountFen: fenOf(l.amount) }))
  if (o === null || c === null || ls.some((l) => l.amountFen === null)) return null
  return {
    openingFen: o,
    closingFen: c,
    lines: ls.map((l) => ({
      date: l.date,
      direction: l.direction,
      amountFen: l.amountFen ?? 0,
      counterparty: l.counterparty,
      purpose: l.purpose,
      document: l.document,
    })),
  }
}

interface FeeRow {
  item: string
  rate: string
  unit: string
}

function FactsFields(props: { d: D; facts: FactsState; onChange: (f: FactsState) => void }) {
  const { d, facts, onChange } = props
  const w = d.console
  const set = (patch: Partial<FactsState>) => onChange({ ...facts, ...patch })
  const setFee = (i: number, patch: Partial<FeeRow>) =>
    set({ fees: facts.fees.map((f, j) => (j === i ? { ...f, ...patch } : f)) })
  return (
    <fieldset class="stack">
      <legend>{w.facts}</legend>
      <Field id="facts-company" label={w.company}>
        <input
          id="facts-company"
          value={facts.company}
          onInput={(e) => set({ company: e.currentTarget.value })}
        />
      </Field>
      <Field id="facts-start" label={w.contractStart}>
        <input
          id="facts-start"
          type="date"
          value={facts.contractStart}
          onInput={(e) => set({ contractStart: e.currentTarget.value })}
        />
      </Field>
      <Field id="facts-end" label={w.contractEnd}>
        <input
          id="facts-end"
          type="date"
          value={facts.contractEnd}
          onInput={(e) => set({ contractEnd: e.currentTarget.value })}
        />
      </Field>
      <Field id="facts-standard" label={w.serviceStandard}>
        <input
          id="facts-standard"
          value={facts.serviceStandard}
          onInput={(e) => set({ serviceStandard: e.currentTarget.value })}
        />
      </Field>
      <Field id="facts-hotline" label={w.hotline}>
        <input
          id="facts-hotline"
          value={facts.hotline}
          onInput={(e) => set({ hotline: e.currentTarget.value })}
        />
      </Field>
      <fieldset>
        <legend>{w.fees}</legend>
        {facts.fees.map((f, i) => (
          <div key={i} class="statement-line">
            <label>
              {w.feeItem}
              <input value={f.item} onInput={(e) => setFee(i, { item: e.currentTarget.value })} />
            </label>
            <label>
              {w.feeRate}
              <input
                inputMode="decimal"
                value={f.rate}
                onInput={(e) => setFee(i, { rate: e.currentTarget.value })}
              />
            </label>
            <label>
              {w.feeUnit}
              <input value={f.unit} onInput={(e) => setFee(i, { unit: e.currentTarget.value })} />
            </label>
          </div>
        ))}
        <button
          type="button"
          class="button secondary"
          onClick={() => set({ fees: [...facts.fees, { item: '', rate: '', unit: '' }] })}
        >
          {w.addFee}
        </button>
      </fieldset>
    </fieldset>
  )
}

interface FactsState {
  company: string
  contractStart: string
  contractEnd: string
  serviceStandard: string
  hotline: string
  fees: FeeRow[]
}
const emptyFacts = (): FactsState => ({
  company: '',
  contractStart: '',
  contractEnd: '',
  serviceStandard: '',
  hotline: '',
  fees: [],
})
function factsInput(f: FactsState): FactsInput | null {
  const fees = f.fees.map((x) => ({ item: x.item, rateFen: fenOf(x.rate), unit: x.unit }))
  if (fees.some((x) => x.rateFen === null)) return null
  return { ...f, fees: fees.map((x) => ({ ...x, rateFen: x.rateFen ?? 0 })) }
}
const factsState = (f: FactsInput): FactsState => ({
  company: f.company,
  contractStart: f.contractStart,
  contractEnd: f.contractEnd,
  serviceStandard: f.serviceStandard ?? '',
  hotline: f.hotline,
  fees: f.fees.map((x) => ({ item: x.item, rate: yuanOf(x.rateFen), unit: x.unit })),
})

/**
 * What a draft holds, edited: title, text, and — by kind — the statement (from a file, or typed) or the contract's
 * facts. The same fields for a new disclosure and for a correction's draft.
 */
function ContentFields(props: {
  estateId: string
  d: D
  kind: string
  period: { start: string; end: string } | null
  value: ContentState
  onChange: (v: ContentState) => void
}) {
  const { estateId, d, kind, period, value, onChange } = props
  const s = useStatementsText()
  const w = d.console
  const set = (patch: Partial<ContentState>) => onChange({ ...value, ...patch })
  return (
    <>
      <Field id="disclosure-title" label={w.titleLabel}>
        <input
          id="disclosure-title"
          maxLength={200}
          value={value.title}
          onInput={(e) => set({ title: e.currentTarget.value })}
        />
      </Field>
      <Field id="disclosure-body" label={w.bodyLabel} hint={w.bodyHint}>
        <textarea
          id="disclosure-body"
          rows={8}
          value={value.body}
          onInput={(e) => set({ body: e.currentTarget.value })}
        />
      </Field>
      {isMoneyKind(kind) && (
        <fieldset class="stack">
          <legend>{w.statement}</legend>
          <div class="choice">
            {(['file', 'typed'] as const).map((x) => (
              <label key={x}>
                <input
                  type="radio"
                  name="statement-source"
                  value={x}
                  checked={value.source === x}
                  onChange={() => set({ source: x })}
                />{' '}
                {x === 'file' ? w.statementFromFile : w.statementTyped}
              </label>
            ))}
          </div>
          {value.source === 'file' && s && period && (
            <StatementFileImport
              s={s}
              estateId={estateId}
              periodStart={period.start}
              periodEnd={period.end}
              onRead={(p) =>
                set({ fileStatement: p ? { ...p.statement, lines: [...p.statement.lines] } : null })
              }
            />
          )}
          {value.source === 'file' && !period && <p class="note">{w.periodFirst}</p>}
          {value.source === 'file' && value.fileStatement && (
            <p class="notice" role="status">
              {w.statementRead(value.fileStatement.lines.length)}
            </p>
          )}
          {value.source === 'typed' && (
            <TypedStatement
              d={d}
              opening={value.opening}
              closing={value.closing}
              lines={value.lines}
              onChange={(x) => set(x)}
            />
          )}
        </fieldset>
      )}
      {kind === 'property_contract' && (
        <FactsFields d={d} facts={value.facts} onChange={(facts) => set({ facts })} />
      )}
    </>
  )
}

interface ContentState {
  title: string
  body: string
  source: 'file' | 'typed'
  fileStatement: StatementInput | null
  opening: string
  closing: string
  lines: LineRow[]
  facts: FactsState
}
const emptyContent = (): ContentState => ({
  title: '',
  body: '',
  source: 'file',
  fileStatement: null,
  opening: '',
  closing: '',
  lines: [],
  facts: emptyFacts(),
})

/** The content as the API takes it, or the words of what stops it. */
function contentInput(
  kind: string,
  v: ContentState,
  d: D,
): { ok: true; statement: StatementInput | null; facts: FactsInput | null } | { ok: false; error: string } {
  if (!v.title.trim()) return { ok: false, error: d.console.required }
  let statement: StatementInput | null = null
  if (isMoneyKind(kind)) {
    statement = v.source === 'file' ? v.fileStatement : typedStatement(v.opening, v.closing, v.lines)
    if (!statement)
      return { ok: false, error: v.source === 'file' ? d.console.required : d.console.amountInvalid }
  }
  let facts: FactsInput | null = null
  if (kind === 'property_contract') {
    facts = factsInput(v.facts)
    if (!facts) return { ok: false, error: d.console.amountInvalid }
  }
  return { ok: true, statement, facts }
}

function CreateDisclosure({ estateId, d, c }: { estateId: string; d: D; c: C }) {
  const w = d.console
  const [kind, setKind] = useState<DisclosureKind>('maintenance_fund')
  const [start, setStart] = useState('')
  const [end, setEnd] = useState('')
  const [decidedOn, setDecidedOn] = useState('')
  const [visibility, setVisibility] = useState<'public' | 'owners'>('public')
  const [content, setContent] = useState<ContentState>(emptyContent)
  const [error, setError] = useState<{ code: string; details?: unknown } | { text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const period = start && end ? { start, end } : null
  async function submit(e: Event) {
    e.preventDefault()
    const x = contentInput(kind, content, d)
    if (!x.ok) return setError({ text: x.error })
    setBusy(true)
    const r = await createDisclosure(estateId, {
      kind,
      period,
      visibility,
      // The decision's day at noon in Beijing: the server counts its 3 days from the China day.
      decidedAt:
        kind === 'decisions' && decidedOn ? new Date(`${decidedOn}T12:00:00+08:00`).toISOString() : null,
      title: content.title.trim(),
      body: content.body,
      statement: x.statement,
      facts: x.facts,
    })
    setBusy(false)
    if (!r.ok) return setError({ code: r.code, details: r.details })
    location.href = consolePath(estateId, r.data.id)
  }
  return (
    <section aria-labelledby="disclosure-create" class="spaced">
      <h2 id="disclosure-create">{w.create}</h2>
      {/* Not a form: the statement's file is read by a form of its own inside it (StatementFileImport). */}
      <div class="stack">
        <Field id="disclosure-kind" label={w.kindLabel}>
          <select
            id="disclosure-kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as DisclosureKind)}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindText(k, d)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="disclosure-start" label={w.periodStart} hint={w.periodHint}>
          <input
            id="disclosure-start"
            type="date"
            value={start}
            onInput={(e) => setStart(e.currentTarget.value)}
          />
        </Field>
        <Field id="disclosure-end" label={w.periodEnd}>
          <input id="disclosure-end" type="date" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
        </Field>
        {kind === 'decisions' && (
          <Field id="disclosure-decided" label={w.decidedAt}>
            <input
              id="disclosure-decided"
              type="date"
              value={decidedOn}
              onInput={(e) => setDecidedOn(e.currentTarget.value)}
            />
          </Field>
        )}
        <Field id="disclosure-visibility" label={w.visibilityLabel}>
          <select
            id="disclosure-visibility"
            value={visibility}
            onChange={(e) => setVisibility(e.currentTarget.value as 'public' | 'owners')}
          >
            <option value="public">{d.visibility['public']}</option>
            <option value="owners">{d.visibility['owners']}</option>
          </select>
        </Field>
        <ContentFields
          estateId={estateId}
          d={d}
          kind={kind}
          period={period}
          value={content}
          onChange={setContent}
        />
        {error &&
          ('text' in error ? (
            <p class="problem" role="alert">
              {error.text}
            </p>
          ) : (
            <Refused code={error.code} c={c} problems={error.details} />
          ))}
        <button type="button" class="button" disabled={busy} onClick={(e) => void submit(e)}>
          {w.createButton}
        </button>
      </div>
    </section>
  )
}

function ConsoleDisclosure({ estateId, id }: { estateId: string; id: string }) {
  const state = useConsole(estateId)
  const d = useDisclosuresText()
  const [changes, setChanges] = useState(0)
  // Kept here: the draft's actions start afresh once the draft they edited is published.
  const [done, setDone] = useState<string | null>(null)
  const [view] = useLoad(() => fetchDisclosure(estateId, id), [estateId, id, state.role, changes], true)
  const v = view?.ok ? view.data : null
  const heading = v ? (v.draft?.title ?? v.versions.at(-1)?.title ?? d.console.heading) : d.console.heading
  return (
    <Frame estateId={estateId} state={state} heading={heading}>
      <p>
        <a href={consoleBase(estateId)}>{d.service.back}</a>
      </p>
      {view === null ? (
        <p role="status">{d.loading}</p>
      ) : !v ? (
        <Refused code={view.ok ? 'unexpected' : view.code} c={state.c} />
      ) : (
        <DisclosureDetail
          estateId={estateId}
          v={v}
          d={d}
          c={state.c}
          convener={state.role === 'convener'}
          done={done}
          onDone={setDone}
          onChange={() => setChanges((n) => n + 1)}
        />
      )}
    </Frame>
  )
}

function DisclosureDetail(props: {
  estateId: string
  v: DisclosureView
  d: D
  c: C
  convener: boolean
  done: string | null
  onDone: (message: string | null) => void
  onChange: () => void
}) {
  const { estateId, v, d, c, convener, onChange } = props
  const w = d.console
  const s = useStatementsText()
  const versions = [...v.versions].sort((a, b) => b.number - a.number)
  return (
    <>
      <p class="note">
        {kindText(v.disclosure.kind, d)} · {periodText(v.disclosure.period, d)} ·{' '}
        {d.visibility[v.disclosure.visibility]}
      </p>
      <section aria-labelledby="disclosure-versions">
        <h2 id="disclosure-versions">{w.versions}</h2>
        <Table
          class="disclosure-versions"
          rows={versions}
          rowKey={(x) => x.number}
          empty={w.draftOnly}
          columns={[
            {
              header: d.console.versionHeader,
              rowHeader: true,
              cell: (x) => (
                <a href={publicPath(estateId, v.disclosure.id, x.number)}>{d.versionLabel(x.number)}</a>
              ),
            },
            { header: d.console.publishedHeader, cell: (x) => whenText(x.publishedAt, d) },
            { header: d.console.reasonHeader, cell: (x) => x.reason || d.version.firstVersion },
            { header: d.version.hash, cell: (x) => <code class="hash">{x.sha256}</code> },
            {
              header: w.service,
              cell: (x) => (
                <a href={`${consolePath(estateId, v.disclosure.id)}/${x.number}/service`}>
                  {w.serviceOf(d.versionLabel(x.number))}
                </a>
              ),
            },
          ]}
        />
      </section>
      <section aria-labelledby="disclosure-draft">
        <h2 id="disclosure-draft">{w.draft}</h2>
        {v.draft ? (
          <>
            <h3>{v.draft.title}</h3>
            {v.draft.body && <BodyText text={v.draft.body} />}
            {v.draft.statement && s && <StatementTable s={s} statement={v.draft.statement} />}
          </>
        ) : (
          <p class="note">{w.noDraft}</p>
        )}
        {convener && (
          <DraftActions
            estateId={estateId}
            v={v}
            d={d}
            c={c}
            done={props.done}
            onDone={props.onDone}
            onChange={onChange}
            key={JSON.stringify(v.draft)}
          />
        )}
      </section>
      <QuestionsToAnswer estateId={estateId} v={v} d={d} c={c} convener={convener} onChange={onChange} />
    </>
  )
}

/** What a draft or a published version holds, as the fields edit it (a correction starts from the version). */
type Content = Pick<NonNullable<DisclosureView['draft']>, 'title' | 'body' | 'statement' | 'facts'>

function contentOf(v: DisclosureView): ContentState {
  const last = [...v.versions].sort((a, b) => b.number - a.number)[0]
  return v.draft ? contentFrom(v.draft) : { ...emptyContent(), title: last?.title ?? '' }
}

function contentFrom(from: Content): ContentState {
  const base = emptyContent()
  return {
    ...base,
    title: from.title,
    body: from.body,
    source: from.statement ? 'typed' : 'file',
    opening: from.statement ? yuanOf(from.statement.openingFen) : '',
    closing: from.statement ? yuanOf(from.statement.closingFen) : '',
    lines: (from.statement?.lines ?? []).map((l) => ({
      date: l.date,
      direction: l.direction,
      amount: yuanOf(l.amountFen),
      counterparty: l.counterparty,
      purpose: l.purpose,
      document: l.document,
    })),
    facts: from.facts ? factsState({ ...from.facts, fees: [...from.facts.fees] }) : emptyFacts(),
  }
}

/** Edit the draft, attach files, publish it (a correction with its reason) after a confirmation. */
function DraftActions(props: {
  estateId: string
  v: DisclosureView
  d: D
  c: C
  done: string | null
  onDone: (message: string | null) => void
  onChange: () => void
}) {
  const { estateId, v, d, c, done, onChange } = props
  const setDone = props.onDone
  const w = d.console
  const id = v.disclosure.id
  const [editing, setEditing] = useState(v.versions.length === 0 && v.draft === null)
  const [content, setContent] = useState<ContentState>(() => contentOf(v))
  const [attachmentIds, setAttachmentIds] = useState<string[]>([...(v.draft?.attachmentIds ?? [])])
  const [reason, setReason] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ code: string; details?: unknown } | { text: string } | null>(null)
  const correction = v.versions.length > 0
  async function save(e: Event) {
    e.preventDefault()
    const x = contentInput(v.disclosure.kind, content, d)
    if (!x.ok) return setError({ text: x.error })
    const body: DraftInput = {
      title: content.title.trim(),
      body: content.body,
      statement: x.statement,
      facts: x.facts,
      attachmentIds,
    }
    setBusy(true)
    const r = await saveDisclosureDraft(estateId, id, body)
    setBusy(false)
    if (!r.ok) return setError({ code: r.code, details: r.details })
    setError(null)
    setDone(w.saved)
    setEditing(false)
    onChange()
  }
  /** A correction's draft starts from the current version: its text, statement, facts and attachments. */
  async function startEditing() {
    const last = [...v.versions].sort((a, b) => b.number - a.number)[0]
    if (!v.draft && last) {
      setBusy(true)
      const r = await fetchVersion(estateId, id, last.number)
      setBusy(false)
      if (!r.ok) return setError({ code: r.code })
      setContent(contentFrom(r.data.version))
      setAttachmentIds(r.data.version.attachments.map((a) => a.id))
    }
    setEditing(true)
  }
  async function upload(e: Event) {
    e.preventDefault()
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('file') as HTMLInputElement | null
    const file = input?.files?.[0]
    if (!file) return setError({ text: w.required })
    setBusy(true)
    const r = await uploadAttachment(estateId, id, file)
    setBusy(false)
    if (!r.ok) return setError({ code: r.code })
    setError(null)
    setDone(w.attached(r.data.attachment.name))
    setAttachmentIds((ids) => [...ids, r.data.attachment.id])
    onChange()
  }
  async function publish() {
    setBusy(true)
    const r = await publishDisclosure(estateId, id, reason.trim())
    setBusy(false)
    setConfirming(false)
    if (!r.ok) return setError({ code: r.code, details: r.details })
    setError(null)
    setReason('')
    setDone(w.published(d.versionLabel(r.data.number)))
    onChange()
  }
  return (
    <div class="stack">
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {error &&
        ('text' in error ? (
          <p class="problem" role="alert">
            {error.text}
          </p>
        ) : (
          <Refused code={error.code} c={c} problems={error.details} />
        ))}
      {editing ? (
        <div class="stack">
          <ContentFields
            estateId={estateId}
            d={d}
            kind={v.disclosure.kind}
            period={v.disclosure.period}
            value={content}
            onChange={setContent}
          />
          {(v.attachments ?? []).length > 0 && (
            <fieldset>
              <legend>{w.attachments}</legend>
              {(v.attachments ?? []).map((a) => (
                <label key={a.id} class="check">
                  <input
                    type="checkbox"
                    checked={attachmentIds.includes(a.id)}
                    onChange={(e) =>
                      setAttachmentIds((ids) =>
                        e.currentTarget.checked ? [...ids, a.id] : ids.filter((x) => x !== a.id),
                      )
                    }
                  />{' '}
                  {a.name} · {w.includeAttachment}
                </label>
              ))}
            </fieldset>
          )}
          <button type="button" class="button" disabled={busy} onClick={(e) => void save(e)}>
            {w.save}
          </button>
        </div>
      ) : (
        <p>
          <button type="button" class="button secondary" disabled={busy} onClick={() => void startEditing()}>
            {correction ? w.editCorrection : w.save}
          </button>
        </p>
      )}
      <form class="stack" onSubmit={(e) => void upload(e)}>
        <Field id="disclosure-file" label={w.attach}>
          <input id="disclosure-file" type="file" name="file" accept="application/pdf,image/png,image/jpeg" />
        </Field>
        <button type="submit" class="button secondary" disabled={busy}>
          {w.attachButton}
        </button>
      </form>
      {v.draft && (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault()
            if (correction && !reason.trim()) return setError({ code: 'disclosure_reason_required' })
            setConfirming(true)
          }}
        >
          {correction && (
            <Field id="disclosure-reason" label={w.reason} hint={w.reasonHint}>
              <textarea
                id="disclosure-reason"
                rows={3}
                value={reason}
                onInput={(e) => setReason(e.currentTarget.value)}
              />
            </Field>
          )}
          <button type="submit" class="button" disabled={busy}>
            {correction ? w.publishCorrection : w.publish}
          </button>
        </form>
      )}
      <ConfirmDialog
        id="disclosure-publish"
        open={confirming}
        heading={w.confirmHeading}
        confirm={w.confirm}
        busy={busy}
        c={c}
        onConfirm={() => void publish()}
        onCancel={() => setConfirming(false)}
      >
        <p>{w.confirmBody(v.draft?.title ?? '')}</p>
        {correction && reason.trim() && <p>{d.version.reason(reason.trim())}</p>}
      </ConfirmDialog>
    </div>
  )
}

function QuestionsToAnswer(props: {
  estateId: string
  v: DisclosureView
  d: D
  c: C
  convener: boolean
  onChange: () => void
}) {
  const { estateId, v, d, c, convener, onChange } = props
  return (
    <section aria-labelledby="disclosure-questions">
      <h2 id="disclosure-questions">{d.console.questions}</h2>
      {v.questions.length === 0 ? (
        <p class="empty">{d.questions.none}</p>
      ) : (
        <ul class="cards">
          {v.questions.map((q) => (
            <QuestionItem key={q.id} q={q} d={d}>
              {convener ? (
                <AnswerForm
                  estateId={estateId}
                  id={v.disclosure.id}
                  questionId={q.id}
                  d={d}
                  c={c}
                  onDone={onChange}
                />
              ) : (
                <p class="note">{d.questions.unanswered}</p>
              )}
            </QuestionItem>
          ))}
        </ul>
      )}
    </section>
  )
}

function AnswerForm(props: {
  estateId: string
  id: string
  questionId: string
  d: D
  c: C
  onDone: () => void
}) {
  const { d } = props
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  async function submit(e: Event) {
    e.preventDefault()
    if (!text.trim()) return setError(d.console.required)
    setBusy(true)
    const r = await answerQuestion(props.estateId, props.id, props.questionId, text.trim())
    setBusy(false)
    if (!r.ok) return setError(refusalText(r.code, props.c))
    props.onDone()
  }
  const fieldId = `answer-${props.questionId}`
  return (
    <form class="stack" onSubmit={(e) => void submit(e)} noValidate>
      <Field id={fieldId} label={d.console.answerLabel} error={error ?? undefined}>
        <textarea id={fieldId} rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="button" disabled={busy}>
        {d.console.answerSubmit}
      </button>
    </form>
  )
}

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date())

/** Who was served a version, by building (printable), and paper service recorded for the households ticked. */
function ServicePage({ estateId, id, number }: { estateId: string; id: string; number: number }) {
  const state = useConsole(estateId)
  const d = useDisclosuresText()
  const w = d.service
  const [changes, setChanges] = useState(0)
  const [list] = useLoad(() => fetchService(estateId, id, number), [estateId, id, number, changes], true)
  const [picked, setPicked] = useState<string[]>([])
  const [onlyPending, setOnlyPending] = useState(false)
  const [servedOn, setServedOn] = useState(today)
  const [servedBy, setServedBy] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const data = list?.ok ? list.data : null
  const heading = data ? w.heading(data.version.title, d.versionLabel(number)) : d.console.service
  const convener = state.role === 'convener'
  async function record(e: Event) {
    e.preventDefault()
    if (picked.length === 0) return setError(w.noneChosen)
    if (!servedBy.trim()) return setError(d.console.required)
    setBusy(true)
    const r = await recordPaperService(estateId, id, number, {
      voters: picked,
      servedOn,
      servedBy: servedBy.trim(),
    })
    setBusy(false)
    if (!r.ok) return setError(refusalText(r.code, state.c))
    setError(null)
    setPicked([])
    setMessage(w.recorded(r.data.recorded, r.data.alreadyServed))
    setChanges((n) => n + 1)
  }
  return (
    <Frame estateId={estateId} state={state} heading={heading}>
      <p class="no-print actions">
        <a href={consolePath(estateId, id)}>{w.back}</a>{' '}
        <button type="button" class="button secondary" onClick={() => window.print()}>
          {w.print}
        </button>
      </p>
      {list === null ? (
        <p role="status">{d.loading}</p>
      ) : !data ? (
        <Refused code={list.ok ? 'unexpected' : list.code} c={state.c} />
      ) : (
        <>
          <p class="notice">
            {w.counts(data.counts.voters, data.counts.electronic, data.counts.paper, data.counts.pending)}
          </p>
          <label class="check no-print">
            <input
              type="checkbox"
              checked={onlyPending}
              onChange={(e) => setOnlyPending(e.currentTarget.checked)}
            />{' '}
            {w.onlyPending}
          </label>
          {data.buildings.map((b) => {
            const rows = b.voters.filter((x) => !onlyPending || x.served === null)
            return rows.length === 0 ? null : (
              <section key={b.building} aria-labelledby={`building-${b.building}`} class="service-building">
                <h2 id={`building-${b.building}`}>{w.building(b.building)}</h2>
                <Table
                  class="service"
                  rows={rows}
                  rowKey={(x) => x.voter}
                  columns={[
                    convener && {
                      header: w.pick,
                      cell: (x) =>
                        x.served === null ? (
                          <input
                            type="checkbox"
                            aria-label={w.pickLabel(x.units.join('、'))}
                            checked={picked.includes(x.voter)}
                            onChange={(e) => {
                              // The voter's handle, as the service list names it and the API takes it.
                              const handle = x.voter
                              const on = e.currentTarget.checked
                              setPicked((p) => (on ? [...p, handle] : p.filter((h) => h !== handle)))
                            }}
                          />
                        ) : null,
                    },
                    { header: w.unit, rowHeader: true, cell: (x) => x.units.join('、') },
                    { header: w.owners, cell: (x) => x.owners.join('、') },
                    {
                      header: w.served,
                      cell: (x) =>
                        x.served === null
                          ? w.pending
                          : x.served.how === 'electronic'
                            ? w.electronic(whenText(x.served.at, d))
                            : w.paper(x.served.on),
                    },
                  ]}
                />
              </section>
            )
          })}
          {convener && (
            <form class="stack no-print" onSubmit={(e) => void record(e)} noValidate>
              <Field id="served-on" label={w.servedOn}>
                <input
                  id="served-on"
                  type="date"
                  value={servedOn}
                  onInput={(e) => setServedOn(e.currentTarget.value)}
                />
              </Field>
              <Field id="served-by" label={w.servedBy}>
                <input id="served-by" value={servedBy} onInput={(e) => setServedBy(e.currentTarget.value)} />
              </Field>
              {error && (
                <p class="problem" role="alert">
                  {error}
                </p>
              )}
              {message && (
                <p class="notice" role="status">
                  {message}
                </p>
              )}
              <button type="submit" class="button" disabled={busy}>
                {w.record}
              </button>
            </form>
          )}
        </>
      )}
    </Frame>
  )
}
