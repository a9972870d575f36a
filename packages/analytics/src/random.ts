/**
 * A seeded generator of standard normals: xoshiro128** (Blackman & Vigna) for 32-bit uniforms,
 * seeded through splitmix32, and Marsaglia & Tsang's ziggurat (2000, 128 layers) for normals — about
 * four times faster than the polar method, which matters at 10⁸ draws. The layer index and the
 * value come from disjoint bits of each draw (the correlation Doornik (2005) found in the original).
 * Same seed ⇒ same sequence on every platform: 32-bit integer arithmetic only, no Math.random.
 */
export class NormalGenerator {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // Both halves of a seed up to 2⁵³ feed the state, so distinct safe-integer seeds stay distinct.
    let state = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x9e3779b1);
    const next = () => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) | 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() || 1; // xoshiro's state must not be all zero
  }

  /** 32 random bits as a signed integer. */
  private bits(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform in (0, 1), never 0 (logs are taken of it). */
  uniform(): number {
    return ((this.bits() >>> 0) + 0.5) / 4294967296;
  }

  normal(): number {
    const bits = this.bits();
    const value = bits >> 7; // signed 25-bit; the low 7 bits pick the layer
    return Math.abs(value) < KN[bits & 127]! ? value * WN[bits & 127]! : this.normalBeyondLayer(bits);
  }

  /**
   * `out.length` normals, the same sequence as that many `normal()` calls. The generator's state sits
   * in local variables inside the loop, which is what makes bulk draws fast.
   */
  fill(out: Float64Array): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < out.length; i++) {
      const bits = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const value = bits >> 7;
      const layer = bits & 127;
      if (Math.abs(value) < KN[layer]!) {
        out[i] = value * WN[layer]!;
      } else {
        [this.s0, this.s1, this.s2, this.s3] = [s0, s1, s2, s3];
        out[i] = this.normalBeyondLayer(bits);
        [s0, s1, s2, s3] = [this.s0, this.s1, this.s2, this.s3];
      }
    }
    [this.s0, this.s1, this.s2, this.s3] = [s0, s1, s2, s3];
  }

  /** The ziggurat's rare branch (~1 % of draws): the base layer's tail, or a wedge test, else a fresh draw. */
  private normalBeyondLayer(first: number): number {
    let bits = first;
    for (;;) {
      const layer = bits & 127;
      const value = bits >> 7;
      if (Math.abs(value) < KN[layer]!) return value * WN[layer]!;
      if (layer === 0) {
        // The base layer's tail beyond R: Marsaglia's exponential rejection.
        let x: number;
        let y: number;
        do {
          x = -Math.log(this.uniform()) / R;
          y = -Math.log(this.uniform());
        } while (y + y < x * x);
        return value > 0 ? R + x : -R - x;
      }
      const x = value * WN[layer]!;
      if (FN[layer]! + this.uniform() * (FN[layer - 1]! - FN[layer]!) < Math.exp(-0.5 * x * x)) return x;
      bits = this.bits();
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// Ziggurat tables for 128 layers, values on a 2²⁴ scale (25-bit signed draws).
const R = 3.442619855899;
const LAYER_AREA = 9.91256303526217e-3;
const SCALE = 16777216;
const KN = new Float64Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
{
  let d = R;
  let t = R;
  const q = LAYER_AREA / Math.exp(-0.5 * d * d);
  KN[0] = (d / q) * SCALE;
  KN[1] = 0;
  WN[0] = q / SCALE;
  WN[127] = d / SCALE;
  FN[0] = 1;
  FN[127] = Math.exp(-0.5 * d * d);
  for (let i = 126; i >= 1; i--) {
    d = Math.sqrt(-2 * Math.log(LAYER_AREA / d + Math.exp(-0.5 * d * d)));
    KN[i + 1] = (d / t) * SCALE;
    t = d;
    FN[i] = Math.exp(-0.5 * d * d);
    WN[i] = d / SCALE;
  }
}
