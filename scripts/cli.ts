import cliProgress from 'cli-progress'
import type { Progress } from '../server/services/import-roll'
import type { RollError } from '../server/domain/roll'
import { formatAreaM2 } from '../server/domain/area'

/** Shared pieces of the command-line tools. */

const PHASE_LABEL: Record<Progress['phase'], string> = {
  reading: '读取 reading   ',
  validating: '校验 validating',
  writing: '写入 writing   ',
  done: '完成 done      ',
}

/** A progress bar on stderr (stdout stays clean for --json), shown only on a terminal. */
export function progressBar(enabled: boolean): { update: (p: Progress) => void; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{phase} [{bar}] {percentage}% | {value}/{total}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update: (p) => {
      if (p.total === 0) return
      if (!started) {
        bar.start(p.total, p.processed, { phase: PHASE_LABEL[p.phase] })
        started = true
      }
      bar.setTotal(p.total)
      bar.update(p.processed, { phase: PHASE_LABEL[p.phase] })
    },
    stop: () => {
      if (started) bar.stop()
    },
  }
}

export function printErrors(errors: readonly RollError[]): void {
  console.error(`✗ ${errors.length} 处错误，未导入任何数据 / ${errors.length} error(s), nothing imported:`)
  for (const e of errors) console.error(`  第 ${e.line} 行 line ${e.line}: ${e.reason}`)
}

export function printSummary(s: {
  units: number
  heads: number
  areaCm2: number
  countParking: boolean
}): void {
  console.log(`房屋 units:                 ${s.units}`)
  console.log(`票权人 voters (heads):      ${s.heads}`)
  console.log(`计票面积 counted area:      ${s.areaCm2} cm² (${formatAreaM2(s.areaCm2)} ㎡)`)
  console.log(`车位计入 parking counted:   ${s.countParking ? '是 yes' : '否 no'}`)
}

export function usage(text: string): never {
  console.error(text)
  process.exit(2)
}
