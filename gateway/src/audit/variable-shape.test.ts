import { buildSchema, OperationDefinitionNode, parse } from 'graphql';
import { subjectDigest } from '../../../audit-trail/subject-digest';
import { makeResidentIdNumber } from '../../../platform/identifiers/resident-id';
import { makeCreditCode } from '../../../platform/identifiers/credit-code';
import { recordShaping, variableShaper } from './variable-shape';

const schema = buildSchema(`
  enum Light { RED GREEN }
  input ReportInput { categoryCode: ID! description: String! contactName: String contactPhone: String personIds: [ID!] light: Light days: Int }
  type Query { person(id: ID!): String personByIdNumber(idNumber: String!): String entity(uscc: String!): String }
  type Mutation { report(input: ReportInput!): String }
`);
const key = Buffer.alloc(32, 1);
const shape = variableShaper(key);
const operation = (source: string) => parse(source).definitions[0] as OperationDefinitionNode;
const ID_NUMBER = makeResidentIdNumber('449900', '1990-03-07', 12);

describe('variables by shape', () => {
  it('keeps what says what was asked and digests every personal value, typed by the operation', () => {
    const op = operation('mutation ($input: ReportInput!) { report(input: $input) }');
    const shaped = shape(
      {
        input: {
          categoryCode: 'fire.illegal-wiring',
          description: '张三在三楼楼道私拉电线',
          contactName: '张三',
          contactPhone: '138 0013 8000',
          personIds: ['P000123', '张三'],
          light: 'RED',
          days: 3,
        },
      },
      op,
      schema,
    );
    expect(shaped).toEqual({
      input: {
        categoryCode: 'fire.illegal-wiring',
        description: expect.stringMatching(/^\[text:11:[0-9a-f]{32}\]$/),
        contactName: expect.stringMatching(/^\[text:2:[0-9a-f]{32}\]$/),
        contactPhone: expect.stringMatching(/^\[phone:[0-9a-f]{32}\]$/),
        personIds: ['P000123', expect.stringMatching(/^\[text:2:/)],
        light: 'RED',
        days: 3,
      },
    });
    expect(JSON.stringify(shaped)).not.toMatch(/张三|13800138000|138 0013/);
  });

  it('records an ID number as the subject digest auditors search by, however it was typed', () => {
    const op = operation('query ($n: String!) { personByIdNumber(idNumber: $n) }');
    const digest = `[id-number:${subjectDigest(key, ID_NUMBER)}]`;
    expect(shape({ n: ID_NUMBER }, op, schema)).toEqual({ n: digest });
    expect(shape({ n: `  ${ID_NUMBER.toLowerCase()}\t` }, op, schema)).toEqual({ n: digest });
    // In an ID slot, in a variable nothing declares, as a number: still the digest.
    expect(shape({ x: ID_NUMBER }, operation('query ($x: ID!) { person(id: $x) }'), schema)).toEqual({ x: digest });
    expect(shape({ stray: ` ${ID_NUMBER} ` }, op, schema)).toEqual({ stray: digest });
    expect(shape({ phone: 13800138000 }, op, schema)).toEqual({ phone: expect.stringMatching(/^\[phone:/) });
  });

  it('keeps nothing textual where the type is unknown, and digests keys that could hold a value', () => {
    const shaped = shape({ name张三: 'RED', '13800138000': 1, ok_name: 'fire.illegal-wiring' }) as Record<string, unknown>;
    expect(Object.keys(shaped).sort()).toEqual([expect.stringMatching(/^#[0-9a-f]{16}$/), expect.stringMatching(/^#[0-9a-f]{16}$/), 'ok_name'].sort());
    expect(shaped.ok_name).toMatch(/^\[text:/);
  });

  it('keeps a legal entity credit code, which is public, and an enum only when it is one', () => {
    const uscc = makeCreditCode('91449900MA0000001');
    expect(shape({ u: uscc }, operation('query ($u: String!) { entity(uscc: $u) }'), schema)).toEqual({ u: uscc });
    const op = operation('mutation ($input: ReportInput!) { report(input: $input) }');
    expect(shape({ input: { light: 'red light 张三' } }, op, schema)).toEqual({ input: { light: expect.stringMatching(/^\[text:/) } });
  });

  it('bounds depth and size without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    const shaped = shape({ deep, wide: Array.from({ length: 1000 }, (_, i) => i) }) as Record<string, unknown[]>;
    expect(JSON.stringify(shaped.deep)).toMatch(/nested deeper than/);
    expect(shaped.wide.length).toBeLessThanOrEqual(101);
    expect(shaped.wide.at(-1)).toMatch(/^\[\+\d+ more\]$/);
  });

  it("keeps a client's request id when it is one, and shapes one that could hold a phone or an ID number", () => {
    const { clientRequestId } = recordShaping(Buffer.alloc(32, 7));
    // A UUID whose first group is all digits (a random UUID often has such runs) is still an id.
    expect(clientRequestId('36631505-c5a2-49d9-b1ea-5afe01706df2')).toBe('36631505-c5a2-49d9-b1ea-5afe01706df2');
    expect(clientRequestId('req-20261127-0001')).toBe('req-20261127-0001');
    expect(clientRequestId('req-13800138000')).toMatch(/^\[text:15:[0-9a-f]{32}\]$/);
    expect(clientRequestId(makeResidentIdNumber('449902', '1990-01-01', 1))).toMatch(/^\[id-number:/);
  });
});
