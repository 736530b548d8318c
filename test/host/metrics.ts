/** Latencies the host tests observe, reported by the runner (figures, not assertions). */
const metrics: Record<string, number[]> = {};

export function recordMetric(name: string, milliseconds: number): void {
  (metrics[name] ??= []).push(milliseconds);
}

export function collectedMetrics(): Record<string, number[]> {
  return metrics;
}
