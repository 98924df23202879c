export * from './app-process';
export * from './http';
export * from './users';
export * from './api-client';
