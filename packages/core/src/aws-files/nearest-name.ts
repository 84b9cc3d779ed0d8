const MAX_SUGGESTED_NAME_LENGTH = 128;

/**
 * Returns the candidate closest to `name` by edit distance (case-insensitive), or null when none is close enough
 * to be a plausible typo. Ties go to the earlier candidate.
 */
export function nearestName(name: string, candidates: readonly string[]): string | null {
  // Edit distance costs |name| × |candidate|: a 200 KB profile name against 200 KB section names took minutes.
  // Names that long are not typos of each other; neither are names whose lengths differ by more than the limit.
  if (name.length > MAX_SUGGESTED_NAME_LENGTH) return null;
  const limit = Math.max(1, Math.floor(name.length / 3));
  const lowered = name.toLowerCase();
  let best: { name: string; distance: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.length > MAX_SUGGESTED_NAME_LENGTH) continue;
    const other = candidate.toLowerCase();
    if (Math.abs(other.length - lowered.length) > limit) continue;
    const distance = editDistance(lowered, other);
    if (distance <= limit && (best === null || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
