import { mergeAccesses } from './operation-record';

describe('access reports of one operation', () => {
  it('merge into one entry per record and subgraph, however many fetches reported it', () => {
    const entry = (raw: string[], masked: string[] = []) => ({ entityType: 'Event', entityKey: 'E1', subgraph: 'events', raw, masked, denied: [] });
    expect(
      mergeAccesses([entry(['Event.title']), entry(['Event.status'], ['Event.contactPhone']), { ...entry(['Person.name']), entityType: 'Person' }]),
    ).toEqual([
      { entityType: 'Event', entityKey: 'E1', subgraph: 'events', raw: ['Event.status', 'Event.title'], masked: ['Event.contactPhone'], denied: [] },
      { entityType: 'Person', entityKey: 'E1', subgraph: 'events', raw: ['Person.name'], masked: [], denied: [] },
    ]);
  });
});
