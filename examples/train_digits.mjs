#!/usr/bin/env node
// A small multilayer perceptron trained from scratch on the 8x8 handwritten digits in examples/data, with
// nothing but Node.js: the example training script that `npm run demo` sweeps over.
//
//   node examples/train_digits.mjs --lr=0.003 --hidden=64 --optimizer=adam --optimizer.adam.beta1=0.9
//
// Every epoch prints one line, which the Sweepboard agent reads as metrics at step <epoch>:
//   epoch=3 step=3 train_loss=0.2154 val_loss=0.1822 val_acc=0.9500
// A run that diverges prints val_loss=nan and exits 1; a bad argument exits 2. Same arguments, same numbers.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

const DATA_FILE = new URL("./data/digits.csv.gz", import.meta.url);
const SIDE = 8;
const N_FEATURES = SIDE * SIDE;
const N_CLASSES = 10;
const VALIDATION_FRACTION = 0.2;
/** The train/validation split never changes, whatever --seed says, so every trial is scored on the same images. */
const SPLIT_SEED = 20_240_601;
/**
 * An epoch's mean training loss above this (over four times the 2.30 of guessing uniformly) means the run has
 * blown up: it is reported as diverged (val_loss=nan, exit 1) like a run whose loss overflowed to NaN.
 */
const DIVERGED_LOSS = 10;

// ---------------------------------------------------------------------------------------------------------
// Arguments

const number = (check, rule) => (raw) => {
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || !check(value)) throw new Error(`must be ${rule}`);
  return value;
};
const integer = (check, rule) => number((v) => Number.isInteger(v) && check(v), `an integer ${rule}`);
const oneOf = (...values) => (raw) => {
  if (!values.includes(raw)) throw new Error(`must be one of ${values.join(", ")}`);
  return raw;
};
const boolean = (raw) => {
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new Error("must be true or false");
};

/** name -> [default, parse, help]. Names with a dot belong to one optimizer (Sweepboard's nested parameters). */
const OPTIONS = {
  lr: [0.003, number((v) => v > 0, "a number > 0"), "learning rate"],
  hidden: [64, integer((v) => v >= 1 && v <= 4096, "in 1..4096"), "units per hidden layer"],
  layers: [1, integer((v) => v === 1 || v === 2, "1 or 2"), "hidden layers (1 or 2)"],
  batch_size: [32, integer((v) => v >= 1 && v <= 8192, "in 1..8192"), "minibatch size"],
  weight_decay: [1e-4, number((v) => v >= 0, "a number >= 0"), "L2 penalty on the weights (not the biases)"],
  epochs: [15, integer((v) => v >= 1 && v <= 10_000, "in 1..10000"), "passes over the training set"],
  optimizer: ["adam", oneOf("sgd", "momentum", "adam"), "sgd, momentum or adam"],
  "optimizer.momentum.momentum": [0.9, number((v) => v >= 0 && v < 1, "in [0, 1)"), "momentum (--optimizer=momentum)"],
  "optimizer.adam.beta1": [0.9, number((v) => v >= 0 && v < 1, "in [0, 1)"), "first-moment decay (--optimizer=adam)"],
  "optimizer.adam.beta2": [0.999, number((v) => v >= 0 && v < 1, "in [0, 1)"), "second-moment decay (--optimizer=adam)"],
  activation: ["relu", oneOf("relu", "tanh"), "relu or tanh"],
  dropout: [0, number((v) => v >= 0 && v < 1, "in [0, 1)"), "dropout rate on the hidden layers"],
  augment: [true, boolean, "add copies shifted by one pixel (5x the training images)"],
  seed: [0, integer((v) => v >= 0 && v <= 2 ** 32 - 1, "in 0..4294967295"), "initialisation, shuffling and dropout"],
};

const USAGE = `usage: node examples/train_digits.mjs [--name=value ...]

Trains a small MLP on the UCI handwritten digits (examples/data) and prints one metrics line per epoch.

${Object.entries(OPTIONS)
  .map(([name, [def, , help]]) => `  --${`${name}=${def}`.padEnd(36)} ${help}`)
  .join("\n")}`;

class UsageError extends Error {}
class DataError extends Error {}

