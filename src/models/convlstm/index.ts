// The Keras ConvLSTM next-frame models (convlstm.md, seed 003): the stacked ConvLSTM of the Keras conv_lstm example
// and the ConvLSTM encoder-decoder, their typed configurations, building blocks, Keras weight loading and counts.

export { ConvLSTMNextFrame } from './next-frame.js';
export { type ConvLSTMNextFrameConfig, CONVLSTM_NEXT_FRAME_DEFAULT_CONFIG, resolveConvLSTMNextFrameConfig } from './next-frame-config.js';
export { ConvLSTMEncoderDecoder } from './encoder-decoder.js';
export { ConvLSTMEncoder, ConvLSTMDecoder, type DecoderStep } from './encoder-decoder-parts.js';
export {
  type ConvLSTMEncoderDecoderConfig, CONVLSTM_ENCODER_DECODER_DEFAULT_CONFIG, resolveConvLSTMEncoderDecoderConfig,
} from './encoder-decoder-config.js';
export { KerasBatchNorm, KERAS_BATCH_NORM } from './keras-batch-norm.js';
export { TemporalConv3d, type HeadPadding } from './conv3d-head.js';
export { kerasParameterCounts, type KerasParameterCounts } from './keras-counts.js';
export {
  type KerasWeight, type KerasWeights, convLSTMNextFrameStateDictFromKeras, convLSTMEncoderDecoderStateDictFromKeras,
} from './keras-weights.js';
