// The speed targets of issue 15, each a ratio or a bound measured in one `npm run bench` run, with
// the figure measured before the work on it (BASELINE) beside it.
export interface Target {
  id: string;
  what: string;
  /** The measured figure must be at most this. */
  limit: number;
  unit: string;
  /** Measured on this machine before the speed work (commit 009f308, see BASELINE_NOTE); NaN: not measured. */
  baseline: number;
}

// Measured with BENCH_RUNS=1 BENCH_CLAIMS=5 (the per-claim figure over 5 claims, the first
// included) under a load average of 17-19 from five other engineers' builds; the 1,000-claim
// figures were not measured at the baseline (about an hour of CPU). The quiet-machine
// figures: CLI ~50× bare node, 3.6 s per claim at N=100 and ~460 MiB, synth ~3 s.
export const BASELINE_NOTE =
  'baseline: commit 009f308, this bench, this 2-core machine, 2026-12-02, BENCH_CLAIMS=5, load average 17-19';

export const TARGETS: readonly Target[] = [
  { id: 'cli', what: 'dev claim one-shot CLI render / bare `node -e ""` (CPU time)', limit: 10, unit: '×', baseline: 13182 / 149 },
  { id: 'per-claim', what: 'in-process CPU time per claim at N=100 distinct claims', limit: 0.4, unit: 's', baseline: 29.2 / 5 },
  { id: 'rss', what: 'peak RSS rendering 1,000 distinct claims in one process', limit: 1024, unit: 'MiB', baseline: NaN },
  { id: 'scaling', what: 'CPU time for 1,000 claims / for the first 100 (same process)', limit: 11, unit: '×', baseline: NaN },
  { id: 'synth', what: 'bundled synth (dist/: build, admit, serialise) / bare tsx start', limit: 2, unit: '×', baseline: 11111 / 852 },
];

export function verdict(value: number, t: Target): string {
  return Number.isNaN(value) ? 'not measured' : value <= t.limit ? 'met' : 'NOT met';
}
