// A min-heap of monitors by next due time. Each member remembers its own index, so moving or
// removing one (a monitor edited or deleted) costs O(log n) instead of a scan of 20,000.

export interface HeapMember {
  nextDue: number;
  /** Its place in the heap; -1 when not in it. */
  heapIndex: number;
}

export class DueHeap<T extends HeapMember> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(x: T): void {
    x.heapIndex = this.items.length;
    this.items.push(x);
    this.up(x.heapIndex);
  }

  /** Restores order after `x.nextDue` changed. */
  update(x: T): void {
    if (x.heapIndex < 0) return;
    this.up(x.heapIndex);
    this.down(x.heapIndex);
  }

  remove(x: T): void {
    const i = x.heapIndex;
    if (i < 0) return;
    const last = this.items.pop() as T;
    x.heapIndex = -1;
    if (last === x) return;
    this.items[i] = last;
    last.heapIndex = i;
    this.update(last);
  }

  clear(): void {
    for (const x of this.items) x.heapIndex = -1;
    this.items.length = 0;
  }

  private up(i: number): void {
    const items = this.items;
    const x = items[i] as T;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p] as T;
      if (parent.nextDue <= x.nextDue) break;
      items[i] = parent;
      parent.heapIndex = i;
      i = p;
    }
    items[i] = x;
    x.heapIndex = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const x = items[i] as T;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (items[r] as T).nextDue < (items[l] as T).nextDue ? r : l;
      const child = items[c] as T;
      if (child.nextDue >= x.nextDue) break;
      items[i] = child;
      child.heapIndex = i;
      i = c;
    }
    items[i] = x;
    x.heapIndex = i;
  }
}
