import { useEffect, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import {
  finishAddPasskey,
  removePasskey,
  signOut,
  startAddPasskey,
  type ApiFailure,
  type Me,
  type OwnVoter,
  type Passkey,
} from '../api'
import type { Body, EstateApi, Ok } from '../api-types'
import { Field } from '../components/field'
import { Alert, Problem } from '../components/problem'
import { request } from '../http'
import { formatDate, groupDigits, useI18n, useTitle, type Catalogue } from '../i18n'
import { createPasskey } from '../passkey-create'
import type { RepresentativeCatalogue } from '../i18n/representative-zh-CN'
import { useSession } from '../session'
import { AccountNotices } from './owner-notices'

/**
 * The representative's words, fetched in the reader's language when this page needs them: their own chunk, so
 * that nothing here is shared with (and split out of) the voting path's chunks.
 */
function useRepresentativeText(): RepresentativeCatalogue | null {
  const { locale } = useI18n()
  const [words, setWords] = useState<{ locale: string; c: RepresentativeCatalogue } | null>(null)
  const wanted = locale.value
  useEffect(() => {
    let live = true
    void (
      wanted === 'en' ? import('../i18n/representative-en') : import('../i18n/representative-zh-CN')
    ).then((m) => live && setWords({ locale: wanted, c: m.default }))
    return () => {
      live = false
    }
  }, [wanted])
  // The words shown so far stay until the chosen language arrives: the page keeps its step and what was typed.
  return words?.c ?? null
}

function GuardianNote() {
  const r = useRepresentativeText()
  return r ? <p class="notice">{r.guardian}</p> : null
}

type Nominations = EstateApi['representatives']['nominations']['$post']

/** POST a nomination; the server's answer, or null when it refused or none arrived. */
async function nominate(estateId: string, unit: string, nomineeOwnerId: number) {
  const r = await request<Ok<Nominations>>(
    'POST',
    `/api/estates/${encodeURIComponent(estateId)}/representatives/nominations`,
    { unit, nomineeOwnerId } satisfies Body<Nominations>,
  )
  return r.ok ? r.data : null
}

const CONSOLE_ROLES: ReadonlySet<string> = new Set(['convener', 'supervisor', 'street_office'])

/** 我的: who I am, the voters I act for or my roles, my passkeys, and signing out. Signed out: to /signin. */
export default function MePage() {
  const { t } = useI18n()
  const c = t.value.me
  const session = useSession()
  const { route } = useLocation()
  useTitle(c.title)

  useEffect(() => {
    void session.refresh()
  }, [session])
  const state = session.state.value
  useEffect(() => {
    if (state.status === 'signed_out') route('/signin', true)
    // Not on `route`: it changes with every navigation, and this page may stay mounted while the next one loads.
  }, [state.status])

  const [notice, setNotice] = useState<'added' | 'removed' | null>(null)
  const [failure, setFailure] = useState<ApiFailure | null>(null)
  const [signingOut, setSigningOut] = useState(false)

  // Any answer that says the session is gone (a passkey removed elsewhere, a role changed) ends it here too.
  const failed = (f: ApiFailure) => {
    if (f.error === 'unauthenticated') session.signedOut()
    else setFailure(f)
  }

  async function leave() {
    setSigningOut(true)
    setFailure(null)
    const r = await signOut()
    setSigningOut(false)
    if (r.ok || r.error === 'unauthenticated') session.signedOut()
    else setFailure(r)
  }

  if (state.status === 'loading' || state.status === 'signed_out') {
    return (
      <>
        <h1 tabIndex={-1}>{c.heading}</h1>
        <p role="status">{t.value.loading}</p>
      </>
    )
  }
  if (state.status === 'failed') {
    return (
      <>
        <h1 tabIndex={-1}>{c.heading}</h1>
        <Problem error={state.error} onRetry={() => void session.refresh()} />
      </>
    )
  }

  const { me } = state
  return (
    <>
      <h1 tabIndex={-1}>{c.heading}</h1>
      <p class="greeting">{c.hello(me.account.displayName)}</p>
      {/* A convener records a proxy by the holder's account id: the holder reads it here, where she looks for it
          when asked, and nowhere else (a long code is noise to everyone else). */}
      <details class="account-id-box">
        <summary>{c.accountIdHeading}</summary>
        <p class="note account-id">{c.accountId(me.account.id)}</p>
      </details>
      <AccountNotices me={me} />
      {me.owner && <OwnerSection owner={me.owner} t={t.value} />}
      {(me.account.kind === 'staff' || me.roles.length > 0) && <Roles me={me} t={t.value} />}
      <Passkeys
        me={me}
        t={t.value}
        onChanged={async (what) => {
          setFailure(null)
          const after = await session.refresh()
          setNotice(after.status === 'signed_in' ? what : null)
        }}
        onFailed={failed}
        onBusy={() => {
          setNotice(null)
          setFailure(null)
        }}
      />
      <p class="matched" role="status">
        {notice === 'added' ? c.added : notice === 'removed' ? c.removed : ''}
      </p>
      {failure && <Alert error={failure.error} details={failure.details} />}
      <div class="actions spaced">
        <button
          type="button"
          class="button secondary wide"
          disabled={signingOut}
          onClick={() => void leave()}
        >
          {signingOut ? c.signingOut : c.signOut}
        </button>
      </div>
    </>
  )
}

function OwnerSection({ owner, t }: { owner: NonNullable<Me['owner']>; t: Catalogue }) {
  const c = t.me
  return (
    <section aria-labelledby="owner-heading">
      <h2 id="owner-heading">{c.ownerHeading}</h2>
      <p class="estate-name">{c.estateLine(owner.estate.name)}</p>
      {owner.guardian && <GuardianNote />}
      <ul class="cards">
        {owner.voters.map((v, i) => (
          <VoterCard
            key={v.id}
            voter={v}
            n={owner.voters.length > 1 ? i + 1 : undefined}
            t={t}
            estateId={owner.estate.id}
          />
        ))}
      </ul>
      <p class="links">
        <a class="button" href="/">
          {c.meetingsLink}
        </a>
      </p>
      <p>
        <a href={`/estates/${encodeURIComponent(owner.estate.id)}/roll`}>{c.rollLink}</a>
      </p>
    </section>
  )
}

/**
 * 指导规则 art. 25: the co-owners of a unit name one representative, who alone votes for it. Each co-owner nominates
 * here; once every co-owner has nominated the same person, the server names them.
 */
function Representative({ estateId, voter }: { estateId: string; voter: OwnVoter }) {
  const r = useRepresentativeText()
  const session = useSession()
  const mineNow = voter.myNomination
  const [choice, setChoice] = useState<number | null>(mineNow)
  const [answer, setAnswer] = useState<'sent' | 'failed' | { waitingFor: number } | null>(null)
  if (!r) return null
  const name = (id: number | null) => voter.people.find((p) => p.ownerId === id)?.name ?? ''
  async function send(e: Event) {
    e.preventDefault()
    if (choice === null) return
    const res = await nominate(estateId, voter.id, choice)
    setAnswer(res ? { waitingFor: res.waitingFor } : 'failed')
    if (res) void session.refresh()
  }
  return (
    <section class="representative" aria-label={r.heading}>
      <h4>{r.heading}</h4>
      <p class="note">{r.intro}</p>
      <p>{voter.representative !== null ? r.named(name(voter.representative)) : r.none}</p>
      <form onSubmit={(e) => void send(e)}>
        <fieldset class="choice">
          <legend>{r.choose}</legend>
          <div class="choices">
            {voter.people.map((p) => (
              <label key={p.ownerId} class="choice-option">
                <input
                  type="radio"
                  name={`nominee-${voter.id}`}
                  checked={choice === p.ownerId}
                  onChange={() => setChoice(p.ownerId)}
                />{' '}
                {p.you ? r.you(p.name) : p.name}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" class="button secondary" disabled={choice === null}>
          {r.submit}
        </button>
      </form>
      <p role="status">
        {answer === 'failed'
          ? r.failed
          : answer !== null && answer !== 'sent'
            ? answer.waitingFor === 0
              ? r.done(name(choice))
              : `${r.mine(name(choice))}${r.waiting(answer.waitingFor)}`
            : mineNow !== null && voter.representative === null
              ? r.mine(name(mineNow))
              : ''}
      </p>
    </section>
  )
}

function VoterCard({
  voter,
  n,
  t,
  estateId,
}: {
  voter: OwnVoter
  n: number | undefined
  t: Catalogue
  estateId: string
}) {
  const c = t.me
  return (
    <li class="unit voter">
      {n !== undefined && <h3>{c.voterHeading(n)}</h3>}
      <dl>
        <div>
          <dt>{c.units}</dt>
          <dd>
            <ul class="plain-list">
              {voter.units.map((u) => (
                <li key={u.number}>{c.unitArea(u.number, u.building, groupDigits(u.area))}</li>
              ))}
            </ul>
          </dd>
        </div>
        {voter.units.length > 1 && (
          <div>
            <dt>{c.totalArea}</dt>
            <dd>{c.area(groupDigits(voter.area))}</dd>
          </div>
        )}
        <div>
          <dt>{c.coOwners}</dt>
          <dd>{voter.coOwners.length > 0 ? voter.coOwners.join(t.listSeparator) : c.noCoOwners}</dd>
        </div>
      </dl>
      {voter.coOwners.length > 0 && <p class="note">{c.coOwnersNote}</p>}
      {voter.people.length > 1 && <Representative estateId={estateId} voter={voter} />}
    </li>
  )
}

function Roles({ me, t }: { me: Me; t: Catalogue }) {
  const c = t.me
  return (
    <section aria-labelledby="roles-heading">
      <h2 id="roles-heading">{c.rolesHeading}</h2>
      {/* Street and district offices oversee the estates of their area on a page of their own (domain §11). */}
      {me.account.kind === 'staff' && (
        <p class="links">
          <a class="button secondary" href="/oversight">
            {c.oversightLink}
          </a>
        </p>
      )}
      {me.roles.length === 0 ? (
        <p>{c.noRoles}</p>
      ) : (
        <ul class="cards">
          {me.roles.map((r) => (
            <li key={r.grantId} class="unit">
              <p class="unit-head">
                <span class="card-title">{c.role[r.role]}</span>
              </p>
              <p>{r.estateId === null ? c.allEstates : (r.estateName ?? r.estateId)}</p>
              {r.estateId !== null && (
                <p class="links">
                  {CONSOLE_ROLES.has(r.role) && (
                    <a class="button" href={`/console/${encodeURIComponent(r.estateId)}`}>
                      {c.consoleLink}
                    </a>
                  )}
                  {CONSOLE_ROLES.has(r.role) && (
                    <a
                      class="button secondary"
                      href={`/console/${encodeURIComponent(r.estateId)}/invitations`}
                    >
                      {c.invitationsLink}
                    </a>
                  )}
                  <a class="button secondary" href={`/estates/${encodeURIComponent(r.estateId)}/roll`}>
                    {c.rollLink}
                  </a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

interface PasskeysProps {
  me: Me
  t: Catalogue
  onChanged: (what: 'added' | 'removed') => Promise<void>
  onFailed: (failure: ApiFailure) => void
  onBusy: () => void
}

function Passkeys({ me, t, onChanged, onFailed, onBusy }: PasskeysProps) {
  const c = t.me
  const session = useSession()
  const [confirming, setConfirming] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [label, setLabel] = useState('')
  const name = (p: Passkey, i: number) => p.label ?? c.passkeyUnnamed(i + 1)

  async function remove(p: Passkey) {
    setBusy(true)
    onBusy()
    const r = await removePasskey(p.id)
    setBusy(false)
    setConfirming(null)
    if (!r.ok) return onFailed(r)
    // The server ended this session with the passkey it was signed in with.
    if (p.current) session.signedOut()
    else await onChanged('removed')
  }

  async function add(e: Event) {
    e.preventDefault()
    if (busy) return
    setBusy(true)
    onBusy()
    const wanted = label.trim() || undefined
    const started = await startAddPasskey(wanted)
    const registration = started.ok ? await createPasskey(started.data.options) : started
    const done = registration.ok ? await finishAddPasskey(registration.data, wanted) : registration
    setBusy(false)
    if (!done.ok) return onFailed(done)
    setLabel('')
    await onChanged('added')
  }

  return (
    <section aria-labelledby="passkeys-heading">
      <h2 id="passkeys-heading">{c.passkeysHeading}</h2>
      <p>{c.passkeysIntro}</p>
      <ul class="cards" aria-labelledby="passkeys-heading">
        {me.passkeys.map((p, i) => (
          <li key={p.id} class="unit passkey">
            <p class="unit-head">
              <span class="card-title">{name(p, i)}</span>
              {p.current && <span class="tag">{c.current}</span>}
            </p>
            <p class="note">
              {c.created(formatDate(p.createdAt, t.dateLocale))}
              <br />
              {p.lastUsedAt ? c.lastUsed(formatDate(p.lastUsedAt, t.dateLocale, true)) : c.neverUsed}
            </p>
            {confirming === p.id ? (
              <div class="confirm" role="group" aria-label={c.removeLabel(name(p, i))}>
                <p>{c.removeConfirm}</p>
                {p.current && <p>{c.removeCurrent}</p>}
                {me.passkeys.length === 1 && <p>{c.removeLast}</p>}
                <div class="actions">
                  <button type="button" class="button danger" disabled={busy} onClick={() => void remove(p)}>
                    {c.removeYes}
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
              <button
                type="button"
                class="button secondary"
                aria-label={c.removeLabel(name(p, i))}
                disabled={busy}
                onClick={() => setConfirming(p.id)}
              >
                {c.remove}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form class="stack add-passkey" onSubmit={(e) => void add(e)} aria-labelledby="add-heading">
        <h3 id="add-heading">{c.addHeading}</h3>
        <p>{c.addIntro}</p>
        <Field id="passkey-label" label={c.addLabel} hint={c.addLabelHint}>
          <input
            id="passkey-label"
            type="text"
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
            aria-describedby="passkey-label-hint"
            maxLength={60}
            autoComplete="off"
          />
        </Field>
        <button type="submit" class="button wide" disabled={busy}>
          {busy ? c.adding : c.add}
        </button>
      </form>
    </section>
  )
}
