//! Tokens and sign-out (`/api/v1/auth`).

use portal_shared::auth::{LogoutRequest, TokenRequest, TokenResponse};
use portal_shared::client::{ClientError, Logout, Token};

/// `POST /api/v1/auth/token` (sent as JSON): any grant.
pub async fn token(request: TokenRequest) -> Result<TokenResponse, ClientError> {
    super::call(&Token(request)).await
}

/// `POST /api/v1/auth/logout`: ends the session of `refresh_token` on the server.
pub async fn logout(refresh_token: String) -> Result<(), ClientError> {
    super::call(&Logout(LogoutRequest { refresh_token })).await
}
