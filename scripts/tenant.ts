// Operator commands for tenants (`npm run tenant -- <command>`), on the configured database:
//   create <name> [--open-signup]   a new tenant (sign-up closed unless --open-signup)
//   open <name> | close <name>      open or close register without an invitation
//   invite <name> [--role admin|user|service] [--hours N]   prints a single-use invitation code
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { TenantService } from '../src/tenants/tenants.service.js';
import { TenantsStore } from '../src/tenants/tenants.store.js';
import { USER_ROLES, type UserRole } from '../src/db/schema.js';

const [command, name, ...rest] = process.argv.slice(2);
const flag = (f: string) => rest.includes(f);
const option = (f: string) => (rest.includes(f) ? rest[rest.indexOf(f) + 1] : undefined);
const { config } = loadConfig();
const handle = openDatabase(config.databaseUrl, 1);
// These commands change no user's role, so no cached profile needs dropping.
const tenants = new TenantService(new TenantsStore(handle.db), { invalidate: async () => undefined }, {
  defaultTenant: config.defaultTenant,
  defaultTenantOpenSignup: config.protection.defaultTenantOpenSignup,
});
try {
  if (!name || !['create', 'open', 'close', 'invite'].includes(command ?? '')) {
    console.error('usage: npm run tenant -- create|open|close|invite <name> [--open-signup] [--role ROLE] [--hours N]');
    process.exitCode = 2;
  } else if (command === 'create') {
    const created = await tenants.create(name, { openSignup: flag('--open-signup') });
    console.log(created ? `created tenant ${name} (sign-up ${flag('--open-signup') ? 'open' : 'closed'})` : `tenant ${name} exists`);
  } else if (command === 'open' || command === 'close') {
    await tenants.ensure(name, { openSignup: command === 'open' });
    console.log(`tenant ${name}: sign-up ${command === 'open' ? 'open' : 'closed'}`);
  } else {
    const role = (option('--role') ?? 'user') as UserRole;
    if (!USER_ROLES.includes(role)) throw new Error(`--role: one of ${USER_ROLES.join(', ')}`);
    const invitation = await tenants.invite(name, { role, createdBy: null, ttlHours: Number(option('--hours') ?? config.protection.invitationTtlHours) });
    console.log(invitation.code);
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
}
