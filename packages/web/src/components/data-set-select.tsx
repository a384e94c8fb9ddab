import type * as Api from '@healthwatch/contract';
import { useI18n } from '../i18n/i18n';
import { useApi } from '../lib/use-api';

/** A labelled picker of every data set, by code (or id); empty means none chosen. */
export function DataSetSelect({
  value,
  onChange,
  required,
  testId,
}: {
  value: string;
  onChange: (code: string) => void;
  required?: boolean;
  testId?: string;
}): React.JSX.Element {
  const { t } = useI18n();
  const sets = useApi<Api.DataSetList>('/api/metadata/dataSets');
  return (
    <label>
      {t('common.dataSet')}
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        data-testid={testId}
      >
        <option value="">—</option>
        {(sets.data?.dataSets ?? []).map((d) => (
          <option key={d.id} value={d.code ?? d.id}>
            {d.name}
          </option>
        ))}
      </select>
    </label>
  );
}
