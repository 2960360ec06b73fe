/* Debounced redraws: filter changes within DEBOUNCE_MS make one refresh, and settled()
   resolves once the latest change is fetched and drawn (used by tests and benchmarks). */

const DEBOUNCE_MS = 250;

export class Refresher {
  constructor(refresh) {
    this.refresh = refresh;
    this.timer = null;
    this.pending = null;
    this.resolvePending = null;
    this.last = null;
  }

  /* Remember the latest piece of work (start-up, a refresh) that settled() waits for. */
  track(promise) {
    this.last = promise;
    return promise;
  }

  schedule() {
    clearTimeout(this.timer);
    if (!this.pending) { this.pending = new Promise((resolve) => { this.resolvePending = resolve; }); }
    this.timer = setTimeout(() => {
      const resolve = this.resolvePending;
      this.pending = null;
      this.track(this.refresh()).then(resolve, resolve);
    }, DEBOUNCE_MS);
  }

  settled() { return this.pending || this.last; }
}
