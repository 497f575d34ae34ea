/** A realistic staging/production report built through the real audit, for formatter tests. */
import { render } from '../../../src/report/render.js';
import type { ReportView } from '../../../src/report/render.js';
import { auditOf, deepFreeze, PRODUCTION, snapshot, STAGING } from '../../support/world.js';

export const CANARY = 'canary-secret-value-0d9f8e7c';

/** A small audit, rendered as every formatter receives it. */
export function fixtureReport(options: { failed?: boolean; clean?: boolean } = {}): ReportView {
  const staging = snapshot(
    STAGING,
    options.clean
      ? { params: { A: '1' } }
      : {
          bundle: { urls: ['https://staging.tableicty.com', 'http://localhost:3000'] },
          params: {
            SECRET_KEY: { value: CANARY, sensitive: true },
            FRONTEND_URL: {
              value: 'https://staging.tableicty.com/',
              location: { file: 'frontend/.env.staging', line: 3 },
            },
            PLANS: 'starter:49,growth:199',
          },
        },
    options.failed
      ? {
          failed: {
            db: 'access denied reading RDS instance tableicty-staging-db (AccessDeniedException)',
          },
        }
      : {},
  );
  const production = snapshot(
    PRODUCTION,
    options.clean
      ? { params: { A: '1' } }
      : {
          bundle: { urls: ['https://tableicty.com'] },
          params: {
            SECRET_KEY: { value: CANARY, sensitive: true },
            FRONTEND_URL: 'https://tableicty.com',
            PLANS: 'starter:49,growth:299',
            STRIPE_WEBHOOK_SECRET: { value: 'whsec_other', sensitive: true },
          },
        },
  );
  return deepFreeze(render(auditOf([staging, production], { configFile: 'parity.yaml' })));
}
