import { describe, expect, it } from 'vitest'
import { formatAreaM2, parseAreaM2 } from '../../server/domain/area'

describe('parseAreaM2: square metres as text → integer cm² (domain.md §3)', () => {
  it.each([
    ['143.9', 1_439_000],
    ['143.90', 1_439_000],
    ['143.9000', 1_439_000],
    [String(143.9), 1_439_000], // an Excel number cell, through String(): no float surprise
    [String(155.27), 1_552_700],
    ['226421.0857', 2_264_210_857],
    ['0.0001', 1],
    ['.5', 5_000],
    ['80', 800_000],
    ['007.5', 75_000],
    ['1,234.5', 12_345_000],
    [' 96.5 ', 965_000],
  ])('reads %j as %i cm²', (text, cm2) => {
    expect(parseAreaM2(text)).toEqual({ ok: true, areaCm2: cm2 })
  })

  it.each([
    ['', 'area_missing'],
    ['   ', 'area_missing'],
    ['abc', 'area_malformed'],
    ['12,34', 'area_malformed'],
    ['1.2.3', 'area_malformed'],
    ['1e2', 'area_malformed'],
    ['143.90001', 'area_too_precise'],
    ['0.00001', 'area_too_precise'],
    // A float that arithmetic has already damaged is refused, never rounded.
    [String(0.1 + 0.2), 'area_too_precise'],
    ['0', 'area_not_positive'],
    ['0.0000', 'area_not_positive'],
    ['-12.5', 'area_not_positive'],
    ['1000000000000', 'area_too_large'],
  ])('refuses %j with %s', (text, code) => {
    expect(parseAreaM2(text)).toEqual({ ok: false, code })
  })
})

describe('formatAreaM2', () => {
  it.each([
    [1_439_000, '143.90'],
    [2_264_210_857, '226421.0857'],
    [1, '0.0001'],
    [1_072_817_200, '107281.72'],
    [10_000, '1.00'],
    [12_345_670, '1234.567'],
  ])('shows %i cm² as %s ㎡', (cm2, text) => {
    expect(formatAreaM2(cm2)).toBe(text)
  })
})
