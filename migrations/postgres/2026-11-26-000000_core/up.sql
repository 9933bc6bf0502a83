-- Core schema of Provider Portal: PostgreSQL.
--
-- The SQLite twin (migrations/sqlite/2026-11-26-000000_core) has the same tables, columns,
-- nullability, constraint and index names, in the same order; change both together.
--
-- Conventions (docs/conventions.md):
-- - Ids are UUIDv7 made by the API, stored as TEXT (not uuid: one schema.rs serves both backends).
--   "NOT NULL PRIMARY KEY" is redundant here; it keeps the text identical to the SQLite twin.
-- - Times are TIMESTAMP (without time zone), always UTC. Booleans are BOOLEAN. No PG-only types
--   (uuid, jsonb, enums, arrays): small enums are lower-case TEXT with a CHECK, JSON is TEXT.
-- - No DEFAULTs: the API writes every column, so a forgotten field fails instead of silently
--   taking a default.
-- - Constraints are named ck_/fk_<table>_<what>, indexes ix_/ux_<table>_<cols>. Every foreign-key
--   column leads an index, so ON DELETE actions and joins never scan.
-- - Zero knowledge: encrypted_*, wrapped_*, *_wrapped_key, *_enc, ciphers.item_key and
--   ciphers.data hold ciphertext made on a client; the server stores and returns them and cannot
--   read them. The one exception, users.totp_secret_enc, is encrypted by the server itself.

-- ---------------------------------------------------------------------------------------------
-- Accounts
-- ---------------------------------------------------------------------------------------------

-- A person's account. Created at registration, so it always has a password and keys; people who
-- are only invited exist as provider_users / organization_members rows with user_id NULL.
CREATE TABLE users (
    id TEXT NOT NULL PRIMARY KEY,
    -- Normalized (trimmed, lower-case) by the API before every write and every lookup. No CHECK
    -- (email = lower(email)): lower() differs between the backends for non-ASCII letters.
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    email_verified_at TIMESTAMP,
    is_instance_admin BOOLEAN NOT NULL,
    disabled_at TIMESTAMP,
    -- KDF parameters of the master key, returned by prelogin: public by design, not secrets.
    kdf_algorithm TEXT NOT NULL,
    kdf_memory_kib INTEGER NOT NULL,
    kdf_iterations INTEGER NOT NULL,
    kdf_parallelism INTEGER NOT NULL,
    -- Random per user (base64), so the KDF input is not derivable from the email alone.
    kdf_salt TEXT NOT NULL,
    -- security: the server's salted Argon2id PHC string of the client's authentication hash.
    -- Neither the master password nor the authentication hash itself is ever stored.
    auth_hash TEXT NOT NULL,
    -- ciphertext: the user key, encrypted with a key derived from the master key.
    encrypted_user_key TEXT NOT NULL,
    -- Clear on purpose: admins wrap organization and provider keys to it, after checking its
    -- fingerprint.
    public_key TEXT NOT NULL,
    -- ciphertext: the private key, encrypted with the user key.
    encrypted_private_key TEXT NOT NULL,
    -- Random; replaced whenever every session must end (password change, 2FA change, "log out
    -- everywhere"). Tokens carry it and are refused when it no longer matches.
    security_stamp TEXT NOT NULL,
    -- Two-step login. The TOTP secret must be readable by the server to check codes, so it is
    -- encrypted at rest with a server key (not zero-knowledge, and not meant to be). A secret may
    -- be present before it is enabled (enrolment not yet confirmed with a valid code).
    totp_secret_enc TEXT,
    totp_enabled_at TIMESTAMP,
    -- The last accepted TOTP time step: a code of that step or earlier is refused (replay).
    totp_last_step BIGINT,
    -- security: a hash of the one-time recovery code, never the code.
    recovery_code_hash TEXT,
    password_changed_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT ck_users_kdf_algorithm CHECK (kdf_algorithm IN ('argon2id')),
    CONSTRAINT ck_users_kdf_parameters
        CHECK (kdf_memory_kib > 0 AND kdf_iterations > 0 AND kdf_parallelism > 0),
    CONSTRAINT ck_users_totp_enabled CHECK (totp_enabled_at IS NULL OR totp_secret_enc IS NOT NULL)
);
CREATE UNIQUE INDEX ux_users_email ON users (email);

-- ---------------------------------------------------------------------------------------------
-- Providers
-- ---------------------------------------------------------------------------------------------

-- An MSP, reseller or business unit. Created 'pending' by an instance admin; its first Provider
-- Admin completes the setup (billing email, provider key) and makes it 'active'.
CREATE TABLE providers (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    -- NULL only until setup: the first admin enters it.
    billing_email TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    disabled_at TIMESTAMP,
    CONSTRAINT ck_providers_type CHECK (type IN ('msp', 'reseller', 'business_unit')),
    CONSTRAINT ck_providers_status CHECK (status IN ('pending', 'active', 'disabled')),
    CONSTRAINT ck_providers_billing_email CHECK (status <> 'active' OR billing_email IS NOT NULL),
    -- Re-enabling returns to 'active' if setup was completed (billing_email set), else 'pending'.
    CONSTRAINT ck_providers_disabled_at CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
);
CREATE INDEX ix_providers_name ON providers (name);

-- A provider's people (Provider Admins and Service Users): invited -> accepted -> confirmed.
CREATE TABLE provider_users (
    id TEXT NOT NULL PRIMARY KEY,
    provider_id TEXT NOT NULL,
    -- Set when the invitation is accepted with an account (or at invite if the account exists).
    user_id TEXT,
    email TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    -- Revocation keeps status (and the wrapped key) so that restoring returns to where it was;
    -- the API hands nothing to a revoked row.
    revoked_at TIMESTAMP,
    -- ciphertext: the provider key encrypted to the user's public key; set at confirmation.
    wrapped_provider_key TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT fk_provider_users_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id) ON DELETE CASCADE,
    -- RESTRICT: a confirmed row holds a copy of the provider key and may be the last admin's;
    -- deleting an account must remove its provider seats explicitly (last-admin checks) first.
    CONSTRAINT fk_provider_users_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT ck_provider_users_type CHECK (type IN ('admin', 'service_user')),
    CONSTRAINT ck_provider_users_status CHECK (status IN ('invited', 'accepted', 'confirmed')),
    CONSTRAINT ck_provider_users_user_id CHECK (status = 'invited' OR user_id IS NOT NULL),
    CONSTRAINT ck_provider_users_wrapped_provider_key
        CHECK ((status = 'confirmed') = (wrapped_provider_key IS NOT NULL))
);
CREATE UNIQUE INDEX ux_provider_users_provider_id_email ON provider_users (provider_id, email);
-- Also serves "the providers of a user".
CREATE UNIQUE INDEX ux_provider_users_user_id_provider_id ON provider_users (user_id, provider_id);
CREATE INDEX ix_provider_users_provider_id_status_email
    ON provider_users (provider_id, status, email);

