/**
 * A small deterministic PRNG (mulberry32) so that the ids the simulator hands out (task ids,
 * deployment ids, event ids) are the same on every run with the same seed.
 */
export class SeededRandom {
  #state: number;

  /** `seed` is a seed, or a `state` read earlier: the generator then goes on from there. */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The generator's position, for snapshots. */
  get state(): number {
    return this.#state;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `length` lowercase hex digits. */
  hex(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }

  /** `length` decimal digits, the first one not zero. */
  digits(length: number): string {
    let out = String(1 + Math.floor(this.next() * 9));
    for (let i = 1; i < length; i++) out += String(Math.floor(this.next() * 10));
    return out;
  }

  /** A version-4 shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = "89ab"[Math.floor(this.next() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${
      h.slice(20, 32)
    }`;
  }

  /** `length` characters of [A-Za-z0-9]. */
  alphanumeric(length: number): string {
    const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let out = "";
    for (let i = 0; i < length; i++) out += chars[Math.floor(this.next() * chars.length)];
    return out;
  }
}
