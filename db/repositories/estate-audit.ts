import type { Db } from '../client'

/** What the estate's audit page may be narrowed to; every field is optional but the page. */
export interface AuditFilter {
  readonly offset: number
  readonly limit: number
  /** One meeting's (or one unit's, one account's) entries. */
  readonly subject?: string | undefined
  /** An action (`paper.entered`) or its family (`paper`: every `paper.…` action). */
  readonly action?: string | undefined
  /** One actor, as recorded (`account:…`). */
  readonly actor?: string | undefined
  /** Entries at or after `from`, and before `to` (ISO instants). */
  readonly from?: string | undefined
  readonly to?: string | undefined
}

/**
 * The audit log as an estate's supervisors read it: one page of its entries, newest first, narrowed by subject,
 * action, actor and time, and how many entries match in all (so the page can say "21–40 of 57"). Each entry
 * carries its actor's display name where the actor is an account: a sentence names a person, not an id. The chain
 * itself is read and appended in audit.ts.
 */
export async function estateAuditPage(db: Db, estateId: string, f: AuditFilter) {
  const where = <Q extends ReturnType<typeof base>>(q: Q): Q => {
    let r = q
    if (f.subject) r = r.where('subject', '=', f.subject) as Q
    if (f.action)
      // The family as a range ('paper.' ≤ action < 'paper/', '/' following '.'): exact, and no wildcards.
      r = r.where((eb) =>
        eb.or([
          eb('action', '=', f.action as string),
          eb.and([eb('action', '>=', `${f.action as string}.`), eb('action', '<', `${f.action as string}/`)]),
        ]),
      ) as Q
    if (f.actor) r = r.where('actor', '=', f.actor) as Q
    if (f.from) r = r.where('at', '>=', f.from) as Q
    if (f.to) r = r.where('at', '<', f.to) as Q
    return r
  }
  const base = () => db.selectFrom('audit_log').where('estate_id', '=', estateId)
  const rows = await where(base()).selectAll().orderBy('id', 'desc').offset(f.offset).limit(f.limit).execute()
  const total = await where(base())
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const names = await accountNames(
    db,
    rows.map((r) => r.actor),
  )
  // A meeting's entries name it by its title: a sentence says what was done to, not an id.
  const subjects = [...new Set(rows.flatMap((r) => (r.subject ? [r.subject] : [])))]
  const titles = new Map(
    subjects.length === 0
      ? []
      : (
          await db
            .selectFrom('meetings')
            .select(['id', 'title'])
            .where('estate_id', '=', estateId)
            .where('id', 'in', subjects)
            .execute()
        ).map((m) => [m.id, m.title] as const),
  )
  return {
    total: Number(total.n),
    offset: f.offset,
    limit: f.limit,
    entries: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      actorName: names.get(r.actor) ?? null,
      role: r.role,
      action: r.action,
      subject: r.subject,
      meetingTitle: r.subject ? (titles.get(r.subject) ?? null) : null,
      before: r.before_json ? (JSON.parse(r.before_json) as unknown) : null,
      after: r.after_json ? (JSON.parse(r.after_json) as unknown) : null,
      hash: r.hash,
    })),
  }
}

/**
 * What the page's filters offer: the estate's distinct actions, and the staff who acted (name and role) — owners'
 * accounts are many and are found through the meeting or unit instead.
 */
export async function estateAuditFacets(db: Db, estateId: string) {
  const actions = await db
    .selectFrom('audit_log')
    .select('action')
    .distinct()
    .where('estate_id', '=', estateId)
    .orderBy('action')
    .execute()
  const actors = await db
    .selectFrom('audit_log')
    .select(['actor', 'role'])
    .distinct()
    .where('estate_id', '=', estateId)
    .where('role', 'not in', ['owner', 'guardian', 'anonymous'])
    .where('actor', 'like', 'account:%')
    .execute()
  const names = await accountNames(
    db,
    actors.map((a) => a.actor),
  )
  return {
    actions: actions.map((a) => a.action),
    actors: actors
      .map((a) => ({ actor: a.actor, role: a.role, name: names.get(a.actor) ?? null }))
      .sort((a, b) => (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : a.role < b.role ? -1 : 1)),
  }
}

/** Display names of `account:…` actors. */
async function accountNames(db: Db, actors: readonly string[]): Promise<Map<string, string>> {
  const ids = [
    ...new Set(actors.filter((a) => a.startsWith('account:')).map((a) => a.slice('account:'.length))),
  ]
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('accounts').select(['id', 'display_name']).where('id', 'in', ids).execute()
  return new Map(rows.map((a) => [`account:${a.id}`, a.display_name] as const))
}
