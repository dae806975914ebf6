import { useRef, useState } from 'preact/hooks'
import { uploadAttachment, type Meeting } from '../api'
import { FailureText, type C } from '../frame'
import { useBusy } from '../load'

/** A draft's documents: a matter's papers or a candidate's photo, uploaded before notice fixes the agenda. */
export function Attachments({ estateId, m, c }: { estateId: string; m: Meeting; c: C }) {
  const file = useRef<HTMLInputElement>(null)
  const [ref, setRef] = useState(m.matters[0]?.id ?? '')
  const [done, setDone] = useState(false)
  const [busy, failure, run] = useBusy()
  return (
    <section aria-labelledby="attachments-heading">
      <h2 id="attachments-heading">{c.meeting.attachmentsHeading}</h2>
      <form
        class="row"
        onSubmit={async (e) => {
          e.preventDefault()
          setDone(false)
          const f = file.current?.files?.[0]
          if (!f) return
          setDone(
            await run(() =>
              uploadAttachment(estateId, m.id, f, ref.includes('/') ? 'candidate_photo' : 'matter', ref),
            ),
          )
        }}
      >
        <div class="field">
          <label for="attachment-file">{c.meeting.attachmentFile}</label>
          <input id="attachment-file" type="file" ref={file} accept=".pdf,.jpg,.jpeg,.png,.webp" />
        </div>
        <div class="field">
          <label for="attachment-ref">{c.meeting.attachmentRef}</label>
          <select id="attachment-ref" value={ref} onChange={(e) => setRef(e.currentTarget.value)}>
            {m.matters.map((x, i) => (
              <option key={x.id} value={x.id}>
                {c.paper.choice(c.paper.matterNo(i + 1), x.title)}
              </option>
            ))}
            {/* A candidate's photo: ref q3/c2, purpose candidate_photo. */}
            {m.matters.flatMap((x, i) =>
              ('candidates' in x && x.candidates ? x.candidates : []).map((cand) => (
                <option key={`${x.id}/${cand.id}`} value={`${x.id}/${cand.id}`}>
                  {c.meeting.candidatePhoto(c.paper.matterNo(i + 1), cand.name)}
                </option>
              )),
            )}
          </select>
        </div>
        <button type="submit" class="button secondary" disabled={busy}>
          {c.meeting.upload}
        </button>
      </form>
      <p role="status">{done ? c.meeting.uploaded : ''}</p>
      {failure && <FailureText failure={failure} c={c} />}
    </section>
  )
}
