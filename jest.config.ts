import type { Config } from 'jest';

// Aliases mirror tsconfig.json "paths"; type-checking is done once by `tsc --noEmit`,
// so ts-jest only transpiles (isolatedModules) to keep the suite fast.
const moduleNameMapper = {
  '^@app/(events|event-store|config|observability|ingestion|clock|history|projections|kafka-ingestion|thread-channel|validation|insights|auth|insights-llm)(|/.*)$':
    '<rootDir>/libs/$1/src$2',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  // jose ships ES modules only; Jest's CommonJS runtime needs them transpiled (the app's bundle takes them as they are).
  '/node_modules/jose/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
};
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const common = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform,
  transformIgnorePatterns,
  testEnvironment: 'node',
};

const config: Config = {
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  projects: [
    {
      ...common,
      displayName: 'unit',
      rootDir: '.',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/hindsight/**/*.spec.ts', '<rootDir>/apps/bench/**/*.spec.ts'],
    },
    { ...common, displayName: 'e2e', rootDir: '.', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // The agent desktop's rules and views, in a browser-like DOM; JSX is transpiled only (tsc checks types).
    {
      displayName: 'desktop',
      rootDir: '.',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/desktop/**/*.spec.ts', '<rootDir>/apps/desktop/**/*.spec.tsx'],
      moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
      transform: {
        '^.+\\.tsx?$': [
          'ts-jest',
          { diagnostics: false, tsconfig: { jsx: 'react-jsx', module: 'commonjs', esModuleInterop: true, isolatedModules: true } },
        ],
      },
      moduleNameMapper: { '\\.css$': '<rootDir>/apps/desktop/test-support/style.stub.js' },
    },
  ],
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
};

export default config;
