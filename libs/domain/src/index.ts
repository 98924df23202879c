export * from './decision';
export * from './rejection-codes';
export * from './identity/identity.commands';
export * from './identity/identity.events';
export * from './identity/identity.state';
export * from './identity/login-policy';
export * from './identity/decide-identity';
export * from './identity/evolve-identity';
