// The one DOM helper the pages are written with: h('p', {class: 'x', onclick}, 'text', child).
// Attributes whose value is false, null or undefined are left out; `on…` attributes become
// listeners; strings become text nodes, so nothing from the server is ever parsed as HTML.
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    // CSSOM, not a style attribute: the Content-Security-Policy allows the one and not the other.
    else if (k === 'style' && typeof v === 'object') Object.assign(node.style, v);
    else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'selected') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
}

// An SVG element (charts, the timeline bar): the same shape as h, in the SVG namespace.
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  append(node, children);
  return node;
}

// Replaces a container's content and moves focus to its first heading, so a screen reader and a
// keyboard user land on the new page as a sighted user does.
export function show(container, ...children) {
  container.replaceChildren();
  append(container, children);
  const heading = container.querySelector('h1, h2');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}
