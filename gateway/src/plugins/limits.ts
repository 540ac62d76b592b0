import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';

const MAX_TOKENS = 3000;

/**
 * Operation limits, from graphql-armor: depth, aliases, directives and cost, each refused with a
 * clear error before planning; field suggestions are blocked, because "did you mean …" would name
 * fields a department's contract hides. The token limit uses armor's lexer through our own small
 * plugin: armor's Apollo plugin re-throws every syntax error as a 500.
 */
export function operationLimits() {
  const armor = new ApolloArmor({
    maxDepth: { n: 15 },
    maxAliases: { n: 20 },
    maxDirectives: { n: 20 },
    maxTokens: { enabled: false },
    costLimit: { maxCost: 20000 },
    blockFieldSuggestion: { enabled: true },
  });
  const protection = armor.protect();
  return { validationRules: protection.validationRules, plugins: [...protection.plugins, maxTokensPlugin(MAX_TOKENS)] };
}

function maxTokensPlugin(n: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async parsingDidStart({ source }) {
          if (source === undefined) return;
          try {
            new MaxTokensParserWLexer(source, { n, exposeLimits: true } as never).parseDocument();
          } catch (error) {
            const message = (error as Error).message ?? '';
            // Syntax errors are left to Apollo's own parser, which reports them as 400s.
            if (/token limit/i.test(message)) {
              throw new GraphQLError(message.replace(/^Syntax Error: /, ''), { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
            }
          }
        },
      };
    },
  };
}
