import { readdirSync, readFileSync } from 'node:fs'
import { STATUS_CODES } from 'node:http'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { AppError, ERROR_STATUS, type ErrorCode } from '../../server/errors'

/**
 * One error vocabulary (server/errors.ts): every code the server throws is in ERROR_STATUS, with one status that is
 * an HTTP error status. The compiler already refuses a code that is not in the union wherever the code is typed;
 * this reads the sources as text, so a code that reaches AppError through `as`, `any` or a string built at run time
 * is caught too, and a code that nothing throws any more does not linger in the table (and in the web's words).
 */

const THROWERS = new Set(['AppError', 'badRequest', 'notFound', 'conflict', 'errorBody'])

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : []
  })
}

const FILES = [...sources('server'), ...sources('db')]

/** The string literals an expression can evaluate to: itself, either branch of `?:`, through parentheses and `as`. */
function literalsOf(e: ts.Expression): { codes: string[]; opaque: boolean } {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e))
    return { codes: [e.text], opaque: false }
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e))
    return literalsOf(e.expression)
  if (ts.isConditionalExpression(e)) {
    const a = literalsOf(e.whenTrue)
    const b = literalsOf(e.whenFalse)
    return { codes: [...a.codes, ...b.codes], opaque: a.opaque || b.opaque }
  }
  // A variable or a property (`code`, `e.code`, `first.code`): its type is ErrorCode, which the compiler checks.
  return { codes: [], opaque: true }
}

interface Thrown {
  readonly code: string
  readonly where: string
}

function thrownCodes(): { thrown: Thrown[]; typedOnly: string[] } {
  const thrown: Thrown[] = []
  const typedOnly: string[] = []
  for (const file of FILES) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node) => {
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression)) {
        const first = node.arguments?.[0]
        if (THROWERS.has(node.expression.text) && first) {
          const where = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`
          const { codes, opaque } = literalsOf(first)
          thrown.push(...codes.map((code) => ({ code, where })))
          if (opaque && file !== join('server', 'errors.ts')) typedOnly.push(where)
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return { thrown, typedOnly }
}

const { thrown, typedOnly } = thrownCodes()
const TABLE = Object.entries(ERROR_STATUS) as [ErrorCode, number][]

describe('the error codes', () => {
  it('are found in the sources (the scan reads what it should)', () => {
    const found = new Set(thrown.map((t) => t.code))
    for (const code of [
      'invalid_request',
      'not_found',
      'unauthenticated',
      'forbidden',
      'body_too_large',
      'internal',
    ])
      expect(found).toContain(code)
    expect(found.size).toBeGreaterThan(80)
  })

  it('thrown anywhere in server/ and db/ are all in ERROR_STATUS', () => {
    const unknown = thrown.filter((t) => !(t.code in ERROR_STATUS)).map((t) => `${t.code} at ${t.where}`)
    expect(unknown).toEqual([])
  })

  it('not written out where thrown are few, and each is typed as a code', () => {
    // These pass a variable, typed ErrorCode (a lifecycle refusal, a roll import's own code, the wrappers here).
    expect(typedOnly.length).toBeLessThan(10)
  })

  it('each have one HTTP error status (4xx or 5xx, one the protocol names)', () => {
    const wrong = TABLE.filter(
      ([, s]) => !Number.isInteger(s) || s < 400 || s > 599 || !(String(s) in STATUS_CODES),
    )
    expect(wrong).toEqual([])
  })

  it('are snake_case words', () => {
    expect(TABLE.map(([c]) => c).filter((c) => !/^[a-z]+(_[a-z0-9]+)*$/.test(c))).toEqual([])
  })

  it('are each still mentioned somewhere in the server besides the table', () => {
    const text = FILES.filter((f) => f !== join('server', 'errors.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
    const unused = TABLE.map(([c]) => c).filter((c) => !text.includes(`'${c}'`))
    expect(unused).toEqual([])
  })

  it('give AppError its status from the table', () => {
    for (const [code, status] of TABLE) expect(new AppError(code, 'm').status).toBe(status)
  })
})
