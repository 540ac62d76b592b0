import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, execute, GraphQLError, GraphQLSchema, OperationDefinitionNode, validate } from 'graphql';
import { buildContractSchema } from '../../../access-policies/compiler/contracts';
import { CONTRACTS_DIR } from '../../../schema/generate';
import type { GatewayContext } from '../context';

export function loadContracts(directory = CONTRACTS_DIR): Map<string, GraphQLSchema> {
  const contracts = new Map<string, GraphQLSchema>();
  for (const file of fs.readdirSync(directory).filter((f) => f.endsWith('.graphql'))) {
    contracts.set(path.basename(file, '.graphql'), buildContractSchema(fs.readFileSync(path.join(directory, file), 'utf8')));
  }
  return contracts;
}

/**
 * Each department sees its contract schema: operations are validated against it (a field the
 * department may never read does not exist for it) and introspection is answered from it, so app
 * developers generate clients from exactly their view. Validation results are cached per
 * (department, document), as Apollo caches parsing.
 */
export function contractPlugin(contracts: Map<string, GraphQLSchema>): ApolloServerPlugin<GatewayContext> {
  const validated = new Map<string, readonly GraphQLError[]>();
  return {
    async requestDidStart({ contextValue }) {
      const contract = contracts.get(contextValue.caller.department);
      return {
        async didResolveOperation({ document, source }) {
          if (!contract) throw new GraphQLError('no contract schema for this department', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
          const key = `${contextValue.caller.department}\u0000${createHash('sha256').update(source).digest('base64')}`;
          let errors = validated.get(key);
          if (!errors) {
            errors = validate(contract, document);
            if (validated.size > 5000) validated.clear();
            validated.set(key, errors);
          }
          if (errors.length > 0) {
            throw new GraphQLError(errors[0].message, {
              nodes: errors[0].nodes,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 }, contract: contextValue.caller.department },
            });
          }
        },
        async responseForOperation({ document, operation, request }) {
          if (!contract || !isIntrospectionOnly(operation)) return null;
          const result = await execute({ schema: contract, document: document as DocumentNode, variableValues: request.variables, operationName: request.operationName });
          return { http: { status: 200, headers: new Map() as never }, body: { kind: 'single', singleResult: result } } as never;
        },
      };
    },
  };
}

function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return operation.operation === 'query' && operation.selectionSet.selections.every(
    (s) => s.kind === 'Field' && s.name.value.startsWith('__'),
  );
}
