/**
 * The operation the explorer opens with, per department: something its contract answers, with the
 * purpose it needs, so a developer's first run returns data rather than an error.
 */
interface Example {
  purpose?: string;
  query: string;
}

const TOWN = '449900101000';

const persons = (fields: string) => `# Persons of a town, first page. Fields your policy masks come back masked; see each field's docs.
query TownPersons {
  persons(gridCode: "${TOWN}", first: 10) {
    totalCount
    edges { node { ${fields} } }
  }
}
`;

const EXAMPLES: Record<string, Example> = {
  'public-security': { purpose: 'population-management', query: persons('name idNumber phone residence { code }') },
  health: { purpose: 'epidemic-prevention', query: persons('name idNumber phone') },
  'civil-affairs': { purpose: 'social-assistance', query: persons('name idNumber tags') },
  'fire-rescue': { purpose: 'emergency-rescue', query: persons('name phone residence { code }') },
  'market-regulation': {
    query: `# Legal entities of a town, first page.
query TownEntities {
  legalEntities(gridCode: "${TOWN}", first: 10) {
    totalCount
    edges { node { uscc name industry status } }
  }
}
`,
  },
  'grid-command': {
    purpose: 'event-handling',
    query: `# Red events of a town, and the command centre's overview.
query RedEvents {
  events(gridCode: "${TOWN}", light: RED, first: 10) { totalCount edges { node { id title status department light } } }
}
`,
  },
};

const FALLBACK: Example = {
  query: `# A town with its counts and communities.
query Town {
  grid(code: "${TOWN}") { name level populationCount buildingCount legalEntityCount children { code name } }
}
`,
};

export function exampleFor(department: string): Example {
  return EXAMPLES[department] ?? FALLBACK;
}
