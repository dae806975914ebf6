import { sql, type Kysely } from 'kysely'

// Frozen in time: a second factor at activation that the conveners do not hold (a one-time code sent to the phone
// on the roll), a supervisor's approval where there is no phone and for a take-over of an owner's account, and the
// text messages sent (for rate limits and the record).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('activation_otps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id'))
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('owners.id'))
    .addColumn('guardian_id', 'integer', (c) => c.references('guardians.id'))
    // SHA-256 of the ticket and the code: the code itself is only ever in the text message.
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified_at', 'text')
    .execute()
  await db.schema
    .createIndex('activation_otps_invitation')
    .on('activation_otps')
    .column('invitation_id')
    .execute()

  await db.schema
    .createTable('sms_sends')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    // SHA-256 of the number: counting sends per phone needs no copy of it.
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('provider_id', 'text')
    .execute()
  await db.schema.createIndex('sms_sends_phone').on('sms_sends').columns(['phone_hash', 'at']).execute()

  // A re-issue that would end an owner's passkeys (a take-over) needs a supervisor's approval first.
  await db.schema
    .alterTable('invitations')
    .addColumn('approval_required', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('invitations').addColumn('approval_decision', 'text').execute()
  await db.schema.alterTable('invitations').addColumn('approval_at', 'text').execute()
  await db.schema.alterTable('invitations').addColumn('approval_by', 'text').execute()
  await db.schema.alterTable('invitations').addColumn('approval_note', 'text').execute()

  // Without a phone on the roll (or with one changed by a re-import) an activation waits for a supervisor.
  await db.schema
    .alterTable('invitation_activations')
    .addColumn('approval', 'text', (c) =>
      c
        .notNull()
        .defaultTo('not_needed')
        .check(sql`approval in ('not_needed', 'pending', 'approved', 'refused')`),
    )
    .execute()
  await db.schema.alterTable('invitation_activations').addColumn('approval_reason', 'text').execute()
  await db.schema.alterTable('invitation_activations').addColumn('approval_at', 'text').execute()
  await db.schema.alterTable('invitation_activations').addColumn('approval_by', 'text').execute()

  // When a roll re-import changed the owner's phone: the one-time code then goes to a number a convener set.
  await db.schema.alterTable('owners').addColumn('phone_changed_at', 'text').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('owners').dropColumn('phone_changed_at').execute()
  for (const c of ['approval_by', 'approval_at', 'approval_reason', 'approval'])
    await db.schema.alterTable('invitation_activations').dropColumn(c).execute()
  for (const c of ['approval_note', 'approval_by', 'approval_at', 'approval_decision', 'approval_required'])
    await db.schema.alterTable('invitations').dropColumn(c).execute()
  await db.schema.dropTable('sms_sends').execute()
  await db.schema.dropTable('activation_otps').execute()
}