-- ---------------------------------------------------------------------------------------------
-- Organizations and their members
-- ---------------------------------------------------------------------------------------------

CREATE TABLE organizations (
    id TEXT NOT NULL PRIMARY KEY,
    -- Clear on purpose (server-side reports, integrations): see docs/crypto.md.
    name TEXT NOT NULL,
    billing_email TEXT NOT NULL,
    plan TEXT NOT NULL,
    -- NULL = unlimited (self-hosted installations without seat billing); otherwise the number of
    -- seats that invited, accepted and confirmed (not revoked) members may take.
    seats INTEGER,
    -- Set for a client organization: the provider that administers it.
    provider_id TEXT,
    -- ciphertext: the organization key encrypted with the provider key; present iff provider_id.
    provider_wrapped_key TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- RESTRICT: deleting a provider must not silently orphan its clients. Each client is first
    -- detached (which needs a confirmed Owner of its own) or deleted on purpose.
    CONSTRAINT fk_organizations_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id) ON DELETE RESTRICT,
    CONSTRAINT ck_organizations_plan CHECK (plan IN ('free', 'families', 'teams', 'enterprise')),
    CONSTRAINT ck_organizations_seats CHECK (seats IS NULL OR seats > 0),
    CONSTRAINT ck_organizations_provider_wrapped_key
        CHECK ((provider_id IS NULL) = (provider_wrapped_key IS NULL))
);
CREATE INDEX ix_organizations_provider_id_name ON organizations (provider_id, name);

