/**
 * npm test: the type check, the linter and the format check beside the tests, not before them.
 *
 * The machine that runs this has two cores, and the tests keep both busy except while the run's global setup builds
 * and at the end, when the last file runs alone; the checks run in those gaps. They run at a lower priority
 * (nice 10) so that the tests, whose browser waits give up after a while, are not slowed by them; their output is
 * held and printed whole as each ends. Exit 0 only when every part passed.
 *
 * Plain JavaScript, run by node itself: no TypeScript loader to start before the checks can.
 */
import { spawn } from 'node:child_process'

/**
 * The type check is TypeScript 7, the native compiler (the `typescript-7` alias; `typescript` stays 5.9 for
 * typescript-eslint, whose parser needs the 5.x API): the same checks of the same tsconfig.json, a fifth of the CPU of
 * tsc 5.9 (9 s against 46 s here, cold). Single-threaded: the cores are the tests'.
 */
const CHECKS = [
  [
    'typecheck',
    'node_modules/typescript-7/bin/tsc',
    [
      '--noEmit',
      '--singleThreaded',
      '--incremental',
      '--tsBuildInfoFile',
      'node_modules/.cache/tsc/tsbuildinfo',
    ],
  ],
  [
    'lint',
    'node_modules/.bin/eslint',
    ['.', '--cache', '--cache-strategy', 'content', '--cache-location', 'node_modules/.cache/eslint/'],
  ],
  ['format', 'node_modules/.bin/prettier', ['--check', '.']],
]

const started = Date.now()
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`

/** A check at low priority, its output kept until it ends. */
function check([name, command, args]) {
  return new Promise((resolve) => {
    const child = spawn('nice', ['-n', '10', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', (e) => {
      output += `${e.message}\n`
    })
    child.on('close', (code) => {
      const ok = code === 0
      process.stdout.write(`\n── ${name}: ${ok ? 'passed' : `FAILED (exit ${code})`} after ${seconds()}\n`)
      if (!ok) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`)
      resolve({ name, ok })
    })
  })
}

/** The tests, their output passed through as it comes; the closing "N passed, N failed" line is kept. */
function tests() {
  return new Promise((resolve) => {
    const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env
    const child = spawn('node_modules/.bin/vitest', ['run', ...process.argv.slice(2)], {
      stdio: ['inherit', 'pipe', 'inherit'],
      env,
    })
    let tail = ''
    let summary = ''
    child.stdout.on('data', (d) => {
      process.stdout.write(d)
      tail = (tail + d).slice(-4096)
      const lines = tail.match(/^\d+ passed, \d+ failed.*$/gm)
      if (lines) summary = lines[lines.length - 1]
    })
    child.on('error', (e) => {
      process.stderr.write(`${e.message}\n`)
      resolve({ name: 'tests', ok: false, summary })
    })
    child.on('close', (code) => resolve({ name: 'tests', ok: code === 0, summary }))
  })
}

const results = await Promise.all([...CHECKS.map(check), tests()])
const failed = results.filter((r) => !r.ok).map((r) => r.name)
process.stdout.write(
  failed.length > 0
    ? `\nnpm test FAILED: ${failed.join(', ')} (${seconds()})\n`
    : `\nnpm test: typecheck, lint, format and tests passed (${seconds()})\n`,
)
// The tests' closing line stays the last one, whichever part ended last.
const { summary } = results[results.length - 1]
if (summary) process.stdout.write(`${summary}\n`)
process.exit(failed.length > 0 ? 1 : 0)
