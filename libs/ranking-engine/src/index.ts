export * from './ruleset';
export * from './validate-ruleset';
export * from './canonical';
export * from './formulas';
export * from './exact-sum';
export * from './tally-facts';
export * from './tie-break';
export * from './contest-tally';
