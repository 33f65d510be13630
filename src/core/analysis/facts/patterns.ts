/**
 * Name patterns the facts layer recognises. Kept in one place so a reviewer can see at a glance what counts as
 * an optimizer, a clip, a log call… Everything here errs on the side of recognising MORE, because a recognised
 * clip/log/scheduler keeps a rule quiet, and a false hint costs more trust than a missed one.
 */

export const TORCH_OPTIMIZERS = new Set([
  'SGD', 'Adam', 'AdamW', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'NAdam', 'RAdam', 'ASGD', 'Rprop', 'LBFGS',
  'SparseAdam', 'Adafactor', 'Muon',
]);

/** Optimizers whose default weight decay is not zero. */
export const DECOUPLED_DEFAULT_WD = new Set(['AdamW', 'Adafactor', 'Muon']);

/** Optimizers with a `weight_decay` parameter and its positional index (params is 0). */
export const WEIGHT_DECAY_POSITION: Record<string, number> = {
  SGD: 4, Adam: 4, AdamW: 4, RMSprop: 3, Adagrad: 3, Adadelta: 3, Adamax: 4, NAdam: 4, RAdam: 4, ASGD: 5,
};

export const CLIP_METHODS = new Set(['clip_grad_norm_', 'clip_grad_value_', 'clip_grad_norm', 'clip_gradients', 'clip_grad_value', 'clip_grad', 'clip_gradient']);

export const LOG_METHODS = new Set([
  'print', 'pprint', 'log', 'log_dict', 'log_metrics', 'log_metric', 'log_scalar', 'info', 'debug', 'warning', 'warn',
  'add_scalar', 'add_scalars', 'add_histogram', 'set_postfix', 'set_postfix_str', 'set_description', 'write',
  'log_text', 'report', 'track', 'record',
]);

export const NO_GRAD_METHODS = new Set(['no_grad', 'inference_mode', 'set_grad_enabled', 'enable_grad']);

/** An expression the script treats as a validation/test data source (`val_loader`, `loaders["test"]`). */
export function looksLikeEvalData(expr: string): boolean {
  return expr.split(/[^A-Za-z0-9]+/).some((tok) => /^(val|valid|validation|validate|test|testing|eval|evaluation|dev|holdout)$/i.test(tok))
    || /(^|_)(val|valid|validation|test|eval|dev)(_|$)/i.test(expr.replace(/[^A-Za-z0-9_]+/g, '_'));
}

/** An expression the script treats as training data (`train_loader`, `train_ds`). */
export function looksLikeTrainData(expr: string): boolean {
  return /(^|[^A-Za-z])train/i.test(expr);
}

/** A function whose name says it evaluates (`evaluate`, `validate_epoch`, `test`, `run_validation`). */
export function isEvalFunctionName(name: string): boolean {
  return /^(evaluate|evaluation|eval|validate|validation|valid|val|test|testing)(_\w*)?$/i.test(name)
    || /_(evaluate|evaluation|eval|validate|validation|valid|val|test)$/i.test(name);
}

export function lastSegment(dotted: string): string {
  const i = dotted.lastIndexOf('.');
  return i === -1 ? dotted : dotted.slice(i + 1);
}
