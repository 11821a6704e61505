/**
 * What scraped government pages wrap around a document, kept as data so that a new site's chrome is one
 * entry here and not a branch in the parser. Each pattern matches a whole line of page furniture.
 *
 * - `line`: drop the line wherever it is. Anchored or specific enough never to hit a sentence of a plan.
 * - `end`: the document itself ends here (its publication note, its attachments). Once the body has
 *   begun, this line and every line after it, numbered or not, are no plan items: an annex's indicator
 *   list (附件:…指标, 1. 2. …) is left out, not read as items.
 * - `footer`: the page's footer starts here. Once the document body has begun, this line and every line
 *   after it that is not a numbered heading are chrome (ads, disclaimers, site maps follow footers).
 */
export interface ChromePattern {
  name: string;
  pattern: RegExp;
  scope: 'line' | 'footer' | 'end';
  /** Longest line the pattern may drop; defaults to CHROME_MAX_CHARS. */
  maxChars?: number;
}

export const chromePatterns: ChromePattern[] = [
  { name: 'breadcrumb', pattern: /^(当前位置|您的位置|你的位置|位置)[::]|^首页\s*[>>?]|\s[>>]\s*\/?\s*正文$|^.{1,30}\s>\s.{1,30}\s>\s/, scope: 'line' },
  {
    name: 'publish-line',
    pattern: /^(发布时间|发布日期|时间|日期|来源|作者|编辑|责任编辑)[::]?\s*[\d\s年月日:\-:]*.{0,40}(来源|浏览|字号|作者)/,
    scope: 'line',
  },
  {
    name: 'timestamp',
    pattern: /^\s*(时间|日期)?[::]?\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*(来源[::].{0,20})?$/,
    scope: 'line',
  },
  { name: 'share', pattern: /^(分享到|分享|扫描二维|扫一扫|用手机扫|微信扫一扫)/, scope: 'line' },
  { name: 'font-size', pattern: /(放大字体|缩小字体|字号[::]?\s*[大中小]|【\s*大\s*中\s*小\s*】|打印本页|关闭窗口)/, scope: 'line' },
  { name: 'view-counter', pattern: /(浏览次数|阅读次数|点击数|访问量)[::9]?\s*(\S{0,40})$/, scope: 'line' },
  { name: 'summary-box', pattern: /^(核心提示|内容摘要|摘要)[::]/, scope: 'line', maxChars: Infinity },
  // Field names of the metadata tables government portals print above a document; a lost last character
  // (`属?` for 属性) still counts as the field.
  {
    name: 'metadata-table',
    pattern:
      /^\s*[•·]?\s*(索\s*引\s*号|分\s*类|发文机关|发文日期|发文字号|名\s*称|文\s*号|发布单位|发布机构|发布文号|发布日期|生效日期|有效性(状态|状.)?|废止日期|属\s*[性?]|专业属[性?]|备\s*注|主题分类|成文日期)(?=[::\s?]|$)/,
    scope: 'line',
  },
  { name: 'page-title', pattern: /^[^,。;,;]{4,80}_[^,。;,;]*_/, scope: 'line' },
  { name: 'repost-teaser', pattern: /(下面是小编|小编为大家|供大家参考|仅供参考|欢迎阅读|以下是.{0,20}整理)/, scope: 'line', maxChars: Infinity },
  { name: 'site-name', pattern: /^[\p{Script=Han}A-Za-z]{2,8}(网|文库|网站|门户)$/u, scope: 'line' },
  { name: 'single-word', pattern: /^(搜索|打印|关闭|返回|顶部|返回顶部|map|Baidu|上一篇.*|下一篇.*)$/i, scope: 'line' },
  { name: 'recommend', pattern: /^(推荐访问|相关阅读|相关文章|相关链接|相关稿件|热门推荐|猜你喜欢|推荐阅读|延伸阅读)[::]?/, scope: 'footer' },
  { name: 'attachments', pattern: /^附(?:件|表)\s*\d{0,2}\s*(?:[::.、]\s*.{0,80})?$/, scope: 'end' },
  { name: 'publication-note', pattern: /^[((]此(?:件|页)[^()()]{0,12}[))]$/, scope: 'end' },
  { name: 'disclaimer', pattern: /^(声明|免责声明|版权声明)[::9]|^凡本网|版权所有|Copyright|©/i, scope: 'footer' },
  {
    name: 'site-footer',
    pattern: /^(主办单位|承\s*办|主办|技术支持|网站标识码|网站地图|联系我们|关于我们|法规中心)|ICP备|公网安备|Processed in [\d.]+ second/i,
    scope: 'footer',
  },
  { name: 'contact-ad', pattern: /(电询|咨询电话|客服电话|QQ[::?]?\s*\d{5,}|邮箱[::]\s*\S+@|请扫码)/, scope: 'footer' },
];

/** A line the size of a page widget: chrome patterns only ever drop lines this short, never a paragraph. */
export const CHROME_MAX_CHARS = 160;
