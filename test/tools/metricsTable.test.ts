/** README's metrics table is the one the declarations give, and `lars metrics` prints it. */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { metricsMarkdown } from '../../actors/roles/metricsTable.js';
import { runLars } from '../helpers/runLars.js';

t.test('README carries the generated metrics table verbatim', async (t) => {
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  t.ok(readme.includes(`\n${metricsMarkdown()}`), 'README.md has the whole metrics table', { fix: 'regenerate from: npm run build && node dist/tools/lars.js metrics' });
});

t.test('lars metrics prints it', async (t) => {
  const r = await runLars(['metrics']);
  t.equal(r.code, 0);
  t.equal(r.stdout, metricsMarkdown());
});
