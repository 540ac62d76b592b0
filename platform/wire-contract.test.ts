import { readAccessReport } from './wire-contract';

describe('the access report a subgraph sends the gateway', () => {
  const read = { entityType: 'Person', entityKey: 'P000000001', subjectDigest: 'ab12', raw: ['Person.name'], masked: ['Person.idNumber'], denied: [] };

  it('is read as the contract declares it, writes included; no report is no records', () => {
    expect(readAccessReport([read])).toEqual([read]);
    const write = { ...read, written: ['Person.phone'], beforeDigest: 'b', afterDigest: 'a', changeRequestId: 'CR000001' };
    expect(readAccessReport([write])).toEqual([write]);
    expect(readAccessReport(undefined)).toEqual([]);
  });

  it.each([
    ['not a list', { entityType: 'Person' }, /\(root\)/],
    ['a record without its key', [{ ...read, entityKey: '' }], /0\.entityKey/],
    ['coordinates that are not text', [{ ...read, raw: [42] }], /0\.raw\.0/],
    ['a field the contract does not have (a value smuggled beside the keys)', [{ ...read, phone: '13800000000' }], /Unrecognized key/],
    ['a missing list', [{ entityType: 'Person', entityKey: 'P1', raw: [], masked: [] }], /0\.denied/],
  ])('refuses %s, naming where', (_, report, message) => {
    expect(() => readAccessReport(report)).toThrow(message);
  });
});
