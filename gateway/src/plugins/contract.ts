import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import {
  buildASTSchema,
  DocumentNode,
  execute,
  GraphQLError,
  GraphQLSchema,
  OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
  ValidationRule,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { CONTRACTS_DIR } from '../../../platform/schema-artifacts';
import { ErrorCode } from '../../../platform/errors';
import type { GatewayContext } from '../context';
import { introspectionUse } from './introspection';
import { limitMessage } from './limits';

export function loadContracts(directory = CONTRACTS_DIR): Map<string, GraphQLSchema> {
  const contracts = new Map<string, GraphQLSchema>();
  for (const file of fs.readdirSync(directory).filter((f) => f.endsWith('.graphql'))) {
    contracts.set(path.basename(file, '.graphql'), buildASTSchema(parse(fs.readFileSync(path.join(directory, file), 'utf8'))));
  }
  return contracts;
}

const CACHE_LIMIT = 5000;

/**
 * Each department sees its contract schema, and only it. Apollo's own validation (against the whole
 * supergraph) is switched off in server.ts, so the first thing any operation is checked against is
 * the caller's contract: a field, argument or type the department may never read does not exist for
 * it, and its errors are word for word those of a name that exists nowhere (suggestions removed).
 * Only then is the operation chosen, checked against the supergraph and its variables coerced.
 *
 * Introspection (`__schema`, `__type`) is answered from the contract. An operation that mixes it
 * with data fields is refused: its data part would be planned by the gateway over the supergraph,
 * and splitting one operation between two schemas is where a leak would hide; introspection
 * clients send it as an operation of its own anyway.
 */
export function contractPlugin(contracts: Map<string, GraphQLSchema>, limitRules: ValidationRule[]): ApolloServerPlugin<GatewayContext> {
  const contractErrors = new Map<string, ContractError | null>();
  const supergraphErrors = new Map<string, GraphQLError | null>();
  const cached = <T>(cache: Map<string, T>, key: string, compute: () => T): T => {
    if (cache.has(key)) return cache.get(key)!;
    const value = compute();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
    return value;
  };
  return {
    async requestDidStart({ contextValue }) {
      const department = contextValue.caller.department;
      const contract = contracts.get(department);
      let answerFromContract = false;
      return {
        async didResolveOperation(request) {
          if (!contract) {
            throw new GraphQLError(`no contract schema for ${department}: run npm run compose`, {
              extensions: { code: ErrorCode.FORBIDDEN, reason: 'NO_CONTRACT', http: { status: 403 } },
            });
          }
          const { document } = request;
          const hash = createHash('sha256')
            .update(request.source ?? '')
            .digest('base64');
          const invalid = cached(contractErrors, `${department}\u0000${hash}`, () => firstContractError(contract, document, limitRules));
          if (invalid) throw refusal(invalid.message, invalid.reason, { nodes: invalid.nodes, contract: department });
          const operation = chosenOperation(request);
          const use = introspectionUse(document, operation);
          if (use === 'mixed') {
            throw refusal(
              "__schema and __type must be asked in an operation of their own (without data fields); they are answered from your department's contract",
              'INTROSPECTION_MIXED',
              { contract: department },
            );
          }
          answerFromContract = use === 'only';
          if (!answerFromContract) {
            // Cannot name anything hidden: only names the contract has got this far.
            const mismatch = cached(supergraphErrors, hash, () => validate(request.schema, document, specifiedRules, { maxErrors: 1 })[0] ?? null);
            if (mismatch) throw refusal(withoutSuggestions(mismatch.message), 'INVALID_OPERATION', { nodes: mismatch.nodes, contract: department });
          }
          const coerced = getVariableValues(contract, operation.variableDefinitions ?? [], request.request.variables ?? {}, { maxErrors: 1 });
          if (coerced.errors) {
            throw new GraphQLError(withoutSuggestions(coerced.errors[0].message), {
              nodes: coerced.errors[0].nodes,
              extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'INVALID_VARIABLES', http: { status: 400 } },
            });
          }
        },
        async responseForOperation({ document, request }) {
          if (!contract || !answerFromContract) return null;
          const result = await execute({
            schema: contract,
            document: document as DocumentNode,
            variableValues: request.variables,
            operationName: request.operationName,
          });
          return { http: { status: 200, headers: new Map() as never }, body: { kind: 'single', singleResult: result } } as never;
        },
      };
    },
  };
}

interface ContractError {
  message: string;
  nodes: GraphQLError['nodes'];
  reason: 'INVALID_OPERATION' | 'LIMIT_EXCEEDED';
}

/** The document's first error against the contract: the language's rules first, then the limits. */
function firstContractError(contract: GraphQLSchema, document: DocumentNode, limitRules: ValidationRule[]): ContractError | null {
  const [invalid] = validate(contract, document, specifiedRules, { maxErrors: 1 });
  if (invalid) return { message: withoutSuggestions(invalid.message), nodes: invalid.nodes, reason: 'INVALID_OPERATION' };
  const [overLimit] = validate(contract, document, limitRules, { maxErrors: 1 });
  if (overLimit) return { message: limitMessage(overLimit), nodes: overLimit.nodes, reason: 'LIMIT_EXCEEDED' };
  return null;
}

/**
 * The operation to run, or a 400 saying why there is none: Apollo leaves `operation` undefined when
 * a document holds several operations and no operationName, or none of that name.
 */
function chosenOperation({ operation, document, request }: GraphQLRequestContextDidResolveOperation<GatewayContext>): OperationDefinitionNode {
  if (operation) return operation;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const names = operations.map((o) => o.name?.value ?? '(anonymous)').join(', ');
  if (request.operationName) {
    throw new GraphQLError(`There is no operation named "${request.operationName}" in the document; it holds: ${names}`, {
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE', reason: 'UNKNOWN_OPERATION', http: { status: 400 } },
    });
  }
  throw new GraphQLError(`The document holds ${operations.length} operations (${names}): say which to run in operationName`, {
    extensions: { code: 'OPERATION_RESOLUTION_FAILURE', reason: 'OPERATION_NOT_CHOSEN', http: { status: 400 } },
  });
}

function refusal(message: string, reason: string, options: { nodes?: GraphQLError['nodes']; contract: string }): GraphQLError {
  return new GraphQLError(message, {
    nodes: options.nodes,
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason, contract: options.contract, http: { status: 400 } },
  });
}

/** "Did you mean …?" names what a department may see; removed so that every unknown name reads alike. */
function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}
