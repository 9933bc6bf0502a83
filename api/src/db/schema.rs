//! The database schema, kept by hand for both backends (SQLite and PostgreSQL through
//! `DbConn`'s `MultiConnection`), mirroring `migrations/{sqlite,postgres}/*/up.sql`.
//!
//! Only SQL types both backends share are used (`Text`, `Integer`, `BigInt`, `Bool`,
//! `Timestamp`, `Nullable`). Columns are listed in the migrations' order, so a `Queryable`
//! row struct reads them positionally. Ids are UUIDv7 text, times naive UTC, small enums
//! lower-case text checked by the database. Columns named `type` are `type_` in Rust.
//! Change this file in the same commit as both backends' migrations.

diesel::table! {
    /// Accounts. Only ciphertext, public keys and hashes of secrets; never a master password or
    /// authentication hash.
    users (id) {
        id -> Text,
        /// Normalized lower-case by the API.
        email -> Text,
        name -> Text,
        email_verified_at -> Nullable<Timestamp>,
        is_instance_admin -> Bool,
        disabled_at -> Nullable<Timestamp>,
        kdf_algorithm -> Text,
        kdf_memory_kib -> Integer,
        kdf_iterations -> Integer,
        kdf_parallelism -> Integer,
        /// Random per user, base64.
        kdf_salt -> Text,
        /// Argon2id PHC string of the client's authentication hash.
        auth_hash -> Text,
        /// Ciphertext: the user key under the master key.
        encrypted_user_key -> Text,
        public_key -> Text,
        /// Ciphertext: the private key under the user key.
        encrypted_private_key -> Text,
        /// Replaced to end every session of the user.
        security_stamp -> Text,
        /// Encrypted at rest with a server key (the server must check codes).
        totp_secret_enc -> Nullable<Text>,
        totp_enabled_at -> Nullable<Timestamp>,
        /// Last accepted TOTP step (replay protection).
        totp_last_step -> Nullable<BigInt>,
        recovery_code_hash -> Nullable<Text>,
        password_changed_at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// MSPs, resellers and business units (`type`: msp | reseller | business_unit; `status`:
    /// pending | active | disabled).
    providers (id) {
        id -> Text,
        name -> Text,
        #[sql_name = "type"]
        type_ -> Text,
        status -> Text,
        billing_email -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Provider Admins and Service Users (`type`: admin | service_user; `status`: invited |
    /// accepted | confirmed).
    provider_users (id) {
        id -> Text,
        provider_id -> Text,
        user_id -> Nullable<Text>,
        email -> Text,
        #[sql_name = "type"]
        type_ -> Text,
        status -> Text,
        revoked_at -> Nullable<Timestamp>,
        /// Ciphertext: the provider key encrypted to the user's public key; set iff confirmed.
        wrapped_provider_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Organizations; a client organization has `provider_id` and `provider_wrapped_key` (both or
    /// neither).
    organizations (id) {
        id -> Text,
        name -> Text,
        billing_email -> Text,
        /// free | families | teams | enterprise
        plan -> Text,
        /// `None` = unlimited.
        seats -> Nullable<Integer>,
        provider_id -> Nullable<Text>,
        /// Ciphertext: the organization key under the provider key.
        provider_wrapped_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Members (`type`: owner | admin | user | custom; `status`: invited | accepted | confirmed).
    /// The nine permission flags are only ever true for `custom`.
    organization_members (id) {
        id -> Text,
        organization_id -> Text,
        user_id -> Nullable<Text>,
        email -> Text,
        name -> Nullable<Text>,
        #[sql_name = "type"]
        type_ -> Text,
        status -> Text,
        revoked_at -> Nullable<Timestamp>,
        access_event_logs -> Bool,
        access_import_export -> Bool,
        access_reports -> Bool,
        create_new_collections -> Bool,
        edit_any_collection -> Bool,
        delete_any_collection -> Bool,
        manage_groups -> Bool,
        manage_users -> Bool,
        manage_policies -> Bool,
        /// Ciphertext: the organization key encrypted to the member's public key; set iff
        /// confirmed.
        wrapped_org_key -> Nullable<Text>,
        external_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Named sets of members of one organization.
    groups (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        external_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Which members are in which group (a pure link).
    group_members (group_id, member_id) {
        group_id -> Text,
        member_id -> Text,
    }
}

diesel::table! {
    /// Named sets of an organization's vault items.
    collections (id) {
        id -> Text,
        organization_id -> Text,
        name -> Text,
        external_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Direct access of a member to a collection (`manage` excludes `read_only` and
    /// `hide_passwords`).
    collection_members (collection_id, member_id) {
        collection_id -> Text,
        member_id -> Text,
        read_only -> Bool,
        hide_passwords -> Bool,
        manage -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Access of a group to a collection (same flags as `collection_members`).
    collection_groups (collection_id, group_id) {
        collection_id -> Text,
        group_id -> Text,
        read_only -> Bool,
        hide_passwords -> Bool,
        manage -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// A user's personal folders.
    folders (id) {
        id -> Text,
        user_id -> Text,
        /// Ciphertext.
        name_enc -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Vault items, owned by exactly one of `user_id` or `organization_id` (`type`: login | card |
    /// identity | secure_note).
    ciphers (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        organization_id -> Nullable<Text>,
        #[sql_name = "type"]
        type_ -> Text,
        /// Ciphertext: JSON object of encrypted strings.
        data -> Text,
        /// Ciphertext: the per-item key, wrapped.
        item_key -> Nullable<Text>,
        reprompt -> Bool,
        created_at -> Timestamp,
        /// The item's revision.
        updated_at -> Timestamp,
        /// Set while in the trash.
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Per-user favorite flag and folder of an item (individual or organization-owned); no row
    /// means neither.
    cipher_user_state (user_id, cipher_id) {
        user_id -> Text,
        cipher_id -> Text,
        folder_id -> Nullable<Text>,
        favorite -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The collections an organization item belongs to.
    cipher_collections (cipher_id, collection_id) {
        cipher_id -> Text,
        collection_id -> Text,
    }
}

diesel::table! {
    /// Organization policies, one per (organization, type).
    policies (id) {
        id -> Text,
        organization_id -> Text,
        #[sql_name = "type"]
        type_ -> Text,
        enabled -> Bool,
        /// JSON options (`{}` when none).
        data -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Integration keys of exactly one organization or provider (`scope`: read | write).
    api_keys (id) {
        id -> Text,
        organization_id -> Nullable<Text>,
        provider_id -> Nullable<Text>,
        client_id -> Text,
        secret_hash -> Text,
        scope -> Text,
        name -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        rotated_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        /// Written without touching `updated_at`.
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// The audit trail: append-only, no foreign keys, so it outlives what it mentions.
    events (id) {
        id -> Text,
        /// e.g. `member.invited`; extensible, no CHECK.
        action -> Text,
        actor_user_id -> Nullable<Text>,
        actor_api_key_id -> Nullable<Text>,
        organization_id -> Nullable<Text>,
        provider_id -> Nullable<Text>,
        target_type -> Nullable<Text>,
        target_id -> Nullable<Text>,
        ip_address -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        device -> Nullable<Text>,
        /// JSON details.
        data -> Nullable<Text>,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    /// Rotating refresh tokens, stored as hashes; one family per sign-in.
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        device -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// One-time emailed links, stored as hashes (`kind`: provider_user | organization_member |
    /// email_change | email_verification).
    invitations (id) {
        id -> Text,
        token_hash -> Text,
        email -> Text,
        kind -> Text,
        provider_user_id -> Nullable<Text>,
        organization_member_id -> Nullable<Text>,
        user_id -> Nullable<Text>,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Failed sign-ins for throttling across API instances (`key`: `email:<hash>` or `ip:<addr>`).
    login_attempts (id) {
        id -> Text,
        key -> Text,
        attempted_at -> Timestamp,
    }
}

// One `joinable!` per pair of tables (a diesel limit): `invitations.created_by` also
// references `users` but is joined with an explicit `ON`. `events` has no foreign keys.
diesel::joinable!(provider_users -> providers (provider_id));
diesel::joinable!(provider_users -> users (user_id));
diesel::joinable!(organizations -> providers (provider_id));
diesel::joinable!(organization_members -> organizations (organization_id));
diesel::joinable!(organization_members -> users (user_id));
diesel::joinable!(groups -> organizations (organization_id));
diesel::joinable!(group_members -> groups (group_id));
diesel::joinable!(group_members -> organization_members (member_id));
diesel::joinable!(collections -> organizations (organization_id));
diesel::joinable!(collection_members -> collections (collection_id));
diesel::joinable!(collection_members -> organization_members (member_id));
diesel::joinable!(collection_groups -> collections (collection_id));
diesel::joinable!(collection_groups -> groups (group_id));
diesel::joinable!(folders -> users (user_id));
diesel::joinable!(ciphers -> users (user_id));
diesel::joinable!(ciphers -> organizations (organization_id));
diesel::joinable!(cipher_user_state -> users (user_id));
diesel::joinable!(cipher_user_state -> ciphers (cipher_id));
diesel::joinable!(cipher_user_state -> folders (folder_id));
diesel::joinable!(cipher_collections -> ciphers (cipher_id));
diesel::joinable!(cipher_collections -> collections (collection_id));
diesel::joinable!(policies -> organizations (organization_id));
diesel::joinable!(api_keys -> organizations (organization_id));
diesel::joinable!(api_keys -> providers (provider_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(invitations -> provider_users (provider_user_id));
diesel::joinable!(invitations -> organization_members (organization_member_id));
diesel::joinable!(invitations -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    providers,
    provider_users,
    organizations,
    organization_members,
    groups,
    group_members,
    collections,
    collection_members,
    collection_groups,
    folders,
    ciphers,
    cipher_user_state,
    cipher_collections,
    policies,
    api_keys,
    events,
    refresh_tokens,
    invitations,
    login_attempts,
);
