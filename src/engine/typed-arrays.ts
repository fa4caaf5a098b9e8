// Typed arrays have a fixed length; the structures that grow (the event heap, the index's scratch lists, the VM
// records) copy into a longer one.

export type TypedArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** A copy of `array` in a new array of the same kind with `length` elements; the new tail is zero. */
export function grown<T extends TypedArray>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
