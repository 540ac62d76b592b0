import type { KeySet } from '../platform/key-set';
import { Checkpoint, checkpointSignatureProblem } from './record';
import type { TrailProblem } from './trail-problem';
import type { CheckpointWitness } from './witness';

/** What the chain check learnt of the trail: its head, its hash at each position, its checkpoints. */
export interface CheckedTrail {
  seq: number;
  hashes: string[];
  checkpoints: number;
}

/**
 * The trail must hold, at every position the witness saw checkpointed, the very record the witness
 * saw: a rewritten (and re-chained, even re-signed) trail differs there, a cut one ends before it.
 */
export async function checkWitness(
  witness: CheckpointWitness,
  trail: CheckedTrail,
  keys: KeySet,
  prunedUpTo: number,
): Promise<{ seq: number; problem?: TrailProblem }> {
  const where = `audit witness ${witness.where}`;
  let last: Checkpoint | undefined;
  try {
    for await (const checkpoint of witness.entries()) {
      if (checkpoint.seq > trail.seq) {
        return {
          seq: trail.seq,
          problem: {
            seq: trail.seq + 1,
            where,
            problem: `the witness saw a checkpoint of record ${checkpoint.seq} but the trail ends at record ${trail.seq} (the tail was cut off)`,
          },
        };
      }
      if (checkpoint.seq >= prunedUpTo && trail.hashes[checkpoint.seq] !== checkpoint.hash) {
        return {
          seq: 0,
          problem: {
            seq: checkpoint.seq,
            where,
            problem: `record ${checkpoint.seq} is not the record the witness saw checkpointed (the trail was rewritten from here or before)`,
          },
        };
      }
      if (!last || checkpoint.seq >= last.seq) last = checkpoint;
    }
  } catch (error) {
    return { seq: 0, problem: { where, problem: `the witness cannot be read: ${(error as Error).message}` } };
  }
  if (!last) {
    if (trail.checkpoints === 0) return { seq: 0 };
    return {
      seq: 0,
      problem: { where, problem: `the witness holds no checkpoint although the trail has ${trail.checkpoints} (removed, or the wrong witness)` },
    };
  }
  const unsigned = checkpointSignatureProblem(last, keys);
  if (unsigned) return { seq: 0, problem: { seq: last.seq, where, problem: `the witness's checkpoint of record ${last.seq} ${unsigned}` } };
  return { seq: last.seq };
}
