/** One jest run: pure specs, integration specs (Postgres/Redis) and HTTP end-to-end specs. */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
    // ESM-only dependencies that jest on Node 20 cannot require: compiled to CommonJS here.
    '^.+/node_modules/content-disposition/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^@contest/domain$': '<rootDir>/libs/domain/src',
    '^@contest/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
    '^@contest/ranking-engine$': '<rootDir>/libs/ranking-engine/src',
    '^@contest/ranking-engine/(.*)$': '<rootDir>/libs/ranking-engine/src/$1',
    '^@contest/client$': '<rootDir>/libs/client/src',
    '^@contest/client/(.*)$': '<rootDir>/libs/client/src/$1',
    '^@contest/browser$': '<rootDir>/libs/browser/src',
    '^@contest/testing$': '<rootDir>/libs/testing/src',
    '^@contest/testing/(.*)$': '<rootDir>/libs/testing/src/$1',
  },
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
