import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { renderSVG } from 'uqr'
import { Field, describedBy } from '../components/field'
import { addStaff, fetchStaff, revokeStaffGrant, type NewStaff, type StaffGrant } from './api'
import { ConfirmDialog } from './confirm'
import { FailureText, Frame, formatWhen, useConsole, type C } from './frame'
import { Loaded, useBusy, useLoad } from './load'
import { Table } from './table'
import './staff.css'

/**
 * 工作人员: the estate's staff by name and role. The street office grants and revokes conveners (domain §2, the
 * roles table; server/auth/policy.ts mayGrant): it adds one here by name, hands over the one-time enrollment link
 * the answer carries (shown once, as a link, a copy button and a QR code a phone scans) and removes one behind a
 * dialog naming them. Conveners and supervisors read the list; it never shows an account's id.
 */
export default function ConsoleStaff({ estateId }: { estateId: string }) {
  const state = useConsole(estateId)
  const { c, roles } = state
  const s = c.staff
  // What the API lets this person grant: the street office, conveners (mayGrant); nobody else here grants a role.
  const grants = roles.includes('street_office')
  const [list, reload] = useLoad(() => fetchStaff(estateId), 'staff', [estateId])
  const [link, setLink] = useState<{ name: string; staff: NewStaff } | null>(null)
  const [removed, setRemoved] = useState<string | null>(null)
  return (
    <Frame
      estateId={estateId}
      state={state}
      heading={s.heading}
      title={state.estateName ? s.title(state.estateName) : s.heading}
      readOnly={null}
    >
      <p class="lead">{s.intro}</p>
      <section aria-labelledby="staff-list-heading">
        <h2 id="staff-list-heading">{s.listHeading}</h2>
        {removed && (
          <p role="status" class="ok">
            {s.removed(removed)}
          </p>
        )}
        <Loaded state={list} c={c}>
          {(all) => (
            <StaffList
              estateId={estateId}
              grants={all.filter((g) => g.revokedAt === null)}
              c={c}
              canRemove={grants}
              onRemoved={(name) => {
                setRemoved(name)
                setLink(null)
                reload()
              }}
            />
          )}
        </Loaded>
      </section>
      {grants ? (
        link ? (
          <EnrollmentLink
            name={link.name}
            staff={link.staff}
            c={c}
            onDone={() => {
              setLink(null)
              document.getElementById('staff-add-heading')?.focus()
            }}
          />
        ) : (
          <AddConvener
            estateId={estateId}
            c={c}
            onAdded={(name, staff) => {
              setRemoved(null)
              setLink({ name, staff })
              reload()
            }}
          />
        )
      ) : (
        <p class="note">{s.conveners}</p>
      )}
    </Frame>
  )
}

function StaffList(props: {
  estateId: string
  grants: readonly StaffGrant[]
  c: C
  canRemove: boolean
  onRemoved: (name: string) => void
}) {
  const { c } = props
  const s = c.staff
  const [asking, setAsking] = useState<StaffGrant | null>(null)
  const [busy, failure, run] = useBusy()
  async function remove(g: StaffGrant) {
    const ok = await run(() => revokeStaffGrant(props.estateId, g.grantId))
    setAsking(null)
    if (ok) props.onRemoved(g.displayName)
  }
  return (
    <>
      <Table
        rows={props.grants}
        rowKey={(g) => g.grantId}
        empty={s.none}
        labelledBy="staff-list-heading"
        class="staff"
        columns={[
          { header: s.name, cell: (g) => g.displayName, rowHeader: true },
          // An estate's grants are of its roles (an admin's grant is of the platform, with no estate).
          { header: s.role, cell: (g) => c.role[g.role as Exclude<StaffGrant['role'], 'admin'>] },
          { header: s.passkey, cell: (g) => (g.passkeys > 0 ? s.passkeyYes : s.passkeyNo) },
          { header: s.since, cell: (g) => formatWhen(g.grantedAt, c, false) },
          props.canRemove && {
            header: s.actions,
            cell: (g) =>
              g.role === 'convener' ? (
                <button
                  type="button"
                  class="button secondary"
                  aria-label={s.removeLabel(g.displayName)}
                  disabled={busy}
                  onClick={() => setAsking(g)}
                >
                  {s.remove}
                </button>
              ) : null,
          },
        ]}
      />
      <ConfirmDialog
        id="staff-remove"
        open={asking !== null}
        heading={asking ? s.removeHeading(asking.displayName) : ''}
        confirm={s.removeConfirm}
        busy={busy}
        c={c}
        onConfirm={() => asking && void remove(asking)}
        onCancel={() => setAsking(null)}
      >
        <p>{asking ? s.removeText(asking.displayName) : ''}</p>
      </ConfirmDialog>
      {failure && <FailureText failure={failure} c={c} />}
    </>
  )
}

