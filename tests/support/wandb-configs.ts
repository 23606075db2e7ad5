// Three W&B sweep configs in the shapes W&B's documentation and users' repositories show, imported whole by the
// integration tests (through the API) and the e2e tests (through the form's W&B import).
export const TRANSFORMER = `program: train.py
name: bert-finetune
description: Fine-tune BERT on GLUE
method: bayes
metric:
  name: eval/loss
  goal: minimize
run_cap: 40
early_terminate:
  type: hyperband
  min_iter: 3
  eta: 3
parameters:
  learning_rate:
    distribution: log_uniform_values
    min: 0.00001
    max: 0.001
  batch_size:
    values: [16, 32, 64]
  weight_decay:
    distribution: uniform
    min: 0.0
    max: 0.1
command:
  - \${env}
  - python
  - \${program}
  - \${args}
`;

export const CNN = `name: cifar-cnn
method: random
project: cifar
entity: my-team
metric: {name: val_acc, goal: maximize}
parameters:
  optimizer:
    values: [adam, sgd]
  dropout:
    distribution: q_uniform
    min: 0.0
    max: 0.5
    q: 0.1
  epochs:
    value: 10
early_terminate:
  type: hyperband
  max_iter: 27
  s: 2
`;

export const GRID = `method: grid
metric: {name: loss, goal: minimize}
parameters:
  lr: {values: [0.1, 0.01, 0.001]}
  layers: {values: [2, 4]}
`;
