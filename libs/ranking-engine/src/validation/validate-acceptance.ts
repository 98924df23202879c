import { AcceptancePolicy, STANDARD_V1 } from '../ruleset';
import { NON_NEGATIVE, NumberRule, ObjectReader } from './object-reader';

const POSITIVE_INTEGER: NumberRule = {
  holds: (v) => Number.isInteger(v) && v > 0,
  message: 'must be a positive integer',
};

const DEFAULTS = STANDARD_V1.acceptance;

export function readAcceptance(reader: ObjectReader): AcceptancePolicy {
  reader.rejectUnknown(Object.keys(DEFAULTS));
  return {
    allowDownvotes: reader.boolean('allowDownvotes', DEFAULTS.allowDownvotes),
    allowSelfVotes: reader.boolean('allowSelfVotes', DEFAULTS.allowSelfVotes),
    minAccountAgeHoursToVote: reader.number(
      'minAccountAgeHoursToVote',
      DEFAULTS.minAccountAgeHoursToVote,
      NON_NEGATIVE,
    ),
    maxVotesPerUserPerContest: readVoteLimit(reader),
    maxEntriesPerUserPerContest: reader.number(
      'maxEntriesPerUserPerContest',
      DEFAULTS.maxEntriesPerUserPerContest,
      POSITIVE_INTEGER,
    ),
  };
}

// null is meaningful here (no limit), so it cannot be read as "omitted".
function readVoteLimit(reader: ObjectReader): number | null {
  const key = 'maxVotesPerUserPerContest';
  const value = reader.raw(key);
  if (value === undefined) return DEFAULTS.maxVotesPerUserPerContest;
  if (value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  reader.report(key, 'must be a positive integer or null (no limit)');
  return DEFAULTS.maxVotesPerUserPerContest;
}
