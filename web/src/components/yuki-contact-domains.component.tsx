// Settings → caller ID from Yuki: choose the domains whose contacts are the firm's relations (none by default).
import { Button, Checkbox, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { getYukiContactDomains, setYukiContactDomains } from '../api/callerid-yuki.api.js';
import { formatCounts } from '../format.js';
import { useApiMutation } from '../use-api-mutation.js';
import { ColumnHeads, labelled } from './column-heads.component.js';
import { ErrorAlert } from './feedback.component.js';
import { Form } from './form.component.js';
import { QueryState } from './query-state.component.js';

import type { YukiContactDomains as Domains } from '../api/callerid-yuki.api.js';

const domainsKey = ['callerid-yuki-domains'] as const;

function DomainsForm({ data }: { data: Domains }) {
  const { t } = useTranslation();
  const { domains, backgroundShare } = data;
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(domains.filter((domain) => domain.selected).map((domain) => domain.id)),
  );
  const save = useApiMutation(() => setYukiContactDomains([...chosen]), { invalidates: domainsKey });
  const toggle = (id: string, on: boolean): void => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  return (
    <Form
      onSubmit={() => {
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <Text>{t('callerid.yuki.intro')}</Text>
        <Table.ScrollContainer minWidth={480}>
          <Table striped>
            <Table.Caption>{t('callerid.yuki.domainsCaption')}</Table.Caption>
            <ColumnHeads
              columns={labelled(['domain', 'indexContacts', 'share'] as const, (column) =>
                t(`callerid.yuki.${column}`),
              )}
            />
            <Table.Tbody>
              {domains.map((domain) => (
                <Table.Tr key={domain.id}>
                  <Table.Th scope="row">{domain.name}</Table.Th>
                  <Table.Td>
                    <Checkbox
                      checked={chosen.has(domain.id)}
                      onChange={(event) => {
                        toggle(domain.id, event.currentTarget.checked);
                      }}
                      aria-label={`${t('callerid.yuki.indexContacts')}: ${domain.name}`}
                    />
                  </Table.Td>
                  <Table.Td>
                    {t(
                      'callerid.yuki.shareValue',
                      formatCounts({ used: domain.backgroundUsed, limit: domain.backgroundLimit }),
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text c="dimmed" size="sm">
          {t('callerid.yuki.shareHint', { percent: Math.round(backgroundShare * 100) })}
        </Text>
        <ErrorAlert error={save.apiError} detailed />
        {save.isSuccess ? <p role="status">{t('callerid.yuki.saved')}</p> : null}
        <div>
          <Button type="submit" loading={save.isPending}>
            {t('callerid.yuki.save')}
          </Button>
        </div>
      </Stack>
    </Form>
  );
}

export function YukiContactDomains() {
  const { t } = useTranslation();
  const domains = useQuery({ queryKey: domainsKey, queryFn: getYukiContactDomains });
  return (
    <QueryState query={domains}>
      {(data) =>
        data.portalConnected ? (
          <DomainsForm data={data} />
        ) : (
          <Text className="empty-state">{t('callerid.yuki.notConnected')}</Text>
        )
      }
    </QueryState>
  );
}
