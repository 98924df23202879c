/**
 * '@contest/testing/redis': a subpath of its own because redis-available probes Redis when it is
 * imported (a child process, up to half a second) and needs jest's `describe`.
 */
export * from './redis-available';
export * from './redis-probe';
export * from './redis-server';
