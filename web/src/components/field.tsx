import type { ComponentChildren } from 'preact'

/**
 * A labelled form field: the label above, a hint and the field's own error tied to the control with
 * aria-describedby, so a screen reader reads all three. The control itself is the child (given `id`).
 */
export function Field(props: {
  id: string
  label: string
  hint?: string | undefined
  error?: string | undefined
  children: ComponentChildren
}) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  )
}

/** The aria-describedby of a Field's control: its hint and, while it is wrong, its error. */
export const describedBy = (id: string, hint: boolean, error: string | undefined) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
