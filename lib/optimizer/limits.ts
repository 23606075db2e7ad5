// Every bound on a setting or a search-space definition, in one place. Each one exists so that a config accepted
// at create can be asked without looping, exhausting memory or blocking the (single-threaded) server for more
// than a fraction of a second, and so that every number the engine computes from it stays finite and exact.
// Parsers refuse values outside these bounds with the field's path and a message naming the limit.

/** Parameter paths in one space, nested ones and consts included. Every ask costs O(params); TPE O(params x candidates x history). */
export const MAX_PARAMS = 256;

/** Length of one parameter name: names become CLI flags, environment variable names and table headers. */
export const MAX_NAME_LENGTH = 200;

/**
 * Values of a categorical, options of a choice, explicit grid values of one parameter. TPE keeps O(categories)
 * terms per estimator and the dashboard draws a slot per category: past a few thousand a categorical is neither
 * searchable nor readable (150,000 froze the browser tab for a minute).
 */
export const MAX_CATEGORIES = 2_000;

/** Choices nested in choices. JSON storage and every recursive walk of the space stay shallow (Prisma gave up at 32). */
export const MAX_CHOICE_DEPTH = 10;

/**
 * |bound| of uniform ranges and |mu|, sigma of normals. Leaves 8 orders of magnitude of headroom below the largest
 * double, so widths (high - low), 10-sigma tails and kernel arithmetic never overflow to Infinity.
 */
export const MAX_MAGNITUDE = 1e300;

/** Smallest sigma of a normal: 1 / sigma must be finite (TPE divides by it). */
export const MIN_SIGMA = 1e-300;

/**
 * |low|, |high| of an int parameter: 2^50, so every value and every half-step bin edge (value +- step / 2, which
 * TPE integrates over) is an exact double. Covers [-1e15, 1e15].
 */
export const MAX_INT_MAGNITUDE = 2 ** 50;

/**
 * Largest magnitude / q of a quantised parameter (quniform, qloguniform, qnormal, qlognormal). Values are snapped to
 * k * q and printed to 15 significant digits; 1e12 steps leave 3 digits of margin, so neighbouring values stay
 * distinct and exact. A q of 1e-300 on [0, 1] is 1e300 steps and is refused.
 */
export const MAX_Q_RATIO = 1e12;

/** The engine draws unbounded (normal-family) parameters within mu +- this many sigma (a prior draw never gets past 9.1). */
export const TAIL_SIGMAS = 10;

/** |mu| + TAIL_SIGMAS * sigma of a log-normal: exp(700) ~ 1e304, so every value it can take is a finite, nonzero double. */
export const MAX_LOG_EXPONENT = 700;

/** Trial counts in settings (startup trials, minimum trials): the API's largest budget (maxTrials). */
export const MAX_TRIALS = 10_000_000;

/** Steps and resources: the largest step a metric point may carry (2^53 - 1, exact in JSON). */
export const MAX_STEP = Number.MAX_SAFE_INTEGER;

/** Seeds of the grid shuffle and the QMC scramble: exact integers in JSON. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * TPE candidates per suggestion. Optuna's and Hyperopt's default is 24; past a few hundred the best of them barely
 * improves, while an ask costs O(candidates x parameters x history).
 */
export const MAX_EI_CANDIDATES = 512;

/**
 * nEiCandidates x free parameters of the space. TPE scores every candidate of every parameter (or group) against
 * every kernel of the history: measured at 300 trials, about 10 us per candidate and parameter on a busy 2-core
 * machine (an int with a thousand values costs the most), so 2,048 keeps one ask to a few tens of milliseconds.
 * That is the default 24 candidates over 85 parameters, or the most candidates over 4.
 */
export const MAX_TPE_CANDIDATE_PARAMS = 2_048;

/**
 * GP candidates per suggestion (nCandidates). Each one costs a posterior (O(history x params + history^2)): at
 * the bounded GP history (GP_HISTORY) the default 256 take ~10 ms on a busy 2-core machine, so 8,192 keep an
 * ask to a fraction of a second.
 */
export const MAX_GP_CANDIDATES = 8_192;

/** GP local searches per suggestion (nLocalSearch): each runs up to a few hundred posterior evaluations with gradients. */
export const MAX_GP_LOCAL_SEARCH = 64;

/**
 * nCandidates x free parameters of the space for the GP: a candidate's posterior is O(params) per history trial.
 * 131,072 is 512 candidates (twice the default) over the most parameters a space may have (MAX_PARAMS = 256).
 */
export const MAX_GP_CANDIDATE_PARAMS = 131_072;

/**
 * NSGA-II population size. Parents are the elite of the bounded model history (history.ts), which keeps the 100
 * best complete trials: a larger population would select from a cut-short elite.
 */
export const MAX_NSGA2_POPULATION = 100;

/** TPE prior weight: beyond this the prior outweighs a thousand observations and TPE is random search. */
export const MAX_PRIOR_WEIGHT = 1_000;

/** Successive-halving reduction factor: above 100 a rung keeps under 1% of the trials that reach it. */
export const MAX_REDUCTION_FACTOR = 100;

/** Hyperband brackets: floor(log_eta(maxResource / minResource)) + 1, also capped at run time when maxResource is "auto". */
export const MAX_BRACKETS = 20;

/** ASHA's minEarlyStoppingRate: with eta >= 2 and minResource >= 1, rung 53 lies beyond every step (2^53). */
export const MAX_EARLY_STOPPING_RATE = 53;

/** Points per continuous parameter of a grid (resolution). */
export const MAX_GRID_RESOLUTION = 1_000;

/** A discrete parameter with more values than this needs explicit grid values or a resolution. */
export const MAX_GRID_AXIS = 10_000;

/** Configurations of a grid: the largest budget. A bigger grid could never be finished. */
export const MAX_GRID_SIZE = 10_000_000;

/**
 * CMA-ES population (popsize, and the IPOP-grown population, which stops doubling here). A run keeps at most
 * CMAES_RUN_TRIALS observations (history.ts), so a larger population would leave a run only a few generations.
 */
export const MAX_CMAES_POPSIZE = 250;

/**
 * Parameters CMA-ES models jointly (the always-active numeric ones). Every ask replays the current run, each
 * generation an O(lambda d^2) update and, every few generations, an O(d^3) eigendecomposition: measured on the busy
 * 2-core machine (bench/optimizer/cmaes-speed.ts), 32 parameters cost about 40 ms per ask 1,000 trials into a run
 * and 100 ms 3,000 trials in; a run holds at most CMAES_RUN_TRIALS (history.ts).
 */
export const MAX_CMAES_PARAMS = 32;
