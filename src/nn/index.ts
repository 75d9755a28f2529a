// The `nn` namespace: Module and Parameter, containers, layers and initialisers, with PyTorch's names.

export { Module, type TensorModule, type StateDict, type LoadResult } from './module.js';
export { Parameter } from './parameter.js';
export { Identity, Sequential, ModuleList, ModuleDict } from './containers.js';
export * as init from './init.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from './layers/conv.js';
export type { ConvLayerOptions, ConvTransposeLayerOptions } from './layers/conv.js';
export { BatchNorm1d, BatchNorm2d, BatchNorm3d, type BatchNormOptions } from './layers/batch-norm.js';
export { LayerNorm, GroupNorm, InstanceNorm2d } from './layers/norm.js';
export type { LayerNormOptions, GroupNormOptions, InstanceNormOptions } from './layers/norm.js';
export { Dropout, Dropout2d } from './layers/dropout.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding.js';
export {
  ReLU, ReLU6, LeakyReLU, PReLU, ELU, GELU, Sigmoid, Hardsigmoid, HardsigmoidKeras, Tanh, SiLU, Softplus, Softmax, LogSoftmax,
} from './layers/activation.js';
export {
  MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d, AdaptiveAvgPool2d, AdaptiveMaxPool2d, Upsample, PixelShuffle,
  PixelUnshuffle, Flatten,
} from './layers/resample.js';
export { LSTMCell, GRUCell, type RNNCellOptions, type RecurrentOutput } from './recurrent/rnn-cells.js';
export type { LSTMState, GRUState } from './recurrent/rnn-steps.js';
export { LSTM, GRU, type RNNOptions } from './recurrent/rnn.js';
export { ConvLSTMCell, kerasConvLSTM2DOptions } from './recurrent/conv-lstm-cell.js';
export type { ConvLSTMCellOptions, ConvLSTMState, ConvLSTMGateOrder, RecurrentActivation, CellActivation } from './recurrent/conv-lstm-cell.js';
export { ConvLSTM, type ConvLSTMOptions } from './recurrent/conv-lstm.js';
export { convLSTMStateDictFromKeras } from './recurrent/keras-conv-lstm.js';
export { ConvGRUCell, type ConvGRUCellOptions, type ConvGRULayout } from './recurrent/conv-gru-cell.js';
export { ConvGRU, type ConvGRUOptions } from './recurrent/conv-gru.js';
export { VectorQuantizer } from './quantization/vector-quantizer.js';
export { VectorQuantizerEMA, type VectorQuantizerEMAOptions } from './quantization/vector-quantizer-ema.js';
export type { QuantizerOptions, QuantizerOutput } from './quantization/nearest-code.js';
export * from './losses/index.js';
export { summary, type ModelSummary, type SummaryRow, type SummaryOptions, type SummaryInput, type Summarizable } from './summary.js';
