/**
 * Matching quality against a register whose truth is known (the synthetic city's messy register):
 * the figures the issue sets targets on, computed the same way for the test that guards them and
 * for the benchmark that reports them.
 */
import { AddressIndex, decide } from './address-index';
import { DECISION } from './score';
import type { MatchStatus } from './types';

export interface TruthOfRow {
  address: string;
  /** The standard address the text denotes; null when it is in no register of the city. */
  addressCode: string | null;
  /** The text points at exactly one standard address. */
  matchable: boolean;
  forms: readonly string[];
}

export interface MatchingQuality {
  rows: number;
  matchableRows: number;
  /** Share of matchable rows whose best-ranked candidate is the right address. */
  top1Accuracy: number;
  /** Share of all rows matched automatically to a wrong address (or matched at all when not in the city). */
  wrongAutomaticRate: number;
  /** Share of all rows decided MATCHED / AMBIGUOUS / UNMATCHED. */
  shares: Record<MatchStatus, number>;
  /** Share of matchable rows matched automatically and rightly. */
  automaticRecall: number;
  seconds: number;
  matchesPerSecond: number;
  /** Top-1 accuracy of matchable rows by how they were written (forms with at least one row). */
  top1ByForm: Record<string, { rows: number; top1Accuracy: number }>;
  /** A few rows that went wrong, for whoever works on the engine. */
  examples: { address: string; truth: string | null; status: MatchStatus; chosen: string | null }[];
}

export function measureMatchingQuality(index: AddressIndex, rows: readonly TruthOfRow[]): MatchingQuality {
  const counts: Record<MatchStatus, number> = { MATCHED: 0, AMBIGUOUS: 0, UNMATCHED: 0 };
  const byForm = new Map<string, { rows: number; right: number }>();
  const examples: MatchingQuality['examples'] = [];
  let matchable = 0;
  let top1 = 0;
  let wrong = 0;
  let recalled = 0;
  const started = process.hrtime.bigint();
  for (const row of rows) {
    const { understood, candidates } = index.search(row.address, { first: DECISION.choices + 1 });
    const outcome = decide(understood, candidates);
    counts[outcome.status] += 1;
    const right = candidates[0]?.row.code === row.addressCode && row.addressCode !== null;
    const automaticWrong = outcome.status === 'MATCHED' && outcome.address!.code !== row.addressCode;
    if (automaticWrong) wrong += 1;
    if (row.matchable) {
      matchable += 1;
      if (right) top1 += 1;
      if (outcome.status === 'MATCHED' && !automaticWrong) recalled += 1;
      for (const form of row.forms) {
        const entry = byForm.get(form) ?? { rows: 0, right: 0 };
        entry.rows += 1;
        if (right) entry.right += 1;
        byForm.set(form, entry);
      }
    }
    if ((automaticWrong || (row.matchable && !right)) && examples.length < 20) {
      examples.push({ address: row.address, truth: row.addressCode, status: outcome.status, chosen: candidates[0]?.row.fullText ?? null });
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    rows: rows.length,
    matchableRows: matchable,
    top1Accuracy: share(top1, matchable),
    wrongAutomaticRate: share(wrong, rows.length),
    shares: { MATCHED: share(counts.MATCHED, rows.length), AMBIGUOUS: share(counts.AMBIGUOUS, rows.length), UNMATCHED: share(counts.UNMATCHED, rows.length) },
    automaticRecall: share(recalled, matchable),
    seconds,
    matchesPerSecond: seconds > 0 ? rows.length / seconds : 0,
    top1ByForm: Object.fromEntries(
      [...byForm].sort(([a], [b]) => a.localeCompare(b)).map(([form, e]) => [form, { rows: e.rows, top1Accuracy: share(e.right, e.rows) }]),
    ),
    examples,
  };
}
