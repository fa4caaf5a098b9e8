// A set of small indices (hosts of one cluster) kept as a flag array and a list, so that adding is O(1), repeats
// are ignored, and the members are visited in the order they were first added.

export class DirtyList {
  readonly list: Int32Array;
  count = 0;
  private readonly member: Uint8Array;

  constructor(size: number) {
    this.list = new Int32Array(size);
    this.member = new Uint8Array(size);
  }

  add(i: number): void {
    if (this.member[i] === 1) return;
    this.member[i] = 1;
    this.list[this.count++] = i;
  }

  clear(): void {
    for (let k = 0; k < this.count; k++) this.member[this.list[k]] = 0;
    this.count = 0;
  }
}
