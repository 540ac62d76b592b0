import fs from 'node:fs';
import path from 'node:path';
import { repoPath } from '../../platform/repo-root';
import { SUBGRAPHS } from '../../platform/services';
import { inputsKey, seedInputs } from './dump-key';

/** The dumps every test federation starts from are found by this key: a stale one must never match. */
describe('the key of the dumped test databases', () => {
  const inputs = seedInputs();
  const read = (file: string) => fs.readFileSync(file);

  it('covers every migration, the seed and everything it imports, and the data files it reads', () => {
    for (const { name } of SUBGRAPHS) {
      const folder = repoPath('subgraphs', name, 'prisma', 'migrations');
      for (const migration of fs.readdirSync(folder).filter((f) => fs.statSync(path.join(folder, f)).isDirectory())) {
        expect(inputs).toContain(path.join(folder, migration, 'migration.sql'));
      }
    }
    expect(inputs).toEqual(
      expect.arrayContaining([
        repoPath('dist', 'subgraphs', 'population', 'prisma', 'seed.js'),
        repoPath('dist', 'synthetic-city', 'persons.js'),
        repoPath('dist', 'platform', 'identifiers', 'resident-id.js'),
        repoPath('dist', 'subgraphs', 'events', 'src', 'seed', 'simulate.js'),
        repoPath('subgraphs', 'events', 'catalogue.yaml'),
      ]),
    );
    // Resolvers do not shape the seeded data: changing one must not rebuild the dumps.
    expect(inputs.filter((f) => f.includes(`${path.sep}resolvers${path.sep}`))).toEqual([]);
  });

  it('changes when any input changes by a byte, or a new one appears', () => {
    const key = inputsKey(inputs, read);
    expect(inputsKey(inputs, read)).toBe(key);
    const migration = inputs.find((f) => f.endsWith('migration.sql'))!;
    const generator = inputs.find((f) => f.endsWith('persons.js'))!;
    for (const changed of [migration, generator]) {
      expect(inputsKey(inputs, (f) => (f === changed ? Buffer.concat([read(f), Buffer.from(' ')]) : read(f)))).not.toBe(key);
    }
    expect(inputsKey([...inputs, repoPath('package.json')], read)).not.toBe(key);
  });
});
