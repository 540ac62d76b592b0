import { createContext, ReactNode, useContext, useEffect, useMemo, useState } from 'react';

export type Language = 'zh' | 'en';

/** Every label of the console in both languages; keys are grouped by page. */
const MESSAGES = {
  'app.title': { en: 'Audit console', zh: '审计控制台' },
  'app.titleCommand': { en: 'Command centre console', zh: '指挥中心控制台' },
  'app.titleDeveloper': { en: 'gridshare explorer', zh: 'gridshare 接口浏览器' },
  'app.subtitleDeveloper': { en: 'your department’s API, as policy grants it', zh: '按策略授予本部门的接口' },
  'nav.explorer': { en: 'Explorer', zh: '接口浏览器' },
  'explorer.purpose': { en: 'Purpose (X-Purpose)', zh: '事由（X-Purpose）' },
  'explorer.noPurpose': { en: 'No purpose', zh: '不声明事由' },
  'explorer.intro': {
    en: 'Queries run with your token, through the policy and onto the audit trail. The documentation shows your department’s contract: what the policy does to each field is in its description.',
    zh: '查询使用您的令牌执行，经过策略检查并记入审计。文档显示本部门的接口契约：每个字段的策略效果写在其说明中。',
  },
  'app.subtitleCommand': { en: 'gridshare open events', zh: 'gridshare 在办事件' },
  'app.subtitle': { en: 'gridshare access review', zh: 'gridshare 数据访问审查' },
  'nav.people': { en: 'Person history', zh: '个人访问记录' },
  'nav.departments': { en: 'Departments', zh: '部门概览' },
  'nav.records': { en: 'Records', zh: '审计记录' },
  'nav.anomalies': { en: 'Anomalies', zh: '异常' },
  'nav.matrix': { en: 'Policy matrix', zh: '权限矩阵' },
  'nav.commandCentre': { en: 'Command centre', zh: '指挥中心总览' },
  'nav.main': { en: 'Console pages', zh: '控制台页面' },
  'lang.toggle': { en: '中文', zh: 'English' },
  'lang.toggleLabel': { en: 'Switch to Chinese', zh: '切换到英文' },
  'session.signedInAs': { en: 'Signed in as', zh: '当前身份' },
  'session.expires': { en: 'token expires {time}', zh: '令牌 {time} 过期' },
  'session.signOut': { en: 'Sign out', zh: '退出' },

  'signIn.title': { en: 'Sign in', zh: '登录' },
  'signIn.intro': {
    en: 'The console reads through the gateway with your own department token: the audit office reviews the audit trail, the grid command centre watches its open events, and every department tries its API in the explorer.',
    zh: '控制台以您本部门的令牌通过网关读取数据：审计部门审查审计记录，网格化指挥中心查看在办事件，各部门可在接口浏览器中试用本部门的接口。',
  },
  'signIn.paste': { en: 'Paste a token', zh: '粘贴令牌' },
  'signIn.tokenLabel': { en: 'Bearer token (JWT)', zh: '令牌（JWT）' },
  'signIn.submit': { en: 'Sign in', zh: '登录' },
  'signIn.dev': { en: 'Development identity', zh: '开发环境身份' },
  'signIn.devHint': {
    en: 'Offered only while the gateway uses its development key (no production key configured), through the sign-in link of this run.',
    zh: '仅当网关使用开发密钥（未配置生产密钥）时，通过本次运行的登录链接提供。',
  },
  'signIn.devNeedsLink': {
    en: 'To sign in with a development identity, open the sign-in link that `gridshare start` printed for this run.',
    zh: '如需使用开发环境身份登录，请打开本次 `gridshare start` 输出的登录链接。',
  },
  'signIn.devDepartment': { en: 'Department', zh: '部门' },
  'signIn.devSubmit': { en: 'Sign in as this department', zh: '以该部门身份登录' },
  'signIn.checking': { en: 'Checking the token with the gateway…', zh: '正在向网关核验令牌…' },
  'signIn.malformed': { en: 'This is not a JSON Web Token (three dot-separated parts).', zh: '这不是 JWT 令牌（应为三段，以点分隔）。' },
  'signIn.notAuditor': {
    en: 'Refused: the gateway does not accept this token of {department}.',
    zh: '已拒绝：网关不接受此{department}令牌。',
  },
  'signIn.expiredBefore': { en: 'Your token has expired. Sign in again.', zh: '您的令牌已过期，请重新登录。' },

  'command.title': { en: 'Open events', zh: '在办事件总览' },
  'command.intro': {
    en: 'Every open event, by who holds it and the town it is in, with its deadline light and its highest supervision (督办) level. Counts are as of {at}.',
    zh: '全部在办事件，按承办方和所在镇街统计，显示期限亮灯和最高督办级别。统计时间：{at}。',
  },
  'command.town': { en: 'Town', zh: '镇街' },
  'command.allTowns': { en: 'All towns', zh: '全部镇街' },
  'command.holder': { en: 'Held by', zh: '承办方' },
  'command.centreAt': { en: 'Command centre ({level})', zh: '指挥中心（{level}）' },
  'command.total': { en: 'Open', zh: '在办' },
  'command.noLight': { en: 'No deadline', zh: '无期限' },
  'command.unsupervised': { en: 'Not supervised', zh: '未督办' },
  'command.overdueResponses': { en: 'Supervision unanswered past its deadline', zh: '督办逾期未回复' },
  'command.lights': { en: 'Deadline light', zh: '期限亮灯' },
  'command.supervision': { en: 'Supervision level', zh: '督办级别' },
  'command.byTown': { en: 'By town', zh: '按镇街' },
  'command.empty': { en: 'No open events.', zh: '没有在办事件。' },
  'light.RED': { en: 'Red', zh: '红灯' },
  'light.YELLOW': { en: 'Yellow', zh: '黄灯' },
  'light.GREEN': { en: 'Green', zh: '绿灯' },
  'level.CITY': { en: 'city', zh: '市级' },
  'level.TOWN': { en: 'town', zh: '镇街' },
  'level.COMMUNITY': { en: 'community station', zh: '社区工作站' },
  'supervision.ELECTRONIC_REMINDER': { en: 'Electronic reminder', zh: '电子催办' },
  'supervision.OVERDUE_NOTICE': { en: 'Overdue notice', zh: '超期未结通知' },
  'supervision.RESPONSIBLE_UNIT_ASSIGNMENT': { en: 'Assigned to leadership', zh: '责任主体交办' },
  'supervision.ON_SITE_SUPERVISION': { en: 'On-site', zh: '现场督办' },
  'supervision.SMS_SUPERVISION': { en: 'SMS', zh: '短信督办' },

  'errors.expired': { en: 'Your token has expired. Sign in again to continue.', zh: '您的令牌已过期，请重新登录后继续。' },
  'errors.unauthenticated': { en: 'The gateway did not accept your token: {message}', zh: '网关未接受您的令牌：{message}' },
  'errors.forbidden': { en: 'Forbidden: {message}', zh: '无权访问：{message}' },
  'errors.badInput': { en: 'Please check your input: {message}', zh: '请检查输入：{message}' },
  'errors.unavailable': { en: 'A service is unavailable right now: {message}', zh: '服务暂不可用：{message}' },
  'errors.network': { en: 'Cannot reach the gateway: {message}', zh: '无法连接网关：{message}' },
  'errors.unsupported': { en: 'This gateway does not offer {field} yet.', zh: '此网关尚未提供 {field}。' },
  'errors.other': { en: 'Something went wrong: {message}', zh: '出错了：{message}' },
  'errors.partial': { en: 'Part of the answer is missing: {message}', zh: '部分结果缺失：{message}' },

  'common.loading': { en: 'Loading…', zh: '加载中…' },
  'common.search': { en: 'Search', zh: '查询' },
  'common.show': { en: 'Show', zh: '显示' },
  'common.from': { en: 'From', zh: '开始日期' },
  'common.to': { en: 'To', zh: '结束日期' },
  'common.department': { en: 'Department', zh: '部门' },
  'common.allDepartments': { en: 'All departments', zh: '全部部门' },
  'common.loadMore': { en: 'Load more', zh: '加载更多' },
  'common.showing': { en: 'Showing {shown} of {total}', zh: '显示 {shown} / 共 {total} 条' },
  'common.user': { en: 'User', zh: '用户' },
  'common.purpose': { en: 'Purpose', zh: '事由' },
  'common.noPurpose': { en: 'no purpose stated', zh: '未声明事由' },
  'common.operation': { en: 'Operation', zh: '操作' },
  'common.outcome': { en: 'Outcome', zh: '结果' },
  'common.time': { en: 'Time (UTC+8)', zh: '时间（北京时间）' },
  'common.record': { en: 'Record', zh: '记录' },
  'common.anyOutcome': { en: 'Any outcome', zh: '全部结果' },
  'common.timezoneNote': { en: 'Dates and times are China Standard Time (UTC+8).', zh: '日期和时间均为北京时间（UTC+8）。' },

  'outcome.OK': { en: 'OK', zh: '成功' },
  'outcome.PARTIAL': { en: 'Partial', zh: '部分' },
  'outcome.REJECTED': { en: 'Rejected', zh: '拒绝' },
  'outcome.ERROR': { en: 'Error', zh: '错误' },

  'fields.raw': { en: 'raw', zh: '原值' },
  'fields.masked': { en: 'masked', zh: '脱敏' },
  'fields.denied': { en: 'denied', zh: '拒绝' },
  'fields.legend': { en: 'Fields:', zh: '字段：' },

  'people.title': { en: 'Person access history', zh: '个人访问记录' },
  'people.intro': {
    en: 'Who read a person’s records: every access, newest first. The ID number is sent to the gateway only, never kept in the address bar or in the trail.',
    zh: '谁读取了某人的数据：按时间倒序列出每次访问。身份证号仅发送给网关，不写入地址栏，也不写入审计记录。',
  },
  'people.idNumber': { en: 'Resident ID number', zh: '公民身份号码' },
  'people.idHint': { en: '18 characters', zh: '18 位' },
  'people.entityType': { en: 'Record type', zh: '记录类型' },
  'people.byIdNumber': { en: 'Person by ID number', zh: '个人（按身份证号）' },
  'people.entityKey': { en: 'Record key', zh: '记录编码' },
  'people.keyHint': { en: 'a house code, a legal entity id, E-1:1', zh: '房屋编码、法人编号、E-1:1 等' },
  'people.keyInvalid': {
    en: 'A record key is 1–100 letters, digits, colons, dots, hyphens or underscores.',
    zh: '记录编码为 1–100 位字母、数字、冒号、点、连字符或下划线。',
  },
  'people.clientName': { en: 'Client', zh: '客户端' },
  'people.idInvalid': { en: 'An ID number has 18 characters: 17 digits and a digit or X.', zh: '身份证号为 18 位：17 位数字加一位数字或 X。' },
  'people.empty': { en: 'Nobody has read this person’s records in this period.', zh: '在此期间没有人读取过此人的数据。' },
  'people.start': { en: 'Enter an ID number to see who read that person’s records.', zh: '输入身份证号，查看谁读取过此人的数据。' },
  'people.accesses': { en: '{total} accesses', zh: '共 {total} 次访问' },
  'people.byDepartment': { en: 'By department', zh: '按部门' },
  'people.export': { en: 'Export CSV', zh: '导出 CSV' },
  'people.exporting': { en: 'Exporting {count}…', zh: '正在导出 {count} 条…' },
  'people.entity': { en: '{type} {key} in {subgraph}', zh: '{subgraph} 中的 {type} {key}' },

  'departments.title': { en: 'Department overview', zh: '部门概览' },
  'departments.intro': {
    en: 'Per local day: operations, personal records read and denials. Each department is compared with its own baseline: its mean daily operations over the 14 days before the period.',
    zh: '按日统计：操作次数、读取的个人记录数和拒绝次数。各部门与自身基线比较：即所选期间之前 14 天的日均操作次数。',
  },
  'departments.operations': { en: 'Operations', zh: '操作次数' },
  'departments.personalRecordsRead': { en: 'Personal records read', zh: '读取个人记录' },
  'departments.denials': { en: 'Denials', zh: '拒绝次数' },
  'departments.baseline': { en: 'Baseline / day', zh: '基线（日均）' },
  'departments.peak': { en: 'Peak vs baseline', zh: '峰值 / 基线' },
  'departments.noBaseline': { en: 'no history', zh: '无历史数据' },
  'departments.trend': { en: 'Operations per day', zh: '每日操作' },
  'departments.aboveBaseline': { en: 'above 3× baseline', zh: '超过基线 3 倍' },
  'departments.empty': { en: 'No department used the API in this period.', zh: '此期间没有部门调用接口。' },
  'departments.chartsFor': { en: 'Per day: {department}', zh: '每日明细：{department}' },
  'departments.baselineLine': { en: 'baseline {value}/day', zh: '基线 {value}/日' },
  'departments.thresholdLine': { en: '3× baseline', zh: '基线 3 倍' },
  'departments.select': { en: 'Choose a department in the table to see its days.', zh: '在表格中选择部门以查看每日明细。' },
  'departments.viewRecords': { en: 'Records of this department', zh: '查看该部门记录' },

  'records.title': { en: 'Audit records', zh: '审计记录' },
  'records.intro': { en: 'One record per gateway operation, newest first.', zh: '网关每次操作一条记录，按时间倒序。' },
  'records.userId': { en: 'User id', zh: '用户标识' },
  'records.coordinate': { en: 'Field (Type.field)', zh: '字段（类型.字段）' },
  'records.requestId': { en: 'Request id', zh: '请求标识' },
  'records.empty': { en: 'No record matches these filters.', zh: '没有符合条件的记录。' },
  'records.fields': { en: 'Fields', zh: '字段' },

  'record.title': { en: 'Audit record #{seq}', zh: '审计记录 #{seq}' },
  'record.notFound': { en: 'There is no record #{seq} in the trail.', zh: '审计链中没有第 {seq} 条记录。' },
  'record.summary': { en: 'Operation', zh: '操作' },
  'record.level': { en: 'Level', zh: '层级' },
  'record.client': { en: 'Client', zh: '客户端' },
  'record.operationType': { en: 'Type', zh: '类型' },
  'record.httpStatus': { en: 'HTTP status', zh: 'HTTP 状态' },
  'record.duration': { en: 'Duration', zh: '耗时' },
  'record.recordCount': { en: 'Records returned', zh: '返回记录数' },
  'record.sensitiveRecordCount': { en: 'Records with sensitive fields', zh: '含敏感字段的记录' },
  'record.documentHash': { en: 'Document hash', zh: '文档哈希' },
  'record.document': { en: 'What was asked (every value blanked)', zh: '操作语句（值已抹去）' },
  'record.variables': { en: 'Variables (personal values redacted)', zh: '变量（个人信息已替换）' },
  'record.noFields': { en: 'No field was answered or refused by policy.', zh: '没有字段被返回或被策略拒绝。' },
  'record.denialReasons': { en: 'Denial reasons', zh: '拒绝原因' },
  'record.accesses': { en: 'Personal records touched', zh: '涉及的个人记录' },
  'record.noAccesses': { en: 'This operation touched no personal record.', zh: '此操作未涉及个人记录。' },
  'record.entity': { en: 'Record', zh: '记录' },
  'record.subgraph': { en: 'Subgraph', zh: '子图' },
  'record.chain': { en: 'Hash chain', zh: '哈希链' },
  'record.position': { en: 'Position', zh: '位置' },
  'record.prevHash': { en: 'Previous hash', zh: '前一条哈希' },
  'record.hash': { en: 'Hash', zh: '哈希' },
  'record.previous': { en: '← #{seq}', zh: '← #{seq}' },
  'record.next': { en: '#{seq} →', zh: '#{seq} →' },
  'record.line': { en: 'As written to the trail (canonical JSON)', zh: '写入审计链的原文（规范化 JSON）' },
  'record.localOk': { en: 'This record’s content matches its hash.', zh: '本条记录内容与其哈希一致。' },
  'record.localBad': { en: 'This record’s content does NOT match its hash.', zh: '本条记录内容与其哈希不一致！' },
  'record.localUnavailable': {
    en: 'This browser cannot compute SHA-256 here (needs HTTPS or localhost).',
    zh: '此浏览器在当前地址无法计算 SHA-256（需要 HTTPS 或本机地址）。',
  },
  'record.verify': { en: 'Verify chain', zh: '校验哈希链' },
  'record.verifying': { en: 'Verifying the whole chain…', zh: '正在校验整条哈希链…' },
  'record.verifyOk': {
    en: 'Chain intact: {records} records and {checkpoints} signed checkpoints verified in {seconds} s; head #{headSeq}.',
    zh: '哈希链完整：用时 {seconds} 秒校验了 {records} 条记录和 {checkpoints} 个签名检查点；链头 #{headSeq}。',
  },
  'record.filesChecked': { en: 'The NDJSON copy of the trail was checked too.', zh: '审计链的 NDJSON 副本也已校验。' },
  'record.filesNotChecked': {
    en: 'The NDJSON copy is not on the audit service’s disk and was not checked: run `npx gridshare audit verify` where it is.',
    zh: 'NDJSON 副本不在审计服务所在磁盘上，未校验：请在副本所在服务器运行 `npx gridshare audit verify`。',
  },
  'record.verifyBad': { en: 'Chain broken at record #{seq} ({where}): {problem}', zh: '哈希链在第 {seq} 条记录处断开（{where}）：{problem}' },
  'record.verifyUnsupported': {
    en: 'This gateway cannot verify the chain yet (no verifyAuditChain query). Run `npx gridshare audit verify` on the server.',
    zh: '此网关暂不支持校验哈希链（缺少 verifyAuditChain 查询）。请在服务器上运行 `npx gridshare audit verify`。',
  },

  'anomalies.title': { en: 'Anomalies', zh: '异常' },
  'anomalies.intro': { en: 'Unusual access patterns found in the trail (at most 92 days).', zh: '审计记录中发现的异常访问模式（最长 92 天）。' },
  'anomalies.empty': { en: 'No anomaly in this period.', zh: '此期间没有异常。' },
  'anomalies.window': { en: 'Window', zh: '时间窗口' },
  'anomalies.records': { en: 'Records behind it ({count})', zh: '相关记录（{count} 条）' },
  'anomalies.showRecords': { en: 'Show the records', zh: '显示相关记录' },
  'anomalies.hideRecords': { en: 'Hide the records', zh: '隐藏相关记录' },
  'anomalies.moreRecords': { en: 'Showing the first {shown} of {count}.', zh: '显示前 {shown} 条，共 {count} 条。' },
  'people.citizenReport': { en: 'Citizen access report', zh: '生成个人信息查询告知书' },
  'people.citizenReportWithheld': {
    en: '{count} reads withheld under the disclosure policy (not shown to the citizen)',
    zh: '依告知规定暂不告知 {count} 条（告知书中不显示）',
  },
  'people.print': { en: 'Print', zh: '打印' },
  'people.saveHtml': { en: 'Save as HTML', zh: '保存为 HTML' },
  'anomalies.state': { en: 'Case state', zh: '处置状态' },
  'anomalies.anyState': { en: 'Any state', zh: '全部状态' },
  'anomalies.assignee': { en: 'Assigned to', zh: '承办人' },
  'anomalies.timeline': { en: 'Timeline', zh: '处置记录' },
  'anomalies.note': { en: 'Note', zh: '备注' },
  'anomalies.assignTo': { en: 'Auditor (user id)', zh: '审计人员（用户ID）' },
  'anomalies.stepDone': { en: 'Recorded.', zh: '已记录。' },
  'finding.OPEN': { en: 'Open', zh: '待处理' },
  'finding.ACKNOWLEDGED': { en: 'Acknowledged', zh: '已确认' },
  'finding.RESOLVED_JUSTIFIED': { en: 'Resolved: justified', zh: '正当使用，已结案' },
  'finding.REFERRED': { en: 'Referred for action', zh: '已移交处理' },
  'findingAction.ACKNOWLEDGE': { en: 'Acknowledge', zh: '确认' },
  'findingAction.ASSIGN': { en: 'Assign', zh: '指派' },
  'findingAction.ANNOTATE': { en: 'Annotate', zh: '添加备注' },
  'findingAction.RESOLVE_JUSTIFIED': { en: 'Resolve as justified', zh: '认定正当使用并结案' },
  'findingAction.REFER': { en: 'Refer for action', zh: '移交处理' },
  'anomaly.VOLUME_ABOVE_BASELINE': { en: 'Volume above baseline', zh: '访问量超出基线' },
  'anomaly.OUT_OF_HOURS': { en: 'Out of hours', zh: '非工作时间访问' },
  'anomaly.DENIAL_BURST': { en: 'Burst of denials', zh: '短时间内多次被拒' },
  'anomaly.BULK_SENSITIVE_READ': { en: 'Bulk sensitive read', zh: '批量读取敏感字段' },
  'anomaly.QUOTA_EXCEEDED': { en: 'Quota exceeded', zh: '超出配额' },

  'matrix.title': { en: 'Policy matrix', zh: '权限矩阵' },
  'matrix.intro': {
    en: 'What each department is entitled to, field by field, as the policy compiler decides it.',
    zh: '各部门对每个字段的访问权限，由权限编译器判定。',
  },
  'matrix.subgraph': { en: 'Data owner', zh: '数据归属' },
  'matrix.allSubgraphs': { en: 'All subgraphs', zh: '全部子图' },
  'matrix.filter': { en: 'Field contains', zh: '字段包含' },
  'matrix.unconditional': { en: 'Show fields every department may read', zh: '显示所有部门均可读取的字段' },
  'matrix.field': { en: 'Field', zh: '字段' },
  'matrix.owner': { en: 'owner: {department}', zh: '归属：{department}' },
  'matrix.rows': { en: '{type} rows', zh: '{type} 行范围' },
  'matrix.empty': { en: 'No field matches.', zh: '没有匹配的字段。' },
  'matrix.legend': { en: 'Legend', zh: '图例' },
  'effect.owner': { en: 'owner', zh: '所有者' },
  'effect.allow': { en: 'allow', zh: '允许' },
  'effect.mask': { en: 'mask', zh: '脱敏' },
  'effect.aggregate': { en: 'aggregate', zh: '仅统计' },
  'effect.deny': { en: 'deny', zh: '拒绝' },
  'effect.purposes': { en: 'purpose: {purposes}', zh: '事由：{purposes}' },
  'rows.owner': { en: 'owner', zh: '所有者' },
  'rows.all': { en: 'all rows', zh: '全部' },
  'rows.jurisdiction': { en: 'jurisdiction', zh: '辖区内' },
  'rows.none': { en: 'none', zh: '无' },
} satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof MESSAGES;
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = 'gridshare.console.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'zh' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function translate(language: Language, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, language);
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = `gridshare · ${translate(language, 'app.title')}`;
  }, [language]);
  const value = useMemo<I18n>(() => ({ language, setLanguage, t: (key, vars) => translate(language, key, vars) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
