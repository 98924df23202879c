export * from './fuzz-client';
export * from './fuzz-openapi';
export * from './fuzz-requests';
