import { MAX_PRECISION, ScoringRules, STANDARD_V1, TRANSFORMS } from '../ruleset';
import { ANY_FINITE, NON_NEGATIVE, NumberRule, ObjectReader, POSITIVE } from './object-reader';
import { readTieBreak } from './validate-tie-break';
import { readAggregate, readDecay } from './validate-variants';

const PRECISION: NumberRule = {
  holds: (v) => Number.isInteger(v) && v >= 0 && v <= MAX_PRECISION,
  message: `must be an integer from 0 to ${MAX_PRECISION}`,
};

const DEFAULTS = STANDARD_V1.scoring;

export function readScoring(reader: ObjectReader): ScoringRules {
  reader.rejectUnknown(Object.keys(DEFAULTS));

  const votes = reader.child('votes');
  votes.rejectUnknown(['weight', 'aggregate']);

  const comments = reader.child('comments');
  comments.rejectUnknown(Object.keys(DEFAULTS.comments));

  const views = reader.child('views');
  views.rejectUnknown(Object.keys(DEFAULTS.views));

  const watch = reader.child('watchMinutes');
  watch.rejectUnknown(Object.keys(DEFAULTS.watchMinutes));

  const eligibility = reader.child('eligibility');
  eligibility.rejectUnknown(Object.keys(DEFAULTS.eligibility));

  return {
    votes: {
      weight: votes.number('weight', DEFAULTS.votes.weight, ANY_FINITE),
      aggregate: readAggregate(votes.child('aggregate')),
    },
    comments: {
      weight: comments.number('weight', DEFAULTS.comments.weight, ANY_FINITE),
      transform: comments.oneOf('transform', TRANSFORMS, DEFAULTS.comments.transform),
      distinctAuthors: comments.boolean('distinctAuthors', DEFAULTS.comments.distinctAuthors),
      excludeEntryAuthor: comments.boolean(
        'excludeEntryAuthor',
        DEFAULTS.comments.excludeEntryAuthor,
      ),
    },
    views: {
      weight: views.number('weight', DEFAULTS.views.weight, ANY_FINITE),
      transform: views.oneOf('transform', TRANSFORMS, DEFAULTS.views.transform),
      dedupWindowMinutes: views.number(
        'dedupWindowMinutes',
        DEFAULTS.views.dedupWindowMinutes,
        NON_NEGATIVE,
      ),
      minWatchSeconds: views.number(
        'minWatchSeconds',
        DEFAULTS.views.minWatchSeconds,
        NON_NEGATIVE,
      ),
    },
    watchMinutes: {
      weight: watch.number('weight', DEFAULTS.watchMinutes.weight, ANY_FINITE),
      transform: watch.oneOf('transform', TRANSFORMS, DEFAULTS.watchMinutes.transform),
      maxSecondsPerView: watch.number(
        'maxSecondsPerView',
        DEFAULTS.watchMinutes.maxSecondsPerView,
        POSITIVE,
      ),
    },
    eligibility: {
      minVoterAccountAgeHours: eligibility.number(
        'minVoterAccountAgeHours',
        DEFAULTS.eligibility.minVoterAccountAgeHours,
        NON_NEGATIVE,
      ),
    },
    decay: readDecay(reader.child('decay')),
    tieBreak: readTieBreak(reader.raw('tieBreak'), reader.pathOf('tieBreak'), reader.errors),
    precision: reader.number('precision', DEFAULTS.precision, PRECISION),
  };
}
