// Helpers that load the app or probe Redis have subpaths: '@contest/testing/app' (Nest app,
// replays) and '@contest/testing/redis' (Redis probes, private redis-servers). The jest global
// setup and teardown (jest/) are named by jest.config.js only.
export * from './contest-history';
export * from './decider-spec';
export * from './free-port';
export * from './fuzz';
export * from './http';
export * from './ranking/tally-fixtures';
export * from './test-data-source';
export * from './test-database';
export * from './test-redis';
export * from './view-rebuild';
export * from './projector-fakes';
export * from './domain/command-arbitraries';
export * from './contract/reply-check';
export * from './contract/main-flows';
