/** Page shells escape what they embed; the config refuses an open edit endpoint on a network. */
import t from 'tap';
import { escapeHtml, renderPage } from '../../../actors/console/consolePages.js';
import { checkConsoleConfig, CONSOLE_SECTION, consoleSpec } from '../../../actors/console/consoleConfig.js';
import { sectionDefaults } from '../../../runtime/config/configSchema.js';

t.test('escapeHtml and the page shell', async (t) => {
  t.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  const html = renderPage('key', { modid: '"><script>alert(1)</script>', cmdid: '2' });
  t.notMatch(html, /<script>alert/, 'a hostile parameter is not markup');
  t.match(html, /data-modid="&#34;&#62;&#60;script&#62;alert\(1\)&#60;\/script&#62;"/);
  t.match(html, /<script type="module" src="\/assets\/console\.js"><\/script>/, 'the one script is our own asset');
  t.notMatch(html, /https?:\/\//, 'nothing from another host');
});

t.test('non-loopback needs a token; loopback does not', async (t) => {
  const base = sectionDefaults(CONSOLE_SECTION, consoleSpec);
  t.throws(() => checkConsoleConfig({ ...base, ip: '0.0.0.0' }, 'console.ini'), { code: 'BAD_CONFIG', message: /token: required when ip = 0\.0\.0\.0/ });
  t.equal(checkConsoleConfig({ ...base, ip: '0.0.0.0', token: 'x' }, 'console.ini').token, 'x');
  t.equal(checkConsoleConfig(base, 'console.ini').ip, '127.0.0.1');
});
