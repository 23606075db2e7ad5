/** The editor's first content: a nested space, so users see that a choice's options carry their own parameters. */
export const EXAMPLE_SPACE_YAML = `# Each key is a parameter. A choice picks one option; an option's params
# exist only in trials that pick it (they appear as optimizer.adam.lr, ...).
optimizer:
  type: choice
  options:
    - value: sgd
      params:
        lr: {type: loguniform, low: 1.0e-4, high: 1.0}
        momentum: {type: uniform, low: 0.5, high: 0.99}
    - value: adam
      params:
        lr: {type: loguniform, low: 1.0e-5, high: 1.0e-2}
        beta1: {type: uniform, low: 0.8, high: 0.999}
layers: {type: int, low: 1, high: 6}
dropout: {type: quniform, low: 0.0, high: 0.5, q: 0.05}
activation: {type: categorical, values: [relu, gelu, tanh]}
epochs: 20
`;

export const EXAMPLE_WANDB_YAML = `method: bayes
metric:
  name: val_loss
  goal: minimize
parameters:
  learning_rate:
    distribution: log_uniform_values
    min: 0.00001
    max: 0.1
  batch_size:
    values: [32, 64, 128]
  dropout:
    min: 0.0
    max: 0.5
`;
