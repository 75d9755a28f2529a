// Bounds check shared by the index kernels: an out-of-range index is an error, never a wild read or write.

export function checkedIndex(op: string, value: number, size: number, axis: number): number {
  const i = value < 0 ? value + size : value;
  if (i < 0 || i >= size) throw new Error(`${op}: index ${value} is out of range for dim ${axis} of size ${size}`);
  return i;
}
