/** Where a plan project (重大工程项目) stands. Codes in files and JSON, Chinese labels in reports. */
export const ProjectStatus = {
  PLANNED: 'planned',
  IN_PROGRESS: 'in_progress',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
} as const;
export type ProjectStatus = (typeof ProjectStatus)[keyof typeof ProjectStatus];

export const PROJECT_STATUS_LABELS: Readonly<Record<ProjectStatus, { zh: string; en: string }>> = {
  planned: { zh: '未开工', en: 'Planned' },
  in_progress: { zh: '在建', en: 'In progress' },
  completed: { zh: '已完工', en: 'Completed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

const WORDS: Record<string, ProjectStatus> = {
  未开工: 'planned',
  计划: 'planned',
  前期: 'planned',
  在建: 'in_progress',
  建设中: 'in_progress',
  已开工: 'in_progress',
  已完工: 'completed',
  竣工: 'completed',
  已建成: 'completed',
  已取消: 'cancelled',
  取消: 'cancelled',
};

/** Reads a status written as a code or a Chinese word (the XLSX template); undefined when unknown. */
export function projectStatusOf(s: string): ProjectStatus | undefined {
  const v = s.trim();
  return (Object.values(ProjectStatus) as string[]).includes(v) ? (v as ProjectStatus) : WORDS[v];
}
