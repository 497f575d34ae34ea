import { leafName, parseBoolean } from '../snapshot/values.js';
import { factsOf, single } from './_helpers.js';
import { defineRule } from './types.js';

const DEVELOPMENT_MODE: Readonly<Record<string, RegExp>> = {
  NODE_ENV: /^development$/i,
  ASPNETCORE_ENVIRONMENT: /^development$/i,
  DOTNET_ENVIRONMENT: /^development$/i,
  RAILS_ENV: /^development$/i,
  RACK_ENV: /^development$/i,
  APP_ENV: /^(development|dev|local)$/i,
  FLASK_ENV: /^development$/i,
};

export default defineRule({
  id: 'debug-enabled',
  defaultSeverity: 'error',
  scope: 'single',
  description:
    'DEBUG truthy, NODE_ENV=development, ASPNETCORE_ENVIRONMENT=Development etc. in the production tier',
  messages: {
    debug: '{env} turns debugging on',
    development: '{env} runs in development mode',
  },
  check({ env }) {
    if (env.identity.tier !== 'production') return [];
    const out = [];
    for (const kf of factsOf(env)) {
      const leaf = leafName(kf.fact.path).toUpperCase();
      const value = kf.strings.join(',').trim();
      if ((leaf === 'DEBUG' || leaf.endsWith('_DEBUG')) && parseBoolean(value) === true) {
        out.push({
          ...single(env, kf),
          messageId: 'debug' as const,
          data: { env: env.identity.name, key: kf.key },
        });
      } else if (DEVELOPMENT_MODE[leaf]?.test(value)) {
        out.push({
          ...single(env, kf),
          messageId: 'development' as const,
          data: { env: env.identity.name, key: kf.key },
        });
      }
    }
    return out;
  },
});
