import {
  AGGREGATE_KINDS,
  BAYESIAN_DEFAULT_M,
  BAYESIAN_DEFAULT_PRIOR,
  Decay,
  DECAY_KINDS,
  EXPONENTIAL_DEFAULT_HALF_LIFE_HOURS,
  GRAVITY_DEFAULT_GRAVITY,
  GRAVITY_DEFAULT_OFFSET_HOURS,
  VoteAggregate,
  WILSON_DEFAULT_Z,
} from '../ruleset';
import { NON_NEGATIVE, ObjectReader, POSITIVE } from './object-reader';

/**
 * The `kind` picks the variant and defaults to the first one, so `{}` is valid; a parameter of
 * another variant is then an unknown field, which catches `{ "z": 2 }` with the kind forgotten.
 */
export function readAggregate(reader: ObjectReader): VoteAggregate {
  const kind = reader.oneOf('kind', AGGREGATE_KINDS, 'net');
  const context = `for kind ${kind}`;
  switch (kind) {
    case 'net':
      reader.rejectUnknown(['kind'], context);
      return { kind };
    case 'wilson':
      reader.rejectUnknown(['kind', 'z'], context);
      return { kind, z: reader.number('z', WILSON_DEFAULT_Z, POSITIVE) };
    case 'bayesian':
      reader.rejectUnknown(['kind', 'm', 'prior'], context);
      return {
        kind,
        m: reader.number('m', BAYESIAN_DEFAULT_M, POSITIVE),
        prior: readPrior(reader),
      };
  }
}

function readPrior(reader: ObjectReader): number | 'contest' {
  const value = reader.raw('prior');
  if (value === undefined) return BAYESIAN_DEFAULT_PRIOR;
  if (value === 'contest') return value;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1) {
    return value;
  }
  reader.report('prior', 'must be a number between 0 and 1, or "contest"');
  return BAYESIAN_DEFAULT_PRIOR;
}

export function readDecay(reader: ObjectReader): Decay {
  const kind = reader.oneOf('kind', DECAY_KINDS, 'none');
  const context = `for kind ${kind}`;
  switch (kind) {
    case 'none':
      reader.rejectUnknown(['kind'], context);
      return { kind };
    case 'exponential':
      reader.rejectUnknown(['kind', 'halfLifeHours'], context);
      return {
        kind,
        halfLifeHours: reader.number(
          'halfLifeHours',
          EXPONENTIAL_DEFAULT_HALF_LIFE_HOURS,
          POSITIVE,
        ),
      };
    case 'gravity':
      reader.rejectUnknown(['kind', 'gravity', 'offsetHours'], context);
      return {
        kind,
        gravity: reader.number('gravity', GRAVITY_DEFAULT_GRAVITY, NON_NEGATIVE),
        offsetHours: reader.number('offsetHours', GRAVITY_DEFAULT_OFFSET_HOURS, NON_NEGATIVE),
      };
  }
}