-- Members: invited -> accepted -> confirmed; revoked and restored; types owner/admin/user/custom.
CREATE TABLE organization_members (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    user_id TEXT,
    -- Clear on purpose (admins and integrations list members without keys).
    email TEXT NOT NULL,
    name TEXT,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    -- Revocation keeps status, groups, collections and the wrapped key so that restore returns to
    -- the status it had; the API hands nothing to a revoked member and it takes no seat.
    revoked_at TIMESTAMP,
    -- The nine custom permissions as booleans rather than one JSON text: the set is fixed by the
    -- domain; typed columns read the same on both backends (no json1-vs-jsonb functions), the
    -- database checks them (below), and "who holds X" / the access report filter in SQL. Only a
    -- 'custom' member may hold any; other types get their rights from the type.
    access_event_logs BOOLEAN NOT NULL,
    access_import_export BOOLEAN NOT NULL,
    access_reports BOOLEAN NOT NULL,
    create_new_collections BOOLEAN NOT NULL,
    edit_any_collection BOOLEAN NOT NULL,
    delete_any_collection BOOLEAN NOT NULL,
    manage_groups BOOLEAN NOT NULL,
    manage_users BOOLEAN NOT NULL,
    manage_policies BOOLEAN NOT NULL,
    -- ciphertext: the organization key encrypted to the member's public key; set at confirmation.
    wrapped_org_key TEXT,
    -- The member's id in an external directory (SCIM), unique per organization.
    external_id TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT fk_organization_members_organization_id FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    -- RESTRICT: a confirmed membership holds a copy of the organization key, maybe the last
    -- Owner's; deleting an account must leave its organizations explicitly (last-Owner rule) first.
    CONSTRAINT fk_organization_members_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE RESTRICT,
    CONSTRAINT ck_organization_members_type CHECK (type IN ('owner', 'admin', 'user', 'custom')),
    CONSTRAINT ck_organization_members_status
        CHECK (status IN ('invited', 'accepted', 'confirmed')),
    CONSTRAINT ck_organization_members_user_id CHECK (status = 'invited' OR user_id IS NOT NULL),
    CONSTRAINT ck_organization_members_wrapped_org_key
        CHECK ((status = 'confirmed') = (wrapped_org_key IS NOT NULL)),
    CONSTRAINT ck_organization_members_permissions CHECK (type = 'custom' OR NOT (
        access_event_logs OR access_import_export OR access_reports OR create_new_collections
        OR edit_any_collection OR delete_any_collection OR manage_groups OR manage_users
        OR manage_policies))
);
CREATE UNIQUE INDEX ux_organization_members_organization_id_email
    ON organization_members (organization_id, email);
-- One membership per (user, organization); also serves "the memberships of a user".
CREATE UNIQUE INDEX ux_organization_members_user_id_organization_id
    ON organization_members (user_id, organization_id);
CREATE UNIQUE INDEX ux_organization_members_organization_id_external_id
    ON organization_members (organization_id, external_id);
CREATE INDEX ix_organization_members_organization_id_status_email
    ON organization_members (organization_id, status, email);
CREATE INDEX ix_organization_members_organization_id_type_email
    ON organization_members (organization_id, type, email);

