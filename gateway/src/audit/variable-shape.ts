import { createHmac } from 'node:crypto';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  GraphQLSchema,
  OperationDefinitionNode,
  typeFromAST,
} from 'graphql';
import { boundedJson, DEFAULT_JSON_LIMITS } from '../../../audit-trail/bounded-json';
import { subjectDigest } from '../../../audit-trail/subject-digest';
import { validateCreditCode } from '../../../platform/identifiers/credit-code';

/**
 * Variables and mutation inputs as the trail keeps them: by shape, never by value. What says what
 * was asked stays (enum values, numbers, booleans, codes and ids where the schema expects an ID, a
 * legal entity's credit code);
 * a resident ID number becomes the keyed digest auditors search persons by (subject-digest.ts), a
 * phone its keyed digest, and any other text its length and keyed digest, so that equal values can
 * be matched without the trail holding them. Where the type is unknown (a document that did not
 * parse, a variable the operation does not declare) nothing textual is kept.
 */
export type VariableShaper = (variables: Record<string, unknown>, operation?: OperationDefinitionNode, schema?: GraphQLSchema) => Record<string, unknown>;

/** 18 characters (GB 11643: 17 digits and a check digit or X), typed with or without spaces around. */
const ID_NUMBER = /^\d{17}[\dX]$/;
/** A mainland mobile number, with an optional +86 and separators. */
const PHONE = /^(?:\+?86)?1[3-9]\d{9}$/;
/** What an ID or code looks like: no spaces, no punctuation beyond separators, short. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;
const ENUM_VALUE = /^[A-Z][A-Z0-9_]{0,63}$/;
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Seven digits in a row could be most of a phone or ID number, even inside a name. */
const DIGIT_RUN = /\d{7}/;
/** The form clients and gateways generate request ids in; no personal identifier has it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A mobile number's length: an id holding such a run may hold a phone or an ID number. */
const PHONE_LENGTH_RUN = /\d{11}/;

/** How the gateway records what a caller sent, under the key of the subject digests. */
export interface RecordShaping {
  variables: VariableShaper;
  /**
   * The operation's document, keyed: a document can hold personal values as literals
   * (`personByIdNumber(idNumber: "…")`), and a plain hash of a known template could be reversed by
   * trying every ID number. Equal documents still have equal digests.
   */
  document: (source: string) => string;
  /**
   * A request id the client chose: kept when it looks like an id (so the client can find its
   * record), shaped like any text otherwise, since nothing stops a client from sending a phone there.
   */
  clientRequestId: (value: string) => string;
}

export function recordShaping(key: Buffer): RecordShaping {
  const variables = variableShaper(key);
  return {
    variables,
    document: (source) => createHmac('sha256', key).update(`document\u0000${source}`).digest('hex'),
    // Kept so a client can find its record: a UUID (often with long digit runs by chance), or an id
    // without a phone-length run of digits (a date-stamped "req-20261127-0001" is kept).
    clientRequestId: (value) => (UUID.test(value) || (CODE.test(value) && !PHONE_LENGTH_RUN.test(value)) ? value : (variables({ id: value }).id as string)),
  };
}

/** undefined: the type is unknown, keep nothing textual. */
type Context = GraphQLInputType | undefined;

export function variableShaper(key: Buffer): VariableShaper {
  const digest = (kind: string, value: string, length = 32) => createHmac('sha256', key).update(`${kind}\u0000${value}`).digest('hex').slice(0, length);

  const shapeString = (value: string, type: Context): string => {
    const compact = value.trim().toUpperCase();
    if (ID_NUMBER.test(compact)) return `[id-number:${subjectDigest(key, compact)}]`;
    const digits = value.replace(/[\s()-]/g, '');
    if (PHONE.test(digits)) return `[phone:${digest('phone', digits.slice(-11))}]`;
    const named = type ? getNamedType(type) : undefined;
    if (named instanceof GraphQLEnumType && ENUM_VALUE.test(value)) return value;
    if (named instanceof GraphQLScalarType && named.name === 'ID' && CODE.test(value)) return value;
    // A legal entity's credit code is public (it is on the licence) and says which entity was asked for.
    if (named instanceof GraphQLScalarType && named.name === 'String' && validateCreditCode(value).ok) return value;
    return `[text:${[...value].length}:${digest('text', value)}]`;
  };

  const leaf = (value: unknown, type: Context): unknown => {
    if (typeof value === 'string') return shapeString(value, type);
    // A number can carry a phone or an ID number as well as a string can.
    if (typeof value === 'number' && DIGIT_RUN.test(String(value))) return shapeString(String(value), undefined);
    return value;
  };

  const child = (type: Context, key: string | number): Context => {
    if (!type) return undefined;
    const inner = type instanceof GraphQLNonNull ? type.ofType : type;
    if (inner instanceof GraphQLList) return typeof key === 'number' ? inner.ofType : undefined;
    if (inner instanceof GraphQLInputObjectType && typeof key === 'string') return inner.getFields()[key]?.type;
    return undefined;
  };

  const shapeKey = (name: string) => (NAME.test(name) && !DIGIT_RUN.test(name) ? name : `#${digest('key', name, 16)}`);

  return (variables, operation, schema) => {
    const declared = new Map<string, GraphQLInputType>();
    if (operation && schema) {
      for (const definition of operation.variableDefinitions ?? []) {
        const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
        if (type) declared.set(definition.variable.name.value, type);
      }
    }
    // The root is the variables object: its keys are variable names, each typed by its declaration.
    const root = Symbol('variables');
    type Walk = Context | typeof root;
    const shaped = boundedJson<Walk>(
      variables,
      DEFAULT_JSON_LIMITS,
      {
        leaf: (value, context) => leaf(value, context === root ? undefined : context),
        key: (name) => shapeKey(name),
        child: (context, name) => (context === root ? declared.get(String(name)) : child(context, name)),
      },
      root,
    );
    return shaped !== null && typeof shaped === 'object' && !Array.isArray(shaped) ? (shaped as Record<string, unknown>) : {};
  };
}
