//! Accounts (`/api/v1/accounts`): registration, prelogin, the signed-in user's profile, master
//! password and email changes, two-step login.

use portal_shared::accounts::{
    Account, ChangePasswordRequest, EmailChangeRequest, PreloginRequest, PreloginResponse, ProveMasterPassword,
    RegisterRequest, TotpConfirm, TotpEnabled, TotpEnrollment, UpdateAccount, VerifyEmailRequest,
};
use portal_shared::auth::TokenResponse;
use portal_shared::client::{
    ChangePassword, ClientError, ConfirmTotp, DisableTotp, GetMe, Prelogin, Register, RequestEmailChange, StartTotp,
    UpdateMe, VerifyEmail,
};

/// `POST /api/v1/accounts/prelogin`: the KDF parameters and salt of `email`.
pub async fn prelogin(email: String) -> Result<PreloginResponse, ClientError> {
    super::call(&Prelogin(PreloginRequest { email })).await
}

/// `POST /api/v1/accounts`: create an account from keys made in this browser.
pub async fn register(request: RegisterRequest) -> Result<Account, ClientError> {
    super::call(&Register(request)).await
}

/// `GET /api/v1/accounts/me`.
pub async fn get_me() -> Result<Account, ClientError> {
    super::call(&GetMe).await
}

/// `PATCH /api/v1/accounts/me`: a new display name.
pub async fn update_me(name: String) -> Result<Account, ClientError> {
    super::call(&UpdateMe(UpdateAccount { name })).await
}

/// `POST /api/v1/accounts/me/password`: fresh tokens for this session on success.
pub async fn change_password(request: ChangePasswordRequest) -> Result<TokenResponse, ClientError> {
    super::call(&ChangePassword(request)).await
}

/// `GET /api/v1/accounts/me/policies`: the policies in force for the signed-in user.
pub async fn my_policies() -> Result<portal_shared::policies::MyPolicies, ClientError> {
    super::call(&portal_shared::client::GetMyPolicies).await
}

/// `POST /api/v1/accounts/me/email`: a verification link goes to `new_email`.
pub async fn request_email_change(new_email: String, auth_hash: String) -> Result<(), ClientError> {
    super::call(&RequestEmailChange(EmailChangeRequest { new_email, auth_hash })).await
}

/// `POST /api/v1/accounts/email-verification`: apply an email change.
pub async fn verify_email(token: String) -> Result<Account, ClientError> {
    super::call(&VerifyEmail(VerifyEmailRequest { token })).await
}

/// `POST /api/v1/accounts/me/two-step/totp`: start enrolling an authenticator app.
pub async fn start_totp(auth_hash: String) -> Result<TotpEnrollment, ClientError> {
    super::call(&StartTotp(ProveMasterPassword { auth_hash })).await
}

/// `POST /api/v1/accounts/me/two-step/totp/confirm`: the recovery code on success.
pub async fn confirm_totp(code: String) -> Result<TotpEnabled, ClientError> {
    super::call(&ConfirmTotp(TotpConfirm { code })).await
}

/// `POST /api/v1/accounts/me/two-step/totp/disable`.
pub async fn disable_totp(auth_hash: String) -> Result<(), ClientError> {
    super::call(&DisableTotp(ProveMasterPassword { auth_hash })).await
}
