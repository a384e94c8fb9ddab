import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { PlanReport } from './plan-report.js';
import { reportDocx } from './report-docx.js';
import { reportHtml } from './report-html.js';
import { markdownText, reportMarkdown } from './report-markdown.js';

// Names and texts of a report come from data a stats user can type; every format must carry them
// as text. The payloads: HTML that runs script, a Markdown link and image to javascript:, a title
// breaker, emphasis and table marks, and a heading smuggled in with a line break.
const P = {
  img: '<img src=x onerror=alert(1)>',
  svg: '<svg onload=alert(1)>',
  script: '"><script>alert(1)</script>',
  title: '</title><script>alert(2)</script>',
  link: '[点此](javascript:alert(3))',
  image: '![x](https://evil.example/x.png)',
  marks: '**粗** _斜_ `代码` ~~删~~ a|b \\',
  heading: '白沙镇\n# 伪造标题\n<iframe>',
};
const ALL = Object.values(P).join(' ');

function report(): PlanReport {
  const series = {
    code: 'IMR',
    title: `婴儿死亡率${P.svg}`,
    unit: '‰',
    years: [2020, 2021],
    actual: [3.4, 3.1],
    trajectory: null,
    target: 3.5,
    status: `达标${P.img}`,
    rag: 'green' as const,
  };
  return {
    locale: 'zh-CN',
    title: `规划${P.title}`,
    subtitle: `副标题${P.link}`,
    syntheticNotice: `合成数据${P.image}`,
    overview: [`1. ${ALL}`, `# ${P.heading}`],
    headline: [{ label: `指标${P.marks}`, value: `24${P.img}` }],
    statusCounts: [{ status: 'on_track', label: `符合${P.svg}`, count: 3, rag: 'green' }],
    table: {
      columns: ['指标', '说明'],
      rows: [
        {
          cells: [`婴儿死亡率${P.script}`, ALL],
          status: 'on_track',
          label: `符合${P.img}`,
          rag: 'green',
          atRisk: true,
        },
      ],
    },
    sections: [{ name: `健康水平${P.script}`, indicators: [series] }],
    risks: [ALL],
    quality: [`- ${P.heading}`],
    projects: { columns: ['序号', '项目名称'], rows: [['1', `综合楼${ALL}`]] },
    thresholds: `阈值${P.marks}`,
    generated: `生成于${P.title}`,
  };
}

/** Tags an HTML parser would build from the text (the payloads' own, not the report's markup). */
const payloadTags = (text: string): string[] => [
  ...new Set(text.match(/<\/?(img|script|iframe|a)\b[^>]*>|<svg onload[^>]*>|<\/title><script/gi) ?? []),
];

describe('reports carry names and texts as text', () => {
  it('Markdown: no HTML, link, image, emphasis, table cell break or heading comes from data', () => {
    const md = reportMarkdown(report(), 2021);
    expect(payloadTags(md)).toEqual([]);
    expect(md).not.toMatch(/(?<!\\)\[点此(?<!\\)\]/);
    expect(md).not.toMatch(/(?<!\\)!\[x\]\(/);
    expect(md).not.toMatch(/(?<!\\)\*\*粗/);
    // The one heading line is the report's own title; the smuggled ones are escaped or joined.
    expect(md.split('\n').filter((l) => /^#\s/.test(l))).toEqual([
      `# 规划&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;（数据年份 2021）`,
    ]);
    expect(md).toContain('\n\\# 白沙镇 # 伪造标题 &lt;iframe&gt;\n');
    // Each table row keeps its column count: a `|` in a name is escaped, not a cell break.
    const dataRow = md.split('\n').find((l) => l.startsWith('| 婴儿死亡率')) ?? '';
    expect(dataRow.split(/(?<!\\)\|/).length - 2).toBe(2);
    expect(md).toContain('\\*\\*粗\\*\\* \\_斜\\_ \\`代码\\` \\~\\~删\\~\\~ a\\|b \\\\');
  });

  it('Markdown text escaping keeps ordinary Chinese text and numbers as they are', () => {
    expect(markdownText('2023年 2.78人，基线 2.41（目标 ≥3.6）')).toBe(
      '2023年 2.78人，基线 2.41（目标 ≥3.6）',
    );
    expect(markdownText('2023. 开头')).toBe('2023\\. 开头');
    expect(markdownText('- 列表')).toBe('\\- 列表');
    expect(markdownText('A & B < C > D')).toBe('A &amp; B &lt; C &gt; D');
  });

  it('HTML: every payload is escaped, and the document forbids scripts wherever it is opened', () => {
    const html = reportHtml(report());
    expect(payloadTags(html)).toEqual([]);
    expect(html).toContain('<title>规划&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;</title>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The chart titles (SVG text drawn by ECharts) are escaped too.
    expect(html).toContain('婴儿死亡率&lt;svg onload=alert(1)&gt;');
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;[^"]*">/,
    );
    expect(html).not.toMatch(/<script/i);
  });

  it('DOCX: the payloads are text runs, not markup', async () => {
    const zip = await JSZip.loadAsync(await reportDocx(report()));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(payloadTags(xml)).toEqual([]);
  });
});
