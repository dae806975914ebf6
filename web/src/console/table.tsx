import type { ComponentChildren } from 'preact'

/** One column of a console list: its header, what each row shows in it, and whether that cell names the row. */
export interface Column<R> {
  /** The column's header; '' for a column of buttons, which needs none. */
  readonly header: string
  readonly cell: (row: R) => ComponentChildren
  /** The cell is the row's header (`<th scope="row">`): what a screen reader announces when moving down a column. */
  readonly rowHeader?: boolean
  /** A class for the cell from the row (a decision's or a state's colour). */
  readonly class?: (row: R) => string
}

/**
 * The console's lists: one `table.data` inside a `.table-wrap`, which scrolls sideways in its own box on a narrow
 * screen rather than the page (styles.css). A column left out (`false`, say for a reader without the buttons)
 * is skipped. With no rows it shows `empty` instead, when given. `labelledBy` names the table by the heading
 * above it, and `caption` gives it a visible one, so a screen reader's table list says which list each is.
 */
export function Table<R>(props: {
  rows: readonly R[]
  columns: readonly (Column<R> | false | null | undefined)[]
  rowKey: (row: R, index: number) => string | number
  empty?: string
  caption?: string
  labelledBy?: string
  /** Added to `data`: a list the tests and styles find by name (`proxies`, `audit`). */
  class?: string
  /**
   * For a table wider than a phone: its box becomes a named region the keyboard can focus, so that it can be
   * scrolled sideways without a mouse (WCAG 2.1.1; axe `scrollable-region-focusable`).
   */
  scrollLabel?: string
}) {
  if (props.empty !== undefined && props.rows.length === 0) return <p>{props.empty}</p>
  const columns = props.columns.filter((c): c is Column<R> => !!c)
  return (
    <div
      class="table-wrap"
      {...(props.scrollLabel ? { role: 'region', tabIndex: 0, 'aria-label': props.scrollLabel } : {})}
    >
      <table class={props.class ? `data ${props.class}` : 'data'} aria-labelledby={props.labelledBy}>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, r) => (
            <tr key={props.rowKey(row, r)}>
              {columns.map((c, i) => {
                const cls = c.class?.(row)
                return c.rowHeader ? (
                  <th key={i} scope="row" class={cls}>
                    {c.cell(row)}
                  </th>
                ) : (
                  <td key={i} class={cls}>
                    {c.cell(row)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