function parseArguments(argv) {
  const given = {};
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    if (arg === "--help" || arg === "-h") return null;
    if (!arg.startsWith("--") || arg === "--") throw new UsageError(`unexpected argument "${arg}" (arguments look like --name=value)`);
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (!Object.hasOwn(OPTIONS, name)) {
      throw new UsageError(`unknown argument "--${name}"; known: ${Object.keys(OPTIONS).map((n) => `--${n}`).join(", ")}`);
    }
    let raw = eq < 0 ? argv[++k] : arg.slice(eq + 1);
    if (raw === undefined) throw new UsageError(`--${name} needs a value (--${name}=VALUE)`);
    if (Object.hasOwn(given, name)) throw new UsageError(`--${name} is given twice`);
    try {
      given[name] = OPTIONS[name][1](raw);
    } catch (error) {
      throw new UsageError(`--${name}=${raw}: ${error.message}`);
    }
  }
  const config = Object.fromEntries(Object.entries(OPTIONS).map(([name, [def]]) => [name, given[name] ?? def]));
  for (const name of Object.keys(given)) {
    const branch = name.split(".")[1];
    if (name.startsWith("optimizer.") && branch !== config.optimizer) {
      throw new UsageError(`--${name} applies only with --optimizer=${branch} (the optimizer is ${config.optimizer})`);
    }
  }
  return config;
}

// ---------------------------------------------------------------------------------------------------------
// Randomness: sfc32, seeded through splitmix32 so that nearby seeds give unrelated streams.

