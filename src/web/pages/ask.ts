import { html } from 'hono/html';
import type { AnswerResult } from '../../answer/types.js';
import { itemHref, page, type Html } from '../layout.js';

const CONFIDENCE = { confident: ['高', 'ok'], tentative: ['中(仅供参考)', 'warn'], none: ['低(未找到)', 'bad'] } as const;

export function askPage(q: string, result: AnswerResult | undefined, mask: (s: string) => string): Html {
  const form = html`<form method="get" action="/ask">
      <textarea name="q" rows="3" style="width:100%" placeholder="输入问题,如:某项工作由哪个单位牵头?" aria-label="问题">${q}</textarea><br /><button>
        提问
      </button>
    </form>
    <p class="muted">与群聊中的助手相同的回答(同样的引用和置信度),可在发到群里之前先核对。</p>`;
  const answer = result
    ? html`<h2>回答</h2>
        <div class="card">
          <p>
            置信度:<strong class="${CONFIDENCE[result.confidence][1]}" data-confidence="${result.confidence}">${CONFIDENCE[result.confidence][0]}</strong>
            <span class="muted">(${result.score.toFixed(2)} · ${result.mode})</span>
          </p>
          <div class="answer">${mask(result.answer)}</div>
        </div>
        ${
          result.citations.length
            ? html`<h2>引用</h2>
                ${result.citations.map(
                  (c) =>
                    html`<div class="card">
                      <a href="${itemHref(c.id)}">${c.cite}</a>
                      <div class="muted">${c.units.join('、')}</div>
                    </div>`,
                )}`
            : ''
        }`
    : '';
  return page({
    title: '问答',
    active: '/ask',
    body: html`<h1>问答</h1>
      ${form}${answer}`,
  });
}
