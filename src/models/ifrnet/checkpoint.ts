// Loading checkpoints exported from the reference PyTorch code: IFRVP's IFRNet_S and IFRNet_ELAN `Model` objects
// own a frozen VGG19 perceptual loss, so their state dicts carry `vggloss.*` keys (20,024,396 values) that are no
// part of the network; DistributedDataParallel saves may prefix every key with `module.`.

import type { LoadResult, StateDict } from '../../nn/module.js';
import type { SafetensorsEntry } from '../../serialization/safetensors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { IFRNet } from './ifrnet.js';

/** The reference Model's attributes that hold loss helpers, not network weights. */
const LOSS_PREFIXES = ['vggloss.'] as const;

/** A state dict, or the tensors of a safetensors file (`loadSafetensors(path).tensors`). */
export type CheckpointTensors = Readonly<Record<string, SafetensorsEntry>>;

/**
 * The network's entries of a reference state dict: drops the `vggloss.*` keys and strips a leading `module.`
 * (from a DDP-wrapped save). Everything else is kept, so a strict load still reports any real mismatch. To use a
 * PyTorch `.pth`, first re-save its state dict as safetensors in Python.
 */
export function ifrnetStateDict(checkpoint: CheckpointTensors): StateDict {
  const out: StateDict = {};
  for (const [rawKey, value] of Object.entries(checkpoint)) {
    const key = rawKey.startsWith('module.') ? rawKey.slice('module.'.length) : rawKey;
    if (LOSS_PREFIXES.some((p) => key.startsWith(p))) continue;
    if (!(value instanceof Tensor)) throw new Error(`ifrnetStateDict: '${rawKey}' holds int64 values; IFRNet's weights are floating point`);
    out[key] = value;
  }
  return out;
}

/** Loads a reference checkpoint (filtered by ifrnetStateDict) into the model; strict by default. */
export function loadIfrnetCheckpoint(model: IFRNet, checkpoint: CheckpointTensors, strict = true): LoadResult {
  return model.loadStateDict(ifrnetStateDict(checkpoint), strict);
}
