/**
 * The labels of request fields and the problems of a rejected request, merged into the zh-CN
 * catalogue: an HTTP 400 names each field by its label in the reader's language (the machine path
 * stays in the detail's `path`).
 */
export const validationFieldsZhCN = {
  'field.action': '操作',
  'field.complete': '完成标记',
  'field.from': '起始周',
  'field.to': '截止周',
  'field.name': '名称',
  'field.current': '当前密码',
  'field.next': '新密码',
  'field.password': '密码',
  'field.periods': '期间',
  'field.reason': '原因',
  'field.user': '用户',
  'field.username': '用户名',
  'field.note': '备注',
  'field.assignee': '负责人',
  'field.role': '角色',
  'field.body': '请求体',
  'issue.required': '缺少{field}',
  'issue.type': '{field}应为{expected}',
  'issue.choice': '{field}的值无效，可选：{allowed}',
  'issue.range': '{field}超出允许的范围或长度',
  'issue.format': '{field}的格式不正确',
  'issue.unknownKey': '不认识的字段：{keys}',
  'issue.invalid': '{field}无效',
  'type.string': '文本',
  'type.number': '数值',
  'type.boolean': '是/否（true/false）',
  'type.object': '对象',
  'type.array': '列表',
} as const;
