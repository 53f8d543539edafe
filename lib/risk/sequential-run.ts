// Sequential numbers are the signature of SMS pumping: a script walks a range it is paid
// for (+1201555010, …11, …12). Order does not matter (scripts shuffle), so this looks for
// the longest arithmetic progression through one number within a set of recent numbers.

export interface SequentialRun {
  length: number;
  /** The constant difference between neighbours (positive). */
  step: number;
  /** The run's members, in ascending order. */
  members: string[];
}

/** Numbers are comparable only within the same length (same country and plan). */
function digits(e164: string): bigint | null {
  return /^\+\d{6,15}$/.test(e164) ? BigInt(e164.slice(1)) : null;
}

/**
 * The longest run containing `current` whose neighbours differ by the same step, for steps
 * 1..maxStep. `recent` may include `current` and duplicates.
 */
export function longestSequentialRun(
  current: string,
  recent: Iterable<string>,
  maxStep: number,
): SequentialRun {
  const value = digits(current);
  const single: SequentialRun = { length: 1, step: 0, members: [current] };
  if (value === null) return single;
  const present = new Set<bigint>();
  for (const number of recent) {
    const other = digits(number);
    if (other !== null && number.length === current.length) present.add(other);
  }
  present.add(value);

  let best = single;
  for (let step = 1n; step <= BigInt(maxStep); step++) {
    let low = value;
    while (present.has(low - step)) low -= step;
    let high = value;
    while (present.has(high + step)) high += step;
    const length = Number((high - low) / step) + 1;
    if (length > best.length) {
      const members: string[] = [];
      for (let member = low; member <= high; member += step) members.push(`+${member}`);
      best = { length, step: Number(step), members };
    }
  }
  return best;
}
