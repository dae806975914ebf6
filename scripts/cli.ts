import { parseArgs, type ParseArgsConfig } from 'node:util'
import cliProgress from 'cli-progress'
import type { Progress } from '../server/services/import-roll'
import type { RollError } from '../server/domain/roll'
import { formatAreaM2 } from '../server/domain/area'

/** Shared pieces of the command-line tools. */

/**
 * Where a command prints and what environment it reads: the process's own in its entry point (`processIo`), or a
 * test's, which runs the command in its own process (`runCommand`) instead of starting Node and tsx for it.
 */
export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>
  /** One line on stdout (console.log). */
  out(line: string): void
  /** One line on stderr (console.error). */
  err(line: string): void
}

export const processIo: CommandIo = {
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}

/** A command line's whole run: what main() does with process.argv, as a function a test can call. */
export type Command = (argv: readonly string[], io: CommandIo) => Promise<number>

/** Bad usage: the command prints the message on stderr and exits 2, having written nothing. */
export class UsageError extends Error {}

export function usageError(text: string): never {
  throw new UsageError(text)
}

/** A command's arguments as node:util's parseArgs reads them; an unknown or malformed one is a usage error. */
export function commandArgs<const T extends ParseArgsConfig>(
  config: T,
  usageText: string,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config)
  } catch (e) {
    usageError(`${(e as Error).message}\n${usageText}`)
  }
}

/**
 * The entry point of a command (scripts/*.ts): runs it on the process's arguments and environment. With `exit`,
 * process.exit() once it is done (the commands whose roll worker or progress bar would keep the process alive);
 * otherwise process.exitCode, so that a large output drains to a pipe first.
 */
export async function main(command: Command, opts: { readonly exit?: boolean } = {}): Promise<void> {
  let code: number
  try {
    code = await command(process.argv.slice(2), processIo)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    console.error(e.message)
    code = 2
  }
  if (opts.exit) process.exit(code)
  process.exitCode = code
}

/** Runs a command in this process with `env`, and returns its exit code and what it printed, as a shell sees it. */
export async function runCommand(
  command: Command,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CommandIo = {
    env,
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
  }
  let code: number
  try {
    code = await command(argv, io)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    io.err(e.message)
    code = 2
  }
  return { code, stdout, stderr }
}

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

export function printErrors(errors: readonly RollError[], io: CommandIo = processIo): void {
  io.err(`✗ ${errors.length} 处错误，未导入任何数据 / ${errors.length} error(s), nothing imported:`)
  for (const e of errors) io.err(`  第 ${e.line} 行 line ${e.line}: ${e.reason}`)
}

export function printSummary(
  s: {
    units: number
    heads: number
    areaCm2: number
    countParking: boolean
  },
  io: CommandIo = processIo,
): void {
  io.out(`房屋 units:                 ${s.units}`)
  io.out(`票权人 voters (heads):      ${s.heads}`)
  io.out(`计票面积 counted area:      ${s.areaCm2} cm² (${formatAreaM2(s.areaCm2)} ㎡)`)
  io.out(`车位计入 parking counted:   ${s.countParking ? '是 yes' : '否 no'}`)
}

export function usage(text: string): never {
  console.error(text)
  process.exit(2)
}