function AddConvener(props: { estateId: string; c: C; onAdded: (name: string, staff: NewStaff) => void }) {
  const { c } = props
  const s = c.staff
  const [name, setName] = useState('')
  const [missing, setMissing] = useState(false)
  const [busy, failure, run] = useBusy()
  async function submit(e: Event) {
    e.preventDefault()
    const displayName = name.trim()
    setMissing(displayName === '')
    if (displayName === '') return document.getElementById('staff-name')?.focus()
    let added: NewStaff | null = null
    const ok = await run(async () => {
      const r = await addStaff(props.estateId, { displayName, role: 'convener' })
      if (r.ok) added = r.data.staff
      return r
    })
    if (ok && added) {
      setName('')
      props.onAdded(displayName, added)
    }
  }
  const error = missing ? s.nameMissing : undefined
  return (
    <section aria-labelledby="staff-add-heading">
      <h2 id="staff-add-heading" tabIndex={-1}>
        {s.addHeading}
      </h2>
      <p>{s.addIntro}</p>
      <form class="stack staff-add" noValidate onSubmit={(e) => void submit(e)}>
        <Field id="staff-name" label={s.displayName} hint={s.displayNameHint} error={error}>
          <input
            id="staff-name"
            value={name}
            maxLength={60}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy('staff-name', true, error)}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Field id="staff-role" label={s.roleField}>
          {/* The street office grants one role of an estate, the convener's (policy.ts mayGrant). */}
          <select id="staff-role" disabled>
            <option value="convener">{c.role.convener}</option>
          </select>
        </Field>
        <button type="submit" class="button" disabled={busy}>
          {busy ? s.adding : s.add}
        </button>
      </form>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}

/** The enrollment link of a colleague just added: the answer is its only copy, so it is shown here once. */
function EnrollmentLink(props: { name: string; staff: NewStaff; c: C; onDone: () => void }) {
  const { c, staff } = props
  const s = c.staff
  const heading = useRef<HTMLHeadingElement>(null)
  const [copied, setCopied] = useState<boolean | null>(null)
  // The same link as the text beside it; a quiet zone of 4 modules, as the standard asks.
  const qr = useMemo(() => renderSVG(staff.url, { ecc: 'M', border: 4 }), [staff.url])
  useEffect(() => heading.current?.focus(), [])
  async function copy() {
    try {
      await navigator.clipboard.writeText(staff.url)
      setCopied(true)
    } catch {
      setCopied(false)
    }
  }
  return (
    <section aria-labelledby="staff-link-heading" class="enrollment-link notice">
      <h2 id="staff-link-heading" ref={heading} tabIndex={-1}>
        {s.linkHeading(props.name)}
      </h2>
      <p>{s.linkIntro(formatWhen(staff.expiresAt, c))}</p>
      {/* Text to copy, not a link: opening it here would register this desk's passkey for the colleague. */}
      <label for="staff-link-url">{s.linkLabel}</label>
      <input
        id="staff-link-url"
        class="link-text"
        readOnly
        value={staff.url}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div class="qr" role="img" aria-label={s.linkQr(staff.url)} dangerouslySetInnerHTML={{ __html: qr }} />
      <div class="actions">
        <button type="button" class="button" onClick={() => void copy()}>
          {s.copy}
        </button>
        <button type="button" class="button secondary" onClick={props.onDone}>
          {s.done}
        </button>
      </div>
      {copied !== null && (
        <p role="status" class={copied ? 'ok' : 'bad'}>
          {copied ? s.copied : s.copyFailed}
        </p>
      )}
    </section>
  )
}
