import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import type { C } from './frame'

/**
 * The question before a step that cannot be undone: a modal dialog naming who and what, its confirm button in the
 * words of the step and Cancel focused, so a stray Enter cancels. Escape cancels too.
 */
export function ConfirmDialog(props: {
  id: string
  open: boolean
  heading: string
  confirm: string
  busy: boolean
  c: C
  onConfirm: () => void
  onCancel: () => void
  children: ComponentChildren
}) {
  const dialog = useRef<HTMLDialogElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (props.open && !d.open) {
      d.showModal()
      cancel.current?.focus()
    } else if (!props.open && d.open) d.close()
  }, [props.open])
  return (
    <dialog
      ref={dialog}
      class="confirm-dialog"
      aria-labelledby={`${props.id}-heading`}
      onClose={() => props.open && props.onCancel()}
    >
      <h2 id={`${props.id}-heading`}>{props.heading}</h2>
      {props.children}
      <div class="actions">
        <button type="button" class="button danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirm}
        </button>
        <button type="button" class="button secondary" ref={cancel} onClick={props.onCancel}>
          {props.c.cancel}
        </button>
      </div>
    </dialog>
  )
}
