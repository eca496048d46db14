import { randomBytes } from 'node:crypto';
import { sha256 } from '../auth/api-keys.js';
import type { ProfileCache } from '../auth/profiles.js';
import type { UserRole } from '../db/schema.js';
import { badInput, forbidden, notFound } from '../graphql/errors.js';
import type { InvitationRow, TenantsStore } from './tenants.store.js';

export const TENANT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export interface TenantPolicy {
  defaultTenant: string;
  /** Whether the default tenant takes `register` without an invitation (DEFAULT_TENANT_OPEN_SIGNUP). */
  defaultTenantOpenSignup: boolean;
}

/** The tenant admin making a change (a Viewer of src/auth/auth.service.ts). */
export interface TenantAdmin {
  tenantId: string;
}

export interface IssuedInvitation {
  code: string;
  tenantId: string;
  role: UserRole;
  expiresAt: Date;
}

/** A refusal of register that reads the same for a closed tenant and for one that does not exist. */
const signupClosed = () => forbidden('Sign-up is closed here: ask an admin of the tenant for an invitation');

/**
 * Tenants as boundaries: created by the operator (`npm run tenant -- create`), joined through
 * an invitation or the tenant's identity provider, or by `register` where sign-up is open.
 * Tenant admins invite, set roles and open or close sign-up, for their own tenant only.
 */
export class TenantService {
  constructor(
    private readonly store: TenantsStore,
    /** Role changes drop the user's cached profile on every instance. */
    private readonly profiles: Pick<ProfileCache, 'invalidate'>,
    private readonly policy: TenantPolicy,
  ) {}

  /** Operator action. New tenants start with sign-up closed unless asked. Returns false when it existed. */
  async create(name: string, options: { openSignup?: boolean } = {}): Promise<boolean> {
    if (!TENANT_NAME.test(name)) throw badInput('tenant: 1–64 letters, digits, _ . -', 'name');
    return this.store.insertIfMissing(name, options.openSignup ?? false);
  }

  /** Operator action (and tests): the tenant exists with this sign-up policy. */
  async ensure(name: string, options: { openSignup: boolean }): Promise<void> {
    await this.create(name, options);
    if (name !== this.policy.defaultTenant) await this.store.setOpenSignup(name, options.openSignup);
  }

  async exists(name: string): Promise<boolean> {
    return name === this.policy.defaultTenant || (await this.store.find(name)) !== undefined;
  }

  /** Refuses `register` without an invitation unless the tenant exists and has sign-up open. */
  async checkOpenSignup(tenantId: string): Promise<void> {
    if (tenantId === this.policy.defaultTenant) {
      if (!this.policy.defaultTenantOpenSignup) throw signupClosed();
      return;
    }
    const tenant = await this.store.find(tenantId);
    if (!tenant?.openSignup) throw signupClosed();
  }

  async signupOpen(tenantId: string): Promise<boolean> {
    if (tenantId === this.policy.defaultTenant) return this.policy.defaultTenantOpenSignup;
    return (await this.store.find(tenantId))?.openSignup ?? false;
  }

  /** An invitation to the tenant; its code is shown once (only its hash is kept). */
  async invite(tenantId: string, options: { role: UserRole; createdBy: number | null; ttlHours: number }): Promise<IssuedInvitation> {
    if (!(await this.exists(tenantId))) throw notFound('No such tenant');
    const code = `inv_${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + options.ttlHours * 3600_000);
    await this.store.insertInvitation({ tenantId, codeHash: sha256(code), role: options.role, createdBy: options.createdBy, expiresAt });
    return { code, tenantId, role: options.role, expiresAt };
  }

  /** The invitation a code names, if still usable; the same refusal for unknown, used and expired codes. */
  async findInvitation(code: string): Promise<InvitationRow> {
    const invitation = await this.store.findUsableInvitation(sha256(code));
    if (!invitation) throw forbidden('The invitation is not valid (unknown, used or expired)');
    return invitation;
  }

  async useInvitation(invitation: InvitationRow, userId: number): Promise<boolean> {
    return this.store.useInvitation(invitation.id, userId);
  }

  /** Tenant admins only; a user of another tenant is answered like one that does not exist. */
  async setRole(admin: TenantAdmin, userId: number, role: UserRole): Promise<void> {
    if (!(await this.store.setRole(admin.tenantId, userId, role))) throw notFound('No such user');
    await this.profiles.invalidate(userId);
  }

  async setOpenSignup(admin: TenantAdmin, open: boolean): Promise<void> {
    if (admin.tenantId === this.policy.defaultTenant) {
      throw badInput('The default tenant’s sign-up is set by DEFAULT_TENANT_OPEN_SIGNUP', 'open');
    }
    await this.store.setOpenSignup(admin.tenantId, open);
  }
}
