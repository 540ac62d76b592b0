import { isDeepStrictEqual } from 'node:util';
import { firstDifference } from './verify';

/**
 * What every answer to one request of a load must be: HTTP 200, no errors, and exactly this `data`,
 * or, for requests whose answers differ by design (each write creates its own record), data that
 * `check` accepts (it returns what is wrong, or undefined).
 */
export type ExpectedAnswer = ExpectedData | { check(data: unknown): string | undefined };
export interface ExpectedData {
  data: unknown;
}

/** The answers of one load run as checked: a run with any wrong answer fails, it never yields a figure. */
export interface AnswerTally {
  /** Answers compared with the expected data (every answer the load generator decoded intact). */
  checked: number;
  wrong: number;
  /** Answers whose text the load generator split inside a UTF-8 character (see below): counted, not judged. */
  undecodable: number;
  /** The first wrong answer: why, and the start of its body. */
  firstWrong?: string;
}

/**
 * Checks the answers a load generator receives, as they arrive. An answer whose text equals one
 * already found right is right without parsing (a gateway serializes the same answer the same way,
 * so this is a string comparison per answer); any other text is parsed and compared with the
 * expected data. autocannon builds a body by appending each network chunk decoded on its own, so a
 * multi-byte character split between two chunks arrives as U+FFFD: such an answer cannot be judged
 * (the bench's data holds no U+FFFD) and is counted apart rather than failed.
 */
export class AnswerChecker {
  private readonly tally: AnswerTally = { checked: 0, wrong: 0, undecodable: 0 };
  private readonly knownRight = new Map<ExpectedAnswer, string>();

  constructor(private readonly label: string) {}

  observe(expected: ExpectedAnswer, status: number, body: string): void {
    if (status === 200 && this.knownRight.get(expected) === body) {
      this.tally.checked++;
      return;
    }
    const problem = this.judge(expected, status, body);
    if (problem === 'undecodable') {
      this.tally.undecodable++;
      return;
    }
    this.tally.checked++;
    if (problem === undefined) {
      if ('data' in expected) this.knownRight.set(expected, body);
      return;
    }
    this.tally.wrong++;
    this.tally.firstWrong ??= `${problem}: ${body.slice(0, 300)}`;
  }

  private judge(expected: ExpectedAnswer, status: number, body: string): string | 'undecodable' | undefined {
    if (status !== 200) return `HTTP ${status}`;
    if (body.includes('\uFFFD')) return 'undecodable';
    let parsed: { data?: unknown; errors?: unknown };
    try {
      parsed = JSON.parse(body);
    } catch {
      return 'not JSON';
    }
    if (parsed.errors) return 'errors';
    if ('check' in expected) return expected.check(parsed.data);
    if (!isDeepStrictEqual(parsed.data, expected.data)) return `data differs at ${firstDifference(parsed.data, expected.data) ?? '?'}`;
    return undefined;
  }

  result(): AnswerTally {
    return { ...this.tally };
  }

  /** Throws, naming the first wrong answer, unless every answer judged was right and some could be judged. */
  assertRight(): void {
    const { checked, wrong, undecodable, firstWrong } = this.tally;
    if (wrong > 0) throw new Error(`${this.label}: ${wrong} of ${checked} answers under load were wrong; first: ${firstWrong}`);
    if (checked === 0 && undecodable > 0) throw new Error(`${this.label}: none of the ${undecodable} answers under load could be decoded to check`);
  }
}
