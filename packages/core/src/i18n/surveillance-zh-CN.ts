/**
 * The messages of early warning (event explanations, case line lists), merged into the zh-CN
 * catalogue. An explanation is stored as `surveillance.explanation` with its parts as parameters,
 * each part a message that starts with its own separator (or empty), so it reads well in any language.
 */
export const surveillanceZhCN = {
  'surveillance.explanation':
    '{observed}{methods}{run}{near}{excess}{immediate}{lasting}。分级：{grade}（{points} 分）。',
  'surveillance.observed': '{unit} {period} 报告{disease} {observed} 例{expected}{upper}',
  'surveillance.expected': '，期望 {value} 例',
  'surveillance.upper': '，预警上限 {value}',
  'surveillance.methodsAgree': '；{methods} {count} 种方法同时预警',
  'surveillance.methodAlone': '；{method} 预警',
  'surveillance.run': '；连续 {run} 个周期超限（自 {from} 起）',
  'surveillance.neighbours': '；相邻的{names}同期预警',
  'surveillance.excess': '；病例数为上限的 {excess} 倍',
  'surveillance.immediate': '；该病按甲类管理，单例即报',
  'surveillance.lasting': '；信号共持续 {run} 个周期（{from}—{to}）',
  'case.unknownDisease': '未知的病种“{value}”（不在监测预警配置中）',
  'case.invalidOnset': '发病日期“{value}”无效（应为 年-月-日，如 2024-06-03）',
  'case.unknownPlace': '未知的镇街“{value}”',
  'case.ambiguousPlace': '镇街名称“{value}”对应多个机构，请改用编码',
  'case.duplicateCard': '卡片编号 {value} 重复',
} as const;
