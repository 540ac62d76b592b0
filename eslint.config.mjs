// ESLint for the TypeScript (typescript-eslint's recommended rules, without type information so a
// full run stays in seconds) and, through @graphql-eslint, for the subgraphs' SDL. Formatting is
// prettier's alone: eslint-config-prettier turns off every rule that would argue with it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'bench/node_modules/**',
      'bench/results/**',
      '.data/**',
      'subgraphs/*/prisma/generated/**',
      'subgraphs/*/src/generated/**',
      'gateway/console/src/api/operation-types.ts',
      'gateway/console/dist/**',
      'schema/contracts/**',
      'schema/supergraph.graphql',
    ],
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // `_`-prefixed parameters are GraphQL's positional (parent, args, ctx) that a resolver skips.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Test doubles of external shapes and JSON from the wire are typed at their use.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      // A `let` assigned once after a closure that reads it (a server's stop hook) cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Inputs are searched for control characters on purpose, to refuse them.
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['subgraphs/*/schema.graphql'],
    languageOptions: { parser: graphqlPlugin.parser },
    plugins: { '@graphql-eslint': graphqlPlugin },
    // no-typename-prefix is off: Grid.gridWorkers names the domain's term (网格员), not its type.
    // Descriptions are required by schema/description-check.ts (in `compose --check`), which also
    // knows the federation directives these rules would need a loaded schema for.
    rules: {
      '@graphql-eslint/naming-convention': [
        'error',
        {
          types: 'PascalCase',
          FieldDefinition: 'camelCase',
          InputValueDefinition: 'camelCase',
          Argument: 'camelCase',
          EnumValueDefinition: 'UPPER_CASE',
        },
      ],
      '@graphql-eslint/unique-enum-value-names': 'error',
      '@graphql-eslint/no-hashtag-description': 'error',
    },
  },
  prettier,
);
