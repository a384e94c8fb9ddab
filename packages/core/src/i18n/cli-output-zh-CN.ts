/** What the CLI prints of its own (banners and summaries of demo, detect, cases, run), merged into the zh-CN catalogue. */
export const cliOutputZhCN = {
  'cli.casesSummed': '个案 {cases} 例，汇总为 {counts} 个日病例数',
  'cli.surveillanceRun':
    '预警运行 {from}—{to}：{diseases} 个病种 × {places} 个地区，{events} 个事件（新增 {created}，更新 {updated}）',
  'cli.detected': '{method}：{points} 个时点，{alarms} 个预警{which}',
  'cli.detectedAt': '（{at}{more}）',
  'cli.demoBuilt': '示例区县已建立：{db}',
  'cli.demoDistrict':
    '  演示区县（合成数据）：{towns} 个镇街，{institutions} 家医疗卫生机构（公立医院 {publicHospitals}、镇街卫生院 {healthCentres}、社区卫生服务中心 {communityCentres}、村卫生室 {villageClinics}、社会办医院 {privateHospitals}、诊所 {clinics}），2020—2024 年及最近三个月（至 {recentThrough}）的月报，{values} 个数据值',
  'cli.demoPlans': '  规划：jiangjin-13th（十三五，已完成）、jiangjin-14th（十四五）',
  'cli.demoWarning': '  传染病预警 2024W15—2024W26：{events} 个事件（{grades}）',
  'cli.demoGrade': '{grade} {count}',
  'cli.demoLogins': '演示账号（密码：{password}）：',
  'cli.demoPasswordFromEnv': '取自 HEALTHWATCH_DEMO_PASSWORD',
  'cli.demoWeb': '网页：healthwatch --db {db} serve，然后打开 http://127.0.0.1:8080/',
  'cli.demoTry': '试试：',
  'cli.demoTryValidate': '数据质量：预置的问题',
  'cli.demoTryWarnings': '预警：白沙镇手足口病聚集（演示中预置）',
  'cli.demoCorrection': '更正',
} as const;
