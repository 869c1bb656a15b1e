// Monitors whose slot is due, waiting for a free place among the checks in flight: first come,
// first run. A monitor removed while waiting stays in the array until reached, and is skipped.

export class ReadyQueue<T> {
  private items: T[] = [];
  private head = 0;
  private waiting = 0;

  constructor(private readonly stillWaiting: (x: T) => boolean) {}

  /** How many wait (not counting the ones forgotten). */
  get size(): number {
    return this.waiting;
  }

  push(x: T): void {
    this.items.push(x);
    this.waiting++;
  }

  /** One that was pushed no longer waits (it was removed); it is skipped when reached. */
  forget(): void {
    this.waiting--;
  }

  shift(): T | undefined {
    while (this.head < this.items.length) {
      const x = this.items[this.head++] as T;
      if (!this.stillWaiting(x)) continue;
      this.waiting--;
      // Drop the consumed front now and then, so the array does not grow for ever.
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      return x;
    }
    this.clear();
    return undefined;
  }

  /** Empties it, returning the ones that still waited. */
  clear(): T[] {
    const left = this.items.slice(this.head).filter(this.stillWaiting);
    this.items = [];
    this.head = 0;
    this.waiting = 0;
    return left;
  }
}
