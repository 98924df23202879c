// A TCP port nothing listens on right now, for a server a test starts itself.
export { freePort } from '../../../src/platform/database/embedded-postgres';
