import { badUserInput, conflict } from '../../../../platform/errors';

export type FindingState = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED_JUSTIFIED' | 'REFERRED';
export type FindingAction = 'ACKNOWLEDGE' | 'ASSIGN' | 'ANNOTATE' | 'RESOLVE_JUSTIFIED' | 'REFER';

const CLOSED: readonly FindingState[] = ['RESOLVED_JUSTIFIED', 'REFERRED'];
const WORDS: Record<FindingAction, string> = {
  ACKNOWLEDGE: 'acknowledged',
  ASSIGN: 'assigned',
  ANNOTATE: 'annotated',
  RESOLVE_JUSTIFIED: 'resolved as justified',
  REFER: 'referred for action',
};

interface Rule {
  /** The states the step may be taken from. */
  from: readonly FindingState[];
  /** The state after it; undefined keeps the state. */
  to?: FindingState;
  /** Closing a case or annotating it says why: a note is required. */
  needsNote: boolean;
}

/** The case's state machine, in one table: what each step needs and where it leads. */
export const RULES: Record<FindingAction, Rule> = {
  ACKNOWLEDGE: { from: ['OPEN'], to: 'ACKNOWLEDGED', needsNote: false },
  ASSIGN: { from: ['OPEN', 'ACKNOWLEDGED'], needsNote: false },
  ANNOTATE: { from: ['OPEN', 'ACKNOWLEDGED', 'RESOLVED_JUSTIFIED', 'REFERRED'], needsNote: true },
  RESOLVE_JUSTIFIED: { from: ['OPEN', 'ACKNOWLEDGED'], to: 'RESOLVED_JUSTIFIED', needsNote: true },
  REFER: { from: ['OPEN', 'ACKNOWLEDGED'], to: 'REFERRED', needsNote: true },
};

export const MAX_NOTE = 2000;

/** The note as stored: trimmed, required where the rule says, bounded and printable (line breaks allowed). */
export function checkNote(action: FindingAction, note: string | null | undefined): string | null {
  const text = note?.trim() ?? '';
  if (text.length === 0) {
    if (RULES[action].needsNote) throw badUserInput(`input.note is required to mark a finding ${WORDS[action]}: say why`, { argument: 'input.note' });
    return null;
  }
  if (text.length > MAX_NOTE || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) {
    throw badUserInput(`input.note must be 1–${MAX_NOTE} printable characters`, { argument: 'input.note' });
  }
  return text;
}

/** The state after `action` from `state`, or CONFLICT naming both when the step does not apply. */
export function nextState(action: FindingAction, state: FindingState, findingId: string): FindingState {
  const rule = RULES[action];
  if (!rule.from.includes(state)) {
    const why = CLOSED.includes(state) ? 'it is closed' : `it is ${state}`;
    throw conflict(`Finding ${findingId} cannot be ${WORDS[action]}: ${why} (state ${state}; allowed from ${rule.from.join(', ')})`, {
      state,
      action,
    });
  }
  return rule.to ?? state;
}
