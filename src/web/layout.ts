import { html, raw } from 'hono/html';
export type Html = ReturnType<typeof html>;

const NAV: Array<[string, string]> = [
  ['/docs', '文件'],
  ['/units', '单位'],
  ['/due', '到期'],
  ['/targets', '目标'],
  ['/ask', '问答'],
];

// System fonts only: intranets are offline, and every phone has a CJK font.
const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2933;background:#f5f7fa}
header{background:#1d4e89;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
header a{color:#fff;text-decoration:none;padding:.2rem .4rem;border-radius:4px}header a.on{background:#fff;color:#1d4e89}
header .brand{font-weight:600;margin-right:.5rem}
main{max-width:960px;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.card{background:#fff;border-radius:8px;padding:.75rem 1rem;margin:.5rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.muted{color:#616e7c;font-size:.9rem}.warn{color:#b44d12}.bad{color:#c81e1e}.ok{color:#18794e}
table{border-collapse:collapse;width:100%;background:#fff}td,th{padding:.4rem .5rem;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
.scroll{overflow-x:auto}
form.inline{display:inline}input,select,button,textarea{font:inherit;padding:.35rem .5rem;border:1px solid #9aa5b1;border-radius:4px}
button{background:#1d4e89;color:#fff;border-color:#1d4e89;cursor:pointer}button.secondary{background:#fff;color:#1d4e89}
.flash{background:#e3f8ee;border-left:4px solid #18794e;padding:.5rem 1rem;margin:.5rem 0;white-space:pre-wrap}
.flash.refused{background:#fde8e8;border-left-color:#c81e1e}
.answer{white-space:pre-wrap}
.tag{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:3px;background:#e4e7eb;margin-right:.25rem}
.tag.lead{background:#1d4e89;color:#fff}.tag.overdue{background:#c81e1e;color:#fff}.tag.done{background:#18794e;color:#fff}.tag.open{background:#2680c2;color:#fff}
svg text{font-size:11px;fill:#52606d}
button,.tag{white-space:nowrap}
@media (max-width:600px){main{padding:.5rem}td,th{padding:.3rem}
table.stack thead{display:none}table.stack tr{display:block;border-bottom:1px solid #e4e7eb;padding:.3rem 0}table.stack td{display:block;border:0;padding:.1rem .4rem}}
`;

export function page(o: { title: string; active?: string; body: Html; notice?: Html }): Html {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${o.title} · planbot</title>
        <style>
          ${raw(CSS)}
        </style>
      </head>
      <body>
        <header>
          <span class="brand">工作要点助手</span>${NAV.map(([href, name]) => html`<a href="${href}" class="${o.active === href ? 'on' : ''}">${name}</a>`)}
        </header>
        <main>${o.notice ?? ''}${o.body}</main>
      </body>
    </html>`;
}

/** A plan's or an item's address: item ids hold `#`, which must not end up as a fragment. */
export function itemHref(id: string): string {
  return `/item/${encodeURIComponent(id)}`;
}

export function docHref(id: string): string {
  return `/docs/${encodeURIComponent(id)}`;
}

export function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
