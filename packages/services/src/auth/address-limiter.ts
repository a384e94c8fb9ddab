/**
 * Password guesses per client address, against guessing across many accounts from one place. A
 * check takes a slot synchronously before any await, so a burst of parallel logins cannot all
 * pass the test before any of them is counted; a slot is given back when its password was right
 * (a user who gets in is not the guesser), and kept for a minute when it was wrong or refused.
 */
export class AddressLimiter {
  private readonly slots = new Map<string, number[]>();

  constructor(
    readonly perMinute: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Takes a slot, or says how many seconds until one frees up. */
  take(
    address: string,
    now: number,
  ): { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number } {
    const recent = (this.slots.get(address) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.perMinute) {
      this.slots.set(address, recent);
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((this.windowMs - (now - (recent[0] ?? now))) / 1000)),
      };
    }
    recent.push(now);
    this.slots.set(address, recent);
    if (this.slots.size > 100_000) {
      this.sweep(now);
    }
    return {
      ok: true,
      release: () => {
        const list = this.slots.get(address);
        const i = list?.indexOf(now) ?? -1;
        if (list && i >= 0) {
          list.splice(i, 1);
        }
      },
    };
  }

  /** Forgets addresses with no recent attempt (memory stays bounded under a spray of addresses). */
  private sweep(now: number): void {
    for (const [k, v] of this.slots) {
      if (v.every((t) => now - t >= this.windowMs)) {
        this.slots.delete(k);
      }
    }
  }
}
