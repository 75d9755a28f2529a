// Hyperparameter checks shared by the optimizers: each throws an error naming the optimizer, the argument and
// the accepted range, as PyTorch's "Invalid learning rate: -1" does (here with the optimizer's name too).

export function checkNonNegative(optimizer: string, name: string, value: number): void {
  if (!(value >= 0)) throw new Error(`${optimizer}: invalid ${name} ${value} (expected >= 0)`);
}

/** value in [0, 1) or, with `closed`, [0, 1]. */
export function checkUnitInterval(optimizer: string, name: string, value: number, closed = false): void {
  if (!(value >= 0 && (closed ? value <= 1 : value < 1))) {
    throw new Error(`${optimizer}: invalid ${name} ${value} (expected 0 <= ${name} ${closed ? '<=' : '<'} 1)`);
  }
}
