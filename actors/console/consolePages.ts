/**
 * The HTML of the console's pages: a small shell each (title, navigation,
 * the page's parameters as data attributes); /assets/console.js fills it
 * from the JSON API. Every value placed in the HTML goes through escapeHtml.
 */

export type PageName = 'keys' | 'key' | 'roles' | 'notFound';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TITLES: Record<PageName, string> = { keys: 'Route keys', key: 'Key', roles: 'Roles', notFound: 'Not found' };

export function renderPage(page: PageName, params: Record<string, string> = {}): string {
  const title = page === 'key' ? `Key ${params['modid'] ?? ''}/${params['cmdid'] ?? ''}` : TITLES[page];
  const data = Object.entries(params)
    .map(([k, v]) => ` data-${escapeHtml(k)}="${escapeHtml(v)}"`)
    .join('');
  const link = (href: string, name: string, active: boolean): string => `<a href="${href}"${active ? ' class="active"' : ''}>${name}</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lars console · ${escapeHtml(title)}</title>
<link rel="stylesheet" href="/assets/console.css">
<script type="module" src="/assets/console.js"></script>
</head>
<body data-page="${page}"${data}>
<header>
<strong>Lars console</strong>
<nav>${link('/', 'Keys', page !== 'roles')}${link('/roles', 'Roles', page === 'roles')}</nav>
<span id="status" class="status">loading…</span>
<label class="token">token <input id="token" type="password" autocomplete="off" placeholder="for edits"></label>
</header>
<main>
<h1>${escapeHtml(title)}</h1>
${page === 'notFound' ? `<p id="not-found">No page at ${escapeHtml(params['path'] ?? '')}: see <a href="/">the route keys</a>.</p>` : '<div id="content"><noscript>The console needs JavaScript.</noscript></div>'}
</main>
</body>
</html>
`;
}