CREATE TABLE groups (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    -- Clear on purpose, like collection names.
    name TEXT NOT NULL,
    external_id TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT fk_groups_organization_id FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX ix_groups_organization_id_name ON groups (organization_id, name);
CREATE UNIQUE INDEX ux_groups_organization_id_external_id ON groups (organization_id, external_id);

-- A pure link: no timestamps; a change of membership bumps groups.updated_at.
CREATE TABLE group_members (
    group_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (group_id, member_id),
    CONSTRAINT fk_group_members_group_id FOREIGN KEY (group_id)
        REFERENCES groups (id) ON DELETE CASCADE,
    CONSTRAINT fk_group_members_member_id FOREIGN KEY (member_id)
        REFERENCES organization_members (id) ON DELETE CASCADE
);
CREATE INDEX ix_group_members_member_id ON group_members (member_id);

-- ---------------------------------------------------------------------------------------------
-- Collections and access
-- ---------------------------------------------------------------------------------------------

CREATE TABLE collections (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    -- Clear on purpose (integrations and server-side access reports): see docs/crypto.md.
    name TEXT NOT NULL,
    external_id TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT fk_collections_organization_id FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX ix_collections_organization_id_name ON collections (organization_id, name);
CREATE UNIQUE INDEX ux_collections_organization_id_external_id
    ON collections (organization_id, external_id);

-- Direct access of a member to a collection: the five levels of docs/domain.md as three flags.
CREATE TABLE collection_members (
    collection_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    read_only BOOLEAN NOT NULL,
    hide_passwords BOOLEAN NOT NULL,
    manage BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (collection_id, member_id),
    CONSTRAINT fk_collection_members_collection_id FOREIGN KEY (collection_id)
        REFERENCES collections (id) ON DELETE CASCADE,
    CONSTRAINT fk_collection_members_member_id FOREIGN KEY (member_id)
        REFERENCES organization_members (id) ON DELETE CASCADE,
    CONSTRAINT ck_collection_members_manage
        CHECK (NOT manage OR NOT (read_only OR hide_passwords))
);
CREATE INDEX ix_collection_members_member_id ON collection_members (member_id);

-- Access of a group to a collection, same flags.
CREATE TABLE collection_groups (
    collection_id TEXT NOT NULL,
    group_id TEXT NOT NULL,
    read_only BOOLEAN NOT NULL,
    hide_passwords BOOLEAN NOT NULL,
    manage BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (collection_id, group_id),
    CONSTRAINT fk_collection_groups_collection_id FOREIGN KEY (collection_id)
        REFERENCES collections (id) ON DELETE CASCADE,
    CONSTRAINT fk_collection_groups_group_id FOREIGN KEY (group_id)
        REFERENCES groups (id) ON DELETE CASCADE,
    CONSTRAINT ck_collection_groups_manage
        CHECK (NOT manage OR NOT (read_only OR hide_passwords))
);
CREATE INDEX ix_collection_groups_group_id ON collection_groups (group_id);

-- ---------------------------------------------------------------------------------------------
-- Vault
-- ---------------------------------------------------------------------------------------------

-- A user's personal folders (also used for organization items they can see).
CREATE TABLE folders (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL,
    -- ciphertext: folder names are personal and encrypted with the user key.
    name_enc TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT fk_folders_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_folders_user_id ON folders (user_id);

-- Vault items, owned by exactly one user (individual vault) or one organization.
CREATE TABLE ciphers (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT,
    organization_id TEXT,
    type TEXT NOT NULL,
    -- ciphertext: a JSON object whose values are encrypted strings (name, notes, login, card,
    -- identity, custom fields). The server stores and returns it, never reads inside.
    data TEXT NOT NULL,
    -- ciphertext: the per-item key, wrapped with the user key or the organization key.
    item_key TEXT,
    reprompt BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    -- The item's revision: optimistic concurrency and sync.
    updated_at TIMESTAMP NOT NULL,
    -- Set while the item is in the trash.
    deleted_at TIMESTAMP,
    -- CASCADE: an individual vault lives and dies with its account, an organization's vault with
    -- the organization.
    CONSTRAINT fk_ciphers_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_ciphers_organization_id FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT ck_ciphers_owner CHECK ((user_id IS NULL) <> (organization_id IS NULL)),
    CONSTRAINT ck_ciphers_type CHECK (type IN ('login', 'card', 'identity', 'secure_note'))
);
CREATE INDEX ix_ciphers_user_id_updated_at ON ciphers (user_id, updated_at);
CREATE INDEX ix_ciphers_organization_id_updated_at ON ciphers (organization_id, updated_at);
-- Emptying the trash of items deleted long ago.
CREATE INDEX ix_ciphers_deleted_at ON ciphers (deleted_at);

-- Per-user state of an item: favorite and folder. One organization item is seen by many members,
-- and each may favorite it or file it in their own folder, so neither can live on ciphers. The
-- same table serves individual items so that sync reads one shape. A row exists only once the
-- user has set something; no row = not a favorite, no folder.
CREATE TABLE cipher_user_state (
    user_id TEXT NOT NULL,
    cipher_id TEXT NOT NULL,
    -- A folder of the same user (checked by the API).
    folder_id TEXT,
    favorite BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, cipher_id),
    CONSTRAINT fk_cipher_user_state_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_cipher_user_state_cipher_id FOREIGN KEY (cipher_id)
        REFERENCES ciphers (id) ON DELETE CASCADE,
    -- SET NULL: deleting a folder moves its items to "no folder"; the items stay.
    CONSTRAINT fk_cipher_user_state_folder_id FOREIGN KEY (folder_id)
        REFERENCES folders (id) ON DELETE SET NULL
);
CREATE INDEX ix_cipher_user_state_cipher_id ON cipher_user_state (cipher_id);
CREATE INDEX ix_cipher_user_state_folder_id ON cipher_user_state (folder_id);

-- The collections an organization item belongs to. Deleting a collection only unlinks its items
-- (an item left in no collection stays visible to those who administer the organization).
CREATE TABLE cipher_collections (
    cipher_id TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    PRIMARY KEY (cipher_id, collection_id),
    CONSTRAINT fk_cipher_collections_cipher_id FOREIGN KEY (cipher_id)
        REFERENCES ciphers (id) ON DELETE CASCADE,
    CONSTRAINT fk_cipher_collections_collection_id FOREIGN KEY (collection_id)
        REFERENCES collections (id) ON DELETE CASCADE
);
CREATE INDEX ix_cipher_collections_collection_id ON cipher_collections (collection_id);

-- ---------------------------------------------------------------------------------------------
-- Settings, integrations, audit
-- ---------------------------------------------------------------------------------------------

CREATE TABLE policies (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT NOT NULL,
    type TEXT NOT NULL,
    enabled BOOLEAN NOT NULL,
    -- The policy's options as a JSON object ('{}' when it has none), validated by the API.
    data TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CONSTRAINT fk_policies_organization_id FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT ck_policies_type CHECK (type IN ('require_two_step_login', 'master_password',
        'password_generator', 'single_organization', 'remove_individual_vault', 'vault_timeout'))
);
CREATE UNIQUE INDEX ux_policies_organization_id_type ON policies (organization_id, type);

-- Keys of integrations, held by exactly one organization or one provider.
CREATE TABLE api_keys (
    id TEXT NOT NULL PRIMARY KEY,
    organization_id TEXT,
    provider_id TEXT,
    client_id TEXT NOT NULL,
    -- security: a hash of the client secret; the secret is shown once, at creation or rotation.
    secret_hash TEXT NOT NULL,
    scope TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    rotated_at TIMESTAMP,
    revoked_at TIMESTAMP,
    -- Written on use without touching updated_at (it is no edit).
    last_used_at TIMESTAMP,
    CONSTRAINT fk_api_keys_organization_id FOREIGN KEY (organization_id)
        REFERENCES organizations (id) ON DELETE CASCADE,
    CONSTRAINT fk_api_keys_provider_id FOREIGN KEY (provider_id)
        REFERENCES providers (id) ON DELETE CASCADE,
    CONSTRAINT ck_api_keys_owner CHECK ((organization_id IS NULL) <> (provider_id IS NULL)),
    CONSTRAINT ck_api_keys_scope CHECK (scope IN ('read', 'write'))
);
CREATE UNIQUE INDEX ux_api_keys_client_id ON api_keys (client_id);
CREATE INDEX ix_api_keys_organization_id ON api_keys (organization_id);
CREATE INDEX ix_api_keys_provider_id ON api_keys (provider_id);

-- The audit trail. Append-only, and deliberately WITHOUT foreign keys: an audit record must
-- outlive the users, API keys, items, members and organizations it mentions, and no delete may
-- rewrite it (SET NULL would erase who did it; CASCADE would erase that it happened). A provider
-- user's action inside a client is one row with both organization_id and provider_id, so it shows
-- in both logs; deleting or detaching the client must not remove it from the provider's log.
-- Names that may later disappear are copied into data when the event is written.
CREATE TABLE events (
    id TEXT NOT NULL PRIMARY KEY,
    -- e.g. 'member.invited', 'cipher.viewed', 'user.signed_in'. No CHECK: new actions come with
    -- new features without rebuilding the table.
    action TEXT NOT NULL,
    actor_user_id TEXT,
    actor_api_key_id TEXT,
    organization_id TEXT,
    provider_id TEXT,
    target_type TEXT,
    target_id TEXT,
    ip_address TEXT,
    user_agent TEXT,
    device TEXT,
    -- JSON details (never secrets, never ciphertext).
    data TEXT,
    occurred_at TIMESTAMP NOT NULL,
    CONSTRAINT ck_events_actor CHECK (actor_user_id IS NULL OR actor_api_key_id IS NULL)
);
CREATE INDEX ix_events_organization_id_occurred_at ON events (organization_id, occurred_at);
CREATE INDEX ix_events_provider_id_occurred_at ON events (provider_id, occurred_at);
CREATE INDEX ix_events_actor_user_id_occurred_at ON events (actor_user_id, occurred_at);
-- The history of one item, member, group...
CREATE INDEX ix_events_target_id_occurred_at ON events (target_id, occurred_at);

-- ---------------------------------------------------------------------------------------------
-- Sessions, invitations, throttling
-- ---------------------------------------------------------------------------------------------

-- Rotating refresh tokens. A token is used once (used_at) and replaced by the next of its family;
-- presenting a used token again revokes the whole family (theft detection). No updated_at: rows
-- only change by setting used_at / revoked_at once, compare-and-set on "IS NULL".
CREATE TABLE refresh_tokens (
    id TEXT NOT NULL PRIMARY KEY,
    user_id TEXT NOT NULL,
    -- The id of the first token of the chain.
    family_id TEXT NOT NULL,
    -- security: a hash of the token; the token itself is only ever with the client.
    token_hash TEXT NOT NULL,
    device TEXT,
    user_agent TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    CONSTRAINT fk_refresh_tokens_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX ux_refresh_tokens_token_hash ON refresh_tokens (token_hash);
CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_user_id ON refresh_tokens (user_id);
-- Purging expired tokens.
CREATE INDEX ix_refresh_tokens_expires_at ON refresh_tokens (expires_at);

-- One-time links sent by email. Each row points at the one thing it is for and is deleted with
-- it (CASCADE). 'email_verification' and 'email_change' point at the user.
-- No updated_at: a row only changes by setting used_at once.
CREATE TABLE invitations (
    id TEXT NOT NULL PRIMARY KEY,
    -- security: a hash of the token in the link; the token itself is only in the email.
    token_hash TEXT NOT NULL,
    -- Where the link was sent (the new address for 'email_change').
    email TEXT NOT NULL,
    kind TEXT NOT NULL,
    provider_user_id TEXT,
    organization_member_id TEXT,
    user_id TEXT,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    CONSTRAINT fk_invitations_provider_user_id FOREIGN KEY (provider_user_id)
        REFERENCES provider_users (id) ON DELETE CASCADE,
    CONSTRAINT fk_invitations_organization_member_id FOREIGN KEY (organization_member_id)
        REFERENCES organization_members (id) ON DELETE CASCADE,
    CONSTRAINT fk_invitations_user_id FOREIGN KEY (user_id)
        REFERENCES users (id) ON DELETE CASCADE,
    -- SET NULL: the invitation stays valid when the admin who sent it is deleted.
    CONSTRAINT fk_invitations_created_by FOREIGN KEY (created_by)
        REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT ck_invitations_kind CHECK (kind IN ('provider_user', 'organization_member',
        'email_change', 'email_verification')),
    CONSTRAINT ck_invitations_target CHECK (
        (kind = 'provider_user' AND provider_user_id IS NOT NULL
            AND organization_member_id IS NULL AND user_id IS NULL)
        OR (kind = 'organization_member' AND organization_member_id IS NOT NULL
            AND provider_user_id IS NULL AND user_id IS NULL)
        OR (kind IN ('email_change', 'email_verification') AND user_id IS NOT NULL
            AND provider_user_id IS NULL AND organization_member_id IS NULL))
);
CREATE UNIQUE INDEX ux_invitations_token_hash ON invitations (token_hash);
CREATE INDEX ix_invitations_email ON invitations (email);
CREATE INDEX ix_invitations_provider_user_id ON invitations (provider_user_id);
CREATE INDEX ix_invitations_organization_member_id ON invitations (organization_member_id);
CREATE INDEX ix_invitations_user_id ON invitations (user_id);
CREATE INDEX ix_invitations_created_by ON invitations (created_by);

-- Failed sign-ins, shared by every API instance on this database, for throttling. Append-only,
-- purged by age. key is e.g. 'email:<hash of the normalized email>' or 'ip:<address>'.
CREATE TABLE login_attempts (
    id TEXT NOT NULL PRIMARY KEY,
    key TEXT NOT NULL,
    attempted_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_login_attempts_key_attempted_at ON login_attempts (key, attempted_at);
CREATE INDEX ix_login_attempts_attempted_at ON login_attempts (attempted_at);
