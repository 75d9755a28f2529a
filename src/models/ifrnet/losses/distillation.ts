// IFRNet's flow distillation (spec §9.1, §10.4): the flows after every decoder but the finest, upsampled to full
// size (2^j resize by 2^j), are pulled towards teacher flows (LiteFlowNet's, computed offline) with the robust
// adaptive Charbonnier, whose per-pixel weight exp(-0.3 EPE) comes from the final flow's end-point error.

import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { type IfrnetFlows, resize } from '../ifrnet.js';

/** IFRNet's get_robust_weight: exp(-beta * |flowPred.detach() - flowTeacher|_2) per pixel, [B, 1, H, W]. */
export function robustWeight(flowPred: Tensor, flowTeacher: Tensor, beta = 0.3): Tensor {
  const epe = flowPred.detach().sub(flowTeacher).square().sum({ dim: 1, keepdim: true }).sqrt();
  return epe.mul(-beta).exp();
}

/** IFRNet's Charbonnier_Ada: mean((d^2 + eps^2)^alpha) with alpha = w / 2 and eps = 10^(-(10 w - 1) / 3). */
export function robustCharbonnierLoss(diff: Tensor, weight: Tensor): Tensor {
  const w = weight.detach();
  const alpha = w.div(2);
  const eps = w.mul(10).sub(1).div(-3).mul(Math.LN10).exp();
  return diff.square().add(eps.square()).pow(alpha).mean();
}

/**
 * 0.01 * sum over pyramid entries j = 1..L-1 and both flows of robustCharbonnier(2^j resize(F_j, 2^j) - teacher).
 * `flowPyramid` is IfrnetOutput.flowPyramid (finest first); `teacher` is [B, 4, H, W] = [F_t->0, F_t->1].
 */
export function distillationLoss(flowPyramid: readonly IfrnetFlows[], teacher: Tensor): Tensor {
  const finest = flowPyramid[0];
  const [b, , h, w] = finest.flow0.shape;
  if (teacher.rank !== 4 || teacher.shape[0] !== b || teacher.shape[1] !== 4 || teacher.shape[2] !== h || teacher.shape[3] !== w) {
    throw new Error(`distillationLoss: teacher flow must be [${b}, 4, ${h}, ${w}], got ${formatShape(teacher.shape)}`);
  }
  const teacher0 = teacher.narrow(1, 0, 2);
  const teacher1 = teacher.narrow(1, 2, 2);
  const weight0 = robustWeight(finest.flow0, teacher0);
  const weight1 = robustWeight(finest.flow1, teacher1);
  let total: Tensor | null = null;
  for (let j = 1; j < flowPyramid.length; j++) {
    const s = 2 ** j;
    const up = (f: Tensor): Tensor => resize(f, s).mul(s);
    const term = robustCharbonnierLoss(up(flowPyramid[j].flow0).sub(teacher0), weight0).add(robustCharbonnierLoss(up(flowPyramid[j].flow1).sub(teacher1), weight1));
    total = total ? total.add(term) : term;
  }
  if (!total) throw new Error('distillationLoss: the flow pyramid needs at least two levels');
  return total.mul(0.01);
}
