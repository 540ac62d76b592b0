import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationRule } from 'graphql';

export const MAX_TOKENS = 3000;
/** The limits every operation meets (README: "Limits"). */
export const MAX_DEPTH = 15;
export const MAX_ALIASES = 20;
export const MAX_DIRECTIVES = 20;
export const MAX_COST = 20000;

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
    maxDepth: { n: MAX_DEPTH },
    maxAliases: { n: MAX_ALIASES },
    maxDirectives: { n: MAX_DIRECTIVES },
    maxTokens: { enabled: false },
    costLimit: { maxCost: MAX_COST },
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

/** What a caller changes to fit under each of armor's limits, by the start of armor's message. */
const WHAT_TO_CHANGE: [RegExp, string][] = [
  // armor's cost is static: 1 per scalar and 2 per object selected, times 1.5 per level of nesting.
  [/^Query Cost limit/, 'select fewer fields, especially deep ones, or split the operation (README: "Limits")'],
  [/^Query depth limit/, 'nest fewer selections: fetch the deeper part with a second operation by its id'],
  [/^Aliases limit/, 'use fewer aliases: fetch the records with one list field instead'],
  [/^Directives limit/, 'use fewer directives in one operation'],
];

/**
 * armor prefixes every limit it enforces with "Syntax Error:", which a limit is not; and it says
 * what was exceeded, not what to do about it.
 */
export function limitMessage(error: GraphQLError): string {
  const message = error.message.replace(/^Syntax Error: /, '');
  const hint = WHAT_TO_CHANGE.find(([pattern]) => pattern.test(message))?.[1];
  return hint ? `${message} To fit: ${hint}.` : message;
}
