-- Reverts 2026-11-26-000000_core: drops every table in reverse order of creation (their
-- indexes go with them).

DROP TABLE login_attempts;
DROP TABLE invitations;
DROP TABLE refresh_tokens;
DROP TABLE events;
DROP TABLE api_keys;
DROP TABLE policies;
DROP TABLE cipher_collections;
DROP TABLE cipher_user_state;
DROP TABLE ciphers;
DROP TABLE folders;
DROP TABLE collection_groups;
DROP TABLE collection_members;
DROP TABLE collections;
DROP TABLE group_members;
DROP TABLE groups;
DROP TABLE organization_members;
DROP TABLE organizations;
DROP TABLE provider_users;
DROP TABLE providers;
DROP TABLE users;
