import { purposeLabel } from '../../../../access-policies/runtime/labels';
import type { TimeRange } from '../time-range';
import type { Disclosure } from './disclosure';

export interface ReportLine {
  at: Date;
  department: string;
  action: '查询' | '修改';
  purpose: string;
  kinds: string[];
}

const CST_MS = 8 * 3_600_000;

/** China Standard Time, as a citizen reads a time: 2026-03-11 10:05. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + CST_MS).toISOString().slice(0, 16).replace('T', ' ');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

// Print-ready on A4 by itself (a saved file, a browser's print); the console shows the body with its own stylesheet.
const STYLE = `
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; color: #111; font-size: 11pt; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; }
.meta { color: #444; font-size: 9.5pt; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { page-break-inside: avoid; }
.note { font-size: 9.5pt; color: #333; margin-top: 4mm; }`;

export interface ReportInput {
  lines: ReportLine[];
  generatedAt: Date;
  reference: string;
  range: TimeRange;
  policy: Disclosure;
}

/** The report as one self-contained HTML document, in Chinese; every text from the trail is escaped. */
export function renderCitizenReport(input: ReportInput): string {
  const period = `${input.range.start ? chinaTime(input.range.start) : '记录起始'} 至 ${input.range.end ? chinaTime(input.range.end) : chinaTime(input.generatedAt)}`;
  const rows = input.lines
    .map(
      (line) =>
        `<tr data-line><td>${escape(chinaTime(line.at))}</td><td>${escape(line.department)}</td><td>${line.action}</td><td>${escape(line.purpose)}</td><td>${escape(line.kinds.join('、'))}</td></tr>`,
    )
    .join('\n');
  const withholdRules = input.policy.withhold
    .map((rule) => `以“${rule.purposes.map((p) => escape(purposeLabel(p))).join('、')}”为事由的查询在${rule.days}日内`)
    .join('；');
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>个人信息查询记录告知书</title><style>${STYLE}</style></head>
<body>
<main class="citizen-report" data-testid="citizen-report-document">
<h1>个人信息查询记录告知书</h1>
<p class="meta">报告编号（审计记录请求号）：${escape(input.reference)} · 查询期间：${escape(period)}（北京时间） · 生成时间：${escape(chinaTime(input.generatedAt))}（北京时间）</p>
<p>根据《中华人民共和国个人信息保护法》第四十四条，您有权知悉您的个人信息被处理的情况。下表列出各部门通过 gridshare 查询或修改您个人信息的记录：何时、哪个部门、出于何种事由、涉及哪些信息项（不含信息内容本身）。</p>
${
  input.lines.length
    ? `<table><thead><tr><th>时间（北京时间）</th><th>部门</th><th>操作</th><th>事由</th><th>涉及信息</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
    : '<p data-empty>查询期间内没有部门查询或修改您的个人信息。</p>'
}
<p class="note">共 ${input.lines.length} 条记录。依规定，${withholdRules}不列入本告知书（期满后可再次申请）；被拒绝、未获取任何信息的请求亦不列入。</p>
<p class="note">本告知书由审计部门根据审计记录生成，其生成本身亦记入审计记录。</p>
</main>
</body>
</html>`;
}
