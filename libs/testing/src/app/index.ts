/**
 * '@contest/testing/app': helpers that load the application itself (the Nest app, the replay
 * engine), kept out of '@contest/testing' so that pure unit specs do not load it.
 */
export * from './replay-log';
export * from './test-app';
export * from './flow-context';
