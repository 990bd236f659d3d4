// The linter: rules that catch defects, and the layer boundaries of the server and the client as import rules.
// Formatting is Prettier's (npm run format; npm run lint checks it). The boundaries mirror test/unit/layers.test.ts and
// test/unit/protocol-boundary.test.ts, which stay the exact checks (they also see require() and import()); these
// rules report the same mistakes in the editor, at the line that makes them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * What each folder of server/src may import from the other folders of server/src (a folder may always import
 * itself). Bottom to top: core → syntax → goenv → model → rules → services (and explain, the build-log explainer,
 * beside rules); protocol is types over core; host, invocations and boot stand beside them (boot/ is what the
 * start-up loader in host/ tells the server); lsp (the handlers and converters to protocol types) builds on the
 * services and the host. The files of server/src itself (the LSP server and the CLI) are the top and may import
 * anything below. Only host/ touches the file system and processes.
 */
const MAY_IMPORT = {
  core: [],
  syntax: ['core'],
  goenv: ['core', 'syntax'],
  model: ['core', 'syntax', 'goenv'],
  rules: ['core', 'syntax', 'goenv', 'model'],
  services: ['core', 'syntax', 'goenv', 'model', 'rules', 'protocol'],
  // The build-log explainer: the go failure classifier (goenv/failures), the timeline and the model's edits; the
  // findings it offers fixes from are the caller's (it runs the analysis).
  explain: ['core', 'syntax', 'goenv', 'model'],
  protocol: ['core'],
  invocations: ['core', 'syntax'],
  host: ['core', 'syntax', 'goenv', 'model', 'invocations', 'boot'],
  lsp: ['core', 'model', 'services', 'explain', 'protocol', 'host'],
  boot: [],
};

/** The analysis reads only the texts it is given: the machine and the transports are the host's and the server's. */
const ANALYSIS = ['core', 'syntax', 'goenv', 'model', 'rules', 'services', 'explain'];
const MACHINE = { regex: '^(node:)?(fs|child_process)(/.*)?$', message: 'the file system and processes are the host’s (server/src/host)' };
const NOT_FOR_THE_ANALYSIS = [
  MACHINE,
  { regex: '^vscode-languageserver(/.*)?$', message: 'the LSP transport is the server’s (vscode-languageserver-types and -textdocument are plain data)' },
  { regex: '^vscode$', message: 'VS Code is the client’s' },
];

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The import patterns that keep a file `depth` folders below server/src/<folder> inside what <folder> may import.
 * A relative specifier climbing exactly `depth` levels names a folder or file of server/src; climbing more leaves
 * server/src, which only the locale files of l10n/ may. `allowed` lists folders.
 */
function boundaryPatterns(folder, depth, allowed) {
  const up = '\\.\\./'.repeat(depth);
  const names = [folder, ...allowed].map(escapeRegex).join('|');
  return [
    {
      // Beyond server/src only the locale files (l10n/*.json), which esbuild bundles as data.
      regex: `^${up}\\.\\.(?!/\\.\\./l10n/[^/]+\\.json$)(/|$)`,
      message: 'server/src imports nothing outside server/src but the locale files of l10n/',
    },
    {
      regex: `^${up}(?!(${names})(/|$))[^./]`,
      message: allowed.length
        ? `server/src/${folder} may import, besides itself, only ${allowed.join(', ')} of server/src: nothing above it`
        : `server/src/${folder} imports nothing of server/src outside itself`,
    },
  ];
}

function layerConfigs() {
  const configs = [];
  for (const [folder, allowed] of Object.entries(MAY_IMPORT)) {
    for (let depth = 1; depth <= 4; depth++) {
      const patterns = boundaryPatterns(folder, depth, allowed);
      if (ANALYSIS.includes(folder)) patterns.push(...NOT_FOR_THE_ANALYSIS);
      else if (folder !== 'host') patterns.push(MACHINE);
      configs.push({
        files: [`server/src/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
        rules: { 'no-restricted-imports': ['error', { patterns }] },
      });
    }
  }
  // The LSP server and the CLI reach the machine through host/ too.
  configs.push({ files: ['server/src/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [MACHINE] }] } });
  return configs;
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', '.bench/**', '.prof/**', 'test-results/**', '.tsbuild/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // tsc reports unused names (noUnusedLocals, noUnusedParameters).
      '@typescript-eslint/no-unused-vars': 'off',
      // Deliberate: the CLI and the secret tests strip and match control characters.
      'no-control-regex': 'off',
      // Deliberate: require() loads a module lazily, typed with `typeof import(…)`.
      '@typescript-eslint/no-require-imports': 'off',
      // The code uses `a && f()` and `(x = y), f()` as statements on purpose.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Style, not defects.
      'no-useless-escape': 'off',
      'preserve-caught-error': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The build and test scripts run on Node.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
  {
    // Promises nobody awaits or handles: a rejection would go unreported. These rules need the types (the TypeScript
    // projects give them), which costs time: they run on the sources of the server and the client only.
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  ...layerConfigs(),
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+server/(?!src/(protocol|core|goenv)(/|$))',
              message: 'the client imports from the server only server/src/protocol, core/ and goenv/',
            },
            { regex: '^(\\.\\./)+test(/|$)', message: 'the client does not import the tests' },
          ],
        },
      ],
    },
  },
);
