/** Reading typed fields of a JSON body with a 400 naming the field (pure). */
import { badRequest } from '../errors.js';

export type Body = Record<string, unknown>;

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function strField(b: Body, name: string, required = false, max = 20_000): string {
  const v = b[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw badRequest(`${name} is required`, name);
    return '';
  }
  if (typeof v !== 'string') throw badRequest(`${name} must be a string`, name);
  if (v.length > max) throw badRequest(`${name} is longer than ${max} characters`, name);
  return v;
}

export function numField(b: Body, name: string, min: number, max: number, dflt: number, integer = false): number {
  const v = b[name];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    throw badRequest(`${name} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}`, name);
  }
  return v;
}

export const intField = (b: Body, name: string, min: number, max: number, dflt: number): number => numField(b, name, min, max, dflt, true);

export function boolField(b: Body, name: string, dflt: boolean): boolean {
  const v = b[name];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw badRequest(`${name} must be true or false`, name);
  return v;
}

export function objField(b: Body, name: string): Body {
  const v = b[name];
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw badRequest(`${name} must be an object`, name);
  return v;
}
