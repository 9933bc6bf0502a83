//! Providers (`/api/v1/providers`) and invitations (`/api/v1/invitations`): the instance's
//! providers, their setup by the first Provider Admin, and the lists of the provider area.

use portal_shared::client::{self, ClientError};
use portal_shared::clients::{Client, ClientQuery};
use portal_shared::events::{Event, EventQuery};
use portal_shared::page::Page;
use portal_shared::providers::{
    AcceptInvitation, CreateProvider, InvitationAccepted, Provider, ProviderQuery, ProviderSetup, ProviderUser,
    ProviderUserQuery, UpdateProvider,
};

/// `POST /api/v1/providers` (instance administrators): a pending provider; its first admin is
/// invited by mail.
pub async fn create_provider(request: CreateProvider) -> Result<Provider, ClientError> {
    super::call(&client::CreateProvider(request)).await
}

/// `GET /api/v1/providers`: one page of providers, sorted by name.
pub async fn list_providers(query: ProviderQuery) -> Result<Page<Provider>, ClientError> {
    super::call(&client::ListProviders { query }).await
}

/// `GET /api/v1/providers/{id}`.
pub async fn get_provider(id: String) -> Result<Provider, ClientError> {
    super::call(&client::GetProvider { id }).await
}

/// `PATCH /api/v1/providers/{id}`: only the fields given change.
pub async fn update_provider(id: String, patch: UpdateProvider) -> Result<Provider, ClientError> {
    super::call(&client::UpdateProvider { id, patch }).await
}

/// `POST /api/v1/providers/{id}/disable` (instance administrators).
pub async fn disable_provider(id: String) -> Result<Provider, ClientError> {
    super::call(&client::DisableProvider { id }).await
}

/// `POST /api/v1/providers/{id}/enable` (instance administrators).
pub async fn enable_provider(id: String) -> Result<Provider, ClientError> {
    super::call(&client::EnableProvider { id }).await
}

/// `POST /api/v1/providers/{id}/invitation` (instance administrators): invite a pending
/// provider's first admin again.
pub async fn resend_provider_invitation(id: String) -> Result<Provider, ClientError> {
    super::call(&client::ResendProviderInvitation { id }).await
}

/// `POST /api/v1/invitations/accept`: accept a mailed invitation as the signed-in account.
pub async fn preview_invitation(token: String) -> Result<portal_shared::providers::InvitationPreview, ClientError> {
    super::call(&client::PreviewInvitation(portal_shared::providers::PreviewInvitation { token })).await
}

/// `POST /api/v1/invitations/accept`: accept an invitation as the signed-in account.
pub async fn accept_invitation(token: String) -> Result<InvitationAccepted, ClientError> {
    super::call(&client::AcceptInvitation(AcceptInvitation { token })).await
}

/// `POST /api/v1/providers/{id}/setup`: finish a pending provider's setup.
pub async fn setup_provider(id: String, setup: ProviderSetup) -> Result<Provider, ClientError> {
    super::call(&client::SetupProvider { id, setup }).await
}

/// `GET /api/v1/providers/{id}/clients`: one page of the provider's client organizations.
pub async fn list_provider_clients(id: String, query: ClientQuery) -> Result<Page<Client>, ClientError> {
    super::call(&client::ListProviderClients { id, query }).await
}

/// `GET /api/v1/providers/{id}/users`: one page of the provider's users.
pub async fn list_provider_users(id: String, query: ProviderUserQuery) -> Result<Page<ProviderUser>, ClientError> {
    super::call(&client::ListProviderUsers { id, query }).await
}

/// `GET /api/v1/providers/{id}/events`: one page of the provider's event log, newest first.
pub async fn list_provider_events(id: String, query: EventQuery) -> Result<Page<Event>, ClientError> {
    super::call(&client::ListProviderEvents { id, query }).await
}
