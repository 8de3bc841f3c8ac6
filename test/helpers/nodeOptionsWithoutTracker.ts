/**
 * NODE_OPTIONS with tap's process tracker (@tapjs/processinfo) taken out:
 * used by untrackedChildren.ts, on its own so a test can check it without
 * installing the spawn hook.
 */
export const TRACKER = /@tapjs[/\\]processinfo/;

/** Drops the tracker's --import (quoted or not, `--import=X` or `--import X`); every other option stays. */
export function withoutTracker(nodeOptions: string): string {
  const words = nodeOptions.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const bare = word.replace(/^"|"$/g, '');
    if (bare.startsWith('--import=') && TRACKER.test(bare)) continue;
    if (bare === '--import' && TRACKER.test(words[i + 1] ?? '')) {
      i++;
      continue;
    }
    kept.push(word);
  }
  return kept.join(' ');
}
