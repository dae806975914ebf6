import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import {
  decideActivation,
  decideTakeover,
  fetchActivationReview,
  type ActivationReview,
  type Decision,
  type PendingActivation,
  type Result,
  type Takeover,
} from './api'
import { ConfirmDialog } from './confirm'
import { Frame, formatWhen, useConsole, type C } from './frame'
import { Loaded, useBusy, useLoad } from './load'
import { Table } from './table'
import { Refusal } from './refusal'
import './people.css'

/**
 * 接管与激活审核: the second person (domain §2). Conveners hold the roll and the letters, so what would let one of
 * them act in an owner's place alone — a re-issue that ends the owner's passkeys, an activation not checked against
 * the owner's phone — takes effect only once a residents' committee supervisor or the street office approves it
 * here. Conveners read the same lists without the buttons; the lists never show a ballot's choices.
 */
export default function ConsoleReview({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c, roles } = state
  const r = c.review
  const canDecide = roles.includes('supervisor') || roles.includes('street_office')
  const [review, reload] = useLoad(
    (): Promise<Result<{ review: ActivationReview }>> =>
      fetchActivationReview(estateId).then((x) => (x.ok ? { ...x, data: { review: x.data } } : x)),
    'review',
    [estateId],
  )
  const [done, setDone] = useState<string | null>(null)
  const decided = (message: string) => {
    setDone(message)
    reload()
  }
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={r.heading}
      title={state.estateName ? r.title(state.estateName) : r.heading}
      readOnly={null}
    >
      <p class="lead">{r.intro}</p>
      {!canDecide && <p class="notice read-only">{r.convenerNote}</p>}
      <p role="status" class="ok">
        {done}
      </p>
      <Loaded state={review} c={c}>
        {(rv) => (
          <>
            <PendingTakeovers
              estateId={estateId}
              list={rv.takeovers.filter((t) => t.decision === 'pending')}
              c={c}
              canDecide={canDecide}
              onDone={decided}
            />
            <PendingActivations
              estateId={estateId}
              list={rv.pendingActivations}
              c={c}
              canDecide={canDecide}
              onDone={decided}
            />
            <History list={rv.takeovers} c={c} />
            <Reissued list={rv.reissuedActivations} c={c} />
            <QuickBallots list={rv.quickBallots} c={c} />
          </>
        )}
      </Loaded>
    </Frame>
  )
}

/** A staff member's name; an actor from outside the console (the command line, the system) in words, never its id. */
function actorName(actor: string | null, c: C): string {
  if (actor === null) return ''
  return /^[a-z_]+:/.test(actor) ? c.review.notStaff : actor
}

interface Asked {
  readonly heading: string
  readonly text: string
  readonly confirm: string
}

/**
 * One request awaiting the second person: what it is, then (for supervisors) a note and 批准 / 拒绝, each behind a
 * dialog saying what happens, since neither can be undone.
 */
function DecisionCard(props: {
  id: string
  title: string
  c: C
  canDecide: boolean
  ask: Record<Decision, Asked>
  send: (decision: Decision, note: string) => Promise<Result<undefined>>
  onDone: (decision: Decision) => void
  children: ComponentChildren
}) {
  const { id, c } = props
  const r = c.review
  const [note, setNote] = useState('')
  const [asking, setAsking] = useState<Decision | null>(null)
  const [busy, failure, run] = useBusy()
  async function decide() {
    if (asking === null) return
    const decision = asking
    const ok = await run(() => props.send(decision, note))
    setAsking(null)
    if (ok) props.onDone(decision)
  }
  const asked = asking === null ? null : props.ask[asking]
  return (
    <article class="decision" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{props.title}</h3>
      {props.children}
      {props.canDecide && (
        <>
          <div class="field">
            <label for={`${id}-note`}>{r.note}</label>
            <textarea
              id={`${id}-note`}
              rows={2}
              maxLength={500}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          </div>
          <div class="actions">
            <button type="button" class="button" disabled={busy} onClick={() => setAsking('approve')}>
              {r.approve}
            </button>
            <button
              type="button"
              class="button secondary"
              disabled={busy}
              onClick={() => setAsking('refuse')}
            >
              {r.refuse}
            </button>
          </div>
          <ConfirmDialog
            id={`${id}-confirm`}
            open={asked !== null}
            heading={asked?.heading ?? ''}
            confirm={asked?.confirm ?? ''}
            busy={busy}
            c={c}
            onConfirm={() => void decide()}
            onCancel={() => setAsking(null)}
          >
            <p>{asked?.text}</p>
          </ConfirmDialog>
          {failure && <Refusal failure={failure} c={c} words={r.errors} />}
        </>
      )}
    </article>
  )
}