function createRng(seed) {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let k = 0; k < 12; k++) next();
  return {
    uniform: next,
    normal() {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    shuffle(array) {
      for (let k = array.length - 1; k > 0; k--) {
        const j = Math.floor(next() * (k + 1));
        [array[k], array[j]] = [array[j], array[k]];
      }
      return array;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Data

function loadDigits() {
  let lines;
  try {
    lines = gunzipSync(readFileSync(DATA_FILE)).toString("utf8").trim().split("\n");
  } catch (error) {
    throw new DataError(`cannot read the data set ${DATA_FILE.pathname}: ${error.message}`);
  }
  const x = new Float64Array(lines.length * N_FEATURES);
  const y = new Int32Array(lines.length);
  lines.forEach((line, row) => {
    const cells = line.split(",").map(Number);
    if (cells.length !== N_FEATURES + 1) throw new DataError(`${DATA_FILE.pathname}: line ${row + 1} has ${cells.length} columns, expected ${N_FEATURES + 1}`);
    for (let i = 0; i < N_FEATURES; i++) x[row * N_FEATURES + i] = cells[i] / 16;
    y[row] = cells[N_FEATURES];
  });
  return { x, y, n: lines.length };
}

/** Rows `indices` of the data set, plus (augment) four copies of each shifted by one pixel up, down, left, right. */
function subset(data, indices, augment) {
  const shifts = augment ? [[0, 0], [-1, 0], [1, 0], [0, -1], [0, 1]] : [[0, 0]];
  const n = indices.length * shifts.length;
  const x = new Float64Array(n * N_FEATURES);
  const y = new Int32Array(n);
  let row = 0;
  for (const [dr, dc] of shifts) {
    for (const source of indices) {
      for (let r = 0; r < SIDE; r++) {
        for (let c = 0; c < SIDE; c++) {
          const sr = r - dr, sc = c - dc;
          const inside = sr >= 0 && sr < SIDE && sc >= 0 && sc < SIDE;
          x[row * N_FEATURES + r * SIDE + c] = inside ? data.x[source * N_FEATURES + sr * SIDE + sc] : 0;
        }
      }
      y[row++] = data.y[source];
    }
  }
  return { x, y, n };
}

// ---------------------------------------------------------------------------------------------------------
// The network: dense layers over one flat parameter vector, so that the optimizers are one loop.

function createNetwork(config, rng) {
  const sizes = [N_FEATURES, ...Array(config.layers).fill(config.hidden), N_CLASSES];
  let total = 0;
  const shapes = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    shapes.push({ nIn: sizes[l], nOut: sizes[l + 1], w: total, b: total + sizes[l] * sizes[l + 1] });
    total += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  const params = new Float64Array(total);
  const grads = new Float64Array(total);
  const decays = new Float64Array(total); // 1 on weights, 0 on biases
  const layers = shapes.map(({ nIn, nOut, w, b }, l) => {
    const last = l === shapes.length - 1;
    // He initialisation for ReLU, Glorot for tanh and for the softmax layer.
    const scale = !last && config.activation === "relu" ? Math.sqrt(2 / nIn) : Math.sqrt(2 / (nIn + nOut));
    for (let k = w; k < b; k++) params[k] = rng.normal() * scale;
    decays.fill(1, w, b);
    return {
      nIn,
      nOut,
      W: params.subarray(w, b),
      b: params.subarray(b, b + nOut),
      gW: grads.subarray(w, b),
      gb: grads.subarray(b, b + nOut),
    };
  });
  return { sizes, layers, params, grads, decays };
}

/** out[B x nOut] = x[B x nIn] W + b. Zero inputs (blank pixels, inactive ReLUs) are skipped. */
function denseForward(x, rows, layer, out) {
  const { nIn, nOut, W, b } = layer;
  for (let r = 0; r < rows; r++) {
    const xo = r * nIn, oo = r * nOut;
    for (let j = 0; j < nOut; j++) out[oo + j] = b[j];
    for (let i = 0; i < nIn; i++) {
      const xi = x[xo + i];
      if (xi === 0) continue;
      const wo = i * nOut;
      for (let j = 0; j < nOut; j++) out[oo + j] += xi * W[wo + j];
    }
  }
}

/**
 * Accumulates gW, gb from the layer's input x and output gradient dOut; writes dx when asked. With
 * `zeroIsDead` (the input came out of a ReLU, possibly dropped out), a zero input passes no gradient back,
 * so its dx is 0 without computing it.
 */
function denseBackward(x, rows, layer, dOut, dx, zeroIsDead) {
  const { nIn, nOut, W, gW, gb } = layer;
  for (let r = 0; r < rows; r++) {
    const xo = r * nIn, oo = r * nOut;
    for (let j = 0; j < nOut; j++) gb[j] += dOut[oo + j];
    for (let i = 0; i < nIn; i++) {
      const xi = x[xo + i];
      const wo = i * nOut;
      if (xi === 0) {
        if (dx && zeroIsDead) {
          dx[xo + i] = 0;
          continue;
        }
      } else {
        for (let j = 0; j < nOut; j++) gW[wo + j] += xi * dOut[oo + j];
      }
      if (dx) {
        let sum = 0;
        for (let j = 0; j < nOut; j++) sum += W[wo + j] * dOut[oo + j];
        dx[xo + i] = sum;
      }
    }
  }
}

/** Buffers for `rows` examples at a time: layer inputs, activations, dropout masks and gradients. */
function createWorkspace(net, rows) {
  const per = (sizeOf) => net.sizes.map((size) => new Float64Array(rows * sizeOf(size)));
  return { rows, act: per((s) => s), kept: per((s) => s), mask: per((s) => s), grad: per((s) => s) };
}

/**
 * Forward pass over rows [from, from + rows) of `data` in `order`. Returns the summed cross-entropy and the
 * number of correct predictions; when `train`, also fills net.grads with the gradient of the mean loss.
 */
function pass(net, ws, data, order, from, rows, { train, activation, dropout, rng }) {
  const { layers } = net;
  const L = layers.length;
  const input = ws.kept[0];
  for (let r = 0; r < rows; r++) input.set(data.x.subarray(order[from + r] * N_FEATURES, (order[from + r] + 1) * N_FEATURES), r * N_FEATURES);

  for (let l = 0; l < L; l++) {
    const z = ws.act[l + 1];
    denseForward(ws.kept[l], rows, layers[l], z);
    if (l === L - 1) break;
    const n = rows * layers[l].nOut;
    const kept = ws.kept[l + 1], mask = ws.mask[l + 1];
    for (let k = 0; k < n; k++) {
      const a = activation === "relu" ? (z[k] > 0 ? z[k] : 0) : Math.tanh(z[k]);
      z[k] = a;
      if (train && dropout > 0) {
        mask[k] = rng.uniform() < dropout ? 0 : 1 / (1 - dropout);
        kept[k] = a * mask[k];
      } else {
        kept[k] = a;
      }
    }
  }

  // Softmax cross-entropy, computed stably; the logits' gradient overwrites the logits.
  const logits = ws.act[L];
  const dLogits = ws.grad[L];
  let loss = 0, correct = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * N_CLASSES;
    const label = data.y[order[from + r]];
    let max = -Infinity, argmax = 0;
    for (let c = 0; c < N_CLASSES; c++) {
      if (logits[o + c] > max) {
        max = logits[o + c];
        argmax = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < N_CLASSES; c++) sum += Math.exp(logits[o + c] - max);
    loss += Math.log(sum) + max - logits[o + label];
    if (argmax === label) correct++;
    if (train) {
      for (let c = 0; c < N_CLASSES; c++) dLogits[o + c] = (Math.exp(logits[o + c] - max) / sum - (c === label ? 1 : 0)) / rows;
    }
  }
  if (!train) return { loss, correct };

  net.grads.fill(0);
  for (let l = L - 1; l >= 0; l--) {
    const dKept = l > 0 ? ws.grad[l] : null;
    denseBackward(ws.kept[l], rows, layers[l], ws.grad[l + 1], dKept, activation === "relu");
    if (!dKept) break;
    const a = ws.act[l], mask = ws.mask[l];
    const n = rows * layers[l].nIn;
    for (let k = 0; k < n; k++) {
      let g = dKept[k];
      if (dropout > 0) g *= mask[k];
      dKept[k] = activation === "relu" ? (a[k] > 0 ? g : 0) : g * (1 - a[k] * a[k]);
    }
  }
  return { loss, correct };
}

function createOptimizer(config, net) {
  const { params, grads, decays } = net;
  const { lr, weight_decay: wd } = config;
  const n = params.length;
  if (config.optimizer === "sgd") {
    return () => {
      for (let k = 0; k < n; k++) params[k] -= lr * (grads[k] + wd * decays[k] * params[k]);
    };
  }
  if (config.optimizer === "momentum") {
    const mu = config["optimizer.momentum.momentum"];
    const velocity = new Float64Array(n);
    return () => {
      for (let k = 0; k < n; k++) {
        velocity[k] = mu * velocity[k] + grads[k] + wd * decays[k] * params[k];
        params[k] -= lr * velocity[k];
      }
    };
  }
  const beta1 = config["optimizer.adam.beta1"], beta2 = config["optimizer.adam.beta2"];
  const m = new Float64Array(n), v = new Float64Array(n);
  let t = 0;
  return () => {
    t++;
    const c1 = 1 - beta1 ** t, c2 = 1 - beta2 ** t;
    for (let k = 0; k < n; k++) {
      const g = grads[k] + wd * decays[k] * params[k];
      m[k] = beta1 * m[k] + (1 - beta1) * g;
      v[k] = beta2 * v[k] + (1 - beta2) * g * g;
      params[k] -= (lr * (m[k] / c1)) / (Math.sqrt(v[k] / c2) + 1e-8);
    }
  };
}

// ---------------------------------------------------------------------------------------------------------
// Training

const format = (x) => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : "nan");

async function train(config) {
  const data = loadDigits();
  const order = createRng(SPLIT_SEED).shuffle(Array.from({ length: data.n }, (_, k) => k));
  const nValidation = Math.round(data.n * VALIDATION_FRACTION);
  const trainSet = subset(data, order.slice(0, data.n - nValidation), config.augment);
  const validationSet = subset(data, order.slice(data.n - nValidation), false);

  const rng = createRng(config.seed);
  const net = createNetwork(config, rng);
  const step = createOptimizer(config, net);
  const batchSize = Math.min(config.batch_size, trainSet.n);
  const ws = createWorkspace(net, Math.max(batchSize, 256));
  const trainOrder = Int32Array.from({ length: trainSet.n }, (_, k) => k);
  const validationOrder = Int32Array.from({ length: validationSet.n }, (_, k) => k);
  const options = { activation: config.activation, dropout: config.dropout, rng };

  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    rng.shuffle(trainOrder);
    let trainLoss = 0;
    for (let from = 0; from < trainSet.n; from += batchSize) {
      const rows = Math.min(batchSize, trainSet.n - from);
      trainLoss += pass(net, ws, trainSet, trainOrder, from, rows, { ...options, train: true }).loss;
      step();
    }
    trainLoss /= trainSet.n;

    let valLoss = 0, valCorrect = 0;
    for (let from = 0; from < validationSet.n; from += ws.rows) {
      const rows = Math.min(ws.rows, validationSet.n - from);
      const { loss, correct } = pass(net, ws, validationSet, validationOrder, from, rows, { ...options, train: false });
      valLoss += loss;
      valCorrect += correct;
    }
    valLoss /= validationSet.n;

    const diverged = !Number.isFinite(trainLoss) || !Number.isFinite(valLoss) || trainLoss > DIVERGED_LOSS;
    process.stdout.write(
      `epoch=${epoch} step=${epoch} train_loss=${format(trainLoss)} val_loss=${diverged ? "nan" : format(valLoss)} val_acc=${format(valCorrect / validationSet.n)}\n`,
    );
    if (diverged) {
      process.stderr.write(
        `train_digits: training diverged at epoch ${epoch} (train_loss=${format(trainLoss)}); try a smaller --lr (it is ${config.lr})\n`,
      );
      return 1;
    }
    // Let the event loop run: flushes stdout where pipes are asynchronous and lets signals through.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return 0;
}

async function main() {
  let config;
  try {
    config = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`train_digits: ${error.message}\n(see: node examples/train_digits.mjs --help)\n`);
    return 2;
  }
  if (config === null) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    return await train(config);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    process.stderr.write(`train_digits: ${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main();
