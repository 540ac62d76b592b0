import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationRule } from 'graphql';

export const MAX_TOKENS = 3000;

export interface OperationLimits {
  /** Depth, aliases, directives and cost, from graphql-armor; the contract plugin runs them against the caller's contract. */
  validationRules: ValidationRule[];
  /** graphql-js stops parsing past this many tokens, before building a syntax tree of an oversized document. */
  parseOptions: { maxTokens: number };
  plugins: ApolloServerPlugin[];
}

/**
 * Operation limits, each refused with a 400 that names the limit. The token limit is graphql-js's
 * own parser option (armor's token plugin turned every syntax error into a 500); its parse error is
 * reworded here so that it says what happened. Field suggestions need no blocking: validation runs
 * against the contract only, and the contract plugin removes suggestions from every message.
 */
export function operationLimits(): OperationLimits {
  const armor = new ApolloArmor({
    maxDepth: { n: 15 },
    maxAliases: { n: 20 },
    maxDirectives: { n: 20 },
    maxTokens: { enabled: false },
    costLimit: { maxCost: 20000 },
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  return {
    validationRules: protection.validationRules as ValidationRule[],
    parseOptions: { maxTokens: MAX_TOKENS },
    plugins: [...protection.plugins, parseErrorReasons()],
  };
}

// graphql-js 16 spells it "more that".
const TOKEN_LIMIT = /Document contains more th(?:an|at) (\d+) tokens/;

/** Gives parse failures a reason the audit record keeps, and the token limit a message saying what to do. */
function parseErrorReasons(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (error.extensions?.code !== 'GRAPHQL_PARSE_FAILED') continue;
            const tooMany = TOKEN_LIMIT.exec(error.message);
            const extensions = error.extensions as Record<string, unknown>;
            if (tooMany) {
              (error as { message: string }).message =
                `The document has more than ${tooMany[1]} tokens, the limit of this gateway: split it into smaller operations`;
              extensions.reason = 'TOO_MANY_TOKENS';
            } else {
              extensions.reason ??= 'SYNTAX_ERROR';
            }
          }
        },
      };
    },
  };
}

/** armor prefixes every limit it enforces with "Syntax Error:", which a limit is not. */
export function limitMessage(error: GraphQLError): string {
  return error.message.replace(/^Syntax Error: /, '');
}
