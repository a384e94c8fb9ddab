/**
 * An exact set of 5-integer keys (data element, period, org unit, combo, attribute combo) with
 * the file row where each was first seen, kept in typed arrays. A million-row import needs about
 * 48 MB here, outside the JavaScript heap, instead of a million strings in a Map (which also
 * makes V8 grow its heap far beyond what the import keeps alive).
 */
export class KeySet {
  #cap: number;
  #size = 0;
  #keys: Int32Array;
  #rows: Int32Array;

  constructor(initialCapacity = 1 << 12) {
    this.#cap = initialCapacity;
    this.#keys = new Int32Array(this.#cap * 5);
    this.#rows = new Int32Array(this.#cap).fill(-1);
  }

  get size(): number {
    return this.#size;
  }

  static #hash(a: number, b: number, c: number, d: number, e: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(c, 0xc2b2ae3d);
    h = Math.imul(h ^ (h >>> 13), 0x297a2d39) ^ Math.imul(d, 0x27d4eb2f) ^ Math.imul(e, 0x165667b1);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** Adds the key; returns the row it was first seen at if it was already there, else -1. */
  addOrGet(a: number, b: number, c: number, d: number, e: number, row: number): number {
    if ((this.#size + 1) * 2 > this.#cap) {
      this.#grow();
    }
    const mask = this.#cap - 1;
    let i = KeySet.#hash(a, b, c, d, e) & mask;
    for (;;) {
      const r = this.#rows[i] ?? -1;
      if (r === -1) {
        this.#put(i, a, b, c, d, e, row);
        this.#size++;
        return -1;
      }
      const k = i * 5;
      const keys = this.#keys;
      if (keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d && keys[k + 4] === e) {
        return r;
      }
      i = (i + 1) & mask;
    }
  }

  #put(i: number, a: number, b: number, c: number, d: number, e: number, row: number): void {
    const k = i * 5;
    this.#keys[k] = a;
    this.#keys[k + 1] = b;
    this.#keys[k + 2] = c;
    this.#keys[k + 3] = d;
    this.#keys[k + 4] = e;
    this.#rows[i] = row;
  }

  #grow(): void {
    const oldKeys = this.#keys;
    const oldRows = this.#rows;
    const oldCap = this.#cap;
    this.#cap = oldCap * 2;
    this.#keys = new Int32Array(this.#cap * 5);
    this.#rows = new Int32Array(this.#cap).fill(-1);
    const mask = this.#cap - 1;
    for (let j = 0; j < oldCap; j++) {
      const row = oldRows[j] ?? -1;
      if (row === -1) {
        continue;
      }
      const k = j * 5;
      const a = oldKeys[k] ?? 0;
      const b = oldKeys[k + 1] ?? 0;
      const c = oldKeys[k + 2] ?? 0;
      const d = oldKeys[k + 3] ?? 0;
      const e = oldKeys[k + 4] ?? 0;
      let i = KeySet.#hash(a, b, c, d, e) & mask;
      while ((this.#rows[i] ?? -1) !== -1) {
        i = (i + 1) & mask;
      }
      this.#put(i, a, b, c, d, e, row);
    }
  }
}
