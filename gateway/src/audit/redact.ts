import { validateResidentIdNumber } from '../../../subgraphs/kit/src/identifiers/resident-id';

const PHONE = /^\+?(86)?1[3-9]\d{9}$/;
const HAN = /\p{Script=Han}/u;

/**
 * Variables as the audit record keeps them: codes, cursors, numbers and enums stay (they say what
 * was asked for); anything that is or may be a personal value becomes a placeholder naming its kind.
 * Names cannot be recognised reliably, so any text in Chinese characters is withheld.
 */
export function redactVariables(value: unknown): unknown {
  if (typeof value === 'string') {
    if (validateResidentIdNumber(value).ok || /^\d{17}[\dXx]$/.test(value)) return '[id-number]';
    if (PHONE.test(value.replace(/[\s-]/g, ''))) return '[phone]';
    if (HAN.test(value)) return '[text]';
    if (value.length > 64) return '[long-text]';
    return value;
  }
  if (Array.isArray(value)) return value.map(redactVariables);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactVariables(v)]));
  }
  return value;
}
