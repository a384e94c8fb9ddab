import { describe, expect, it } from 'vitest';
import { eventActionLabel, eventDetailText, eventTargetText, valueAuditLabel } from './audit-labels.js';

describe('audit labels', () => {
  it('value audit types and event actions read in Chinese (English on request); unknown codes stay as they are', () => {
    expect(['CREATE', 'UPDATE', 'DELETE'].map((c) => valueAuditLabel(c))).toEqual(['新增', '修改', '删除']);
    expect(valueAuditLabel('UPDATE', 'en')).toBe('changed');
    expect(valueAuditLabel('PURGE')).toBe('PURGE');
    expect(eventActionLabel('login.failed')).toBe('登录失败');
    expect(eventActionLabel('approval.accept')).toBe('上级接受');
    expect(eventActionLabel('token.create', 'en')).toBe('API token created');
    expect(eventActionLabel('future.thing')).toBe('future.thing');
  });

  it("event details: the stored machine forms in words, a person's free text as typed", () => {
    expect(eventDetailText('user.save', 'role=stats')).toBe('角色：区统计人员');
    expect(eventDetailText('user.save', 'role=stats', 'en')).toBe('role: District statistician');
    expect(eventDetailText('login.failed', 'failure 3, locked')).toBe('第 3 次失败，账号已锁定');
    expect(eventDetailText('login.failed', 'failure 2')).toBe('第 2 次失败');
    expect(eventDetailText('login.limited', 'address')).toBe('同一地址尝试过多');
    expect(eventDetailText('login.failed', 'unknown or disabled account')).toBe('账号不存在或已停用');
    expect(eventDetailText('user.update', 'role,disabled')).toBe('角色、停用状态');
    expect(eventDetailText('user.update', 'role,shoeSize')).toBe('role,shoeSize');
    expect(eventDetailText('approval.unapprove', '数据有误 role=x')).toBe('数据有误 role=x');
    expect(eventDetailText('login', null)).toBe('');
  });

  it('a deleted object as its kind (its name is the detail); other targets as stored', () => {
    expect(eventTargetText('metadata.delete', 'orgUnits/Ab3jflQpjXy')).toBe('机构');
    expect(eventTargetText('metadata.delete', 'orgUnits/Ab3jflQpjXy', 'en')).toBe('Organisation units');
    expect(eventTargetText('metadata.delete', 'gadgets/x')).toBe('gadgets');
    expect(eventTargetText('metadata.save', 'orgUnits/JJ-BS-HC')).toBe('机构 JJ-BS-HC');
    expect(eventDetailText('metadata.import', '{"orgUnits":3,"dataElements":12}')).toBe('机构 3、数据元 12');
    expect(eventDetailText('metadata.import', '{oops')).toBe('{oops');
    expect(eventTargetText('user.save', 'clerk2')).toBe('clerk2');
    expect(eventTargetText('login', null)).toBe('');
  });
});
