import { decideField } from '../runtime/decide';
import type { Inference, MaskName, Policies, PolicyFile } from '../runtime/model';

/** How a department gets a field: in full, or through a mask. */
export type Exposure = 'allow' | MaskName;

/** Component → candidates that remain for it (1 = known). */
type Knowledge = Map<string, { remaining: number; from: string }>;

export interface InferenceFinding {
  department: string;
  value: string;
  /** The masks the department sees the value through (over all its purposes). */
  masks: Exposure[];
  candidates: number;
  minimum: number;
  /** What told the department each component it knows: `component ← Type.field (exposure)`. */
  sources: string[];
}

/**
 * Every way a department can get a field, whatever purpose it states. Answers to requests made
 * with different purposes can be combined, so a department's knowledge is the union over all of
 * them, and over no purpose at all.
 */
export function exposuresOf(policies: Policies, subgraph: string, coordinate: string, department: string): Set<Exposure> {
  const exposures = new Set<Exposure>();
  const purposes = policies.departments.get(department)?.purposes ?? [];
  for (const purpose of [undefined, ...purposes]) {
    const decision = decideField(policies, subgraph, coordinate, { department, level: 'city', jurisdiction: [], purpose });
    if (decision.effect === 'allow') exposures.add('allow');
    if (decision.effect === 'mask') exposures.add(decision.mask);
  }
  return exposures;
}

/**
 * How many values a masked value still could be, given what is known of its components: the product
 * of the unknown components' remaining candidates, divided by the check character's modulus when
 * the check character is shown (only 1 in m combinations carries the shown check). Never below 1.
 */
export function candidatesOf(components: Record<string, number | { check: number }>, known: ReadonlyMap<string, number>): number {
  let candidates = 1;
  let shownCheck = 1;
  for (const [name, size] of Object.entries(components)) {
    if (typeof size === 'object') {
      if (known.get(name) === 1) shownCheck = size.check;
      continue;
    }
    candidates *= Math.min(size, known.get(name) ?? size);
  }
  return Math.max(1, Math.floor(candidates / shownCheck));
}

function learn(knowledge: Knowledge, inference: Inference, coordinate: string, exposure: Exposure): void {
  const shown = inference.reveals[coordinate]?.[exposure];
  if (!shown) return;
  const entries: [string, number][] = Array.isArray(shown) ? shown.map((c) => [c, 1]) : Object.entries(shown);
  for (const [component, remaining] of entries) {
    // Sources of one component are taken to be nested (a year and month tells more than the year);
    // where two sources are not, declare two components.
    const known = knowledge.get(component);
    if (!known || remaining < known.remaining) knowledge.set(component, { remaining, from: `${coordinate} (${exposure})` });
  }
}

/**
 * The masks that other fields undo: for every department (the owner reads everything anyway) and
 * every value the department may see only masked, what it can rebuild from everything it may read.
 */
export function inferenceFindings(policies: Policies, subgraph: string): InferenceFinding[] {
  const file = policies.subgraphs.get(subgraph);
  const inference = file?.inference;
  if (!file || !inference) return [];
  const findings: InferenceFinding[] = [];
  for (const department of policies.departments.keys()) {
    if (department === file.owner) continue;
    const knowledge: Knowledge = new Map();
    for (const coordinate of Object.keys(inference.reveals)) {
      for (const exposure of exposuresOf(policies, subgraph, coordinate, department)) learn(knowledge, inference, coordinate, exposure);
    }
    for (const [value, model] of Object.entries(inference.values)) {
      const exposures = [...exposuresOf(policies, subgraph, value, department)];
      if (exposures.length === 0 || exposures.includes('allow')) continue;
      const relevant = [...knowledge].filter(([component]) => component in model.components);
      const known = new Map(relevant.map(([component, k]) => [component, k.remaining]));
      findings.push({
        department,
        value,
        masks: exposures,
        candidates: candidatesOf(model.components, known),
        minimum: model.minCandidates ?? inference.minCandidates,
        sources: relevant.map(([component, k]) => `${component}${k.remaining > 1 ? ` (to ${k.remaining})` : ''} ← ${k.from}`),
      });
    }
  }
  return findings;
}

/** The compiler's verdict: one problem per department and value narrowed below its minimum. */
export function inferenceProblems(policies: Policies, subgraph: string): string[] {
  const name = `${subgraph}.policy.yaml`;
  const file = policies.subgraphs.get(subgraph);
  if (!file) return [];
  const problems = declarationProblems(policies, file).map((p) => `${name}: inference: ${p}`);
  if (problems.length > 0) return problems;
  for (const f of inferenceFindings(policies, subgraph)) {
    if (f.candidates >= f.minimum) continue;
    problems.push(
      `${name}: ${f.department} may see ${f.value} only masked (${f.masks.join(', ')}), yet with what else it may read, ` +
        `over every purpose it may state, it narrows it to ${f.candidates} candidate${f.candidates === 1 ? '' : 's'}, ` +
        `fewer than ${f.minimum}: ${f.sources.join('; ')}`,
    );
  }
  return problems;
}

/**
 * The model must be complete where it matters, or the check would pass by omission: every value a
 * grant masks is modelled, every way a department gets a modelled or revealing field says what it
 * shows, and every component named is declared once with one size.
 */
function declarationProblems(policies: Policies, file: PolicyFile): string[] {
  const problems: string[] = [];
  const inference = file.inference;
  const fieldExists = (coordinate: string) => {
    const [t, f] = coordinate.split('.');
    return Boolean(file.types[t]?.fields[f]);
  };
  const sizes = new Map<string, string>();
  for (const [value, model] of Object.entries(inference?.values ?? {})) {
    if (!fieldExists(value)) problems.push(`values names unknown coordinate ${value}`);
    for (const [component, size] of Object.entries(model.components)) {
      const text = JSON.stringify(size);
      if (sizes.has(component) && sizes.get(component) !== text) problems.push(`component ${component} has two sizes (${sizes.get(component)} and ${text})`);
      sizes.set(component, text);
    }
  }
  for (const [coordinate, byExposure] of Object.entries(inference?.reveals ?? {})) {
    if (!fieldExists(coordinate)) problems.push(`reveals names unknown coordinate ${coordinate}`);
    for (const [exposure, shown] of Object.entries(byExposure)) {
      for (const component of Array.isArray(shown) ? shown : Object.keys(shown)) {
        if (!sizes.has(component)) problems.push(`${coordinate} (${exposure}) reveals ${component}, which no value declares`);
      }
    }
  }
  for (const [typeName, type] of Object.entries(file.types)) {
    for (const [fieldName, field] of Object.entries(type.fields)) {
      const coordinate = `${typeName}.${fieldName}`;
      for (const grant of Object.values(field.grants ?? {})) {
        const mask = typeof grant === 'object' ? grant.mask : undefined;
        if (!mask || mask === 'welfare-tags') continue;
        if (!inference?.values[coordinate]) problems.push(`${coordinate} is granted masked (${mask}) but is not among the values: say what it is made of`);
      }
    }
  }
  if (!inference) return problems;
  const watched = new Set([...Object.keys(inference.values), ...Object.keys(inference.reveals)]);
  for (const coordinate of watched) {
    for (const department of policies.departments.keys()) {
      if (department === file.owner) continue;
      for (const exposure of exposuresOf(policies, file.subgraph, coordinate, department)) {
        const declared = inference.reveals[coordinate]?.[exposure];
        if (!declared) {
          problems.push(`${department} gets ${coordinate} as ${exposure}, but reveals.${coordinate} does not say what that shows`);
        }
      }
    }
  }
  return [...new Set(problems)];
}
