// Errors of off-policy evaluation. Episodes carry no file:line of their own, so input errors name
// the episode (id and index into the array given) and the step; the caller maps those to the
// transcript's file:line (buildEpisodes keeps `origins[episodeIndex][step]`).
import { DealerbotError } from '../../lib/errors.js';

/** A logged step that cannot be evaluated: bad propensity, action outside the mask, bad reward. */
export class EpisodeInputError extends DealerbotError {
  readonly episodeId: string;
  readonly episodeIndex: number;
  /** step index within the episode; undefined when the problem is the episode as a whole */
  readonly step: number | undefined;
  readonly reason: string;
  constructor(episodeId: string, episodeIndex: number, step: number | undefined, reason: string, code = 'E_INPUT') {
    super(code, `episode ${episodeId}${step !== undefined ? ` step ${step}` : ''}: ${reason}`);
    this.episodeId = episodeId;
    this.episodeIndex = episodeIndex;
    this.step = step;
    this.reason = reason;
  }
}

/** A decision without a logged propensity: the IS family (and DR) cannot run on such data. */
export class MissingPropensityError extends EpisodeInputError {
  constructor(episodeId: string, episodeIndex: number, step: number) {
    super(
      episodeId,
      episodeIndex,
      step,
      'no logged propensity: IS, WIS, PDIS, WPDIS, DR and WDR need the probability with which the ' +
        'logging policy chose each tactic; log with --epsilon, or pass estimated behaviour ' +
        'probabilities (--estimate-behaviour) and read every figure as resting on them',
      'E_NO_PROPENSITY',
    );
  }
}

/** The data set as a whole cannot support an evaluation (too few conversations). */
export class InsufficientDataError extends DealerbotError {
  constructor(message: string) {
    super('E_TOO_FEW', message);
  }
}

/** The target (or injected behaviour) policy returned something that is not a distribution. */
export class PolicyOutputError extends DealerbotError {
  constructor(message: string) {
    super('E_POLICY', message);
  }
}
