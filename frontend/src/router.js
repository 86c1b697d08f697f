// Paths, not fragments, name the app's pages (the server answers index.html for any path outside
// /api/ that is not a file). A page module exports render(view, params) and is loaded when first
// visited, so a resident's first visit downloads only what the page shows.
const routes = [];

// route('/:m/:c/ideas/:id', () => import('./pages/idea.js'))
export function route(pattern, load) {
  const names = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (part === '*') {
        names.push('rest');
        return '(.*)';
      }
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([a-z0-9-]{1,64})';
    })
    .join('/');
  routes.push({ regex: new RegExp(`^${source}/?$`), names, load });
}

export function match(pathname) {
  for (const r of routes) {
    const found = r.regex.exec(pathname);
    if (found) return { load: r.load, params: Object.fromEntries(r.names.map((n, i) => [n, found[i + 1]])) };
  }
  return null;
}

let onChange = () => {};

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  onChange();
}

// Same-origin links to app pages move without a reload; the API, downloads and new tabs do not.
export function start(render) {
  onChange = render;
  window.addEventListener('popstate', render);
  document.addEventListener('click', (event) => {
    const a = event.target.closest?.('a[href]');
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    if (a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    if (url.pathname === location.pathname && url.hash) return; // an in-page anchor
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  render();
}
