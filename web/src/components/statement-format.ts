import type { StatementPoint } from '../../../server/domain/statements'

/**
 * Pure helpers of the money statement's table and chart (domain §9): fen as ¥ text, and the chart's geometry.
 * Money stays integer fen until it is text; the chart's pixel positions are the only fractions, for drawing.
 */

/** Groups the digits of a whole number's text by thousands: "1234567" → "1,234,567". */
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/**
 * Integer fen as yuan text with two decimals and thousands grouped: 123456 → "1,234.56", −5 → "-0.05". The yuan
 * are the fen less their last two digits, divided exactly (a float's fen/100 would round near 2^53).
 */
export function yuanText(fen: number): string {
  const abs = Math.abs(fen)
  const cents = abs % 100
  const whole = (abs - cents) / 100
  return `${fen < 0 ? '-' : ''}${group(String(whole))}.${String(cents).padStart(2, '0')}`
}

/** Integer fen as money: 123456 → "¥1,234.56", −1200 → "-¥12.00". */
export function formatYuan(fen: number): string {
  const text = yuanText(fen)
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`
}

/** A China date (YYYY-MM-DD) as its year, month and day numbers, for the catalogue's words. */
export function dayParts(date: string): { y: number; m: number; d: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : undefined
}

/** a ÷ b rounded down, for integers (b > 0), without a float's rounding. */
const floorDiv = (a: number, b: number) => (a - (((a % b) + b) % b)) / b
const ceilDiv = (a: number, b: number) => -floorDiv(-a, b)

/**
 * The steps of a money axis: ¥1, 2, 5, 10, 20, 50 … in fen — the first whose `maxTicks` intervals reach `span`
 * (fen). Whole yuan at least: a chart of fen is never needed.
 */
export function niceStep(span: number, maxTicks = 5): number {
  for (let unit = 100; ; unit *= 10)
    for (const k of [1, 2, 5])
      if (k * unit * maxTicks >= span || k * unit >= Number.MAX_SAFE_INTEGER / 10) return k * unit
}

/** The axis's ticks, in fen: multiples of the step from at or below `min` to at or above `max`, zero included. */
export function axisTicks(minFen: number, maxFen: number, maxTicks = 5): number[] {
  const lo = Math.min(0, minFen)
  const hi = Math.max(0, maxFen)
  const step = niceStep(hi - lo, maxTicks)
  const first = floorDiv(lo, step)
  const last = Math.max(ceilDiv(hi, step), first + 1)
  return Array.from({ length: last - first + 1 }, (_, i) => (first + i) * step)
}

export interface XY {
  readonly x: number
  readonly y: number
}

/** One decimal is enough for a pixel; shorter paths. */
const px = (n: number) => Math.round(n * 10) / 10

/** An SVG path through the points in order ("M x,y L x,y …"); empty for none. */
export function linePath(points: readonly XY[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(p.x)},${px(p.y)}`).join(' ')
}

export interface Bar {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface ChartGroup {
  readonly point: StatementPoint
  /** The middle of the period's band: its label and the balance's dot. */
  readonly x: number
  readonly income: Bar
  readonly spending: Bar
  readonly closing: XY
}

export interface ChartGeometry {
  readonly width: number
  readonly height: number
  readonly plot: {
    readonly left: number
    readonly right: number
    readonly top: number
    readonly bottom: number
  }
  /** Money ticks with their heights; `zero` is the baseline of the bars. */
  readonly ticks: readonly { readonly fen: number; readonly y: number }[]
  readonly zero: number
  readonly groups: readonly ChartGroup[]
  /** The closing balance over the periods, as a line. */
  readonly balancePath: string
}

export interface ChartSize {
  readonly width: number
  readonly height: number
  /** Room on the left for the ¥ labels of the axis. */
  readonly left: number
  readonly bottom: number
}

/** Drawn at about its own size on a 360-px phone, so that its 12-px labels stay 12 px there. */
export const CHART_SIZE: ChartSize = { width: 400, height: 260, left: 100, bottom: 36 }

/** Every how many periods a label is written under the bars: at most six labels fit the width. */
export const labelEvery = (periods: number) => Math.max(1, Math.ceil(periods / 6))

/**
 * Where everything of the chart goes, for the points oldest first (statementSeries): per period a band with its
 * income and spending bars side by side and the closing balance's dot, joined by a line; one money axis for both,
 * from the lowest value (or zero) to the highest.
 */
export function chartGeometry(
  points: readonly StatementPoint[],
  size: ChartSize = CHART_SIZE,
): ChartGeometry {
  // The top leaves a line for the axis's title (金额（元）) above the highest tick.
  const plot = { left: size.left, right: size.width - 12, top: 24, bottom: size.height - size.bottom }
  const values = points.flatMap((p) => [p.closingFen, p.incomeFen, p.spendingFen])
  const ticks = axisTicks(Math.min(0, ...values), Math.max(0, ...values))
  const lo = ticks[0] ?? 0
  const hi = ticks[ticks.length - 1] ?? 1
  const y = (fen: number) => plot.bottom - ((fen - lo) / (hi - lo)) * (plot.bottom - plot.top)
  const zero = y(0)
  const band = points.length === 0 ? 0 : (plot.right - plot.left) / points.length
  const barWidth = Math.min(28, band * 0.3)
  const bar = (x: number, fen: number): Bar => ({
    x: px(x),
    y: px(Math.min(y(fen), zero)),
    width: px(barWidth),
    height: px(Math.abs(zero - y(fen))),
  })
  const groups = points.map((point, i) => {
    const x = plot.left + band * (i + 0.5)
    return {
      point,
      x: px(x),
      income: bar(x - barWidth - 1, point.incomeFen),
      spending: bar(x + 1, point.spendingFen),
      closing: { x: px(x), y: px(y(point.closingFen)) },
    }
  })
  return {
    width: size.width,
    height: size.height,
    plot,
    ticks: ticks.map((fen) => ({ fen, y: px(y(fen)) })),
    zero: px(zero),
    groups,
    balancePath: linePath(groups.map((g) => g.closing)),
  }
}