function PendingTakeovers(props: {
  estateId: string
  list: readonly Takeover[]
  c: C
  canDecide: boolean
  onDone: (message: string) => void
}) {
  const { c } = props
  const r = c.review
  return (
    <section aria-labelledby="takeovers-heading">
      <h2 id="takeovers-heading">{r.takeoversHeading}</h2>
      <p>{r.takeoversIntro}</p>
      {props.list.length === 0 ? (
        <p>{r.takeoversEmpty}</p>
      ) : (
        <ul class="cards">
          {props.list.map((t) => {
            const by = actorName(t.requestedBy, c)
            return (
              <li key={t.invitationId}>
                <DecisionCard
                  id={`takeover-${t.invitationId}`}
                  title={c.people.unitHeading(t.voter)}
                  c={c}
                  canDecide={props.canDecide}
                  ask={{
                    approve: {
                      heading: r.approveTakeoverHeading(t.voter),
                      text: r.approveTakeoverText(t.voter, by),
                      confirm: r.approveTakeoverConfirm,
                    },
                    refuse: {
                      heading: r.refuseTakeoverHeading(t.voter),
                      text: r.refuseTakeoverText(t.voter, by),
                      confirm: r.refuseTakeoverConfirm,
                    },
                  }}
                  send={(d, note) => decideTakeover(props.estateId, t.invitationId, d, note)}
                  onDone={(d) =>
                    props.onDone(d === 'approve' ? r.takeoverApproved(t.voter) : r.takeoverRefused(t.voter))
                  }
                >
                  <p>{r.takeoverLine(by, formatWhen(t.requestedAt, c))}</p>
                  <p class="note">{r.takeoverEffect}</p>
                </DecisionCard>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

function PendingActivations(props: {
  estateId: string
  list: readonly PendingActivation[]
  c: C
  canDecide: boolean
  onDone: (message: string) => void
}) {
  const { c } = props
  const r = c.review
  return (
    <section aria-labelledby="activations-heading">
      <h2 id="activations-heading">{r.activationsHeading}</h2>
      <p>{r.activationsIntro}</p>
      {props.list.length === 0 ? (
        <p>{r.activationsEmpty}</p>
      ) : (
        <ul class="cards">
          {props.list.map((a) => (
            <li key={`${a.invitationId}-${a.ownerId}`}>
              <DecisionCard
                id={`activation-${a.invitationId}-${a.ownerId}`}
                title={r.activationTitle(a.voter, a.owner)}
                c={c}
                canDecide={props.canDecide}
                ask={{
                  approve: {
                    heading: r.approveActivationHeading(a.owner, a.voter),
                    text: r.approveActivationText(a.owner, a.voter),
                    confirm: r.approveActivationConfirm,
                  },
                  refuse: {
                    heading: r.refuseActivationHeading(a.owner, a.voter),
                    text: r.refuseActivationText(a.owner, a.voter),
                    confirm: r.refuseActivationConfirm,
                  },
                }}
                send={(d, note) => decideActivation(props.estateId, a, d, note)}
                onDone={(d) =>
                  props.onDone(d === 'approve' ? r.activationApproved(a.voter) : r.activationRefused(a.voter))
                }
              >
                <p>{r.activationLine(a.owner, formatWhen(a.activatedAt, c), actorName(a.issuedBy, c))}</p>
                <p class="note">{a.reason ? (r.reasons[a.reason] ?? '') : ''}</p>
              </DecisionCard>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function History({ list, c }: { list: readonly Takeover[]; c: C }) {
  const r = c.review
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{r.historyHeading}</h2>
      <Table
        rows={list}
        rowKey={(t) => t.invitationId}
        empty={r.historyEmpty}
        labelledBy="history-heading"
        columns={[
          { header: r.col.unit, cell: (t) => t.voter, rowHeader: true },
          { header: r.col.requestedBy, cell: (t) => actorName(t.requestedBy, c) },
          { header: r.col.requestedAt, cell: (t) => formatWhen(t.requestedAt, c) },
          {
            header: r.col.decision,
            cell: (t) => r.decisions[t.decision] ?? '',
            class: (t) => `decision-${t.decision}`,
          },
          { header: r.col.decidedBy, cell: (t) => actorName(t.decidedBy, c) },
          { header: r.col.decidedAt, cell: (t) => (t.decidedAt ? formatWhen(t.decidedAt, c) : '') },
        ]}
      />
    </section>
  )
}

function Reissued({ list, c }: { list: ActivationReview['reissuedActivations']; c: C }) {
  const r = c.review
  return (
    <section aria-labelledby="reissued-heading">
      <h2 id="reissued-heading">{r.reissuedHeading}</h2>
      <Table
        rows={list}
        rowKey={(a) => `${a.voter}-${a.owner}-${a.activatedAt}`}
        empty={r.reissuedEmpty}
        labelledBy="reissued-heading"
        columns={[
          { header: r.col.unit, cell: (a) => a.voter, rowHeader: true },
          { header: r.col.owner, cell: (a) => a.owner },
          { header: r.col.activatedAt, cell: (a) => formatWhen(a.activatedAt, c) },
          { header: r.col.approval, cell: (a) => r.approvals[a.approval] ?? '' },
        ]}
      />
    </section>
  )
}

function QuickBallots({ list, c }: { list: ActivationReview['quickBallots']; c: C }) {
  const r = c.review
  return (
    <section aria-labelledby="quick-heading">
      <h2 id="quick-heading">{r.quickHeading}</h2>
      <p class="note">{r.quickIntro}</p>
      <Table
        rows={list}
        rowKey={(b) => `${b.meetingId}-${b.voter}-${b.castAt}`}
        empty={r.quickEmpty}
        labelledBy="quick-heading"
        columns={[
          { header: r.col.meeting, cell: (b) => b.meeting },
          { header: r.col.unit, cell: (b) => b.voter, rowHeader: true },
          { header: r.col.channel, cell: (b) => r.channels[b.channel] ?? '' },
          { header: r.col.status, cell: (b) => r.ballotStatus[b.status] ?? '' },
          { header: r.col.castAt, cell: (b) => formatWhen(b.castAt, c) },
          { header: r.col.activatedAt, cell: (b) => formatWhen(b.activatedAt, c) },
          { header: r.col.reissued, cell: (b) => (b.fromReissuedCode ? c.yes : c.no) },
        ]}
      />
    </section>
  )
}
